"""Policy snapshots: the effective text of every policy version the gateway has loaded.

An audit record keeps only its policy's version (a sha256 of the effective policy), which is
enough to prove which policy decided but not to read it. So whenever a policy set is loaded (at
start and on every reload) each of its policies is written here once, keyed by (policy name,
version): the default policy under `default`, a tenant with its own file under the tenant's name.
Several workers load the same set at once, so a write is insert-if-absent; the first one seen
keeps its `first_seen_at`. The dashboard reads the text back and diffs it against the snapshot of
the same policy name seen before it.

Writing is best effort: a database that is down or not yet migrated must not stop the gateway
or a reload (the policy is in force either way), so failures are logged and the next load, or a
dashboard view of a version still in force, fills the gap.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy import Index, Integer, String, Text, UniqueConstraint, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base
from gateway.db.types import UTCDateTime, utcnow
from gateway.policy.compiled import CompiledPolicy
from gateway.policy.loader import DEFAULT_NAME, PolicySet
from gateway.scanning.secrets import redact

log = logging.getLogger("sluice.policy")

MAX_NAME_CHARS = 128  # the column's width; a longer tenant file name is not kept (no tenant has one)
WRITE_TIMEOUT_S = 5.0  # a start-up or reload never waits longer than this on the database


class PolicySnapshotRow(Base):
    __tablename__ = "policy_snapshots"
    __table_args__ = (
        UniqueConstraint("policy_name", "version"),
        Index("ix_policy_snapshots_version", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_name: Mapped[str] = mapped_column(String(MAX_NAME_CHARS), nullable=False)
    version: Mapped[str] = mapped_column(String(64), nullable=False)
    # The policy set (all tenants together) this version first arrived with.
    set_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: int
    policy_name: str
    version: str
    set_version: str | None
    first_seen_at: datetime
    text: str


def effective_text(policy: CompiledPolicy) -> str:
    """The merged policy as YAML (what the Policies page shows), with any credential replaced.

    Policies hold no secrets by design, but a scanner's `options` are passed through as written,
    and a snapshot outlives the file (backups, exports): a token pasted there is not kept here.
    """
    text = yaml.safe_dump(policy.to_builtins(), sort_keys=False, allow_unicode=True)
    return redact(text)[0]


def _rows(policy_set: PolicySet) -> list[dict[str, Any]]:
    now = utcnow()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for name, policy in ((DEFAULT_NAME, policy_set.default), *sorted(policy_set.tenants.items())):
        if len(name) > MAX_NAME_CHARS:
            log.warning("policy snapshot skipped: tenant file name longer than %d characters", MAX_NAME_CHARS)
            continue
        rows[(name, policy.version)] = {
            "policy_name": name,
            "version": policy.version,
            "set_version": policy_set.version,
            "first_seen_at": now,
            "text": effective_text(policy),
        }
    return list(rows.values())


async def _insert_absent(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    t = PolicySnapshotRow
    keys = ["policy_name", "version"]
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(postgresql.insert(t).values(rows).on_conflict_do_nothing(index_elements=keys))
        elif engine.dialect.name == "sqlite":
            await conn.execute(sqlite.insert(t).values(rows).on_conflict_do_nothing(index_elements=keys))
        else:  # another backend: look first (a race with another worker only costs this load's write)
            for row in rows:
                found = await conn.scalar(
                    select(t.id).where(t.policy_name == row["policy_name"], t.version == row["version"]))
                if found is None:
                    await conn.execute(insert(t).values(**row))


async def record_snapshots(engine: AsyncEngine, policy_set: PolicySet, *, timeout_s: float = WRITE_TIMEOUT_S) -> bool:
    """Keep every policy of `policy_set` not kept yet. Never raises; False if the write failed."""
    rows = _rows(policy_set)
    if not rows:
        return True
    try:
        await asyncio.wait_for(_insert_absent(engine, rows), timeout_s)
    except Exception as exc:  # best effort, see the module docstring
        # The type only: a driver's message can quote the statement's parameters (the policy text).
        log.warning("policy snapshots not recorded (%s); the policies stay in force", type(exc).__name__)
        return False
    return True


def _snapshot(row: Any) -> Snapshot:
    return Snapshot(row.id, row.policy_name, row.version, row.set_version, row.first_seen_at, row.text)


async def snapshots_of(conn: AsyncConnection, version: str) -> list[Snapshot]:
    """Every policy name that had this version (tenants whose merged policies are equal share one)."""
    query = select(PolicySnapshotRow).where(PolicySnapshotRow.version == version).order_by(PolicySnapshotRow.id)
    return [_snapshot(row) for row in (await conn.execute(query)).all()]


async def neighbours(conn: AsyncConnection, snapshot: Snapshot) -> tuple[Snapshot | None, Snapshot | None]:
    """The snapshots of the same policy name seen just before and just after this one."""
    t = PolicySnapshotRow
    same = t.policy_name == snapshot.policy_name
    before = (await conn.execute(select(t).where(same, t.id < snapshot.id).order_by(t.id.desc()).limit(1))).first()
    after = (await conn.execute(select(t).where(same, t.id > snapshot.id).order_by(t.id).limit(1))).first()
    return (_snapshot(before) if before else None), (_snapshot(after) if after else None)


async def history(conn: AsyncConnection, names: list[str], limit: int = 10) -> dict[str, list[Snapshot]]:
    """The latest `limit` snapshots of each policy name, newest first (without their text)."""
    t = PolicySnapshotRow
    result: dict[str, list[Snapshot]] = {}
    for name in names:
        query = (select(t.id, t.policy_name, t.version, t.set_version, t.first_seen_at)
                 .where(t.policy_name == name).order_by(t.id.desc()).limit(limit))
        result[name] = [Snapshot(r.id, r.policy_name, r.version, r.set_version, r.first_seen_at, "")
                        for r in (await conn.execute(query)).all()]
    return result


__all__ = ["PolicySnapshotRow", "Snapshot", "effective_text", "history", "neighbours", "record_snapshots",
           "snapshots_of"]
