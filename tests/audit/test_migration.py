"""Migration 0003 up and down on both backends; records chained before it still verify after it."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from typing import Any

import msgspec
from alembic import command
from sqlalchemy import inspect, text

from gateway.audit.models import GENESIS_HASH
from gateway.db.engine import create_engine
from gateway.db.migrate import alembic_config, downgrade, upgrade
from tests.audit.helpers import EVAL_FINDING, entry, verify, write

NEW_TABLES = {"audit_findings", "audit_checkpoints"}


def schema(url: str) -> tuple[set[str], set[str]]:
    async def main() -> tuple[set[str], set[str]]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:

                def read(c: Any) -> tuple[set[str], set[str]]:
                    inspector = inspect(c)
                    return set(inspector.get_table_names()), {
                        col["name"] for col in inspector.get_columns("audit_records")
                    }

                return await conn.run_sync(read)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def old_style_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """The canonical form as release 0.1 computed it: every key but bodies and chain fields."""
    data = {
        k: (v.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if isinstance(v, datetime) else v)
        for k, v in row.items()
        if k not in ("prompt", "response", "prev_hash", "record_hash")
    }
    return hashlib.sha256(prev_hash.encode() + msgspec.json.encode(data, order="sorted")).hexdigest()


def insert_old_record(url: str) -> None:
    row: dict[str, Any] = {
        "id": 1,
        "request_id": "req_before_0003",
        "trace_id": None,
        "created_at": datetime(2026, 1, 5, tzinfo=UTC),
        "tenant_id": 1,
        "tenant_name": "acme",
        "key_id": "k",
        "client_addr": "127.0.0.1",
        "endpoint": "/v1/completions",
        "model": "m",
        "stream": False,
        "status_code": 200,
        "outcome": "ok",
        "error_code": None,
        "error_message": None,
        "latency_ms": 1.5,
        "upstream_ttft_ms": None,
        "upstream_ms": 1.0,
        "prompt_tokens": 3,
        "completion_tokens": 4,
        "policy_version": None,
        "decision": None,
        "details": None,
        "prompt": None,
        "response": None,
        "prompt_sha256": "a" * 64,
        "response_sha256": None,
    }
    row["prev_hash"] = GENESIS_HASH
    row["record_hash"] = old_style_hash(GENESIS_HASH, row)

    async def main() -> None:
        engine = create_engine(url)
        try:
            async with engine.begin() as conn:
                columns = ", ".join(row)
                values = ", ".join(f":{k}" for k in row)
                await conn.execute(text(f"INSERT INTO audit_records ({columns}) VALUES ({values})"), row)
                await conn.execute(
                    text("UPDATE audit_chain_head SET last_id = 1, last_hash = :h"), {"h": row["record_hash"]}
                )
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_upgrade_downgrade_check_and_old_records_verify(audit_db: str) -> None:
    tables, columns = schema(audit_db)
    assert NEW_TABLES <= tables and {"findings_sha256", "body_key_id", "stage_ms"} <= columns
    command.check(alembic_config(audit_db))  # models and migrations agree

    downgrade(audit_db, "0002_license_index")
    tables, columns = schema(audit_db)
    assert not NEW_TABLES & tables and "findings_sha256" not in columns

    insert_old_record(audit_db)  # a record chained by the release before 0003
    upgrade(audit_db)
    assert verify(audit_db).ok
    write(audit_db, [entry(findings=[EVAL_FINDING]), entry(store_bodies="hash_only")])
    report = verify(audit_db)
    assert report.ok and report.checked == 3
