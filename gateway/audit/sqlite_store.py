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
there is no such gap; once the WAL passes `max_wal_frames` the writer itself restarts
it with a RESTART checkpoint after a commit, so the file stays bounded either way.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import Checkpointer
from gateway.audit.models import AuditCheckpoint, AuditFinding, AuditRecord
from gateway.audit.store import Row, chain, finding_rows, prepare
from gateway.db import sqlite

log = logging.getLogger("sluice.audit")
_LOCKED_RETRIES = 20
_CHASES = 8


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
        self._last_complete = 0.0
        self.runs = 0
        self.wal_frames = 0  # frames in the WAL at the last checkpoint

    def wrote(self) -> None:
        """Called after each commit (on the writer's thread); cheap when one is running or not due."""
        with self._lock:
            if self._pending:
                return
            self._pending = True
        self._executor.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        rest = self._last_complete + self._interval_s - time.monotonic()
        if rest > 0:  # batch the frames of the next few commits into one checkpoint (one fsync)
            time.sleep(rest)
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
        checkpoint_interval_s: float = 0.02,
        max_wal_frames: int = 4096,
    ) -> None:
        self._path = path
        self._sealer = sealer or BodySealer()
        self._checkpointer = checkpointer
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-audit-sqlite")
        self._conn: sqlite3.Connection | None = None
        self.wal = WalCheckpointer(path, checkpoint_interval_s)
        self._max_wal_frames = max_wal_frames
        self.forced_restarts = 0
        self._records = _insert_sql(AuditRecord.__table__)
        self._findings = _insert_sql(AuditFinding.__table__)
        self._checkpoints = _insert_sql(AuditCheckpoint.__table__)

    @staticmethod
    def _values(columns: list[str], rows: list[dict[str, Any]]) -> list[list[Any]]:
        return [[sqlite.to_db(row.get(c)) for c in columns] for row in rows]

    def _append_sync(self, rows: list[dict[str, Any]]) -> list[int]:
        findings = prepare(rows, self._sealer)  # before the write lock: it may scan for secrets
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
        if self.wal.wal_frames > self._max_wal_frames:
            self._restart_wal()
        self.wal.wrote()
        return [row["id"] for row in rows]

    def _restart_wal(self) -> None:
        """Saturated: no gap for a PASSIVE checkpoint to finish in, so restart the WAL here (rare)."""
        try:
            busy, frames, _copied = self._connection().execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except sqlite3.Error as exc:
            log.warning("audit WAL restart failed: %s", exc)
            return
        self.wal.wal_frames = frames if busy else 0
        self.forced_restarts += 1

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite.connect(self._path)
            self._conn.execute("PRAGMA wal_autocheckpoint=0")  # WalCheckpointer does it, off the commit path
            self._conn.execute("PRAGMA journal_size_limit=16777216")  # a restarted WAL shrinks back to 16 MiB
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
            conn.execute("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", (last_id, last_hash))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    async def append(self, rows: list[dict[str, Any]]) -> list[int]:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._append_sync, rows)

    async def aclose(self) -> None:
        def close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close)
        await asyncio.to_thread(self.wal.close)
