"""One OS process of the cross-process limiter test (run by test_multiprocess.py).

Usage: python -m tests.limits.multiproc_worker REDIS_URL PREFIX WORKERS ATTEMPTS
Waits on a Redis counter until every worker is connected, fires each scenario's
admissions concurrently, keeps every admission (slots held) and prints the counts as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys

import redis.asyncio as aioredis

from gateway.limits import Admission, LimitPolicy, Limits, LimitSubject, RateLimited, RedisLimiter

SCENARIOS: dict[str, tuple[LimitPolicy, int]] = {
    "requests": (LimitPolicy(tenant=Limits(requests_per_minute=30)), 0),
    "tokens_per_minute": (LimitPolicy(key=Limits(tokens_per_minute=1000)), 70),
    "tokens_per_day": (LimitPolicy(tenant=Limits(tokens_per_day=700)), 100),
    "concurrency": (LimitPolicy(key=Limits(concurrent_requests=5)), 0),
}


async def main(url: str, prefix: str, workers: int, attempts: int) -> None:
    limiter = RedisLimiter(url, prefix=prefix, timeout_s=5)
    barrier = aioredis.from_url(url)
    await limiter.ping()
    await barrier.incr(prefix + "ready")
    while int(await barrier.get(prefix + "ready") or 0) < workers:
        await asyncio.sleep(0.005)
    counts: dict[str, int] = {}
    held: list[Admission] = []
    for tenant, (name, (policy, tokens)) in enumerate(SCENARIOS.items()):
        async def one(policy: LimitPolicy = policy, tokens: int = tokens, tenant: int = tenant) -> bool:
            try:
                held.append(await limiter.admit(LimitSubject(tenant, "shared-key"), policy, tokens))
                return True
            except RateLimited:
                return False

        results = await asyncio.gather(*(one() for _ in range(attempts)))
        counts[name] = sum(results)
    print(json.dumps(counts))
    await barrier.aclose()
    await limiter.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
