"""The normalized finding every scanner returns, and the one severity scale."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from gateway.scanning.secrets import find_secrets


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


# A quoted literal in a scanner's message: Bandit's B105-B107 and semgrep's metavariables
# interpolate values from the scanned code this way. Bounded, so linear on any message.
_QUOTED = re.compile(r"""(['"`])([^'"`\n]{1,2000})\1""")
REDACTED_VALUE = "[REDACTED]"
MAX_MESSAGE_CHARS = 1000


def scrub_secrets(text: str, code: str = "") -> str:
    """A finding's text (message, snippet) without secret values, made where the finding is made.

    Everything downstream (error bodies, stream events, the audit findings, dashboard,
    exports, SARIF, logs, spans) shows what a scanner said, so a value it copied out of
    the code must not survive: detected secrets become `[REDACTED:<kind>]`, and a quoted
    literal that also stands quoted in the scanned `code` (what B105 or `$X` interpolated)
    becomes `[REDACTED]`.
    """
    if not text:
        return text
    if len(text) > MAX_MESSAGE_CHARS:  # a metavariable can bind a whole function
        text = text[:MAX_MESSAGE_CHARS] + "…"
    secrets = find_secrets(text)
    for match in reversed(secrets):
        text = text[: match.start] + f"[REDACTED:{match.kind}]" + text[match.end :]
    if not code:
        return text

    def literal(m: re.Match[str]) -> str:
        quote, value = m.group(1), m.group(2)
        copied = any(f"{q}{value}{q}" in code for q in "'\"`")
        return f"{quote}{REDACTED_VALUE}{quote}" if copied else m.group(0)

    return _QUOTED.sub(literal, text)
