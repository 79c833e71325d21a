"""The SQLite chain store checkpoints its WAL off the commit path, and the WAL stays bounded."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

from gateway.audit.sqlite_store import SqliteChainStore
from gateway.db import sqlite
from tests.audit.helpers import EVAL_FINDING, entry, verify

BODY = "x = compute(values)  # a line of generated code\n" * 40  # ~2 KB a record
MiB = 1024 * 1024


def _rows(n: int) -> list[dict[str, Any]]:
    return [entry(response=BODY, findings=[EVAL_FINDING]).row() for _ in range(n)]


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
        store = SqliteChainStore(path, max_wal_bytes=2 * MiB)
        try:
            for _ in range(300):  # back to back: no gap for a PASSIVE checkpoint to finish in
                await store.append(_rows(10))
            return store, os.path.getsize(path + "-wal")
        finally:
            await store.aclose()

    store, wal_bytes = asyncio.run(main())
    assert store.forced_restarts > 0
    # Never restarted, the WAL would hold every frame written (~20 MB).
    assert wal_bytes < 3 * MiB, wal_bytes
    report = verify(url)
    assert report.ok and report.checked == 3000, report


def test_the_writer_connection_never_checkpoints_itself(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> int:
        store = SqliteChainStore(path)
        try:
            await store.append([entry().row()])
            return store._connection().execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        finally:
            await store.aclose()

    assert asyncio.run(main()) == 0


def test_a_lock_held_elsewhere_is_waited_for_on_the_thread_not_the_event_loop(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> tuple[list[int], int]:
        store = SqliteChainStore(path)
        other = sqlite.connect(path)  # another process's writer, in effect
        try:
            await store.append(_rows(1))  # connected and warm
            other.execute("BEGIN IMMEDIATE")
            loop = asyncio.get_running_loop()
            loop.call_later(0.3, other.execute, "COMMIT")
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.01)
                    ticks += 1

            task = asyncio.create_task(ticker())
            ids = await store.append(_rows(2))  # waits ~0.3 s for the lock
            task.cancel()
            return ids, ticks
        finally:
            other.close()
            await store.aclose()

    ids, ticks = asyncio.run(main())
    assert ids == [2, 3]
    assert ticks >= 15  # the loop kept running while the store waited
    report = verify(url)
    assert report.ok and report.checked == 3, report


def test_full_synchronous_mode_is_configurable_and_checked() -> None:
    from gateway.settings import ConfigError, load_settings

    assert load_settings(environ={}).audit.sqlite_synchronous == "normal"
    assert load_settings(environ={"SLUICE_AUDIT_SQLITE_SYNC": "FULL"}).audit.sqlite_synchronous == "full"
    with pytest.raises(ConfigError, match="SLUICE_AUDIT_SQLITE_SYNC"):
        load_settings(environ={"SLUICE_AUDIT_SQLITE_SYNC": "off"})


def test_full_synchronous_mode_commits_with_fsync_on_the_thread(fresh_database: Any) -> None:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path

    async def main() -> int:
        store = SqliteChainStore(path, synchronous="full")
        try:
            await store.append(_rows(3))
            return store._connection().execute("PRAGMA synchronous").fetchone()[0]
        finally:
            await store.aclose()

    assert asyncio.run(main()) == 2  # FULL
    assert verify(url).checked == 3
