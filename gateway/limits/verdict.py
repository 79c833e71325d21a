"""A backend's raw answer -> Admission or RateLimited, with OpenAI-style headers.

Both backends run the same algorithm (GCRA, see memory.py) and report, per scope and
limit, a `Meter`; turning meters into headers and errors happens once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.limits.types import Admission, LimitName, LimitPolicy, LimitSubject, RateLimited, Scope

MINUTE_MS = 60_000.0
DAY_MS = 86_400_000.0
# Order shared with the Lua script: requests/minute, tokens/minute, tokens/day.
RATE_LIMITS: tuple[tuple[LimitName, float], ...] = (
    ("requests", MINUTE_MS),
    ("tokens_per_minute", MINUTE_MS),
    ("tokens_per_day", DAY_MS),
)


@dataclass(slots=True)
class Meter:
    scope: Scope
    name: LimitName
    limit: int
    remaining: int
    reset_ms: float  # until the bucket is full again


@dataclass(slots=True)
class Verdict:
    admitted: bool
    meters: list[Meter]
    failed_scope: Scope | None = None
    failed_limit: LimitName | None = None
    retry_ms: float | None = None  # None: the request can never fit (bigger than the limit)


def format_reset(ms: float) -> str:
    """OpenAI's duration style: '20ms', '1.5s', '6m0s', '1h2m3s'."""
    if ms < 1000:
        return f"{max(0, round(ms))}ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.3g}s"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes}m{secs}s" if hours else f"{minutes}m{secs}s"


def _binding(meters: list[Meter], name: LimitName) -> Meter | None:
    candidates = [m for m in meters if m.name == name]
    return min(candidates, key=lambda m: (m.remaining, -m.reset_ms)) if candidates else None


def ratelimit_headers(meters: list[Meter]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, suffix in (("requests", "requests"), ("tokens_per_minute", "tokens")):
        meter = _binding(meters, name)  # type: ignore[arg-type]
        if meter is not None:
            headers[f"x-ratelimit-limit-{suffix}"] = str(meter.limit)
            headers[f"x-ratelimit-remaining-{suffix}"] = str(max(0, meter.remaining))
            headers[f"x-ratelimit-reset-{suffix}"] = format_reset(meter.reset_ms)
    return headers


def concurrency_headers(policy: LimitPolicy, scope: Scope, retry_ms: float | None) -> dict[str, str]:
    """The x-ratelimit-* trio for a refusal by the concurrency limit, so that this 429 describes
    its limit like the requests and tokens ones do (OpenAI defines no concurrency header; these
    follow its naming). Nothing is left of it, and the reset is the retry hint: a slot frees
    when one of the requests in flight ends."""
    cap = _limit_value(policy.tenant if scope == "tenant" else policy.key, "concurrency")
    headers = {"x-ratelimit-limit-concurrency": str(cap), "x-ratelimit-remaining-concurrency": "0"}
    if retry_ms is not None:
        headers["x-ratelimit-reset-concurrency"] = format_reset(retry_ms)
    return headers


def conclude(verdict: Verdict, admission_id: str, subject: LimitSubject, policy: LimitPolicy,
             estimated_tokens: int) -> Admission:
    headers = ratelimit_headers(verdict.meters)
    if not verdict.admitted:
        assert verdict.failed_scope is not None and verdict.failed_limit is not None
        if verdict.failed_limit == "concurrency":
            headers.update(concurrency_headers(policy, verdict.failed_scope, verdict.retry_ms))
        message = None
        if verdict.retry_ms is None:
            limits = policy.tenant if verdict.failed_scope == "tenant" else policy.key
            cap = _limit_value(limits, verdict.failed_limit)
            message = (f"This request needs {estimated_tokens} tokens (prompt + max_tokens) but the "
                       f"{verdict.failed_scope}'s limit is {cap} ({verdict.failed_limit}); lower max_tokens."
                       if verdict.failed_limit.startswith("tokens")
                       else f"The {verdict.failed_scope}'s {verdict.failed_limit} limit is 0.")
        retry_s = None if verdict.retry_ms is None else verdict.retry_ms / 1000
        raise RateLimited(verdict.failed_scope, verdict.failed_limit, retry_s, headers, message)
    return Admission(id=admission_id, subject=subject, policy=policy, reserved_tokens=estimated_tokens,
                     headers=headers)


def _limit_value(limits: object, name: LimitName) -> int | None:
    field = {"requests": "requests_per_minute", "tokens_per_minute": "tokens_per_minute",
             "tokens_per_day": "tokens_per_day", "concurrency": "concurrent_requests"}[name]
    value = getattr(limits, field)
    return value if isinstance(value, int) else None
