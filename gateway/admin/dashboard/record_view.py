"""A stored prompt or response cut into prose and highlighted code blocks, with each
finding attached to the lines it names.

Scanner findings carry `block_index` and lines relative to their code block (see
`ScanEngine.scan_text`); the blocks are found again here with the same extractor, so
a finding lands on the line the scanner meant. Highlighting is server-side
(Pygments), so the page needs no script for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from pygments import lex
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound

from gateway.audit.entry import sha256_text
from gateway.scanning.extraction import CodeBlock, extract_code_blocks
from gateway.scanning.findings import PARSE_ERROR, SCAN_INCOMPLETE
from gateway.scanning.pyast import parse_locked
from gateway.scanning.secrets import redact

# Findings about the scan itself (a scanner could not parse a block, timed out, failed): they say
# how much of the block was checked, not where the code is wrong, so they are not put on a line.
COVERAGE_RULES = frozenset({PARSE_ERROR, SCAN_INCOMPLETE})
MAX_PARSE_CHECK_CHARS = 200_000


@dataclass(slots=True)
class CodeLine:
    number: int
    html: Markup
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Segment:
    kind: str  # "prose" | "code"
    text: str = ""
    language: str | None = None
    lines: list[CodeLine] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)  # parse errors, incomplete scans
    parses: bool | None = None  # for Python: whether the block as shown parses

    @property
    def flagged(self) -> bool:
        return any(line.findings for line in self.lines)


def _lexer(language: str | None) -> Lexer:
    try:
        return get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        return TextLexer()


def _css_class(token: _TokenType) -> str:
    while token not in STANDARD_TYPES:
        token = token.parent
    return STANDARD_TYPES[token]


def highlight_lines(code: str, language: str | None) -> list[Markup]:
    """One escaped, highlighted HTML fragment per source line."""
    lines: list[list[str]] = [[]]
    for token, value in lex(code, _lexer(language)):
        css = _css_class(token)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if piece:
                text = str(escape(piece))
                lines[-1].append(f'<span class="{css}">{text}</span>' if css else text)
    if code.endswith("\n") or (len(lines) > 1 and not lines[-1]):
        lines.pop()  # the lexer's (or the block's) final newline is not a line of its own
    # Safe: every piece of source text was escaped above; only our own span tags are raw.
    return [Markup("".join(parts)) for parts in lines] or [Markup("")]  # noqa: S704


def _parses(code: str, language: str | None) -> bool | None:
    if (language or "").lower() not in ("python", "py", "python3") or len(code) > MAX_PARSE_CHECK_CHARS:
        return None
    try:
        parse_locked(code)  # scanning may be parsing on its AST thread (CPython 3.11's parser race)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _code_segment(code: str, language: str | None, findings: Iterable[Mapping[str, Any]]) -> Segment:
    lines = [CodeLine(n, html) for n, html in enumerate(highlight_lines(code, language), start=1)]
    coverage = [dict(f) for f in findings if f.get("rule_id") in COVERAGE_RULES]
    segment = Segment("code", language=language, lines=lines, coverage=coverage)
    if coverage:
        segment.parses = _parses(code, language)
    for finding in findings:
        if finding.get("rule_id") in COVERAGE_RULES:
            continue
        start = finding.get("start_line")
        if not isinstance(start, int):
            continue
        end = finding.get("end_line") if isinstance(finding.get("end_line"), int) else start
        target = min(max(start, 1), len(lines))  # mark the first line of the span; the note says the range
        lines[target - 1].findings.append({**finding, "span": f"{start}" if end == start else f"{start}-{end}"})
    return segment


def segments(text: str | None, findings: Iterable[Mapping[str, Any]], language: str | None = None) -> list[Segment]:
    """Prose and code segments of `text` with findings placed; findings outside any block are left out."""
    if not text:
        return []
    found = list(findings)
    blocks: list[CodeBlock] = extract_code_blocks(text, language)
    if not blocks:
        in_block = [f for f in found if f.get("block_index") == 0]
        if in_block or language:  # a raw completion scanned as one block
            return [_code_segment(text, language, in_block)]
        return [Segment("prose", text=text)]
    out: list[Segment] = []
    cursor = 0
    for index, block in enumerate(blocks):
        _add_prose(out, text[cursor : block.start], after_block=index > 0, before_block=True)
        out.append(_code_segment(block.code, block.language, [f for f in found if f.get("block_index") == index]))
        cursor = block.end
    _add_prose(out, text[cursor:], after_block=True, before_block=False)
    return out


# The fence lines themselves: the code box shows the language instead.
_OPENING_FENCE = re.compile(r"(?:^|\n) {0,3}(?:`{3,}|~{3,})[^\n]*\n?\Z")
_CLOSING_FENCE = re.compile(r"\A\n? {0,3}(?:`{3,}|~{3,})[ \t]*(?:\n|\Z)")


def _add_prose(out: list[Segment], text: str, *, after_block: bool, before_block: bool) -> None:
    if after_block:
        text = _CLOSING_FENCE.sub("", text, count=1)
    if before_block:
        text = _OPENING_FENCE.sub("", text, count=1)
    if text.strip():
        out.append(Segment("prose", text=text))


def output_findings(detail: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The output findings with their block positions and remediation (kept in `details.output`);
    the normalized finding rows when a record has no such details."""
    details = detail.get("details") or {}
    output = details.get("output") if isinstance(details, dict) else None
    if isinstance(output, dict) and isinstance(output.get("findings"), list):
        return [f for f in output["findings"] if isinstance(f, dict)]
    rows = list(detail.get("findings") or [])
    return [{**row, "block_index": 0} for row in rows]


def attempt_panes(details: Mapping[str, Any], response: str | None) -> list[dict[str, Any]]:
    """Each answer the output guard judged, oldest first: the original, then every repair.

    `details.repair_attempts` keeps each answer's findings and the SHA-256 of its secret-redacted
    text, not the text (details are chained and never purged). The last answer judged is the
    record's response body: it is shown when its hash matches the attempt's.
    """
    raw = [a for a in (details.get("repair_attempts") or []) if isinstance(a, dict)]
    panes = []
    for n, attempt in enumerate(raw, start=1):
        findings = [f for f in attempt.get("findings") or [] if isinstance(f, dict)]
        text = attempt.get("text") if isinstance(attempt.get("text"), str) else None
        digest = attempt.get("text_sha256")
        if text is None and n == len(raw) and response is not None and isinstance(digest, str):
            if sha256_text(redact(response)[0]) == digest:
                text = response
        panes.append({
            "n": n,
            "label": "Original answer" if n == 1 else f"Repair {n - 1}",
            "action": attempt.get("action"),
            "findings": findings,
            "chars": attempt.get("chars"),
            "sha256": digest,
            "stored": text is not None,
            "segments": segments(text, findings),
        })
    return panes


def stage_rows(stage_ms: Mapping[str, Any] | None, total_ms: float | None) -> list[dict[str, Any]]:
    """Stage timings for display, with their share of the request's total.

    A stage's figure is summed over every run of it: scanners run for all code blocks (and the
    prose) at once, so `scan.secrets` over four concurrent blocks can add up to more than the
    request took. Such a figure is busy time, not elapsed time, and is shown as that.
    """
    rows = []
    for name, value in (stage_ms or {}).items():
        if not isinstance(value, int | float):
            continue
        overlapping = total_ms is not None and value > total_ms
        share = 100.0 if not total_ms else min(100.0, 100.0 * value / total_ms)
        rows.append({"name": str(name), "ms": float(value), "share": share, "overlapping": overlapping})
    return rows


ADMIN_DETAIL_LABELS = {
    "actor": "Done by",
    "revoked_key_id": "Revoked key",
    "created_key_id": "Created key",
    "record_request_id": "Record read",
    "filter": "Filter",
    "filters": "Filter",
    "format": "Format",
    "bodies": "Bodies",
    "via": "Via",
    "ok": "Result OK",
    "checked": "Records checked",
    "first_bad_id": "First bad record",
    "old_version": "Old policy set",
    "new_version": "New policy set",
    "path": "Path",
    "reason": "Reason",
    "scopes": "Scopes",
    "target_tenant": "Tenant",
}


def admin_details(details: Mapping[str, Any] | None) -> list[tuple[str, str, Any]]:
    """An admin event's `details` as (key, label, value) rows: what was done, by whom, to what."""
    rows = []
    for key, value in (details or {}).items():
        label = ADMIN_DETAIL_LABELS.get(str(key), str(key).replace("_", " ").capitalize())
        rows.append((str(key), label, value))
    return rows
