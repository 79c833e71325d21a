"""Findings as the audit trail keeps them: a fixed set of fields, one row each.

The record commits to its findings through `findings_sha256`, the SHA-256 of the
canonical JSON of this list, so editing, adding or deleting a finding row breaks
the record's link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

FINDING_FIELDS = ("scanner", "rule_id", "severity", "cwe", "message", "start_line", "end_line", "action")
_LIMITS = {"scanner": 32, "rule_id": 200, "severity": 16, "cwe": 16, "action": 16}


def _text(value: Any, limit: int | None) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value))  # enums (Severity) by value
    return text[:limit] if limit else text


def _line(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def normalize_finding(raw: Mapping[str, Any] | Any) -> dict[str, Any]:
    """A scanner `Finding`, its `to_dict()`, or a plain mapping -> the audited fields."""
    data = raw if isinstance(raw, Mapping) else {f: getattr(raw, f, None) for f in FINDING_FIELDS}
    return {
        "scanner": _text(data.get("scanner"), 32) or "unknown",
        "rule_id": _text(data.get("rule_id"), 200) or "unknown",
        "severity": (_text(data.get("severity"), 16) or "info").lower(),
        "cwe": _text(data.get("cwe"), 16),
        "message": _text(data.get("message"), None) or "",
        "start_line": _line(data.get("start_line")),
        "end_line": _line(data.get("end_line")),
        "action": _text(data.get("action"), 16),
    }


def findings_hash(findings: Sequence[Mapping[str, Any]]) -> str | None:
    if not findings:
        return None
    rows = [[f.get(name) for name in FINDING_FIELDS] for f in findings]
    return hashlib.sha256(msgspec.json.encode(rows)).hexdigest()
