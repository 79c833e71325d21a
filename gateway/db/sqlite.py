"""Direct stdlib sqlite3 access for the two hot paths (key lookup, audit append).

Through SQLAlchemy + aiosqlite every statement costs a thread hop and a greenlet
switch (~0.2 ms); a primary-key lookup on a local sqlite3 connection costs ~20 µs
and one audit batch costs one hop. Values are written in exactly the storage
format SQLAlchemy's SQLite dialect uses, so the ORM reads them back unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import make_url

_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
BUSY_TIMEOUT_MS = 5000


def sqlite_path(url: str) -> str | None:
    """The database file of a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return str(parsed.database)


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # busy_timeout first: switching to WAL takes a lock another process may hold.
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def to_db(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime(_DATETIME_FORMAT)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def datetime_from_db(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)
