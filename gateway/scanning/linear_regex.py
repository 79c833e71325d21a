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


# Python's Unicode classes as RE2 classes that contain them: exact on ASCII, every non-ASCII
# character allowed (a superset, for prefilters that may keep more, never less). RE2's own `\W`,
# `\D`, `\S` (ASCII) already hold every non-ASCII character, so they stay.
_WIDE_INSIDE_CLASS = {
    "w": r"0-9A-Za-z_\x{80}-\x{10FFFF}",
    "d": r"0-9\x{80}-\x{10FFFF}",
    "s": r"\t-\r\x1c- \x{80}-\x{10FFFF}",
}
_WIDE_OUTSIDE_CLASS = {**{k: f"[{v}]" for k, v in _WIDE_INSIDE_CLASS.items()}, "b": "", "B": ""}
_CLASS_ESCAPES = frozenset("wdsWDS")


def widened_for_re2(pattern: str) -> str | None:
    """`pattern` rewritten so RE2 matches at least what Python's `re` (or PCRE) would match.

    Word, digit and space escapes become classes that hold every non-ASCII character, word
    boundaries are dropped and `$` also matches before a final newline (as in `re` and PCRE), so
    on ASCII text and an ASCII pattern without boundaries it matches exactly what `re` does. None
    where no superset is known this simply: a class escape inside a negated class (`[^\\w]`).
    """
    if "[:" in pattern:  # a POSIX class ([[:alpha:]]) is one class to PCRE, a class and "]" to Python
        return None
    out: list[str] = []
    in_class = negated = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            table = _WIDE_INSIDE_CLASS if in_class else _WIDE_OUTSIDE_CLASS
            if in_class and negated and escaped in _CLASS_ESCAPES:
                return None
            if escaped in table:
                out.append(table[escaped])
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if char == "]":  # a leading "]" was taken as a member when the class opened
                in_class = False
            out.append(char)
        elif char == "[":
            in_class = True
            negated = pattern[i + 1 : i + 2] == "^"
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
            if pattern[i : i + 1] == "]":  # a leading "]" is a literal member
                out.append("\\]")
                i += 1
            continue
        elif char == "$":
            out.append(r"(?:\n?\z|$)")
        else:
            out.append(char)
        i += 1
    return "".join(out)
