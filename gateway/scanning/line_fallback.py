"""Regex-only rules run in-process, for snippets semgrep could not parse.

semgrep reports nothing for a target its parser rejects, not even its `pattern-regex` rules, and a
model's answer is often cut off (`unsafe {` without its closing brace, a PHP call without the rest
of the file). A rule whose whole formula is one `pattern-regex` (minus `pattern-not-regex` ranges,
as CodeShield's converted line rules are) needs no syntax tree, so it runs here as semgrep would
run it: the regex over the snippet's text, a match dropped when a not-regex range contains it.

Model output is hostile input, so everything here is linear time: the regexes run on RE2 (a rule
RE2 cannot read is left to semgrep), and the comment ranges CodeShield's rules exclude with a
look-behind (`(?<![:"'\\\\])//[^\\n]*`, `/\\*[\\s\\S]*?\\*/`, `#...`) are found by a scan of the
text instead of a backtracking regex. A rule with matches beyond `MAX_MATCHES_PER_RULE` reports
the first ones: one finding per line is enough to judge a snippet.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass

from gateway.scanning.linear_regex import LinearPattern, LinearPatternError, compile_linear
from gateway.scanning.semgrep_rules import CompiledRule

MAX_MATCHES_PER_RULE = 20
_SLASH_LINE, _BLOCK, _HASH_LINE = "slash-line", "block", "hash-line"


@dataclass(frozen=True, slots=True)
class LineMatch:
    rule: CompiledRule
    message: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class LineRule:
    rule: CompiledRule
    message: str
    regex: LinearPattern
    excluded: tuple[LinearPattern, ...]
    comments: frozenset[str]

    @classmethod
    def of(cls, rule: CompiledRule) -> LineRule | None:
        """The rule as a line rule; None unless it is regex-only and every regex reads as RE2."""
        body = json.loads(rule.body)
        if "pattern-regex" in body:
            items: list[object] = [{"pattern-regex": body["pattern-regex"]}]
        elif isinstance(body.get("patterns"), list):
            items = body["patterns"]
        else:
            return None
        positive = [i["pattern-regex"] for i in items if isinstance(i, dict) and set(i) == {"pattern-regex"}]
        negative = [i["pattern-not-regex"] for i in items if isinstance(i, dict) and set(i) == {"pattern-not-regex"}]
        if len(positive) != 1 or len(positive) + len(negative) != len(items):
            return None
        try:
            regex = compile_linear(str(positive[0]))
            excluded: list[LinearPattern] = []
            comments: set[str] = set()
            for pattern in map(str, negative):
                style = _comment_style(pattern)
                if style is not None:
                    comments.add(style)
                else:
                    excluded.append(compile_linear(pattern))
        except LinearPatternError:
            return None
        return cls(rule, str(body.get("message", "")), regex, tuple(excluded), frozenset(comments))

    def matches(self, code: str, lines: _Lines) -> list[LineMatch]:
        if self.regex.search(code) is None:
            return []
        excluded = [m.span() for pattern in self.excluded for m in pattern.finditer(code)]
        spans = _Spans([*_comment_spans(code, self.comments), *excluded])
        kept: list[LineMatch] = []
        for match in self.regex.finditer(code):
            start, end = match.span()
            if end > start and not spans.contain(start, end):
                kept.append(LineMatch(self.rule, self.message, *lines.position(start), *lines.position(end)))
                if len(kept) >= MAX_MATCHES_PER_RULE:
                    break
        return kept


def _comment_style(pattern: str) -> str | None:
    """Which comment range a not-regex is (CodeShield's three), or None for any other regex."""
    if pattern.endswith("//[^\\n]*"):
        return _SLASH_LINE
    if pattern == "/\\*[\\s\\S]*?\\*/":
        return _BLOCK
    if "#" in pattern and pattern.endswith("[^\\n]*") and pattern.startswith("(?<!"):
        return _HASH_LINE
    return None


def _comment_spans(code: str, styles: frozenset[str]) -> list[tuple[int, int]]:
    """The ranges the comment not-regexes match, found by `str.find` (each character seen once)."""
    spans: list[tuple[int, int]] = []
    if _BLOCK in styles:
        at = code.find("/*")
        while at >= 0:
            close = code.find("*/", at + 2)
            if close < 0:  # no later "/*" has a close either
                break
            spans.append((at, close + 2))
            at = code.find("/*", close + 2)
    for style, token, not_after, not_before in (
        (_SLASH_LINE, "//", ":\"'\\", ""),
        (_HASH_LINE, "#", "$\"'\\", "{["),
    ):
        if style not in styles:
            continue
        at = code.find(token)
        while at >= 0:
            before = code[at - 1] if at else ""
            after = code[at + 1 : at + 2]
            if (not before or before not in not_after) and (not after or after not in not_before):
                end = code.find("\n", at)
                end = len(code) if end < 0 else end
                spans.append((at, end))
                at = code.find(token, end)
            else:
                at = code.find(token, at + 1)
    return spans


class _Spans:
    """Whether some range contains [start, end): sorted starts and the running furthest end."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def contain(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end


class _Lines:
    def __init__(self, code: str) -> None:
        self._starts = [0]
        at = code.find("\n")
        while at >= 0:
            self._starts.append(at + 1)
            at = code.find("\n", at + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column, as semgrep reports them."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


class LineFallback:
    """The line rules of a pack, built on first use per rule."""

    def __init__(self) -> None:
        self._rules: dict[str, LineRule | None] = {}

    def line_rule(self, rule: CompiledRule) -> LineRule | None:
        if rule.id not in self._rules:
            self._rules[rule.id] = LineRule.of(rule)
        return self._rules[rule.id]

    def matches(self, rules: list[CompiledRule], code: str) -> list[LineMatch]:
        """Matches of the regex-only ones among `rules` (the prefilter's candidates)."""
        line_rules = [lr for lr in map(self.line_rule, rules) if lr is not None]
        if not line_rules:
            return []
        lines = _Lines(code)
        return [m for lr in line_rules for m in lr.matches(code, lines)]
