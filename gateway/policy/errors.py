"""One error type for every way a policy can be wrong, pointing at file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a value came from; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class PolicyError(ValueError):
    """An invalid policy. `str()` reads `FILE:LINE:COL: field a.b[2].c: message`."""

    def __init__(self, message: str, *, location: SourceLocation | None = None, field: str | None = None):
        self.message = message
        self.location = location
        self.field = field
        parts = []
        if location is not None:
            parts.append(str(location))
        if field:
            parts.append(f"field {field}")
        parts.append(message)
        super().__init__(": ".join(parts))
