"""Record values bounded to what every backend stores as given, before they are chained.

A record carries values from outside (model names, forwarded addresses, prompts, upstream
usage numbers, scanner messages). If one of them does not fit its column (a 129-character
model in VARCHAR(128), U+0000 in PostgreSQL text, a lone surrogate that UTF-8 cannot
encode, an integer past INTEGER) the database refuses the statement, and with it every
other record of the group commit. Fitting here, in the one place all stores pass through
before chaining, means the hash covers exactly what is stored, on every backend alike:

- U+0000 and lone surrogates become U+FFFD (in JSON values and keys too);
- strings longer than their VARCHAR are cut to its length;
- integers outside their column's range are clamped to it; non-finite floats become
  null (0.0 where the column is NOT NULL), and -0.0 becomes 0.0 (SQLite drops the sign).
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Integer, String, Table

from gateway.audit.models import AuditFinding, AuditRecord

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


def fit_text(value: str, limit: int | None = None) -> str:
    """`value` as every backend stores it unchanged: no U+0000, no lone surrogate, at most `limit` characters."""
    if "\x00" in value:
        value = value.replace("\x00", REPLACEMENT)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # only lone surrogates fail: Python str holds no other unencodable
            value = _SURROGATE.sub(REPLACEMENT, value)
    if limit is not None and len(value) > limit:
        value = value[:limit]
    return value


def fit_json(value: Any) -> Any:
    """A JSON value with every string (keys included) fitted; numbers that JSON cannot carry become null."""
    # Exact types first: a record's `details` and `stage_ms` are dozens of plain values per request,
    # and one type() test is cheaper than the chain of isinstance() tests below (subclasses take those).
    kind = type(value)
    if kind is str:
        return fit_text(value)
    if kind is dict:
        return {fit_text(k if type(k) is str else str(k)): fit_json(v) for k, v in value.items()}
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is int or kind is bool or value is None:
        return value
    if isinstance(value, str):
        return fit_text(value)
    if isinstance(value, dict):
        return {fit_text(str(k)): fit_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [fit_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _fitter(column: Any) -> Any:
    kind = column.type
    nullable = column.nullable
    if isinstance(kind, JSON):
        return fit_json
    if isinstance(kind, String):  # Text is a String without a length
        limit = kind.length

        def text(value: Any) -> Any:
            return fit_text(value, limit) if isinstance(value, str) else value

        return text
    if isinstance(kind, Integer):  # BigInteger is an Integer
        low, high = _INT64 if isinstance(kind, BigInteger) else _INT32

        def integer(value: Any) -> Any:
            if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
                return min(max(value, low), high)
            return value

        return integer
    if isinstance(kind, Float):

        def real(value: Any) -> Any:
            if isinstance(value, float) and not math.isfinite(value):
                return None if nullable else 0.0
            if value == 0:  # SQLite stores -0.0 as 0: the hash must not cover a sign the store drops
                return 0.0
            return value

        return real
    return None


def _fitters(table: Table) -> dict[str, Any]:
    return {c.name: f for c in table.columns if (f := _fitter(c)) is not None}


_RECORD = _fitters(AuditRecord.__table__)  # type: ignore[arg-type]
_FINDING = _fitters(AuditFinding.__table__)  # type: ignore[arg-type]


def fit_record(row: dict[str, Any]) -> None:
    """In place: every column value of an `audit_records` row fitted to its column. The bodies are
    fitted while still raw, so their hashes (taken when they are sealed) cover what is stored."""
    for name, fit in _RECORD.items():
        value = row.get(name)
        if value is not None:
            row[name] = fit(value)


def fit_finding(finding: dict[str, Any]) -> dict[str, Any]:
    for name, fit in _FINDING.items():
        value = finding.get(name)
        if value is not None:
            finding[name] = fit(value)
    return finding


__all__ = ["REPLACEMENT", "fit_finding", "fit_json", "fit_record", "fit_text"]
