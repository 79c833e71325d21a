"""Rule prefilters run in linear time: one long hostile line cannot stall the event loop.

`RulePack.candidates` runs on every snippet before semgrep. semgrep-core's prefilter regexes ran
on Python's backtracking `re`: a `.*`-gapped regex took 2-22 s on one 20 KB line. Here every rule
of every language (Sluice's packs and all of CodeShield's) meets a 30 KB line made of its own
literal fragments repeated without a newline, the worst case for such gaps.
"""

from __future__ import annotations

import json
import re
import time
from functools import cache
from typing import Any

import pytest

from gateway.scanning import codeshield_pack
from gateway.scanning.prefilter import MAX_BACKTRACKING_CHARS, linear_regex_prefilter
from gateway.scanning.semgrep_rules import CompiledRule, RulePack, find_semgrep_core
from tests.scanning.test_prefilter import RULES_ROOT

HOSTILE_CHARS = 30_000
# Per candidates() call over all of a language's rules; the stalls measured were 2-22 s (and
# 0.1 s per metavariable regex such as csharp.password-fast-hash's on 2,000 characters).
BUDGET_S = 0.25
_FRAGMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[^\sA-Za-z0-9_\\]+")


@cache
def _every_pack() -> RulePack:
    adjusters = {"codeshield": lambda rule: codeshield_pack.adjust_rule(rule, None)}
    sources = [("sluice", [RULES_ROOT]), ("codeshield", codeshield_pack.bundle_files(None))]
    return RulePack.load(find_semgrep_core(), sources, adjusters)


def _pattern_texts(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _pattern_texts(item)]
    if isinstance(node, dict):
        return [
            t
            for key, value in node.items()
            if key.startswith(("pattern", "metavariable", "regex")) or isinstance(value, (dict, list))
            for t in _pattern_texts(value)
        ]
    return []


def _hostile_line(rule: CompiledRule) -> str:
    """The rule's identifiers and pattern fragments, repeated to 30 KB on one line."""
    body = json.loads(rule.body)
    fragments = sorted(rule.core.identifiers()) if rule.core is not None else []
    for text in _pattern_texts({k: v for k, v in body.items() if k not in {"message", "metadata"}}):
        fragments.extend(_FRAGMENT.findall(text))
    unit = " ".join(dict.fromkeys(fragments)) or "x"
    return (unit + " ") * (HOSTILE_CHARS // (len(unit) + 1) + 1)


@pytest.mark.parametrize(("length", "budget_s"), [(HOSTILE_CHARS, BUDGET_S), (MAX_BACKTRACKING_CHARS - 1, 0.05)])
def test_every_rule_of_every_language_prefilters_a_hostile_line_fast(length: int, budget_s: float) -> None:
    """30 KB, and just short enough for a metavariable regex's bounded backtracking search."""
    pack = _every_pack()
    assert {"python", "c", "rust", "php", "java", "javascript"} <= pack.languages()
    timings: list[tuple[float, str, str]] = []
    for language in sorted(pack.languages()):
        for rule in pack._by_language[language]:
            line = _hostile_line(rule)[:length]
            assert "\n" not in line and len(line) == length
            timings.append((_seconds(pack, language, line), language, line))
    assert len(timings) > 500
    # The box is shared: the slowest are timed again and judged by their best run.
    for _, language, line in sorted(timings, reverse=True)[:10]:
        best = min(_seconds(pack, language, line) for _ in range(3))
        assert best < budget_s, (language, line[:120], best)


def _seconds(pack: RulePack, language: str, line: str) -> float:
    started = time.perf_counter()
    pack.candidates(language, line)
    return time.perf_counter() - started


def test_gapped_regexes_are_searched_without_backtracking() -> None:
    hostile = "snprintf(" * 3000  # 27 KB, no newline
    for pattern in (r".*(snprintf).*;", r"\w+\s*\(.*\).*\{", r"(?i)select.*from.*where.*=\s*\$"):
        search = linear_regex_prefilter(pattern)
        started = time.perf_counter()
        search(hostile)
        assert time.perf_counter() - started < 0.05, pattern


def test_linear_prefilter_keeps_every_match_of_the_python_regex() -> None:
    """Widened classes and literal fallbacks may keep more, never fewer."""
    cases = [
        (r"\w+\s*\(", ["é (", "f(", "  ("]),
        (r"[\w.]+@\w", ["é@ü", "a.b@c", "@x"]),
        (r"[^\w\s]=", ["+=", "a=", "é="]),
        (r"\bstrcpy\b", ["strcpy(", "éstrcpy", "xstrcpy"]),
        (r"token$", ["token\n", "token", "tokens"]),
        (r"(?<=\.)exec\(", [".exec(", "exec("]),
        (r"(\w)\1", ["aa", "ab", "éé"]),
        (r"(?i)MD5\d", ["md5\u0663", "MD5x"]),
    ]
    for pattern, texts in cases:
        search = linear_regex_prefilter(pattern)
        for text in texts:
            if re.search(pattern, text):
                assert search(text), (pattern, text)
    assert not linear_regex_prefilter(r"\bstrcpy\s*\(")("memcpy(a, b)")
