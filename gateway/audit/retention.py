"""Retention: drop stored bodies older than the cutoff; the chain stays verifiable.

Only `prompt`, `response` and `body_key_id` are cleared; the records keep their
body hashes, which is what the chain commits to. Work goes in id-ordered batches so
the audit writer never waits long for the database lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.models import AuditRecord
from gateway.auth.models import Tenant
from gateway.policy import PolicyStore

log = logging.getLogger("sluice.audit")


async def purge_bodies(
    engine: AsyncEngine,
    older_than: timedelta,
    *,
    tenant_id: int | None = None,
    exclude_tenants: Collection[int] = (),
    now: datetime | None = None,
    batch: int = 1000,
) -> int:
    """Clear bodies of records created before now - older_than; returns how many records."""
    cutoff = (now or datetime.now(UTC)) - older_than
    purged = 0
    while True:
        candidates = (
            select(AuditRecord.id)
            .where(AuditRecord.created_at < cutoff)
            .where(or_(AuditRecord.prompt.is_not(None), AuditRecord.response.is_not(None)))
            .order_by(AuditRecord.id)
            .limit(batch)
        )
        if tenant_id is not None:
            candidates = candidates.where(AuditRecord.tenant_id == tenant_id)
        if exclude_tenants:
            candidates = candidates.where(
                or_(AuditRecord.tenant_id.is_(None), AuditRecord.tenant_id.not_in(list(exclude_tenants)))
            )
        async with engine.begin() as conn:
            ids = list((await conn.execute(candidates)).scalars())
            if not ids:
                return purged
            clear = update(AuditRecord).where(AuditRecord.id.in_(ids))
            await conn.execute(clear.values(prompt=None, response=None, body_key_id=None))
        purged += len(ids)


async def purge_by_policy(
    engine: AsyncEngine, default_days: int, per_tenant: Mapping[int, int] | None = None
) -> int:
    """Each tenant with its own retention (days), everyone else with `default_days`."""
    per_tenant = per_tenant or {}
    total = 0
    for tenant_id, days in per_tenant.items():
        total += await purge_bodies(engine, timedelta(days=days), tenant_id=tenant_id)
    total += await purge_bodies(engine, timedelta(days=default_days), exclude_tenants=set(per_tenant))
    return total


# One round's retention: (days for tenants without their own, {tenant_id: days}).
RetentionPlan = Callable[[], Awaitable[tuple[int, Mapping[int, int]]]]


def policy_retention(engine: AsyncEngine, policies: PolicyStore) -> RetentionPlan:
    """Each tenant's `audit.retention_days` from the policies current at each round (reloads count)."""

    async def plan() -> tuple[int, Mapping[int, int]]:
        async with engine.connect() as conn:
            tenants = (await conn.execute(select(Tenant.id, Tenant.name))).all()
        current = policies.current
        days = {tenant_id: current.for_tenant(name).policy.audit.retention_days for tenant_id, name in tenants}
        return current.default.policy.audit.retention_days, days

    return plan


async def retention_task(engine: AsyncEngine, plan: RetentionPlan, *, interval_s: float = 3600.0) -> None:
    """Run forever (the gateway starts it at start-up and cancels it at shutdown): every
    `interval_s`, purge by the plan of that round. A failed round is logged and retried next time."""
    while True:
        try:
            default_days, per_tenant = await plan()
            purged = await purge_by_policy(engine, default_days, per_tenant)
            if purged:
                log.info("audit retention: cleared the bodies of %d records", purged)
        except Exception as exc:  # a failed round must not kill the task
            log.error("audit retention round failed: %s", type(exc).__name__)
        await asyncio.sleep(interval_s)
