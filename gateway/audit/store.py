"""Where the chain is appended: one implementation per backend, chosen by the database URL.

Both take the chain head's write lock first, so writers in other processes or on
other hosts chain one after another: on PostgreSQL a row lock on
`audit_chain_head`, on SQLite `BEGIN IMMEDIATE` (the database write lock). The
records, their findings and any due checkpoint commit in that one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol, TypeVar

import msgspec
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.audit.bodies import BodySealer
from gateway.audit.chain import link_hash
from gateway.audit.checkpoints import UNSIGNED_HEAD, Checkpointer
from gateway.audit.findings import findings_hash, normalize_finding
from gateway.audit.fit import fit_finding, fit_record
from gateway.audit.models import AuditChainHead, AuditCheckpoint, AuditFinding, AuditRecord
from gateway.db import sqlite
from gateway.db.errors import is_connection_lost, is_data_error

Row = dict[str, Any]
T = TypeVar("T")
log = logging.getLogger("sluice.audit")
_encode = msgspec.json.Encoder().encode


class ChainStore(Protocol):
    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        """Chain and insert `rows` in one transaction; returns their ids once committed."""
        ...

    async def ping(self) -> None:
        """Raise unless a batch could be written now (readiness); reconnects a lost connection."""
        ...

    async def aclose(self) -> None: ...


def chain(rows: list[dict[str, Any]], last_id: int, last_hash: str) -> tuple[int, str]:
    """Assign ids and hashes in place, continuing from the head; returns the new head."""
    for row in rows:
        last_id += 1
        row["id"] = last_id
        row["prev_hash"] = last_hash
        last_hash = link_hash(last_hash, row)
        row["record_hash"] = last_hash
    return last_id, last_hash


def prepare(rows: list[dict[str, Any]], sealer: BodySealer) -> list[list[dict[str, Any]]]:
    """Fit values to their columns, seal bodies and take findings out of each row (they get their own table)."""
    findings_per_row = []
    for row in rows:
        fit_record(row)
        findings = [fit_finding(normalize_finding(f)) for f in row.pop("findings", None) or ()]
        row["findings_count"] = len(findings) if findings else None
        row["findings_sha256"] = findings_hash(findings)
        sealer.seal(row)
        findings_per_row.append(findings)
    return findings_per_row


def finding_rows(rows: list[Row], findings_per_row: list[list[Row]]) -> list[Row]:
    out = []
    for row, findings in zip(rows, findings_per_row, strict=True):
        for position, finding in enumerate(findings):
            out.append(
                {
                    "record_id": row["id"],
                    "position": position,
                    "tenant_id": row["tenant_id"],
                    "created_at": row["created_at"],
                    **finding,
                }
            )
    return out


# Python's regex engine holds the GIL, so a scan on a thread does not run beside the event loop; the
# thread only spares other requests one long stall. Below this many characters the two thread hops
# cost more than the scan (~0.15 ms per KB).
INLINE_SCAN_CHARS = 4096


def needs_thread(rows: list[dict[str, Any]]) -> bool:
    """True when the bodies still to be secret-scanned are long enough to move off the event loop."""
    chars = 0
    for row in rows:
        if not row.get("prompt_redacted"):
            chars += len(row.get("prompt") or "")
        if not row.get("response_redacted"):
            chars += len(row.get("response") or "")
        if row.get("details"):
            try:
                chars += len(_encode(row["details"]))
            except (UnicodeEncodeError, TypeError, ValueError):  # not fitted yet (prepare does that): no guess
                return True
        if chars > INLINE_SCAN_CHARS:
            return True
    return False


class HeldConnection:
    """One connection kept across batches: no pool checkout and pre-ping per batch (a round
    trip less). One batch at a time.

    A connection held from an earlier batch may have died while idle (the database restarted,
    a proxy cut it): `run` then reconnects once and runs the work again, so the first request
    after a restart succeeds. Any other failure drops the connection unless the database only
    refused the data (the connection is fine then), and the next batch reconnects."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self.reconnects = 0  # lost held connections replaced (seen by tests)

    @contextlib.asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncConnection]:
        async with self._lock:
            conn = self._conn or await self._engine.connect()
            self._conn = None
            try:
                yield conn
            except BaseException as exc:
                if isinstance(exc, Exception) and is_data_error(exc) and not conn.invalidated:
                    self._conn = conn  # the statement was refused, the connection is fine
                else:
                    with contextlib.suppress(Exception):
                        await conn.invalidate()
                        await conn.close()
                raise
            self._conn = conn

    async def run(self, work: Callable[[AsyncConnection, bool], Awaitable[T]]) -> T:
        """`work(conn, retry)` on the held connection; `retry` is True on the second run, after the
        held connection turned out to be lost (the first run may or may not have reached the database)."""
        held = self._conn is not None
        try:
            async with self.use() as conn:
                return await work(conn, False)
        except Exception as exc:
            if not (held and is_connection_lost(exc)):
                raise
            log.warning("audit database connection lost (%s); reconnecting", type(exc).__name__)
            self.reconnects += 1
        async with self.use() as conn:
            return await work(conn, True)

    async def aclose(self) -> None:
        async with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    await self._conn.close()
                self._conn = None


async def prepare_off_loop(rows: list[Row], sealer: BodySealer) -> list[list[Row]]:
    return await asyncio.to_thread(prepare, rows, sealer) if needs_thread(rows) else prepare(rows, sealer)


class SqlAlchemyChainStore:
    """Any SQLAlchemy async backend (PostgreSQL through asyncpg gets `PostgresChainStore`):
    lock the head, insert, move the head, in one transaction."""

    def __init__(
        self, engine: AsyncEngine, *, sealer: BodySealer | None = None, checkpointer: Checkpointer | None = None
    ) -> None:
        self._sealer = sealer or BodySealer()
        self._checkpointer = checkpointer
        self._connection = HeldConnection(engine)
        self._lock_head = (
            select(AuditChainHead.last_id, AuditChainHead.last_hash).where(AuditChainHead.id == 1).with_for_update()
        )

    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        findings = await prepare_off_loop(rows, self._sealer)

        async def work(conn: AsyncConnection, retry: bool) -> None:
            async with conn.begin():
                if retry and await self._committed(conn, rows):
                    return
                await self._write(conn, rows, findings)

        await self._connection.run(work)
        return [row["id"] for row in rows]

    @staticmethod
    async def _committed(conn: AsyncConnection, rows: list[Row]) -> bool:
        """After a connection was lost mid-batch: did the batch commit anyway? (It is one transaction.)"""
        if "record_hash" not in rows[0]:
            return False  # never chained: it was not sent
        query = select(AuditRecord.record_hash).where(AuditRecord.request_id == rows[0]["request_id"])
        return (await conn.execute(query)).scalar_one_or_none() == rows[0]["record_hash"]

    async def ping(self) -> None:
        async def work(conn: AsyncConnection, retry: bool) -> None:
            async with conn.begin():
                await conn.execute(select(AuditChainHead.last_id).where(AuditChainHead.id == 1))

        await self._connection.run(work)

    async def _write(self, conn: AsyncConnection, rows: list[Row], findings: list[list[Row]]) -> None:
        head = (await conn.execute(self._lock_head)).one()
        last_id, last_hash = chain(rows, head.last_id, head.last_hash)
        await conn.execute(insert(AuditRecord), rows)
        extra = finding_rows(rows, findings)
        if extra:
            await conn.execute(insert(AuditFinding), extra)
        checkpoints = self._checkpointer.due(rows) if self._checkpointer else []
        if checkpoints:
            await conn.execute(insert(AuditCheckpoint), checkpoints)
        signed = self._checkpointer.sign_head(last_id, last_hash) if self._checkpointer else UNSIGNED_HEAD
        move_head = update(AuditChainHead).where(AuditChainHead.id == 1)
        await conn.execute(move_head.values(last_id=last_id, last_hash=last_hash, **signed))

    async def aclose(self) -> None:
        await self._connection.aclose()


def chain_store_for(
    url: str, engine: AsyncEngine, *, sealer: BodySealer | None = None, checkpointer: Checkpointer | None = None,
    sqlite_synchronous: str = "normal",
) -> ChainStore:
    path = sqlite.sqlite_path(url)
    if path:
        from gateway.audit.sqlite_store import SqliteChainStore  # imports this module

        return SqliteChainStore(path, sealer=sealer, checkpointer=checkpointer, synchronous=sqlite_synchronous)
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "asyncpg":
        from gateway.audit.pg_store import PostgresChainStore  # imports this module

        return PostgresChainStore(engine, sealer=sealer, checkpointer=checkpointer)
    return SqlAlchemyChainStore(engine, sealer=sealer, checkpointer=checkpointer)
