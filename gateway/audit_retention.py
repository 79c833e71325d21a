"""Retention in the running gateway: each tenant's bodies are cleared after its policy's days."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.retention import purge_by_policy
from gateway.auth.models import Tenant
from gateway.policy import PolicyStore

log = logging.getLogger("sluice.audit")


async def retention_loop(engine: AsyncEngine, policies: PolicyStore, interval_s: float = 3600.0) -> None:
    """Forever, every `interval_s`: purge by the current policies (reloads take effect next round)."""
    while True:
        try:
            async with engine.connect() as conn:
                tenants = (await conn.execute(select(Tenant.id, Tenant.name))).all()
            current = policies.current
            days = {tenant_id: current.for_tenant(name).policy.audit.retention_days for tenant_id, name in tenants}
            purged = await purge_by_policy(engine, current.default.policy.audit.retention_days, days)
            if purged:
                log.info("audit retention: cleared the bodies of %d records", purged)
        except Exception as exc:  # a failed round is retried next time; it must not kill the task
            log.error("audit retention round failed: %s", type(exc).__name__)
        await asyncio.sleep(interval_s)
