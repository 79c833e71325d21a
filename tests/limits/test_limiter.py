"""Each limit type, exact under concurrency, on the in-process backend and on a real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from gateway.limits import Admission, Limiter, LimitPolicy, Limits, LimitSubject, RateLimited

MakeLimiter = Callable[[], Limiter]


def run(make: MakeLimiter, scenario: Callable[[Limiter], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        limiter = make()
        try:
            return await scenario(limiter)
        finally:
            await limiter.aclose()

    return asyncio.run(main())


async def burst(limiter: Limiter, n: int, policy: LimitPolicy, tokens: int = 0,
                subject: LimitSubject = LimitSubject(1, "k1")) -> tuple[list[Admission], list[RateLimited]]:
    async def one() -> Admission | RateLimited:
        try:
            return await limiter.admit(subject, policy, tokens)
        except RateLimited as exc:
            return exc

    results = await asyncio.gather(*(one() for _ in range(n)))
    admitted = [r for r in results if isinstance(r, Admission)]
    rejected = [r for r in results if isinstance(r, RateLimited)]
    return admitted, rejected


def test_requests_per_minute_exact(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(tenant=Limits(requests_per_minute=25))

    async def scenario(limiter: Limiter) -> None:
        admitted, rejected = await burst(limiter, 60, policy)
        assert len(admitted) == 25 and len(rejected) == 35
        error = rejected[0]
        assert error.status == 429 and error.code == "rate_limit_exceeded"
        assert error.scope == "tenant" and error.limit == "requests"
        assert error.headers["x-ratelimit-limit-requests"] == "25"
        assert error.headers["x-ratelimit-remaining-requests"] == "0"
        # One request refills every 60/25 = 2.4 s.
        assert error.retry_after_s is not None and 2.0 < error.retry_after_s <= 2.4
        assert error.headers["retry-after"] == "3"
        remaining = sorted(int(a.headers["x-ratelimit-remaining-requests"]) for a in admitted)
        assert remaining == list(range(25))

    run(make_limiter, scenario)


def test_tokens_per_minute_exact_and_settle_refunds(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(key=Limits(tokens_per_minute=1000))

    async def scenario(limiter: Limiter) -> None:
        admitted, rejected = await burst(limiter, 40, policy, tokens=90)
        assert len(admitted) == 11  # 11 * 90 = 990 <= 1000
        assert rejected[0].scope == "key" and rejected[0].limit == "tokens_per_minute"
        assert rejected[0].headers["x-ratelimit-limit-tokens"] == "1000"
        for admission in admitted:
            await limiter.settle(admission, 45)  # used half of what was reserved
            await limiter.settle(admission, 0)  # a second settle is a no-op
        # 10 left + 11 * 45 refunded = 505 -> five more requests of 90.
        again, _ = await burst(limiter, 10, policy, tokens=90)
        assert len(again) == 5

    run(make_limiter, scenario)


def test_tokens_per_day_exact(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(tenant=Limits(tokens_per_day=700))

    async def scenario(limiter: Limiter) -> None:
        admitted, rejected = await burst(limiter, 20, policy, tokens=100)
        assert len(admitted) == 7
        error = rejected[0]
        assert error.code == "quota_exceeded" and error.limit == "tokens_per_day"
        # 100 tokens of a 700/day quota refill in 86400 * 100 / 700 s.
        assert error.retry_after_s is not None and 12_000 < error.retry_after_s <= 86400 * 100 / 700

    run(make_limiter, scenario)


def test_concurrency_exact_and_release(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(key=Limits(concurrent_requests=3))

    async def scenario(limiter: Limiter) -> None:
        admitted, rejected = await burst(limiter, 10, policy)
        assert len(admitted) == 3 and rejected[0].limit == "concurrency"
        assert rejected[0].headers["retry-after"] == "1"
        await limiter.release(admitted[0])
        await limiter.release(admitted[0])  # idempotent: frees one slot, not two
        again, _ = await burst(limiter, 5, policy)
        assert len(again) == 1

    run(make_limiter, scenario)


def test_key_and_tenant_scopes(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(tenant=Limits(requests_per_minute=5), key=Limits(requests_per_minute=2))

    async def scenario(limiter: Limiter) -> None:
        a, a_rejected = await burst(limiter, 4, policy, subject=LimitSubject(7, "a"))
        b, _ = await burst(limiter, 4, policy, subject=LimitSubject(7, "b"))
        c, c_rejected = await burst(limiter, 4, policy, subject=LimitSubject(7, "c"))
        other, _ = await burst(limiter, 4, policy, subject=LimitSubject(8, "a"))
        assert (len(a), len(b), len(c), len(other)) == (2, 2, 1, 2)
        assert a_rejected[0].scope == "key"
        assert c_rejected[-1].scope == "tenant"

    run(make_limiter, scenario)


def test_all_or_nothing(make_limiter: MakeLimiter) -> None:
    """A request refused by one limit consumes nothing from the others."""
    policy = LimitPolicy(tenant=Limits(requests_per_minute=10), key=Limits(tokens_per_minute=100))
    subject = LimitSubject(3, "k")

    async def scenario(limiter: Limiter) -> None:
        await limiter.admit(subject, policy, 80)
        with pytest.raises(RateLimited) as refused:
            await limiter.admit(subject, policy, 80)
        assert refused.value.limit == "tokens_per_minute"
        admission = await limiter.admit(subject, policy, 10)
        assert admission.headers["x-ratelimit-remaining-requests"] == "8"
        assert admission.headers["x-ratelimit-remaining-tokens"] == "10"
        assert admission.headers["x-ratelimit-reset-requests"].endswith("s")

    run(make_limiter, scenario)


def test_request_larger_than_limit_never_fits(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(tenant=Limits(tokens_per_minute=500))

    async def scenario(limiter: Limiter) -> None:
        with pytest.raises(RateLimited) as refused:
            await limiter.admit(LimitSubject(1, "k"), policy, 2048)
        assert refused.value.retry_after_s is None and "retry-after" not in refused.value.headers
        assert "max_tokens" in refused.value.message and "2048" in refused.value.message
        await limiter.admit(LimitSubject(1, "k"), policy, 500)  # nothing was consumed by the refusal

    run(make_limiter, scenario)


def test_zero_limit_refuses_everything(make_limiter: MakeLimiter) -> None:
    async def scenario(limiter: Limiter) -> None:
        for limits in (Limits(requests_per_minute=0), Limits(concurrent_requests=0)):
            with pytest.raises(RateLimited):
                await limiter.admit(LimitSubject(1, "k"), LimitPolicy(key=limits), 1)

    run(make_limiter, scenario)


def test_unlimited_policy_admits_without_headers(make_limiter: MakeLimiter) -> None:
    async def scenario(limiter: Limiter) -> None:
        admitted, _ = await burst(limiter, 50, LimitPolicy(), tokens=10**6)
        assert len(admitted) == 50 and admitted[0].headers == {}

    run(make_limiter, scenario)


def test_limits_validate_values() -> None:
    with pytest.raises(ValueError, match="requests_per_minute"):
        Limits(requests_per_minute=-1)
    with pytest.raises(ValueError, match="tokens_per_day"):
        Limits(tokens_per_day=True)


def test_settle_soon_frees_the_slot_without_awaiting(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(key=Limits(concurrent_requests=1, tokens_per_minute=100))

    async def scenario(limiter: Limiter) -> None:
        first = await limiter.admit(LimitSubject(1, "k"), policy, 100)
        limiter.settle_soon(first, 10)
        limiter.settle_soon(first, 10)  # once only
        await asyncio.sleep(0.05)
        second = await limiter.admit(LimitSubject(1, "k"), policy, 90)  # slot and 90 tokens are back
        assert second.headers["x-ratelimit-remaining-tokens"] == "0"

    run(make_limiter, scenario)
