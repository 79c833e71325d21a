"""Run a ReplicaRouter over real HTTP against scripted replicas, inside one event loop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from gateway.routing.cache_salt import CacheSalter
from gateway.routing.deployment import DeploymentConfig
from gateway.routing.replicas import ReplicaRouter
from gateway.routing.upstream import UpstreamClient
from gateway.settings import ModelSettings
from tests.support.scripted_upstream import ScriptedUpstream

CHAT = json.dumps({"model": "scripted-model", "messages": [{"role": "user", "content": "hi"}]}).encode()
COMPLETION_STREAM = json.dumps({"model": "scripted-model", "prompt": "def f", "stream": True}).encode()


def model(read_timeout_s: float = 5.0) -> ModelSettings:
    return ModelSettings(name="m", upstream="http://unused.invalid/v1", read_timeout_s=read_timeout_s,
                         connect_timeout_s=1.0)


def config(servers: list[ScriptedUpstream], **routing: Any) -> DeploymentConfig:
    routing.setdefault("health_interval_s", 3600.0)  # tests that need health checks set it
    return DeploymentConfig(replicas=tuple(s.base_url for s in servers), **routing)


def run_router(servers: list[ScriptedUpstream], scenario: Callable[[ReplicaRouter], Awaitable[Any]], *,
               salter: CacheSalter | None = None, clock: Callable[[], float] | None = None,
               observer: Any = None, **routing: Any) -> Any:
    async def main() -> Any:
        upstream = UpstreamClient()
        await upstream.start()
        kwargs: dict[str, Any] = {"configs": {"m": config(servers, **routing)}, "salter": salter,
                                  "observer": observer}
        if clock is not None:
            kwargs["clock"] = clock
        router = ReplicaRouter(upstream, [model()], **kwargs)
        await router.start()
        try:
            return await scenario(router)
        finally:
            await router.aclose()
            await upstream.aclose()

    return asyncio.run(main())


def served(server: ScriptedUpstream) -> int:
    return len(server.state.requests)
