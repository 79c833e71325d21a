"""Hash chain: record_hash = SHA-256(prev_hash || canonical(record)).

The canonical form is compact, key-sorted JSON of every column except the bodies
(committed through their own hashes) and the chain fields themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

_EXCLUDED = frozenset({"prompt", "response", "prev_hash", "record_hash"})


def _normalize(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(row: Mapping[str, Any]) -> bytes:
    data = {key: _normalize(value) for key, value in row.items() if key not in _EXCLUDED}
    return msgspec.json.encode(data, order="sorted")


def link_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()
