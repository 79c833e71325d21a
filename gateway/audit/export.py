"""Export formats, one line at a time (the caller streams them, nothing is held in memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Literal

import msgspec

from gateway.audit.query import DETAIL_COLUMNS

ExportFormat = Literal["jsonl", "csv"]
CSV_COLUMNS = (*DETAIL_COLUMNS, "findings", "prompt", "response")
_encoder = msgspec.json.Encoder()
Rows = AsyncIterator[dict[str, Any]]


async def jsonl_lines(rows: Rows) -> AsyncIterator[bytes]:
    async for row in rows:
        yield _encoder.encode(row) + b"\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        text = _encoder.encode(value).decode()
    else:
        text = str(value)
    # Spreadsheets run cells that start like a formula: neutralize them (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_line(values: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue().encode()


async def csv_lines(rows: Rows, *, bodies: bool) -> AsyncIterator[bytes]:
    columns = [c for c in CSV_COLUMNS if bodies or c not in ("prompt", "response")]
    yield _csv_line(columns)
    async for row in rows:
        findings = row.get("findings") or []
        flat = {**row, "findings": ";".join(f"{f['scanner']}:{f['rule_id']}" for f in findings)}
        yield _csv_line([_cell(flat.get(c)) for c in columns])


def export_lines(fmt: ExportFormat, rows: Rows, *, bodies: bool) -> AsyncIterator[bytes]:
    return jsonl_lines(rows) if fmt == "jsonl" else csv_lines(rows, bodies=bodies)
