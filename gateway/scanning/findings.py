"""The normalized finding every scanner returns, and the one severity scale."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def parse(cls, value: str | None, default: Severity | None = None) -> Severity:
        """Map our names and the common foreign ones (semgrep, bandit) onto the scale."""
        key = (value or "").strip().lower()
        if key in _ALIASES:
            return _ALIASES[key]
        if default is not None:
            return default
        raise ValueError(f"unknown severity {value!r}")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANKS = {s: i for i, s in enumerate(Severity)}
_ALIASES: dict[str, Severity] = {s.value: s for s in Severity} | {
    "informational": Severity.INFO,
    "note": Severity.INFO,
    "warning": Severity.MEDIUM,
    "error": Severity.HIGH,
    "undefined": Severity.INFO,
}

# Rule ids the engine itself emits (not tied to one scanner's rule pack).
SCAN_INCOMPLETE = "scan_incomplete"
PARSE_ERROR = "scanner.parse_error"


@dataclass(frozen=True, slots=True)
class Finding:
    scanner: str
    rule_id: str
    severity: Severity
    message: str
    start_line: int
    end_line: int
    confidence: str = "medium"
    cwe: str | None = None
    start_col: int | None = None
    end_col: int | None = None
    remediation: str | None = None
    block_index: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def moved(self, **changes: Any) -> Finding:
        return replace(self, **changes)


def normalize_cwe(value: object) -> str | None:
    """'CWE-89: SQL injection' | ['CWE-89: ...'] | 89 | 'CWE-089' -> 'CWE-89'."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None or value == "":
        return None
    text = str(value).strip()
    head = text.split(":", 1)[0].strip().upper()
    digits = head.removeprefix("CWE-").removeprefix("CWE").strip()
    if digits.isdigit() and int(digits) > 0:
        return f"CWE-{int(digits)}"
    return None
