"""Retention: drop stored bodies older than the cutoff; the chain stays verifiable.

Only `prompt`, `response` and `body_key_id` are cleared; the records keep their
body hashes, which is what the chain commits to. Work goes in id-ordered batches so
the audit writer never waits long for the database lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.models import AuditRecord

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


RetentionLookup = Callable[[], Mapping[int, int]]


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


async def retention_task(
    engine: AsyncEngine,
    default_days: int,
    per_tenant: RetentionLookup | None = None,
    *,
    interval_s: float = 3600.0,
) -> None:
    """Run forever (start it with asyncio.create_task in the lifespan; cancel to stop).

    `per_tenant` is called each round, so policy reloads take effect: it returns
    {tenant_id: retention_days} from the compiled policies.
    """
    while True:
        try:
            purged = await purge_by_policy(engine, default_days, per_tenant() if per_tenant else None)
            if purged:
                log.info("audit retention: cleared bodies of %d records", purged)
        except Exception as exc:  # a failed round is retried next interval, never kills the task
            log.error("audit retention round failed: %s", type(exc).__name__)
        await asyncio.sleep(interval_s)
