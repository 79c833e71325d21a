"""Make generated Python fragments parse, so that every scanner sees them.

Models often answer with a method cut out of its class (indented as in the class) or with a last
line cut off by the token limit. Such
code does not parse: Bandit skips it and semgrep recovers only part of it, so whether an insecure
answer is caught would depend on how it was cut. `repair_python` tries, in order, the smallest
change that makes the code parse, and says how to map findings back onto the original lines:

1. dedent (lines kept; columns shift by the removed indentation);
2. then drop up to three trailing lines (a truncated end; lines kept).

`return`/`await` outside a function need nothing: CPython's parser accepts them (the compiler, which
no scanner runs, is what rejects them).

Must run on the AST thread (gateway.scanning.pyast): it builds ASTs.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from gateway.scanning.findings import Finding

_MAX_TRIMMED_LINES = 3


@dataclass(frozen=True, slots=True)
class Repair:
    code: str
    how: str  # "dedent", "trim"
    line_offset: int = 0  # lines added above the original code (none of today's repairs add any)
    col_offset: int = 0  # columns added (+) or removed (-) on every original line
    dropped_lines: int = 0  # trailing original lines the repaired code leaves out

    def relocate(self, findings: list[Finding], original_lines: int) -> list[Finding]:
        """Findings on the original lines, columns as in the original; synthetic lines dropped."""
        out = []
        for f in findings:
            start, end = f.start_line - self.line_offset, f.end_line - self.line_offset
            if end < 1 or start > original_lines:
                continue
            out.append(
                f.moved(
                    start_line=max(start, 1),
                    end_line=min(max(end, 1), original_lines),
                    start_col=None if f.start_col is None else max(f.start_col - self.col_offset, 1),
                    end_col=None if f.end_col is None else max(f.end_col - self.col_offset, 1),
                )
            )
        return out


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _common_indent(code: str) -> int:
    """Columns textwrap.dedent removes (tabs count as one column, as in semgrep and Bandit)."""
    widths = [len(line) - len(line.lstrip()) for line in code.splitlines() if line.strip()]
    return min(widths, default=0)


def repair_python(code: str) -> Repair | None:
    """None when the code parses as it is or no repair helps (the parse error is then reported)."""
    if _parses(code):
        return None
    return next((c for c in _candidates(code) if _parses(c.code)), None)


def _candidates(code: str) -> Iterator[Repair]:
    """Repairs from the smallest change to the largest; built lazily (each costs a parse)."""
    base = textwrap.dedent(code)
    shift = -_common_indent(code) if base != code else 0
    if base != code:
        yield Repair(base, "dedent", 0, shift)
    lines = base.splitlines()
    cuts = range(1, min(_MAX_TRIMMED_LINES, len(lines) - 1) + 1)
    for cut in cuts:
        yield Repair("\n".join(lines[:-cut]) + "\n", "trim", 0, shift, dropped_lines=cut)
