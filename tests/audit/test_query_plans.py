"""The audit log's filters keep their indexes (migration 0007 made the decision index partial),
and the partial index changes no answer.

The dashboard and the admin API search with `query.search`: a filter, newest first, a page at a
time. These are the plans of that query on SQLite (EXPLAIN QUERY PLAN), filter by filter, and
the answers of each decision filter on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Select, select, text
from sqlalchemy.dialects import sqlite as sqlite_dialect

from gateway.audit.entry import AuditEntry
from gateway.audit.query import SUMMARY_COLUMNS, AuditFilter, Order, R, search
from gateway.audit.store import chain_store_for
from gateway.db import sqlite
from gateway.db.engine import create_engine

T = datetime(2026, 12, 1, tzinfo=UTC)

# Filter -> the index its search goes through (None: it walks the table newest first). Every
# entry but decision=allow is what the plan was before migration 0007.
PLANS: dict[str, tuple[AuditFilter, str | None]] = {
    "tenant": (AuditFilter(tenant_id=3), "ix_audit_records_tenant_id"),
    "key": (AuditFilter(key_id="abc123"), "ix_audit_records_key_id"),
    "model": (AuditFilter(model="codellama-7b"), "ix_audit_records_model"),
    "time range": (AuditFilter(since=T, until=T + timedelta(days=1)), "ix_audit_records_created_at"),
    "decision=block": (AuditFilter(decision="block"), "ix_audit_records_decision_not_allow"),
    "decision=repair": (AuditFilter(decision="repair"), "ix_audit_records_decision_not_allow"),
    "decision=annotate": (AuditFilter(decision="annotate"), "ix_audit_records_decision_not_allow"),
    "tenant+decision=block": (AuditFilter(tenant_id=3, decision="block"), "ix_audit_records_tenant_id"),
    "finding severity": (AuditFilter(severity="high"), "ix_audit_findings_severity"),
    # Nearly every record is allowed: the newest rows fill the page (as before: decision=redact,
    # since alone, outcome, endpoint).
    "decision=allow": (AuditFilter(decision="allow"), None),
}


def search_sql(flt: AuditFilter) -> Select[Any]:
    columns = [R[name] for name in SUMMARY_COLUMNS]
    return select(*columns).where(*flt.record_conditions(None)).order_by(*Order.parse(None).order_by()).limit(51)


def sqlite_plan(path: str, query: Select[Any]) -> str:
    compiled = query.compile(dialect=sqlite_dialect.dialect())
    params = [sqlite.to_db(compiled.params[name]) for name in compiled.positiontup or ()]
    conn = sqlite3.connect(path)
    try:
        return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + str(compiled), params))
    finally:
        conn.close()


@pytest.mark.parametrize("name", list(PLANS))
def test_dashboard_filters_keep_their_index_on_sqlite(name: str, fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path is not None
    flt, index = PLANS[name]
    plan = sqlite_plan(path, search_sql(flt))
    if index is None:
        # Newest first by the primary key, stopping once the page is full: no sort, no index.
        assert plan == "SCAN audit_records", plan
    else:
        assert f"USING INDEX {index} " in plan or f"USING COVERING INDEX {index} " in plan, plan


def test_the_decision_index_leaves_allowed_records_out(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    conn = sqlite3.connect(str(sqlite.sqlite_path(url)))
    try:
        (ddl,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_audit_records_decision_not_allow'").fetchone()
        indexes = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_records'")}
    finally:
        conn.close()
    assert ddl.endswith("WHERE decision <> 'allow'")
    assert "ix_audit_records_decision" not in indexes  # the full index is gone


def test_postgres_uses_the_partial_index(fresh_database: Any) -> None:
    url = str(fresh_database("postgres"))

    async def main() -> tuple[str, str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                (ddl,) = (await conn.execute(text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_audit_records_decision_not_allow'"))).one()
                # An empty table is cheapest to scan; forbid that to see whether the index can serve.
                await conn.execute(text("SET enable_seqscan = off"))
                compiled = search_sql(AuditFilter(decision="block")).compile(
                    dialect=engine.dialect, compile_kwargs={"literal_binds": True})
                plan = "\n".join(row[0] for row in await conn.execute(text("EXPLAIN " + str(compiled))))
                return ddl, plan
        finally:
            await engine.dispose()

    ddl, plan = asyncio.run(main())
    assert "WHERE ((decision)::text <> 'allow'::text)" in ddl, ddl
    assert "ix_audit_records_decision_not_allow" in plan, plan


def _entry(n: int, decision: str | None, **extra: Any) -> dict[str, Any]:
    return AuditEntry(request_id=f"req_plan{n:04d}", created_at=T + timedelta(seconds=n), tenant_id=1,
                      tenant_name="t1", endpoint="/v1/chat/completions", status_code=200, decision=decision,
                      **extra).row()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_decision_filters_answer_as_before(backend: str, fresh_database: Any) -> None:
    """Each decision filter finds exactly its records, whether they are in the partial index or not."""
    url = str(fresh_database(backend))
    redacted_prompt = [{"rule": "aws_access_key_id", "kind": "secret", "action": "redact", "part": 0}]
    decisions = ["allow", "block", "redact", "repair", "annotate", None, "allow", "block"]
    rows = [_entry(n, decision) for n, decision in enumerate(decisions)]
    rows.append(_entry(len(rows), "allow", input_actions=redacted_prompt))  # reads as redact
    expected = {
        "allow": {"req_plan0000", "req_plan0006"},
        "block": {"req_plan0001", "req_plan0007"},
        "redact": {"req_plan0002", "req_plan0008"},
        "repair": {"req_plan0003"},
        "annotate": {"req_plan0004"},
    }

    async def main() -> dict[str, set[str]]:
        engine = create_engine(url)
        store = chain_store_for(url, engine)
        try:
            await store.append(rows)
            found = {}
            async with engine.connect() as conn:
                for decision in expected:
                    page = await search(conn, AuditFilter(decision=decision), keyring=None)
                    found[decision] = {item["request_id"] for item in page.items}
            return found
        finally:
            await store.aclose()
            await engine.dispose()

    assert asyncio.run(main()) == expected
