"""Redis limiter shared by every worker and host: one atomic Lua call per admission.

Per request: one EVALSHA to admit, one to settle. When Redis cannot be reached the
policy's `fail_open` decides (admit unchecked, or 503) and the outcome is counted.
A refused connection, or `slow_limit` timeouts in a row, mean Redis is down: for
`cooldown_s` it is not tried again, so an outage costs one failure, not one per
request. A single slow answer (a busy host) fails only its own request.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from gateway.limits.memory import rate_values
from gateway.limits.redis_scripts import ADMIT, SETTLE
from gateway.limits.types import (
    Admission,
    LimiterUnavailable,
    LimitName,
    LimitObserver,
    LimitPolicy,
    LimitSubject,
    Scope,
)
from gateway.limits.verdict import RATE_LIMITS, Meter, Verdict, conclude

log = logging.getLogger("sluice.limits")

_SCOPES: tuple[Scope, Scope] = ("tenant", "key")
_LIMIT_NAMES: tuple[LimitName, ...] = (*(name for name, _ in RATE_LIMITS), "concurrency")


def _arg(value: int | None) -> int:
    return -1 if value is None else value


class RedisLimiter:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = "sluice:rl:",
        lease_s: float = 900.0,
        timeout_s: float = 1.0,
        cooldown_s: float = 1.0,
        slow_limit: int = 3,
        observer: LimitObserver | None = None,
    ) -> None:
        self._redis = aioredis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
                                        retry_on_timeout=False, decode_responses=False)
        self._admit = self._redis.register_script(ADMIT)
        self._settle = self._redis.register_script(SETTLE)
        self._prefix = prefix
        self._lease_ms = int(lease_s * 1000)
        self._cooldown_s = cooldown_s
        self._down_until = 0.0
        self._slow_limit = slow_limit
        self._timeouts = 0  # consecutive
        self._observer = observer
        self._pending: set[asyncio.Task[None]] = set()

    def _keys(self, subject: LimitSubject) -> list[str]:
        tenant = f"{self._prefix}{{t:{subject.tenant_id}}}"  # hash tag: one Cluster slot per tenant
        key = f"{tenant}:k:{subject.key_id}"
        return [f"{tenant}:b", f"{tenant}:c", f"{key}:b", f"{key}:c"]

    def _unavailable(self, policy: LimitPolicy, exc: BaseException | None) -> None:
        if exc is not None:
            log.warning("rate-limit backend unavailable (%s); failing %s", type(exc).__name__,
                        "open" if policy.fail_open else "closed")
            slow = isinstance(exc, RedisTimeoutError | TimeoutError)
            self._timeouts = self._timeouts + 1 if slow else 0
            if not slow or self._timeouts >= self._slow_limit:
                self._down_until = time.monotonic() + self._cooldown_s
        if self._observer is not None:
            self._observer.limiter_unavailable(policy.fail_open)
        if not policy.fail_open:
            raise LimiterUnavailable()

    async def admit(self, subject: LimitSubject, policy: LimitPolicy, estimated_tokens: int) -> Admission:
        admission_id = secrets.token_hex(8)
        cost = max(0, estimated_tokens)
        if policy.unlimited:
            return Admission(admission_id, subject, policy, cost, {})
        if time.monotonic() < self._down_until:
            self._unavailable(policy, None)
            return Admission(admission_id, subject, policy, cost, {}, degraded=True)
        args: list[Any] = [admission_id, cost, self._lease_ms]
        for limits in (policy.tenant, policy.key):
            args.extend(_arg(v) for v in rate_values(limits))
            args.append(_arg(limits.concurrent_requests))
        try:
            reply = await self._admit(keys=self._keys(subject), args=args)
        except (RedisError, OSError, TimeoutError) as exc:
            self._unavailable(policy, exc)
            return Admission(admission_id, subject, policy, cost, {}, degraded=True)
        self._timeouts = 0
        verdict = _parse(reply)
        if not verdict.admitted and self._observer is not None:
            assert verdict.failed_scope is not None and verdict.failed_limit is not None
            self._observer.rate_limited(verdict.failed_scope, verdict.failed_limit)
        return conclude(verdict, admission_id, subject, policy, cost)

    async def settle(self, admission: Admission, actual_tokens: int) -> None:
        if admission.settled:
            return
        admission.settled = True
        if admission.degraded or admission.policy.unlimited:
            return
        delta = max(0, actual_tokens) - admission.reserved_tokens
        tenant, key = admission.policy.tenant, admission.policy.key
        holds_slot = tenant.concurrent_requests is not None or key.concurrent_requests is not None
        counts_tokens = any(v is not None for v in (tenant.tokens_per_minute, tenant.tokens_per_day,
                                                    key.tokens_per_minute, key.tokens_per_day))
        if not holds_slot and (delta == 0 or not counts_tokens):
            return  # nothing to give back: save the round trip
        args: list[Any] = [admission.id, delta]
        for limits in (admission.policy.tenant, admission.policy.key):
            args.extend((_arg(limits.tokens_per_minute), _arg(limits.tokens_per_day)))
        try:
            await self._settle(keys=self._keys(admission.subject), args=args)
        except (RedisError, OSError, TimeoutError) as exc:
            # The slot's lease expires on its own; the token correction is lost (logged).
            log.warning("rate-limit settle failed (%s) for admission %s", type(exc).__name__, admission.id)

    async def release(self, admission: Admission) -> None:
        await self.settle(admission, 0)

    def settle_soon(self, admission: Admission, actual_tokens: int) -> None:
        if admission.settled:
            return
        task = asyncio.get_running_loop().create_task(self.settle(admission, actual_tokens))
        self._pending.add(task)  # keep a reference until it is done
        task.add_done_callback(self._pending.discard)

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except (RedisError, OSError, TimeoutError):
            return False

    async def aclose(self) -> None:
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._redis.aclose()


def _parse(reply: list[Any]) -> Verdict:
    ok, fail_scope, fail_limit, retry = int(reply[0]), int(reply[1]), int(reply[2]), float(reply[3])
    meters = []
    for i in range(4, len(reply), 5):
        scope, index, limit, remaining, reset = reply[i : i + 5]
        meters.append(Meter(_SCOPES[int(scope)], _LIMIT_NAMES[int(index) - 1], int(limit), int(remaining),
                            float(reset)))
    if ok == 1:
        return Verdict(admitted=True, meters=meters)
    return Verdict(admitted=False, meters=meters, failed_scope=_SCOPES[fail_scope],
                   failed_limit=_LIMIT_NAMES[fail_limit - 1], retry_ms=None if retry < 0 else retry)
