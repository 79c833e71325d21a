"""What every chain store does with a batch before and around its own SQL.

Fit values to their columns, seal bodies, take the findings out into their own rows,
assign ids and hashes from the chain head; and the one held database connection the
SQLAlchemy and PostgreSQL stores write through. The stores (store.py, sqlite_store.py,
pg_store.py) import this module and never each other, except for store.py's factory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import msgspec
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.audit.bodies import BodySealer
from gateway.audit.chain import link_hash
from gateway.audit.findings import findings_hash, normalize_finding
from gateway.audit.fit import fit_finding, fit_record
from gateway.db.errors import is_connection_lost, is_data_error

Row = dict[str, Any]
T = TypeVar("T")
log = logging.getLogger("sluice.audit")
_encode = msgspec.json.Encoder().encode


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
