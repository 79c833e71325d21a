"""Replica routing over real HTTP: balancing, failover (killed, hanging, slow replicas),
circuit breaker, health checks, concurrency caps, stickiness, cache salt."""

from __future__ import annotations

import asyncio
import json

import pytest

from gateway.errors import APIError
from gateway.routing.cache_salt import CacheSalter
from gateway.routing.replicas import ReplicaRouter
from tests.routing.conftest import Fleet
from tests.routing.helpers import CHAT, COMPLETION_STREAM, model, run_router, served
from tests.support.scripted_upstream import Reply


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Observer:
    def __init__(self) -> None:
        self.states: list[tuple[str, bool, str]] = []
        self.failures: list[tuple[str, str]] = []

    def replica_state(self, model: str, replica: str, healthy: bool, breaker: str) -> None:
        self.states.append((replica, healthy, breaker))

    def upstream_failure(self, model: str, replica: str, code: str) -> None:
        self.failures.append((replica, code))


def test_least_outstanding_sends_less_to_the_slow_replica(fleet: Fleet) -> None:
    slow, fast_a, fast_b = fleet.start(3)
    slow.script(*[Reply(delay_s=0.3) for _ in range(40)])

    async def scenario(router: ReplicaRouter) -> None:
        async def worker() -> None:
            for _ in range(6):
                await router.post(model(), "/chat/completions", CHAT)

        await asyncio.gather(*(worker() for _ in range(4)))

    run_router([slow, fast_a, fast_b], scenario)
    assert served(slow) + served(fast_a) + served(fast_b) == 24
    assert served(slow) < served(fast_a) and served(slow) < served(fast_b)
    assert served(slow) <= 6


def test_idle_replicas_take_turns(fleet: Fleet) -> None:
    servers = fleet.start(3)

    async def scenario(router: ReplicaRouter) -> None:
        for _ in range(9):
            await router.post(model(), "/chat/completions", CHAT)

    run_router(servers, scenario)
    assert [served(s) for s in servers] == [3, 3, 3]


def test_killed_replica_fails_over_and_opens_the_breaker(fleet: Fleet) -> None:
    dead, alive = fleet.start(2)
    fleet.kill(dead)
    observer = Observer()

    async def scenario(router: ReplicaRouter) -> list[dict[str, object]]:
        for _ in range(8):
            reply = await router.post(model(), "/chat/completions", CHAT)
            assert reply.status == 200
        stream = await router.open_stream(model(), "/completions", COMPLETION_STREAM)
        body = b"".join([chunk async for chunk in stream.chunks()])
        stream.close()
        assert body.endswith(b"data: [DONE]\n\n")
        return router.snapshot()

    snapshot = run_router([dead, alive], scenario, observer=observer, failure_threshold=3)
    assert served(alive) == 9
    by_url = {row["replica"]: row for row in snapshot}
    assert by_url[dead.base_url]["breaker"] == "open"
    assert by_url[alive.base_url]["breaker"] == "closed" and by_url[alive.base_url]["outstanding"] == 0
    assert observer.failures == [(dead.base_url, "upstream_unreachable")] * 3
    assert observer.states == [(dead.base_url, True, "open")]


def test_hanging_replica_times_out_then_fails_over(fleet: Fleet) -> None:
    hanging, healthy = fleet.start(2)
    hanging.script(*[Reply(hang=True) for _ in range(5)])

    async def scenario(router: ReplicaRouter) -> None:
        slow_model = model(read_timeout_s=0.3)
        for _ in range(4):
            reply = await router.post(slow_model, "/chat/completions", CHAT)
            assert b"Echo: hi" in reply.body

    run_router([hanging, healthy], scenario, failure_threshold=2)
    assert served(hanging) == 2  # two timeouts open its breaker; later requests skip it
    assert served(healthy) == 4


def test_all_attempts_failing_returns_the_upstream_error(fleet: Fleet) -> None:
    a, b = fleet.start(2)
    a.script(Reply(status=500))
    b.script(Reply(status=500))

    async def scenario(router: ReplicaRouter) -> None:
        with pytest.raises(APIError) as failure:
            await router.post(model(), "/chat/completions", CHAT)
        assert failure.value.status == 502 and failure.value.code == "upstream_error"

    run_router([a, b], scenario)
    assert served(a) == 1 and served(b) == 1


def test_request_rejected_by_upstream_is_not_retried(fleet: Fleet) -> None:
    a, b = fleet.start(2)
    a.script(Reply(status=400))

    async def scenario(router: ReplicaRouter) -> None:
        with pytest.raises(APIError) as failure:
            await router.post(model(), "/chat/completions", CHAT)
        assert failure.value.status == 400

    run_router([a, b], scenario)
    assert served(a) == 1 and served(b) == 0


def test_stream_broken_before_first_byte_is_retried(fleet: Fleet) -> None:
    broken, good = fleet.start(2)
    broken.script(Reply(content="one two three", drop_after=0))

    async def scenario(router: ReplicaRouter) -> bytes:
        stream = await router.open_stream(model(), "/completions", COMPLETION_STREAM)
        try:
            return b"".join([chunk async for chunk in stream.chunks()])
        finally:
            stream.close()

    body = run_router([broken, good], scenario)
    assert served(broken) == 1 and served(good) == 1
    assert b'"text":"Echo: "' in body and b'"text":"f"' in body  # the good replica's echo, in full
    assert body.endswith(b"data: [DONE]\n\n")


def test_stream_broken_after_bytes_is_not_retried(fleet: Fleet) -> None:
    broken, good = fleet.start(2)
    broken.script(Reply(content="one two three four", drop_after=2))

    async def scenario(router: ReplicaRouter) -> list[bytes]:
        stream = await router.open_stream(model(), "/completions", COMPLETION_STREAM)
        received: list[bytes] = []
        with pytest.raises(APIError) as failure:
            async for chunk in stream.chunks():
                received.append(chunk)
        stream.close()
        assert failure.value.status == 502
        return received

    received = run_router([broken, good], scenario)
    assert received and b"one" in b"".join(received)
    assert served(good) == 0


def test_breaker_opens_half_opens_and_closes(fleet: Fleet) -> None:
    flaky, steady = fleet.start(2)
    flaky.script(*[Reply(status=503) for _ in range(2)])
    clock = Clock()
    observer = Observer()

    async def scenario(router: ReplicaRouter) -> None:
        deployment = router.deployment(model())
        flaky_replica = deployment.replicas[0]
        for _ in range(2):  # each failure on flaky is retried on steady
            await router.post(model(), "/chat/completions", CHAT)
        assert flaky_replica.breaker.state == "open"
        for _ in range(4):
            await router.post(model(), "/chat/completions", CHAT)
        assert served(flaky) == 2  # open: no traffic
        clock.now += 5.0  # open_s elapsed: one trial is allowed
        assert flaky_replica.breaker.state == "half_open"
        for _ in range(4):
            await router.post(model(), "/chat/completions", CHAT)
        assert flaky_replica.breaker.state == "closed"
        assert served(flaky) >= 3

    run_router([flaky, steady], scenario, clock=clock, observer=observer, failure_threshold=2, open_s=5.0)
    # open -> half_open happens by time alone; transitions are reported when a request settles them.
    assert [state for _, _, state in observer.states] == ["open", "closed"]


def test_half_open_failure_reopens(fleet: Fleet) -> None:
    flaky, steady = fleet.start(2)
    flaky.script(*[Reply(status=500) for _ in range(3)])
    clock = Clock()

    async def scenario(router: ReplicaRouter) -> None:
        breaker = router.deployment(model()).replicas[0].breaker
        for _ in range(2):
            await router.post(model(), "/chat/completions", CHAT)
        assert breaker.state == "open"
        clock.now += 5.0
        for _ in range(3):
            await router.post(model(), "/chat/completions", CHAT)  # the trial fails, steady answers
        assert breaker.state == "open" and served(flaky) == 3

    run_router([flaky, steady], scenario, clock=clock, failure_threshold=2, open_s=5.0)


def test_concurrency_caps_answer_503_when_every_replica_is_full(fleet: Fleet) -> None:
    servers = fleet.start(2)
    for server in servers:
        server.script(Reply(delay_s=0.5))

    async def scenario(router: ReplicaRouter) -> None:
        busy = [asyncio.create_task(router.post(model(), "/chat/completions", CHAT)) for _ in range(2)]
        await asyncio.sleep(0.1)
        with pytest.raises(APIError) as refused:
            await router.post(model(), "/chat/completions", CHAT)
        assert refused.value.status == 503 and refused.value.code == "replicas_busy"
        assert refused.value.headers["retry-after"] == "1"
        await asyncio.gather(*busy)
        await router.post(model(), "/chat/completions", CHAT)  # slots are free again

    run_router(servers, scenario, max_concurrency_per_replica=1)
    assert served(servers[0]) + served(servers[1]) == 3


def test_health_checks_eject_and_restore(fleet: Fleet) -> None:
    a, b = fleet.start(2)
    port = a.port

    async def scenario(router: ReplicaRouter) -> None:
        replica = router.deployment(model()).replicas[0]
        fleet.kill(a)
        for _ in range(100):
            if not replica.healthy:
                break
            await asyncio.sleep(0.02)
        assert not replica.healthy
        for _ in range(3):
            await router.post(model(), "/chat/completions", CHAT)
        assert served(b) == 3  # never tried the dead one: no failed attempt, breaker still closed
        assert replica.breaker.state == "closed"
        fleet.kill(b)
        for _ in range(100):
            if not router.usable(model()):
                break
            await asyncio.sleep(0.02)
        with pytest.raises(APIError) as refused:
            await router.post(model(), "/chat/completions", CHAT)
        assert refused.value.code == "no_healthy_replica" and refused.value.status == 503
        fleet.start(1, port=port)  # the first replica comes back on its address
        for _ in range(100):
            if replica.healthy:
                break
            await asyncio.sleep(0.02)
        assert replica.healthy
        await router.post(model(), "/chat/completions", CHAT)

    run_router([a, b], scenario, health_interval_s=0.05, health_timeout_s=0.5, unhealthy_after=1)


def test_sticky_by_tenant_keeps_a_tenant_on_one_replica(fleet: Fleet) -> None:
    servers = fleet.start(3)

    async def scenario(router: ReplicaRouter) -> None:
        deployment = router.deployment(model())
        picks = {deployment.acquire("tenant-a").replica.url for _ in range(10)}
        assert len(picks) == 1
        spread = {deployment.acquire(f"tenant-{i}").replica.url for i in range(30)}
        assert len(spread) == 3
        # Its replica out: the tenant moves, and stays on the new one.
        home = next(r for r in deployment.replicas if r.url in picks)
        home.healthy = False
        moved = {deployment.acquire("tenant-a").replica.url for _ in range(5)}
        assert len(moved) == 1 and moved != picks

    run_router(servers, scenario, sticky_by_tenant=True)


def test_cache_salt_per_tenant(fleet: Fleet) -> None:
    (server,) = fleet.start(1)
    secret = b"s" * 32

    async def scenario(router: ReplicaRouter) -> None:
        await router.post(model(), "/chat/completions", CHAT, tenant="1")
        await router.post(model(), "/chat/completions", CHAT, tenant="1")
        await router.post(model(), "/chat/completions", CHAT, tenant="2")
        forged = json.dumps({"model": "scripted-model", "prompt": "x", "cache_salt": "victim"}).encode()
        await router.post(model(), "/completions", forged, tenant="1")

    run_router([server], scenario, salter=CacheSalter(secret))
    salts = [r["body"]["cache_salt"] for r in server.state.requests]
    assert salts[0] == salts[1] == salts[3] != salts[2]
    assert salts[0] == CacheSalter(secret).salt("1")  # every worker with the secret agrees
    assert salts[0] != CacheSalter(b"t" * 32).salt("1")
    assert len(salts[0]) == 32


def test_cache_salt_can_be_turned_off(fleet: Fleet) -> None:
    (server,) = fleet.start(1)

    async def scenario(router: ReplicaRouter) -> None:
        await router.post(model(), "/chat/completions", CHAT, tenant="1")

    run_router([server], scenario, salter=CacheSalter(b"s" * 32), cache_salt=False)
    assert "cache_salt" not in server.state.requests[0]["body"]


def test_probe_checks_replicas_now(fleet: Fleet) -> None:
    a, b = fleet.start(2)

    async def scenario(router: ReplicaRouter) -> None:
        assert await router.probe(model())
        fleet.kill(a)
        assert await router.probe(model())  # b still answers
        fleet.kill(b)
        assert not await router.probe(model(), timeout_s=0.5)

    run_router([a, b], scenario)


def test_health_answers_below_500_count_as_up() -> None:
    """A server without /health (404) stays in; one whose engine is dead (503) goes out."""
    from aiohttp import ClientSession, web

    from gateway.routing.upstream import health_ok

    async def dead(_: web.Request) -> web.Response:
        return web.Response(status=503)

    async def scenario() -> None:
        app = web.Application()
        app.router.add_get("/dead/health", dead)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        try:
            async with ClientSession() as session:
                assert await health_ok(session, f"http://127.0.0.1:{port}", 2.0)  # 404: no such route
                assert not await health_ok(session, f"http://127.0.0.1:{port}/dead", 2.0)
        finally:
            await runner.cleanup()

    asyncio.run(scenario())
