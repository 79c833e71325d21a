"""Where the chain is appended: one implementation per backend, chosen by the database URL.

Both take the chain head's write lock first, so writers in other processes or on
other hosts chain one after another: on PostgreSQL a row lock on
`audit_chain_head`, on SQLite `BEGIN IMMEDIATE` (the database write lock).
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.chain import link_hash
from gateway.audit.models import AuditChainHead, AuditRecord
from gateway.db import sqlite


class ChainStore(Protocol):
    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        """Chain and insert `rows` in one transaction; returns their ids once committed."""
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


class SqlAlchemyChainStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        async with self._engine.begin() as conn:
            head = (
                await conn.execute(
                    select(AuditChainHead.last_id, AuditChainHead.last_hash)
                    .where(AuditChainHead.id == 1)
                    .with_for_update()
                )
            ).one()
            last_id, last_hash = chain(rows, head.last_id, head.last_hash)
            await conn.execute(insert(AuditRecord), rows)
            await conn.execute(
                update(AuditChainHead).where(AuditChainHead.id == 1).values(last_id=last_id, last_hash=last_hash)
            )
        return [row["id"] for row in rows]

    async def aclose(self) -> None:
        pass


class SqliteChainStore:
    """One dedicated thread and connection: a whole batch costs one thread hop."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-audit-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._columns = [c.name for c in AuditRecord.__table__.columns]
        placeholders = ", ".join("?" for _ in self._columns)
        self._insert = f"INSERT INTO audit_records ({', '.join(self._columns)}) VALUES ({placeholders})"

    def _append_sync(self, rows: list[dict[str, Any]]) -> list[int]:
        if self._conn is None:
            self._conn = sqlite.connect(self._path)
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = conn.execute("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1").fetchone()
            last_id, last_hash = chain(rows, head[0], head[1])
            conn.executemany(self._insert, [[sqlite.to_db(row.get(c)) for c in self._columns] for row in rows])
            conn.execute("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", (last_id, last_hash))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return [row["id"] for row in rows]

    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._append_sync, rows)

    async def aclose(self) -> None:
        def close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close)
        self._executor.shutdown(wait=True)


def chain_store_for(url: str, engine: AsyncEngine) -> ChainStore:
    path = sqlite.sqlite_path(url)
    return SqliteChainStore(path) if path else SqlAlchemyChainStore(engine)
