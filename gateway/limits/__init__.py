"""Rate limits and quotas per tenant and per key: in-process and Redis backends, one interface."""

from gateway.limits.config import LimitConfigError, parse_limit_policy, reserve_tokens
from gateway.limits.factory import build_limiter
from gateway.limits.memory import InProcessLimiter
from gateway.limits.redis_backend import RedisLimiter
from gateway.limits.types import (
    Admission,
    Limiter,
    LimiterUnavailable,
    LimitObserver,
    LimitPolicy,
    Limits,
    LimitSubject,
    RateLimited,
)

__all__ = [
    "Admission",
    "InProcessLimiter",
    "LimitConfigError",
    "LimitObserver",
    "LimitPolicy",
    "LimitSubject",
    "Limiter",
    "LimiterUnavailable",
    "Limits",
    "RateLimited",
    "RedisLimiter",
    "build_limiter",
    "parse_limit_policy",
    "reserve_tokens",
]
