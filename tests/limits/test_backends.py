"""Backend-specific behaviour: refill over time, Redis outages (fail open/closed), header formats."""

from __future__ import annotations

import asyncio

import pytest

from gateway.limits import (
    InProcessLimiter,
    LimiterUnavailable,
    LimitPolicy,
    Limits,
    LimitSubject,
    RateLimited,
    RedisLimiter,
    build_limiter,
)
from gateway.limits.verdict import format_reset
from gateway.settings import ConfigError, load_settings
from tests.support.postgres import free_port
from tests.support.redis import RedisServer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Observer:
    def __init__(self) -> None:
        self.rejections: list[tuple[str, str]] = []
        self.unavailable: list[bool] = []

    def rate_limited(self, scope: str, limit: str) -> None:
        self.rejections.append((scope, limit))

    def limiter_unavailable(self, fail_open: bool) -> None:
        self.unavailable.append(fail_open)


def test_buckets_refill_continuously() -> None:
    clock = Clock()
    observer = Observer()
    limiter = InProcessLimiter(clock=clock, observer=observer)
    policy = LimitPolicy(tenant=Limits(requests_per_minute=2))
    subject = LimitSubject(1, "k")
    limiter.admit_now(subject, policy, 0)
    limiter.admit_now(subject, policy, 0)
    with pytest.raises(RateLimited) as refused:
        limiter.admit_now(subject, policy, 0)
    assert refused.value.retry_after_s == pytest.approx(30.0)
    clock.now += 29.9
    with pytest.raises(RateLimited):
        limiter.admit_now(subject, policy, 0)
    clock.now += 0.1
    limiter.admit_now(subject, policy, 0)
    assert observer.rejections == [("tenant", "requests"), ("tenant", "requests")]


def test_redis_refills_on_its_own_clock(redis_server: RedisServer) -> None:
    policy = LimitPolicy(key=Limits(tokens_per_minute=60_000))  # one token per millisecond

    async def scenario() -> None:
        limiter = RedisLimiter(redis_server.url, prefix="refill:")
        try:
            await limiter.admit(LimitSubject(1, "k"), policy, 60_000)
            with pytest.raises(RateLimited):
                await limiter.admit(LimitSubject(1, "k"), policy, 1000)
            await asyncio.sleep(0.2)  # ~200 tokens come back
            await limiter.admit(LimitSubject(1, "k"), policy, 100)
        finally:
            await limiter.aclose()

    asyncio.run(scenario())


@pytest.mark.parametrize("fail_open", [False, True])
def test_redis_unreachable_follows_policy(fail_open: bool) -> None:
    observer = Observer()
    policy = LimitPolicy(tenant=Limits(requests_per_minute=1), fail_open=fail_open)

    async def scenario() -> None:
        limiter = RedisLimiter(f"redis://127.0.0.1:{free_port()}/0", observer=observer, cooldown_s=60)
        try:
            for _ in range(3):  # the first attempt times out; the next ones skip Redis during the cooldown
                if fail_open:
                    admission = await limiter.admit(LimitSubject(1, "k"), policy, 10)
                    assert admission.degraded
                    await limiter.settle(admission, 10)
                else:
                    with pytest.raises(LimiterUnavailable) as refused:
                        await limiter.admit(LimitSubject(1, "k"), policy, 10)
                    assert refused.value.status == 503 and refused.value.headers["retry-after"] == "1"
        finally:
            await limiter.aclose()

    asyncio.run(scenario())
    assert observer.unavailable == [fail_open] * 3


def test_redis_recovers_after_outage() -> None:
    server = RedisServer()
    policy = LimitPolicy(tenant=Limits(requests_per_minute=100))

    async def scenario() -> None:
        limiter = RedisLimiter(server.url, cooldown_s=0.05)
        try:
            with pytest.raises(LimiterUnavailable):
                await limiter.admit(LimitSubject(1, "k"), policy, 0)
            server.start()
            await asyncio.sleep(0.06)
            admission = await limiter.admit(LimitSubject(1, "k"), policy, 0)
            assert not admission.degraded and admission.headers["x-ratelimit-remaining-requests"] == "99"
        finally:
            await limiter.aclose()

    try:
        asyncio.run(scenario())
    finally:
        server.stop()


def test_backend_chosen_by_config(redis_server: RedisServer) -> None:
    assert isinstance(build_limiter(load_settings(environ={}).redis.url), InProcessLimiter)
    url = load_settings(environ={"SLUICE_REDIS_URL": redis_server.url}).redis.url
    assert isinstance(build_limiter(url), RedisLimiter)
    with pytest.raises(ConfigError, match="SLUICE_REDIS_URL") as refused:
        load_settings(environ={"SLUICE_REDIS_URL": "http://secret@host"})
    assert "secret" not in str(refused.value)
    with pytest.raises(ValueError, match="redis://"):
        build_limiter("http://secret@host")


@pytest.mark.parametrize(("ms", "text"), [(0, "0ms"), (20.4, "20ms"), (1500, "1.5s"), (2400, "2.4s"),
                                          (59_000, "59s"), (360_000, "6m0s"), (3_723_000, "1h2m3s")])
def test_reset_format_matches_openai(ms: float, text: str) -> None:
    assert format_reset(ms) == text


def test_several_workers_without_redis_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="sluice.limits"):
        build_limiter(None, workers=4)
    assert "4 workers share no limiter" in caplog.text


def test_in_process_slots_are_leases() -> None:
    clock = Clock()
    limiter = InProcessLimiter(clock=clock, lease_s=60)
    policy = LimitPolicy(key=Limits(concurrent_requests=1))
    limiter.admit_now(LimitSubject(1, "k"), policy, 0)  # never settled
    with pytest.raises(RateLimited):
        limiter.admit_now(LimitSubject(1, "k"), policy, 0)
    clock.now += 60
    limiter.admit_now(LimitSubject(1, "k"), policy, 0)  # the lost slot has expired


def test_slow_redis_fails_single_requests_before_backing_off() -> None:
    """A server that accepts but never answers: each of the first `slow_limit` admissions times out
    on its own; then the limiter stops trying for the cooldown (fails at once)."""
    policy = LimitPolicy(tenant=Limits(requests_per_minute=10), fail_open=True)

    async def scenario() -> list[float]:
        held: list[asyncio.StreamWriter] = []

        async def mute(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            held.append(writer)

        server = await asyncio.start_server(mute, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        limiter = RedisLimiter(f"redis://127.0.0.1:{port}/0", timeout_s=0.2, slow_limit=3, cooldown_s=60)
        took = []
        try:
            for _ in range(4):
                start = asyncio.get_running_loop().time()
                admission = await limiter.admit(LimitSubject(1, "k"), policy, 0)
                assert admission.degraded
                took.append(asyncio.get_running_loop().time() - start)
        finally:
            await limiter.aclose()
            for writer in held:
                writer.close()
            server.close()
        return took

    took = asyncio.run(scenario())
    assert all(t >= 0.19 for t in took[:3]) and took[3] < 0.05
