"""Lua scripts for the Redis limiter: the same GCRA as memory.py, atomic inside Redis.

The clock is Redis's own `TIME`, so workers on hosts with skewed clocks still agree.
Keys (all hash-tagged by tenant so they share a Redis Cluster slot):
  KEYS[1] tenant buckets (hash: fields 1,2,3 = TAT in ms of requests/min, tokens/min, tokens/day)
  KEYS[2] tenant slots   (sorted set: admission id -> lease expiry ms)
  KEYS[3] key buckets, KEYS[4] key slots
Limits are passed as ARGV, -1 meaning unlimited. Concurrency slots are leases that
expire, so a worker that dies holding slots cannot leak them forever.
"""

ADMIT = r"""
local t = redis.call('TIME')
-- Relative to 2023-11 so doubles keep ~1e-5 ms resolution.
local now = (tonumber(t[1]) - 1700000000) * 1000 + tonumber(t[2]) / 1000
local id = ARGV[1]
local cost = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local periods = {60000, 60000, 86400000}
local EPS = 1e-3   -- ms; absorbs float rounding in units * period / limit
local ok = 1
local fail_scope, fail_limit, retry = -1, -1, -2   -- retry -1: never fits
local out = {}
local commits = {}
local slots = {}
local function remaining(tat, period, limit)
  local r = math.floor((period - (tat - now)) * limit / period + 1e-6)
  if r < 0 then r = 0 end
  return r
end
local function fail(scope, limit, r)
  if ok == 1 or (retry >= 0 and (r < 0 or r > retry)) then
    fail_scope, fail_limit, retry = scope, limit, r
  end
  ok = 0
end
for s = 0, 1 do
  local hkey, zkey = KEYS[1 + 2 * s], KEYS[2 + 2 * s]
  local base = 4 + 4 * s
  local tats = redis.call('HMGET', hkey, '1', '2', '3')
  for i = 1, 3 do
    local limit = tonumber(ARGV[base + i - 1])
    if limit >= 0 then
      local period = periods[i]
      local units = cost
      if i == 1 then units = 1 end
      local tat = tonumber(tats[i]) or now
      if tat < now then tat = now end
      if units > limit or limit == 0 then
        table.insert(out, {s, i, limit, remaining(tat, period, limit), tat - now})
        fail(s, i, -1)
      else
        local new_tat = tat + units * period / limit
        if new_tat - now > period + EPS then
          table.insert(out, {s, i, limit, remaining(tat, period, limit), tat - now})
          fail(s, i, new_tat - period - now)
        else
          table.insert(out, {s, i, limit, remaining(new_tat, period, limit), new_tat - now})
          table.insert(commits, {hkey, i, new_tat})
        end
      end
    end
  end
  local conc = tonumber(ARGV[base + 3])
  if conc >= 0 then
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now)
    if redis.call('ZCARD', zkey) >= conc then
      if conc == 0 then fail(s, 4, -1) else fail(s, 4, 1000) end
    else
      table.insert(slots, zkey)
    end
  end
end
if ok == 1 then
  for _, c in ipairs(commits) do
    redis.call('HSET', c[1], tostring(c[2]), string.format('%.17g', c[3]))
  end
  for s = 0, 1 do
    local hkey = KEYS[1 + 2 * s]
    local tats = redis.call('HMGET', hkey, '1', '2', '3')
    local ttl = 0
    for i = 1, 3 do
      local v = tonumber(tats[i])
      if v and v - now > ttl then ttl = v - now end
    end
    if ttl > 0 then redis.call('PEXPIRE', hkey, math.ceil(ttl) + 1000) end
  end
  for _, zkey in ipairs(slots) do
    redis.call('ZADD', zkey, now + lease, id)
    redis.call('PEXPIRE', zkey, lease + 1000)
  end
end
local reply = {ok, fail_scope, fail_limit, tostring(retry)}
for _, m in ipairs(out) do
  table.insert(reply, m[1]); table.insert(reply, m[2]); table.insert(reply, m[3])
  table.insert(reply, m[4]); table.insert(reply, tostring(m[5]))
end
return reply
"""

# ARGV[1] admission id, ARGV[2] token delta (actual - reserved),
# ARGV[3..4] tenant tokens/min, tokens/day limits, ARGV[5..6] the key's (-1: unlimited).
SETTLE = r"""
local delta = tonumber(ARGV[2])
local periods = {60000, 86400000}
for s = 0, 1 do
  local hkey, zkey = KEYS[1 + 2 * s], KEYS[2 + 2 * s]
  redis.call('ZREM', zkey, ARGV[1])
  if delta ~= 0 then
    for i = 1, 2 do
      local limit = tonumber(ARGV[2 + 2 * s + i])
      if limit > 0 then
        local field = tostring(i + 1)
        local tat = tonumber(redis.call('HGET', hkey, field))
        if tat then
          redis.call('HSET', hkey, field, string.format('%.17g', tat + delta * periods[i] / limit))
        end
      end
    end
  end
end
return 1
"""
