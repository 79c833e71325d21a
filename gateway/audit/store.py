"""Where the chain is appended: one implementation per backend, chosen by the database URL.

Both take the chain head's write lock first, so writers in other processes or on
other hosts chain one after another: on PostgreSQL a row lock on
`audit_chain_head`, on SQLite `BEGIN IMMEDIATE` (the database write lock). The
records, their findings and any due checkpoint commit in that one transaction.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.audit.batch import HeldConnection, Row, chain, finding_rows, prepare_off_loop
from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import UNSIGNED_HEAD, Checkpointer
from gateway.audit.models import AuditChainHead, AuditCheckpoint, AuditFinding, AuditRecord
from gateway.audit.pg_store import PostgresChainStore
from gateway.audit.sqlite_store import SqliteChainStore
from gateway.db import sqlite


class ChainStore(Protocol):
    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        """Chain and insert `rows` in one transaction; returns their ids once committed."""
        ...

    async def ping(self) -> None:
        """Raise unless a batch could be written now (readiness); reconnects a lost connection."""
        ...

    async def aclose(self) -> None: ...


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
        return SqliteChainStore(path, sealer=sealer, checkpointer=checkpointer, synchronous=sqlite_synchronous)
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "asyncpg":
        return PostgresChainStore(engine, sealer=sealer, checkpointer=checkpointer)
    return SqlAlchemyChainStore(engine, sealer=sealer, checkpointer=checkpointer)
