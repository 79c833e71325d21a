"""The long-lived services one gateway process holds, built once in `create_app`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit import AuditWriter
from gateway.audit.retention import policy_retention, retention_task
from gateway.auth.service import AuthService
from gateway.limits import Limiter
from gateway.pipeline.service import GenerationService
from gateway.policy import PolicyStore
from gateway.routing.replicas import ReplicaRouter
from gateway.routing.transport import UpstreamTransport
from gateway.runtime_profiles import RuntimeProfiles
from gateway.scanning import ScanEngine
from gateway.settings import Settings
from gateway.telemetry import Metrics, Tracing


@dataclass(slots=True)
class Services:
    settings: Settings
    engine: AsyncEngine
    auth: AuthService
    audit: AuditWriter
    upstream: UpstreamTransport
    policies: PolicyStore
    scanner: ScanEngine
    generation: GenerationService
    router: ReplicaRouter
    limiter: Limiter
    metrics: Metrics
    tracing: Tracing
    profiles: RuntimeProfiles = field(default_factory=lambda: RuntimeProfiles({}))  # loaded at start-up
    started_at: float = field(default_factory=time.time)
    _background: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        await self.upstream.start()
        await self.router.start()
        await self.audit.start()
        await self.scanner.start()
        await self.policies.start()
        retention = retention_task(self.engine, policy_retention(self.engine, self.policies))
        self._background.append(asyncio.create_task(retention, name="retention"))

    async def aclose(self) -> None:
        for task in self._background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.policies.aclose()
        await self.scanner.aclose()
        await self.audit.aclose()
        await self.router.aclose()
        await self.limiter.aclose()
        await self.upstream.aclose()
        self.tracing.shutdown()
        await self.auth.aclose()
        await self.engine.dispose()
