"""Walk the audit chain and report the first broken or missing link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.chain import link_hash
from gateway.audit.entry import sha256_text
from gateway.audit.models import GENESIS_HASH, AuditChainHead, AuditRecord

_CHAIN_COLUMNS = [c for c in AuditRecord.__table__.columns if c.name not in {"prompt", "response"}]


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str | None = None


async def verify_chain(engine: AsyncEngine, *, batch: int = 2000) -> ChainReport:
    checked = 0
    expected_id = 1
    prev_hash = GENESIS_HASH
    async with engine.connect() as conn:
        while True:
            query = (
                select(*_CHAIN_COLUMNS, AuditRecord.prompt, AuditRecord.response)
                .where(AuditRecord.id >= expected_id)
                .order_by(AuditRecord.id)
                .limit(batch)
            )
            rows = (await conn.execute(query)).mappings().all()
            if not rows:
                break
            for row in rows:
                record: dict[str, Any] = dict(row)
                if record["id"] != expected_id:
                    return ChainReport(False, checked, expected_id, f"record {expected_id} is missing")
                if record["prev_hash"] != prev_hash:
                    return ChainReport(False, checked, record["id"], "prev_hash does not match the previous record")
                for body in ("prompt", "response"):
                    if record[body] is not None and sha256_text(record[body]) != record[f"{body}_sha256"]:
                        return ChainReport(False, checked, record["id"], f"{body} does not match its hash")
                if link_hash(prev_hash, record) != record["record_hash"]:
                    return ChainReport(False, checked, record["id"], "record content does not match its hash")
                prev_hash = record["record_hash"]
                expected_id += 1
                checked += 1
        head = (await conn.execute(select(AuditChainHead.last_id, AuditChainHead.last_hash))).one()
    if head.last_id != checked or head.last_hash != prev_hash:
        return ChainReport(False, checked, checked + 1, f"chain head says {head.last_id} records; found {checked}")
    return ChainReport(True, checked)
