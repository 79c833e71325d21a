"""The SQLite chain store checkpoints its WAL off the commit path, and the WAL stays bounded."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from gateway.audit.sqlite_store import SqliteChainStore
from gateway.audit.writer import without_nul
from gateway.db import sqlite
from tests.audit.helpers import EVAL_FINDING, entry, verify

BODY = "x = compute(values)  # a line of generated code\n" * 40  # ~2 KB a record
MiB = 1024 * 1024


def _rows(n: int) -> list[dict[str, Any]]:
    return [dict(without_nul(entry(response=BODY, findings=[EVAL_FINDING]).row())) for _ in range(n)]


def _wal_frames(path: str) -> int:
    """Frames in the WAL now, as a PASSIVE checkpoint from another connection reports them."""
    conn = sqlite.connect(path)
    try:
        return int(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])
    finally:
        conn.close()


def test_background_checkpoints_let_the_next_commit_restart_the_wal(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> tuple[SqliteChainStore, int]:
        store = SqliteChainStore(path)
        try:
            for _ in range(400):  # ~5,000 frames: past the 1,000 at which SQLite would checkpoint itself
                await store.append(_rows(1))
                await asyncio.sleep(0.001)  # requests leave gaps between commits
            await asyncio.sleep(0.3)  # a pause: the background checkpoint catches up
            await store.append(_rows(1))
            return store, _wal_frames(path)
        finally:
            await store.aclose()

    store, frames = asyncio.run(main())
    assert store.wal.runs > 0
    # The last commit found the WAL fully copied and started it over: only its own frames are left.
    assert frames < 40, frames
    report = verify(url)
    assert report.ok and report.checked == 401, report


def test_a_saturated_writer_restarts_the_wal_itself_past_its_limit(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> tuple[SqliteChainStore, int]:
        store = SqliteChainStore(path, max_wal_frames=256)
        try:
            for _ in range(300):  # back to back: no gap for a PASSIVE checkpoint to finish in
                await store.append(_rows(10))
            return store, os.path.getsize(path + "-wal")
        finally:
            await store.aclose()

    store, wal_bytes = asyncio.run(main())
    assert store.forced_restarts > 0
    # Never restarted, the WAL would hold every frame written (~20 MB).
    assert wal_bytes < 10 * MiB, wal_bytes
    report = verify(url)
    assert report.ok and report.checked == 3000, report


def test_the_writer_connection_never_checkpoints_itself(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> int:
        store = SqliteChainStore(path)
        try:
            await store.append([dict(without_nul(entry().row()))])
            return store._connection().execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        finally:
            await store.aclose()

    assert asyncio.run(main()) == 0
