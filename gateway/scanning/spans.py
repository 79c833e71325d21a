"""Mapping findings from `prefix + code + suffix` back onto `code` (completions and FIM)."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.scanning.findings import PARSE_ERROR, SCAN_INCOMPLETE, Finding

_WHOLE_SNIPPET = {PARSE_ERROR, SCAN_INCOMPLETE}
_END = 1 << 30  # column meaning "end of line" when a scanner gives none


@dataclass(frozen=True, slots=True)
class GeneratedSpan:
    """Where the generated text sits in the scanned text, as 1-based (line, column) bounds."""

    start: tuple[int, int]
    end: tuple[int, int]  # exclusive
    lines: int  # lines in the generated text

    @classmethod
    def of(cls, prefix: str, code: str) -> GeneratedSpan:
        line0 = prefix.count("\n") + 1
        col0 = len(prefix) - (prefix.rfind("\n") + 1) + 1
        newlines = code.count("\n")
        end_col = len(code) - code.rfind("\n") if newlines else col0 + len(code)
        return cls((line0, col0), (line0 + newlines, end_col), newlines + 1)

    def overlaps(self, f: Finding) -> bool:
        f_start = (f.start_line, f.start_col or 1)
        f_end = (f.end_line, f.end_col if f.end_col and f.end_col > (f.start_col or 0) else _END)
        if f.end_line > f.start_line and f.end_col is None:
            f_end = (f.end_line, _END)
        return f_start < self.end and self.start < f_end

    def relocate(self, f: Finding) -> Finding:
        line0, col0 = self.start
        last = self.lines

        def line(n: int) -> int:
            return min(max(n - line0 + 1, 1), last)

        def col(n: int, c: int | None) -> int | None:
            if c is None or n < line0:
                return None if c is None else 1
            return max(c - col0 + 1, 1) if n == line0 else c

        return f.moved(
            start_line=line(f.start_line),
            end_line=line(f.end_line),
            start_col=col(f.start_line, f.start_col),
            end_col=col(f.end_line, f.end_col),
        )


def map_to_generated(findings: list[Finding], prefix: str, code: str) -> list[Finding]:
    """Keep findings that touch the generated code, with lines and columns relative to it."""
    if not prefix and not findings:
        return findings
    span = GeneratedSpan.of(prefix, code)
    return [span.relocate(f) for f in findings if f.rule_id in _WHOLE_SNIPPET or span.overlaps(f)]
