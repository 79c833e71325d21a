"""Hash chain: record_hash = SHA-256(prev_hash || canonical(record)).

The canonical form is compact, key-sorted JSON of the record's chained columns:
every column except the bodies (committed through their own hashes), the body
key id (a storage detail) and the chain fields themselves. Columns added after
the first release are left out while null, so records written before a
migration keep their hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

from gateway.audit.models import AuditRecord

_EXCLUDED = frozenset({"prompt", "response", "prev_hash", "record_hash", "body_key_id"})
# Columns added by migration 0003: omitted from the canonical form while null.
OPTIONAL_COLUMNS = frozenset({
    "replica", "policy_mode", "store_bodies", "input_actions", "repair_attempts", "stage_ms",
    "findings_count", "findings_sha256",
})
CHAINED_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in AuditRecord.__table__.columns if c.name not in _EXCLUDED
)


def _normalize(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(row: Mapping[str, Any]) -> bytes:
    data: dict[str, Any] = {}
    for key in CHAINED_COLUMNS:
        value = row.get(key)
        if value is None:
            if key in OPTIONAL_COLUMNS:
                continue
        elif isinstance(value, datetime):  # inline, not _normalize: ~30 columns per record, every request
            value = _normalize(value)
        data[key] = value
    return msgspec.json.encode(data, order="sorted")


def link_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()
