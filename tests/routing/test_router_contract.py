"""ReplicaRouter's contract over the in-memory transport: which replica gets each attempt,
when a failure moves to another one, what the breaker and health checks do. No sockets:
the transport seam (gateway.routing.transport) is what makes these unit tests possible;
tests/routing/test_replicas.py checks the same behaviour end to end over real HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from gateway.errors import APIError
from gateway.routing.cache_salt import CacheSalter
from gateway.routing.deployment import DeploymentConfig
from gateway.routing.replicas import ReplicaRouter
from gateway.settings import ModelSettings
from tests.support.memory_transport import MemoryTransport, Scripted, hung, refused

A, B, C = "http://a.test/v1", "http://b.test/v1", "http://c.test/v1"
MODEL = ModelSettings(name="m", upstream=A)
BODY = b'{"model":"m","prompt":"x"}'


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def run(scenario: Callable[[ReplicaRouter, MemoryTransport], Awaitable[Any]], *replicas: str,
        transport: MemoryTransport | None = None, salter: CacheSalter | None = None,
        clock: Clock | None = None, **routing: Any) -> MemoryTransport:
    transport = transport or MemoryTransport()
    routing.setdefault("health_interval_s", 3600.0)
    config = DeploymentConfig(replicas=replicas or (A, B), **routing)

    async def main() -> None:
        await transport.start()
        router = ReplicaRouter(transport, [MODEL], configs={"m": config}, salter=salter,
                               clock=clock or Clock())
        await router.start()
        try:
            await scenario(router, transport)
        finally:
            await router.aclose()
            await transport.aclose()

    asyncio.run(main())
    return transport


def test_idle_replicas_take_turns() -> None:
    async def scenario(router: ReplicaRouter, _: MemoryTransport) -> None:
        for _turn in range(6):
            await router.post(MODEL, "/completions", BODY)

    transport = run(scenario, A, B, C)
    assert [call.base_url for call in transport.calls] == [A, B, C, A, B, C]
    assert {call.path for call in transport.calls} == {"/completions"}


def test_an_unreachable_replica_fails_over_and_its_breaker_opens() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, refused(), refused())
        for _ in range(4):
            reply = await router.post(MODEL, "/completions", BODY)
            assert reply.status == 200
        states = {row["replica"]: row["breaker"] for row in router.snapshot()}
        assert states == {A: "open", B: "closed"}

    transport = run(scenario, failure_threshold=2)
    # Two calls to A failed (each retried on B); with A's breaker open, B takes everything.
    assert transport.served(A) == 2 and transport.served(B) == 4


def test_a_request_the_upstream_rejects_is_not_retried_and_does_not_count_against_the_replica() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, Scripted(status=400, body=b'{"error": {"message": "prompt too long"}}'))
        with pytest.raises(APIError) as raised:
            await router.post(MODEL, "/completions", BODY)
        assert (raised.value.status, raised.value.code, raised.value.message) == (400, "upstream_rejected",
                                                                                 "prompt too long")
        assert all(row["breaker"] == "closed" and row["outstanding"] == 0 for row in router.snapshot())

    transport = run(scenario, failure_threshold=1)
    assert len(transport.calls) == 1


def test_attempts_stop_at_max_attempts_with_the_last_replica_failure() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, hung())
        transport.script(B, refused())
        with pytest.raises(APIError) as raised:
            await router.post(MODEL, "/completions", BODY)
        assert raised.value.code == "upstream_unreachable"

    transport = run(scenario, A, B, C, max_attempts=2)
    assert [call.base_url for call in transport.calls] == [A, B]


def test_a_stream_broken_before_its_first_chunk_moves_to_another_replica() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, Scripted(chunks=(b"data: 1\n\n",), break_after=0))
        stream = await router.open_stream(MODEL, "/completions", BODY)
        got = [chunk async for chunk in stream.chunks()]
        stream.close()
        assert got == [b'{"choices": []}']
        assert stream.replica == B
        assert transport.streams[0].closed  # the broken stream was dropped, not leaked

    transport = run(scenario)
    assert [call.kind for call in transport.calls] == ["stream", "stream"]


def test_a_stream_broken_after_bytes_were_handed_on_is_not_retried() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, Scripted(chunks=(b"data: 1\n\n", b"data: 2\n\n"), break_after=1))
        stream = await router.open_stream(MODEL, "/completions", BODY)
        got: list[bytes] = []
        with pytest.raises(APIError) as raised:
            async for chunk in stream.chunks():
                got.append(chunk)
        assert got == [b"data: 1\n\n"] and raised.value.code == "upstream_error"
        assert router.snapshot()[0]["outstanding"] == 0

    transport = run(scenario)
    assert len(transport.calls) == 1


def test_every_replica_at_capacity_answers_503_with_retry_after() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, Scripted(delay_s=0.2))
        held = asyncio.create_task(router.post(MODEL, "/completions", BODY))
        await asyncio.sleep(0.05)
        with pytest.raises(APIError) as raised:
            await router.post(MODEL, "/completions", BODY)
        assert (raised.value.status, raised.value.code) == (503, "replicas_busy")
        assert raised.value.headers == {"retry-after": "1"}
        await held

    run(scenario, A, max_concurrency_per_replica=1)


def test_a_cancelled_call_frees_its_slot_without_blaming_the_replica() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.script(A, Scripted(delay_s=5))
        call = asyncio.create_task(router.post(MODEL, "/completions", BODY))
        await asyncio.sleep(0.05)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert router.snapshot()[0] == {"model": "m", "replica": A, "healthy": True, "breaker": "closed",
                                        "outstanding": 0}

    run(scenario, A, failure_threshold=1)


def test_health_checks_go_through_the_transport_and_eject_then_restore() -> None:
    async def scenario(router: ReplicaRouter, transport: MemoryTransport) -> None:
        transport.healthy["http://a.test"] = False
        await asyncio.sleep(0.1)  # several health rounds at 10 ms
        assert not router.usable(MODEL)
        with pytest.raises(APIError) as raised:
            await router.post(MODEL, "/completions", BODY)
        assert raised.value.code == "no_healthy_replica"
        transport.healthy["http://a.test"] = True
        await asyncio.sleep(0.05)
        assert router.usable(MODEL)
        assert await router.probe(MODEL)

    transport = run(scenario, A, health_interval_s=0.01, unhealthy_after=2)
    assert set(transport.probes) == {"http://a.test"}  # the replica root, not its /v1


def test_probe_before_start_answers_from_known_state_without_calling_out() -> None:
    transport = MemoryTransport()
    router = ReplicaRouter(transport, [MODEL])
    assert asyncio.run(router.probe(MODEL))
    assert transport.probes == []


def test_cache_salt_is_added_per_tenant_only_when_a_tenant_is_known() -> None:
    salter = CacheSalter(b"s" * 32)

    async def scenario(router: ReplicaRouter, _: MemoryTransport) -> None:
        await router.post(MODEL, "/completions", BODY, tenant="acme")
        await router.post(MODEL, "/completions", BODY)

    transport = run(scenario, A, salter=salter)
    salted, plain = (json.loads(call.body) for call in transport.calls)
    assert salted["cache_salt"] == salter.salt("acme") and "cache_salt" not in plain
