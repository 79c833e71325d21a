"""PostgreSQL chain store: one round trip per batch.

The generic store spends six round trips on a batch (BEGIN, lock the head, insert
records, insert findings, move the head, COMMIT) and SQLAlchemy's statement
machinery on each. Here a batch is one statement in its own implicit transaction:
a data-modifying CTE that moves the chain head only if it still is where this
writer last saw it, and inserts the records, findings and checkpoints only if the
head moved. Rows travel as one JSON array per table (`json_populate_recordset`
types them by the table's own row type).

Writers in other processes or hosts move the head too. The UPDATE's row lock
serializes them; a writer whose expected head is stale matches no row, inserts
nothing, and redoes the batch the pessimistic way: BEGIN, `SELECT ... FOR UPDATE`
on the head, chain from it, the same statement, COMMIT. That path also runs for
the first batch of a process and after any error, so the cached head is never
trusted across a failure.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.audit.batch import HeldConnection, Row, chain, finding_rows, prepare_off_loop
from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import UNSIGNED_HEAD, Checkpointer
from gateway.audit.models import AuditCheckpoint, AuditFinding, AuditRecord

log = logging.getLogger("sluice.audit")
_encode = msgspec.json.Encoder().encode


def _insert_from_json(table: Any, param: int) -> str:
    columns = ", ".join(c.name for c in table.columns)
    # Names come from our own models, never from input; values are bound parameters.
    source = f"json_populate_recordset(NULL::{table.name}, ${param}::json)"
    return f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {source} WHERE EXISTS (SELECT 1 FROM moved)"  # noqa: S608


APPEND_SQL = "\n".join((
    "WITH moved AS (",
    "    UPDATE audit_chain_head SET last_id = $3, last_hash = $4, signed_at = $8, public_key_id = $9, signature = $10",
    "    WHERE id = 1 AND last_id = $1 AND last_hash = $2 RETURNING 1",
    f"), records AS ({_insert_from_json(AuditRecord.__table__, 5)}",
    f"), findings AS ({_insert_from_json(AuditFinding.__table__, 6)}",
    f"), checkpoints AS ({_insert_from_json(AuditCheckpoint.__table__, 7)}",
    ") SELECT count(*) FROM moved",
))
LOCK_HEAD_SQL = "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE"
COMMITTED_SQL = "SELECT record_hash FROM audit_records WHERE request_id = $1"


class PostgresChainStore:
    """Holds one asyncpg connection of its own (taken from the engine, so it shares its settings)."""

    def __init__(
        self, engine: AsyncEngine, *, sealer: BodySealer | None = None, checkpointer: Checkpointer | None = None
    ) -> None:
        self._sealer = sealer or BodySealer()
        self._checkpointer = checkpointer
        self._connection = HeldConnection(engine)
        self._head: tuple[int, str] | None = None  # where this writer last left the chain head
        self.optimistic_misses = 0  # batches another writer raced (seen by tests and benchmarks)

    async def append(self, rows: list[Row]) -> list[int]:
        findings = await prepare_off_loop(rows, self._sealer)

        async def work(conn: AsyncConnection, retry: bool) -> None:
            head, self._head = self._head, None  # trusted again only once this batch committed
            raw = (await conn.get_raw_connection()).driver_connection
            if retry and await self._committed(raw, rows):
                return
            self._head = await self._append(raw, None if retry else head, rows, findings)

        await self._connection.run(work)
        return [row["id"] for row in rows]

    @staticmethod
    async def _committed(raw: Any, rows: list[Row]) -> bool:
        """After the connection was lost mid-batch: did the batch commit anyway? (It is one statement.)"""
        if "record_hash" not in rows[0]:
            return False  # never chained: it was not sent
        stored = await raw.fetchval(COMMITTED_SQL, rows[0]["request_id"])
        return bool(stored == rows[0]["record_hash"])

    async def ping(self) -> None:
        async def work(conn: AsyncConnection, retry: bool) -> None:
            raw: Any = (await conn.get_raw_connection()).driver_connection
            await raw.fetchval("SELECT last_id FROM audit_chain_head WHERE id = 1")

        await self._connection.run(work)

    async def _append(self, raw: Any, head: tuple[int, str] | None, rows: list[Row],
                      findings: list[list[Row]]) -> tuple[int, str]:
        if head is not None:
            if await raw.fetchval(APPEND_SQL, *self._arguments(head, rows, findings)) == 1:
                return rows[-1]["id"], rows[-1]["record_hash"]
            self.optimistic_misses += 1
        async with raw.transaction():
            locked = await raw.fetchrow(LOCK_HEAD_SQL)
            head = (locked["last_id"], locked["last_hash"])
            if await raw.fetchval(APPEND_SQL, *self._arguments(head, rows, findings)) != 1:
                raise RuntimeError("audit chain head missing")  # migrations seed it: the schema is broken
        return rows[-1]["id"], rows[-1]["record_hash"]

    def _arguments(self, head: tuple[int, str], rows: list[Row], findings: list[list[Row]]) -> tuple[Any, ...]:
        last_id, last_hash = chain(rows, *head)
        checkpoints = self._checkpointer.due(rows) if self._checkpointer else []
        signed = self._checkpointer.sign_head(last_id, last_hash) if self._checkpointer else UNSIGNED_HEAD
        return (
            head[0], head[1], last_id, last_hash,
            _encode(rows).decode(), _encode(finding_rows(rows, findings)).decode(), _encode(checkpoints).decode(),
            signed["signed_at"], signed["public_key_id"], signed["signature"],
        )

    async def aclose(self) -> None:
        await self._connection.aclose()
