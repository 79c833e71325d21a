"""Pick the limiter backend from configuration: Redis when a URL is given, else in-process.

The URL is the settings tree's `redis.url` (SLUICE_REDIS_URL, validated at start-up by gateway/settings.py).
"""

from __future__ import annotations

import logging

from gateway.limits.memory import InProcessLimiter
from gateway.limits.redis_backend import RedisLimiter
from gateway.limits.types import Limiter, LimitObserver

log = logging.getLogger("sluice.limits")


def build_limiter(redis_url: str | None = None, *, observer: LimitObserver | None = None, workers: int = 1) -> Limiter:
    """`redis_url` → RedisLimiter shared by all workers; none → one worker only."""
    url = redis_url
    if not url and workers > 1:
        log.warning("%d workers share no limiter (SLUICE_REDIS_URL is not set): every limit applies per "
                    "worker, so clients get up to %d times their limits", workers, workers)
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("SLUICE_REDIS_URL: expected a redis://, rediss:// or unix:// URL")
        return RedisLimiter(url, observer=observer)
    return InProcessLimiter(observer=observer)
