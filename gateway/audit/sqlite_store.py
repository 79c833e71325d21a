"""SQLite chain store: one dedicated thread and connection, a whole batch costs one thread hop.

`BEGIN IMMEDIATE` takes the database write lock, so writers in other processes chain
one after another.

The WAL is checkpointed off the commit path. SQLite's automatic checkpoint runs inside
whichever commit takes the WAL past 1,000 pages, and that commit (and the request
waiting on it) took ~7-10 ms: the store's p99. Here the writer's connection never
checkpoints on its own. A second thread and connection runs PASSIVE checkpoints (they
never block writers) at most every `checkpoint_interval_s` while commits come, each
repeated while commits keep adding frames: they shrink until one finishes between two
commits, and the next commit then restarts the WAL from its beginning. Under sustained saturation
there is no such gap; once the WAL file passes `max_wal_bytes` the writer itself restarts
it with a RESTART checkpoint, which also truncates the file to half that, so the file
stays bounded either way (a file over the bound means that many frames since a restart).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gateway.audit.batch import Row, chain, finding_rows, needs_thread, prepare
from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import UNSIGNED_HEAD, Checkpointer
from gateway.audit.models import AuditCheckpoint, AuditFinding, AuditRecord
from gateway.db import sqlite

log = logging.getLogger("sluice.audit")
_LOCKED_RETRIES = 20
_CHASES = 8
# normal: durable when the process dies; full: also when the machine does (an fsync per commit).
SYNCHRONOUS_MODES = ("normal", "full")
# Batches up to this many records commit on the event loop (~0.1 ms each); larger ones, which
# only form under load, would hold the loop for milliseconds.
INLINE_MAX_ROWS = 16
# The WAL file's size is looked at (a stat) after this many commits, not after every one: it can then
# pass `max_wal_bytes` by at most this many batches before the writer restarts it.
WAL_SIZE_CHECK_EVERY = 16
# Values SQLite stores as given (sqlite.to_db returns them unchanged): most of a record's 38 columns.
# An exact type test, so bool (an int subclass, stored as 0/1) and datetimes still go through to_db.
_STORED_AS_IS = frozenset({str, int, float, bytes, type(None)})


def _insert_sql(table: Any) -> tuple[list[str], str]:
    columns = [c.name for c in table.columns]
    placeholders = ", ".join("?" for _ in columns)
    # Table and column names come from our own models, never from input.
    return columns, f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608


class WalCheckpointer:
    """PASSIVE checkpoints on their own thread, one in flight at a time.

    A commit schedules one unless one is pending; it starts `interval_s` after the last
    one that caught up (fewer, larger checkpoints: each costs an fsync), and repeats
    while commits keep adding frames, so it converges on a gap between commits.
    """

    def __init__(self, path: str, interval_s: float) -> None:
        self._path = path
        self._interval_s = interval_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-audit-wal")
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._pending = False
        self._closing = threading.Event()
        self._last_complete = 0.0
        self.runs = 0
        self.wal_frames = 0  # frames in the WAL at the last checkpoint

    def wrote(self) -> None:
        """Called after each commit (on the event loop or the store's thread); cheap when one is pending."""
        with self._lock:
            if self._pending or self._closing.is_set():
                return
            self._pending = True
        self._executor.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        rest = self._last_complete + self._interval_s - time.monotonic()
        # Batch the frames of the next few commits into one checkpoint (one fsync); close() cuts the rest short.
        if rest > 0 and self._closing.wait(rest):
            with self._lock:
                self._pending = False
            return
        try:
            if self._conn is None:
                self._conn = sqlite.connect(self._path)
            # A PASSIVE checkpoint copies the frames there were when it began; commits during it add
            # more. Repeat until one finds nothing new (cheap then: no copy, no fsync).
            previous = -1
            for _ in range(_CHASES):
                _busy, frames, copied = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                self.runs += 1
                if frames == previous and copied == frames:
                    self._last_complete = time.monotonic()
                    break
                previous = frames
            self.wal_frames = frames
        except sqlite3.Error as exc:  # the next commit triggers another
            log.warning("audit WAL checkpoint failed: %s", exc)
        finally:
            with self._lock:
                self._pending = False

    def close(self) -> None:
        self._closing.set()
        self._executor.shutdown(wait=True)
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class SqliteChainStore:
    def __init__(
        self,
        path: str,
        *,
        sealer: BodySealer | None = None,
        checkpointer: Checkpointer | None = None,
        checkpoint_interval_s: float = 0.1,
        max_wal_bytes: int = 32 * 1024 * 1024,
        synchronous: str = "normal",
    ) -> None:
        if synchronous not in SYNCHRONOUS_MODES:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}, not {synchronous!r}")
        self._path = path
        self._synchronous = synchronous
        self._lock = asyncio.Lock()  # one batch at a time, inline or on the thread
        self._sealer = sealer or BodySealer()
        self._checkpointer = checkpointer
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-audit-sqlite")
        self._conn: sqlite3.Connection | None = None
        self.wal = WalCheckpointer(path, checkpoint_interval_s)
        self._max_wal_bytes = max_wal_bytes
        self._wal_path = path + "-wal"
        self._commits_unchecked = 0  # commits since the WAL's size was last looked at
        self._waits_for_lock = True  # the connection's busy_timeout: waiting (thread) or not (event loop)
        self.forced_restarts = 0
        self._records = _insert_sql(AuditRecord.__table__)
        self._findings = _insert_sql(AuditFinding.__table__)
        self._checkpoints = _insert_sql(AuditCheckpoint.__table__)

    @staticmethod
    def _values(columns: list[str], rows: list[dict[str, Any]]) -> list[list[Any]]:
        to_db = sqlite.to_db
        return [[value if type(value) in _STORED_AS_IS else to_db(value) for value in map(row.get, columns)]
                for row in rows]

    def _append_sync(self, rows: list[Row], findings: list[list[Row]] | None = None) -> list[int]:
        if findings is None:
            findings = prepare(rows, self._sealer)  # before the write lock: it may scan for secrets
        self._wait_for_lock(True)
        for attempt in range(_LOCKED_RETRIES):
            try:
                self._write_sync(rows, findings)
                break
            except sqlite3.OperationalError as exc:
                # WAL sometimes answers "database is locked" without waiting for busy_timeout (another
                # process opening or checkpointing the WAL): the batch rolled back, so it can simply rerun.
                if "locked" not in str(exc) or attempt == _LOCKED_RETRIES - 1:
                    raise
                time.sleep(0.005 * (attempt + 1))
        if self._wal_over_limit():
            self._restart_wal()
        self.wal.wrote()
        return [row["id"] for row in rows]

    def _wait_for_lock(self, wait: bool) -> None:
        """The connection's busy_timeout: wait for another process's write lock (the store's thread)
        or fail at once (the event loop). Set only when it changes: inline commits, the common
        case, run back to back without two PRAGMA statements each."""
        if wait != self._waits_for_lock:
            self._connection().execute(f"PRAGMA busy_timeout={sqlite.BUSY_TIMEOUT_MS if wait else 0}")
            self._waits_for_lock = wait

    def _append_inline(self, rows: list[Row], findings: list[list[Row]]) -> bool:
        """Commit on the event loop if the write lock is free at once; False if another process holds it."""
        try:
            self._wait_for_lock(False)  # never wait for a lock on the event loop
            self._write_sync(rows, findings)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            return False
        self.wal.wrote()
        return True

    def _restart_wal(self) -> None:
        """Saturated: no gap for a PASSIVE checkpoint to finish in, so restart the WAL here (rare)."""
        try:
            busy, frames, _copied = self._connection().execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except sqlite3.Error as exc:
            log.warning("audit WAL restart failed: %s", exc)
            return
        self.wal.wal_frames = frames
        if not busy:
            self.forced_restarts += 1

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite.connect(self._path)  # busy_timeout set: waits for another process's lock
            self._waits_for_lock = True
            try:
                conn.execute(f"PRAGMA synchronous={self._synchronous.upper()}")
                conn.execute("PRAGMA wal_autocheckpoint=0")  # WalCheckpointer does it, off the commit path
                # A RESTART checkpoint truncates the WAL to this; a natural restart keeps the file's size.
                conn.execute(f"PRAGMA journal_size_limit={self._max_wal_bytes // 2}")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _write_sync(self, rows: list[Row], findings: list[list[Row]]) -> None:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = conn.execute("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1").fetchone()
            last_id, last_hash = chain(rows, head[0], head[1])
            conn.executemany(self._records[1], self._values(self._records[0], rows))
            extra = finding_rows(rows, findings)
            if extra:
                conn.executemany(self._findings[1], self._values(self._findings[0], extra))
            if self._checkpointer is not None:
                checkpoints = self._checkpointer.due(rows)
                if checkpoints:
                    conn.executemany(self._checkpoints[1], self._values(self._checkpoints[0], checkpoints))
            head = self._checkpointer.sign_head(last_id, last_hash) if self._checkpointer else UNSIGNED_HEAD
            conn.execute(
                "UPDATE audit_chain_head SET last_id = ?, last_hash = ?, signed_at = ?, public_key_id = ?, "
                "signature = ? WHERE id = 1",
                (last_id, last_hash, sqlite.to_db(head["signed_at"]), head["public_key_id"], head["signature"]),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _inline_ok(self, rows: list[Row]) -> bool:
        # With synchronous=NORMAL a WAL commit is a write() into the page cache, ~20-50 µs: cheaper
        # inline than the two thread hops it costs on the store's thread. Fsyncs (FULL), big batches
        # (under load: SQLite's C work there runs beside the loop), secret scans of long bodies, a
        # forced WAL restart and waiting for another process's lock go to the thread.
        return (self._synchronous == "normal" and len(rows) <= INLINE_MAX_ROWS and not needs_thread(rows)
                and not self._wal_due_for_restart())

    def append_now(self, rows: list[Row]) -> list[int] | None:
        """Commit `rows` here and now, without awaiting, or return None (nothing written): the writer
        then queues them. Only when no batch is in flight and `append` would commit them inline anyway;
        a transaction that fails rolls back, so the queued retry starts clean."""
        if self._lock.locked() or not self._inline_ok(rows):
            return None
        if not self._append_inline(rows, prepare(rows, self._sealer)):
            return None  # another process holds the write lock: the store's thread waits for it
        return [row["id"] for row in rows]

    async def append(self, rows: list[Row]) -> list[int]:
        loop = asyncio.get_running_loop()
        async with self._lock:
            if self._inline_ok(rows):
                findings = prepare(rows, self._sealer)
                if self._append_inline(rows, findings):
                    return [row["id"] for row in rows]
                return await loop.run_in_executor(self._executor, self._append_sync, rows, findings)
            return await loop.run_in_executor(self._executor, self._append_sync, rows)

    async def ping(self) -> None:
        """Readiness: the file opens and the chain head is there (a local read, ~20 µs)."""
        async with self._lock:
            self._connection().execute("SELECT last_id FROM audit_chain_head WHERE id = 1").fetchone()

    def _wal_due_for_restart(self) -> bool:
        """`_wal_over_limit`, looked at once every `WAL_SIZE_CHECK_EVERY` commits (a stat is ~5-15 µs)."""
        self._commits_unchecked += 1
        if self._commits_unchecked < WAL_SIZE_CHECK_EVERY:
            return False
        self._commits_unchecked = 0
        return self._wal_over_limit()

    def _wal_over_limit(self) -> bool:
        try:
            return os.stat(self._wal_path).st_size > self._max_wal_bytes
        except FileNotFoundError:
            return False

    async def aclose(self) -> None:
        def close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close)
        await asyncio.to_thread(self.wal.close)
