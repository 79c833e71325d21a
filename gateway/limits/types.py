"""What the limiter is asked (subject, policy) and what it answers (admission or rejection)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Protocol

from gateway.errors import APIError

LimitName = Literal["requests", "tokens_per_minute", "tokens_per_day", "concurrency"]
Scope = Literal["tenant", "key"]


@dataclass(frozen=True, slots=True)
class Limits:
    """One scope's limits; None means unlimited, 0 means nothing is allowed."""

    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None  # prompt + completion
    tokens_per_day: int | None = None
    concurrent_requests: int | None = None

    def __post_init__(self) -> None:
        for name in ("requests_per_minute", "tokens_per_minute", "tokens_per_day", "concurrent_requests"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name}: expected a non-negative integer or None, got {value!r}")

    @property
    def unlimited(self) -> bool:
        return (self.requests_per_minute is None and self.tokens_per_minute is None
                and self.tokens_per_day is None and self.concurrent_requests is None)


@dataclass(frozen=True, slots=True)
class LimitPolicy:
    """Limits for one request, supplied per tenant by the policy engine."""

    tenant: Limits = field(default_factory=Limits)
    key: Limits = field(default_factory=Limits)
    fail_open: bool = False  # shared backend unreachable: admit (True) or refuse with 503 (False)

    @property
    def unlimited(self) -> bool:
        return self.tenant.unlimited and self.key.unlimited


@dataclass(frozen=True, slots=True)
class LimitSubject:
    tenant_id: int | str
    key_id: str


@dataclass(slots=True)
class Admission:
    """An admitted request: hand it back to `settle` exactly once (extra calls are no-ops)."""

    id: str
    subject: LimitSubject
    policy: LimitPolicy
    reserved_tokens: int
    headers: dict[str, str]  # x-ratelimit-* for the response
    degraded: bool = False  # admitted without checking: the backend was down and the policy fails open
    settled: bool = False


class LimitObserver(Protocol):
    """Metrics hook (implemented by gateway.telemetry.metrics.Metrics)."""

    def rate_limited(self, scope: str, limit: str) -> None: ...

    def limiter_unavailable(self, fail_open: bool) -> None: ...


class Limiter(Protocol):
    async def admit(self, subject: LimitSubject, policy: LimitPolicy, estimated_tokens: int) -> Admission:
        """Reserve one request, a concurrency slot and `estimated_tokens`; raise RateLimited if over."""
        ...

    async def settle(self, admission: Admission, actual_tokens: int) -> None:
        """Correct the token reservation to what was used and free the concurrency slot."""
        ...

    async def release(self, admission: Admission) -> None:
        """The request ended before generating: refund its tokens and free its slot."""
        ...

    def settle_soon(self, admission: Admission, actual_tokens: int) -> None:
        """`settle` without waiting for it: for the end of a response (no added latency) and for
        cancelled streams, where awaiting is not safe. Never raises."""
        ...

    async def aclose(self) -> None: ...


_MESSAGES: dict[str, str] = {
    "requests": "Rate limit reached: too many requests per minute for this {scope}.",
    "tokens_per_minute": "Rate limit reached: too many tokens per minute for this {scope}.",
    "tokens_per_day": "Quota reached: too many tokens today for this {scope}.",
    "concurrency": "Too many concurrent requests for this {scope}.",
}


class RateLimited(APIError):
    """429 with Retry-After and the OpenAI-style x-ratelimit-* headers."""

    def __init__(self, scope: Scope, limit: LimitName, retry_after_s: float | None,
                 headers: dict[str, str], message: str | None = None) -> None:
        all_headers = dict(headers)
        if retry_after_s is not None:
            all_headers["retry-after"] = str(max(1, math.ceil(retry_after_s)))
        code = "quota_exceeded" if limit == "tokens_per_day" else "rate_limit_exceeded"
        super().__init__(429, message or _MESSAGES[limit].format(scope=scope), type="rate_limit_error",
                         code=code, headers=all_headers)
        self.scope = scope
        self.limit = limit
        self.retry_after_s = retry_after_s


class LimiterUnavailable(APIError):
    """The shared limiter backend cannot be reached and the policy fails closed."""

    def __init__(self) -> None:
        super().__init__(503, "Rate limiting is unavailable; requests are refused until it recovers.",
                         type="server_error", code="limiter_unavailable", headers={"retry-after": "1"})
