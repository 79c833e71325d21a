"""The SQLite store's column values: its fast path for plain values stores exactly what `to_db` would."""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta, timezone

from gateway.audit.sqlite_store import SqliteChainStore
from gateway.db import sqlite


class Mode(enum.StrEnum):
    ENFORCE = "enforce"


class Level(enum.IntEnum):
    HIGH = 3


def test_values_match_to_db_for_every_kind_of_value() -> None:
    row = {
        "text": "abc", "number": 7, "big": 2**62, "ratio": 0.5, "raw": b"\x00\x01", "missing": None,
        "flag": True, "off": False, "when": datetime(2026, 1, 2, 3, 4, 5, 6789, tzinfo=timezone(timedelta(hours=2))),
        "utc": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "details": {"a": [1, "x"]}, "listed": [1, 2],
        "mode": Mode.ENFORCE, "level": Level.HIGH,
    }
    columns = [*row, "absent"]
    got = SqliteChainStore._values(columns, [row])
    assert got == [[sqlite.to_db(row.get(c)) for c in columns]]
    values = dict(zip(columns, got[0], strict=True))
    assert values["flag"] == 1 and type(values["flag"]) is int and values["off"] == 0
    assert values["when"] == "2026-01-02 01:04:05.006789"
    assert values["details"] == '{"a": [1, "x"]}' and values["listed"] == "[1, 2]"
    assert values["absent"] is None
