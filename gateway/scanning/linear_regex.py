"""Linear-time regular expressions (RE2) for every pattern that runs on user input or model output.

Python's `re` backtracks: a pattern such as the classic email regex takes quadratic time on a
long run of `a`, and holds the GIL while it does, so one prompt could stall every tenant.
RE2 guarantees time linear in the input and releases the GIL while it matches. The price is
syntax: no look-around and no backreferences. Callers that need a boundary check write it
as a consuming group or check the neighbouring character in Python (see `secrets.py`).

Semantics to know: RE2's `\\b`, `\\d`, `\\w` and `\\s` are ASCII-only (Python's are Unicode);
`[\\pL\\pN_]` is the Unicode word character.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import re2


class LinearPatternError(ValueError):
    """The pattern is not valid RE2 syntax (often: look-around or a backreference)."""


class Match(Protocol):
    def start(self, group: int | str = 0) -> int: ...
    def end(self, group: int | str = 0) -> int: ...
    def span(self, group: int | str = 0) -> tuple[int, int]: ...
    def group(self, group: int | str = 0) -> Any: ...


class LinearPattern(Protocol):
    """The part of `re.Pattern` that Sluice uses; offsets are str (character) offsets."""

    @property
    def pattern(self) -> str: ...
    @property
    def groups(self) -> int: ...
    @property
    def groupindex(self) -> Mapping[str, int]: ...
    def search(self, text: str) -> Match | None: ...
    def finditer(self, text: str) -> Iterator[Match]: ...


def compile_linear(pattern: str, *, ignore_case: bool = False, dot_all: bool = False) -> LinearPattern:
    """Compile with RE2, or raise `LinearPatternError` saying why (RE2's own message)."""
    options = re2.Options()
    options.log_errors = False  # the error is raised to the caller, who names file and field
    options.case_sensitive = not ignore_case
    options.dot_nl = dot_all
    try:
        compiled: LinearPattern = re2.compile(pattern, options)
    except re2.error as exc:
        raise LinearPatternError(_reason(exc)) from None
    return compiled


def _reason(exc: Exception) -> str:
    detail = exc.args[0] if exc.args else exc
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if "invalid perl operator: (?<" in text or "invalid perl operator: (?=" in text or "(?!" in text:
        text += " (look-around is not supported: linear-time RE2 syntax)"
    elif "invalid escape sequence: \\" in text and text[-1:].isdigit():
        text += " (backreferences are not supported: linear-time RE2 syntax)"
    return text
