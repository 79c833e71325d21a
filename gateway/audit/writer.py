"""Group-commit audit writer.

Requests hand their record to one writer task and wait until it is durable. The
writer drains whatever has queued up (up to `max_batch`) into a single
transaction: under load many records share one commit, at concurrency 1 each
request pays for one commit and nothing else. When nothing is queued or committing
and the store can commit a small batch synchronously (SQLite, `append_now`), the
request commits its own record in its own task instead: the same transaction, minus
the hand-over to the writer task and back. That commit takes no time on the event loop's
clock, so it never looks "in flight" to the next record: a record written in the same
event-loop pass as an in-task commit (other requests finishing together, under load) is
queued instead, and the writer commits all of that pass's stragglers in one transaction with
one head signature in the next pass. Failing closed: if the commit fails, every waiter gets
`AuditUnavailable` and the request is answered 503.

One record must not cost the others theirs. The stores fit every value to its column
(gateway.audit.fit), so the database should never refuse one; if it still does (a data
error, not an outage), the batch is split in halves and each half retried, until the
record it refuses fails alone and every other record commits, in queue order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gateway.audit.crypto import Keyring
from gateway.audit.entry import AuditEntry
from gateway.audit.store import ChainStore
from gateway.db.errors import is_data_error

log = logging.getLogger("sluice.audit")


class AuditUnavailable(Exception):
    """The record could not be made durable; the request must not succeed."""


class AuditWriter:
    def __init__(
        self,
        store: ChainStore,
        *,
        max_batch: int = 512,
        keyring: Keyring | None = None,
        checkpoint_key: Ed25519PublicKey | None = None,
    ) -> None:
        self._store = store
        # For readers in the same process (admin API): decrypt bodies, check checkpoints.
        self.keyring = keyring
        self.checkpoint_key = checkpoint_key
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[dict[str, Any], asyncio.Future[int]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        # A store that can commit a small batch synchronously when idle (SQLite); None: always queue.
        self._append_now: Callable[[list[dict[str, Any]]], list[int] | None] | None = getattr(
            store, "append_now", None)
        self._in_flight = 0  # records queued and not yet answered: while any, new ones queue behind them
        # True from an in-task commit until the event loop's next pass: records written meanwhile queue
        # and share one transaction, instead of each paying for its own commit and head signature.
        self._committed_this_pass = False
        self.transactions = 0  # commits that made records durable (in the task or the writer's)
        self.records = 0  # records they made durable
        self._detached: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="sluice-audit-writer")

    async def aclose(self) -> None:
        if self._detached:
            await asyncio.gather(*self._detached, return_exceptions=True)
        if self._task is not None:
            # Let queued records land before stopping.
            await self._queue.join()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._store.aclose()

    async def write(self, entry: AuditEntry) -> int:
        """Commit the record, or queue it for the writer task, and return its chain id once it is durable."""
        if self._task is None:
            raise AuditUnavailable("audit writer is not running")
        row = entry.row()
        if self._append_now is not None and self._in_flight == 0 and not self._committed_this_pass:
            # Nothing queued or committing: commit in this task, without awaiting (no hand-over to the
            # writer task and back, ~40 µs at concurrency 1). No await means no cancellation halfway.
            committed = self._commit_now(row)
            if committed is not None:
                self._committed_this_pass = True
                asyncio.get_running_loop().call_soon(self._next_pass)
                return committed
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._in_flight += 1
        self._queue.put_nowait((row, future))
        return await future

    def _commit_now(self, row: dict[str, Any]) -> int | None:
        assert self._append_now is not None
        try:
            ids = self._append_now([dict(row)])  # a copy: the store fills it in; a queued retry needs it as built
        except Exception as exc:  # rolled back: the queue's path retries it (and fails closed if it fails again)
            log.warning("audit commit in the request failed (%s); handing it to the writer", type(exc).__name__)
            return None
        if ids is None:
            return None
        self.transactions += 1
        self.records += 1
        return ids[0]

    def _next_pass(self) -> None:
        self._committed_this_pass = False

    def write_detached(self, entry: AuditEntry) -> None:
        """For paths that may be cancelled (client disconnect): the write outlives the request."""
        task = asyncio.get_running_loop().create_task(self._write_logged(entry))
        self._detached.add(task)
        task.add_done_callback(self._detached.discard)

    async def _write_logged(self, entry: AuditEntry) -> None:
        try:
            await self.write(entry)
        except AuditUnavailable:
            log.error("audit record lost for request %s", entry.request_id)

    async def ping(self) -> None:
        """Raise unless the store could commit now (readiness): a lost connection is re-established."""
        await self._store.ping()

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize()

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._commit(batch)
            finally:
                self._in_flight -= len(batch)
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[tuple[dict[str, Any], asyncio.Future[int]]]) -> None:
        try:
            # Copies: a store fills in and seals the rows it gets, and a retry needs them as queued.
            ids = await self._store.append([dict(row) for row, _ in batch])
        except Exception as exc:  # any database failure fails the batch closed
            if len(batch) > 1 and is_data_error(exc):
                log.warning("audit batch of %d refused for its data (%s); retrying it in halves",
                            len(batch), type(exc).__name__)
                middle = len(batch) // 2
                await self._commit(batch[:middle])
                await self._commit(batch[middle:])
                return
            log.error("audit commit failed (%d records): %s", len(batch), type(exc).__name__)
            for _, future in batch:
                if not future.done():
                    future.set_exception(AuditUnavailable(type(exc).__name__))
            return
        self.transactions += 1
        self.records += len(batch)
        for (_, future), record_id in zip(batch, ids, strict=True):
            if not future.done():
                future.set_result(record_id)
