"""The PostgreSQL chain store: one-statement appends, and what happens when another writer races it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.audit.checkpoints import Checkpointer
from gateway.audit.pg_store import PostgresChainStore
from gateway.audit.store import SqlAlchemyChainStore, chain_store_for
from gateway.db.engine import create_engine
from tests.audit.helpers import EVAL_FINDING, SQLI_FINDING, entry, verify
from tests.support import db


def _row(**fields: Any) -> dict[str, Any]:
    return entry(**fields).row()


def test_postgres_urls_get_the_one_statement_store(fresh_database: Any) -> None:
    url = str(fresh_database("postgres"))
    engine = create_engine(url)
    assert isinstance(chain_store_for(url, engine), PostgresChainStore)
    asyncio.run(engine.dispose())


def test_racing_writers_fall_back_to_the_locked_path_and_keep_one_chain(fresh_database: Any) -> None:
    url = str(fresh_database("postgres"))
    awkward = {
        "created_at": datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC),
        "latency_ms": 98765.432,
        "stage_ms": {"scan": 0.001, "auth": 1e-3, "upstream": 123456.789},
        "details": {"naïve": "ünïcode ✓", "nested": [1, 2.5, None, True], "quote": 'he said "hi"\n'},
        "prompt": "line\\one\ttab",
        "stream": True,
    }

    async def main() -> tuple[int, int]:
        engine = create_engine(url)
        first = PostgresChainStore(engine)
        second = PostgresChainStore(engine, checkpointer=Checkpointer(Ed25519PrivateKey.generate(), every=3))
        try:
            # Alternate batches: after the first round each store's remembered head is stale.
            for n in range(4):
                await first.append([_row(findings=[EVAL_FINDING, SQLI_FINDING], **awkward), _row()])
                await second.append([_row(findings=[EVAL_FINDING]), _row(**awkward), _row()])
                assert n == 0 or (first.optimistic_misses == n and second.optimistic_misses == n)
            # Uncontended, the remembered head is right: no more misses.
            await second.append([_row()])
            await second.append([_row()])
            return first.optimistic_misses, second.optimistic_misses
        finally:
            await first.aclose()
            await second.aclose()
            await engine.dispose()

    misses = asyncio.run(main())
    assert misses == (3, 3)
    rows = db.audit_rows(url)
    assert [r.id for r in rows] == list(range(1, 4 * 5 + 3))
    assert db.rows(url, "SELECT count(*) FROM audit_findings") == [(4 * 3,)]
    signed = [r[0] for r in db.rows(url, "SELECT record_id FROM audit_checkpoints ORDER BY record_id")]
    assert signed and all(record_id % 3 == 0 for record_id in signed)
    awkward_rows = [r for r in rows if r.details]
    assert len(awkward_rows) == 8 and all(r.details == awkward["details"] for r in awkward_rows)
    assert all(r.latency_ms == 98765.432 and r.created_at == awkward["created_at"] for r in awkward_rows)
    assert all(r.stage_ms == {"scan": 0.001, "auth": 0.001, "upstream": 123456.789} for r in awkward_rows)
    report = verify(url)
    assert report.ok and report.checked == len(rows), report


def test_a_failed_batch_writes_nothing_and_the_next_one_chains_on(fresh_database: Any) -> None:
    url = str(fresh_database("postgres"))

    async def main() -> None:
        engine = create_engine(url)
        store = PostgresChainStore(engine)
        try:
            await store.append([_row(request_id="req-dup")])
            try:
                await store.append([_row(), _row(request_id="req-dup")])  # unique violation: whole batch fails
            except Exception as exc:
                assert "unique" in str(exc).lower()
            else:
                raise AssertionError("a duplicate request id must fail the batch")
            await store.append([_row(), _row()])
        finally:
            await store.aclose()
            await engine.dispose()

    asyncio.run(main())
    rows = db.audit_rows(url)
    assert [r.id for r in rows] == [1, 2, 3]
    report = verify(url)
    assert report.ok and report.checked == 3, report


def test_the_generic_store_and_the_one_statement_store_write_one_chain_together(fresh_database: Any) -> None:
    """The generic SQLAlchemy store (other async drivers) interleaved with the asyncpg one."""
    url = str(fresh_database("postgres"))

    async def main() -> None:
        engine = create_engine(url)
        generic = SqlAlchemyChainStore(engine)
        fast = PostgresChainStore(engine)
        try:
            for _ in range(3):
                await generic.append([_row(findings=[EVAL_FINDING]), _row()])
                await fast.append([_row(), _row(findings=[SQLI_FINDING])])
        finally:
            await generic.aclose()
            await fast.aclose()
            await engine.dispose()

    asyncio.run(main())
    rows = db.audit_rows(url)
    assert [r.id for r in rows] == list(range(1, 13))
    assert db.rows(url, "SELECT count(*) FROM audit_findings") == [(6,)]
    report = verify(url)
    assert report.ok and report.checked == 12, report
