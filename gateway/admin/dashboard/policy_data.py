"""Figures for the Policies page: reload history and shadow-mode results, from the audit trail.

Reloads are the `admin:policy.reload` events the app chains (old and new set version).
Shadow-mode records keep the decision the policy *would* have enforced, so counting them
by decision shows what a shadow policy would have blocked or redacted.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.audit.query import R

SHADOW_WINDOW = timedelta(days=7)


async def reload_history(conn: AsyncConnection, limit: int = 20) -> list[dict[str, Any]]:
    query = (
        select(R.request_id, R.created_at, R.details)
        .where(R.endpoint == "admin:policy.reload")
        .order_by(R.id.desc())
        .limit(limit)
    )
    history = []
    for request_id, created_at, details in (await conn.execute(query)).all():
        details = details if isinstance(details, dict) else {}
        history.append(
            {
                "request_id": request_id,
                "created_at": created_at,
                "old": str(details.get("old_version") or "")[:12],
                "new": str(details.get("new_version") or "")[:12],
            }
        )
    return history


async def shadow_results(conn: AsyncConnection, now: datetime, tenant_id: int | None) -> dict[str, dict[str, int]]:
    """tenant name -> decision -> records, for shadow-mode records of the last week."""
    where = [R.policy_mode == "shadow", R.created_at >= now - SHADOW_WINDOW, R.decision.is_not(None)]
    if tenant_id is not None:
        where.append(R.tenant_id == tenant_id)
    query = select(R.tenant_name, R.decision, func.count()).where(*where).group_by(R.tenant_name, R.decision)
    results: dict[str, dict[str, int]] = {}
    for tenant, decision, n in (await conn.execute(query)).all():
        results.setdefault(tenant or "—", {})[decision] = n
    return results
