"""The writer commits an idle request's record in the request's own task (SQLite), and the
properties of the group commit still hold: durable before `write` returns, one chain in
commit order, queued records first, another process's lock waited for, failures closed."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest

from gateway.audit.sqlite_store import SqliteChainStore
from gateway.audit.writer import AuditUnavailable, AuditWriter
from gateway.db import sqlite
from tests.audit.helpers import entry, verify


def _path(fresh_database: Any) -> tuple[str, str]:
    url = str(fresh_database("sqlite"))
    path = sqlite.sqlite_path(url)
    assert path
    return url, path


def _committed(path: str, request_id: str) -> bool:
    """Seen by another connection (another process, in effect): committed, not just written."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT 1 FROM audit_records WHERE request_id = ?", (request_id,)).fetchone() is not None
    finally:
        conn.close()


def test_an_idle_writer_commits_in_the_request_task_and_the_record_is_durable_on_return(
        fresh_database: Any) -> None:
    url, path = _path(fresh_database)

    async def main() -> list[tuple[int, bool]]:
        writer = AuditWriter(SqliteChainStore(path))
        await writer.start()
        committed_on_the_queue = 0
        original = writer._commit

        async def counting(batch: Any) -> None:
            nonlocal committed_on_the_queue
            committed_on_the_queue += len(batch)
            await original(batch)

        writer._commit = counting  # type: ignore[method-assign]
        try:
            out = []
            for _ in range(20):
                record = entry()
                record_id = await writer.write(record)
                out.append((record_id, _committed(path, record.request_id)))
                # A request's next one comes in a later event-loop pass (its I/O): a record written in
                # the same pass as an in-task commit queues instead, to share a transaction with others.
                await asyncio.sleep(0)
            assert committed_on_the_queue == 0  # none went through the writer task
            return out
        finally:
            await writer.aclose()

    results = asyncio.run(main())
    assert [record_id for record_id, _ in results] == list(range(1, 21))
    assert all(durable for _, durable in results)
    report = verify(url)
    assert report.ok and report.checked == 20, report


def test_records_queue_behind_a_batch_in_flight_and_the_chain_keeps_one_order(fresh_database: Any) -> None:
    url, path = _path(fresh_database)

    async def main() -> list[int]:
        writer = AuditWriter(SqliteChainStore(path))
        await writer.start()
        try:
            await writer.write(entry())
            # 50 concurrent requests: the first commits in its task, the rest queue and share batches.
            return list(await asyncio.gather(*(writer.write(entry()) for _ in range(50))))
        finally:
            await writer.aclose()

    ids = asyncio.run(main())
    assert sorted(ids) == list(range(2, 52))
    report = verify(url)
    assert report.ok and report.checked == 51, report


def test_a_lock_held_by_another_process_hands_the_record_to_the_writer_which_waits(fresh_database: Any) -> None:
    url, path = _path(fresh_database)

    async def main() -> tuple[int, int]:
        writer = AuditWriter(SqliteChainStore(path))
        await writer.start()
        other = sqlite.connect(path)
        try:
            await writer.write(entry())
            other.execute("BEGIN IMMEDIATE")
            asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.01)
                    ticks += 1

            task = asyncio.create_task(ticker())
            record_id = await writer.write(entry())  # cannot commit now: waits on the store's thread
            task.cancel()
            return record_id, ticks
        finally:
            other.close()
            await writer.aclose()

    record_id, ticks = asyncio.run(main())
    assert record_id == 2
    assert ticks >= 15  # the event loop kept running meanwhile
    report = verify(url)
    assert report.ok and report.checked == 2, report


def test_a_failed_commit_in_the_task_is_retried_by_the_writer_and_fails_closed(
        fresh_database: Any, caplog: pytest.LogCaptureFixture) -> None:
    url, path = _path(fresh_database)

    async def main() -> int:
        store = SqliteChainStore(path)
        writer = AuditWriter(store)
        await writer.start()
        try:
            await writer.write(entry())
            first = entry()
            await writer.write(first)
            with pytest.raises(AuditUnavailable):
                # The same request id again: the store refuses it in the task and again on the queue.
                await writer.write(entry(request_id=first.request_id))
            return await writer.write(entry())  # the next record is not affected
        finally:
            await writer.aclose()

    assert asyncio.run(main()) == 3
    assert "handing it to the writer" in caplog.text
    report = verify(url)
    assert report.ok and report.checked == 3, report


def test_records_written_in_the_same_pass_as_an_in_task_commit_share_one_transaction(
        fresh_database: Any) -> None:
    url, path = _path(fresh_database)

    async def main() -> tuple[list[int], int]:
        writer = AuditWriter(SqliteChainStore(path))
        await writer.start()
        try:
            # 10 requests finishing in one event-loop pass: the first commits in its own task, the nine
            # others would each pay a commit and a head signature; they go to the writer as one batch.
            ids = list(await asyncio.gather(*(writer.write(entry()) for _ in range(10))))
            return ids, writer.transactions
        finally:
            await writer.aclose()

    ids, transactions = asyncio.run(main())
    assert sorted(ids) == list(range(1, 11))
    assert transactions == 2
    report = verify(url)
    assert report.ok and report.checked == 10, report
