"""`RulePack.candidates` evaluates each rule's prefilter in a faster form: the same answers.

semgrep-core's formula is evaluated as alternatives over the identifiers found in one pass
(`CoreAlternatives`), and case-blind literal requirements lower-case ASCII text instead of running a
regex. Both must agree exactly with the predicates they replace (`CompiledRule.prefilter`, a
regex search), on every rule and every snippet of the rule tests and labelled corpora.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.scanning.regex_literals import literal_search, required_literals
from gateway.scanning.semgrep_rules import CoreAlternatives, _core_alternatives
from tests.scanning.test_prefilter import CORPUS_ROOT, RULES_ROOT, _corpus_files, _pack, _rule_test_files

HARMLESS = (
    '# answer 17\ndef add(a, b):\n    """Return the sum of a and b."""\n    total = a + b\n    return total\n\n\n'
    "print(add(2, 3))\n"
)


def _snippets() -> list[tuple[str, str]]:
    found = [(lang, p.read_text(encoding="utf-8")) for lang, p in _rule_test_files()]
    found += [(lang, p.read_text(encoding="utf-8")) for lang, p in _corpus_files()]
    # Every line alone too: small snippets are where alternatives fail one by one.
    found += [(lang, line) for lang, code in list(found) for line in code.splitlines() if line.strip()]
    return [*found, ("python", HARMLESS)]


def test_candidates_agree_with_each_rules_prefilter() -> None:
    pack = _pack()
    assert RULES_ROOT.is_dir() and CORPUS_ROOT.is_dir()
    checked = 0
    for language, code in _snippets():
        kept = {r.id for r in pack.candidates(language, code)}
        expected = {r.id for r in pack._by_language.get(language, ()) if r.prefilter(code)}
        assert kept == expected, (language, code[:200])
        checked += 1
    assert checked > 1000
    # the fast form is what runs for nearly every rule (not the closure fallback)
    rules = list(pack.rules.values())
    assert sum(r.core is not None for r in rules) > 0.9 * len(rules)


def test_the_benchmark_answer_runs_no_python_rule() -> None:
    assert _pack().candidates("python", HARMLESS) == []


def test_alternatives_of_a_formula() -> None:
    either = ["Or", [["Pred", ["Idents", ["new"]]], ["Pred", ["Idents", ["digest"]]]]]
    alternatives = _core_alternatives(["And", [["Pred", ["Idents", ["hmac"]]], either]])
    assert alternatives is not None
    assert set(alternatives.idents_only) == {frozenset({"hmac", "new"}), frozenset({"digest", "hmac"})}
    present = frozenset({"hmac", "digest"})
    assert alternatives.holds("hmac.digest(k, m)", present)
    assert not alternatives.holds("hmac", frozenset({"hmac"}))
    # absorption: A or (A and B) is A
    absorbed = _core_alternatives(["Or", [["Pred", ["Idents", ["a"]]], ["Pred", ["Idents", ["a", "b"]]]]])
    assert absorbed == CoreAlternatives((frozenset({"a"}),))
    with_regex = _core_alternatives(["And", [["Pred", ["Idents", ["x"]]], ["Pred", ["Regexp", "y+z"]]]])
    assert with_regex is not None and with_regex.holds("x yyz", frozenset({"x"}))
    assert not with_regex.holds("x y", frozenset({"x"}))


@pytest.mark.parametrize(
    "regex",
    [
        r"(?i)^([\w.]*[._])?(\w*token|\w*secret|api_?key|mac)$",
        r"(?i)(role|perm|auth|admin|user)",
        r"(?i)sk_live_\w+",
        r"password|passwd",
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "user_token = x",
        "API_KEY == other",
        "ROLE is 'admin'",
        "nothing here",
        "\u017fecret = 1",  # long s: `re` folds it onto s
        "mac = \u212a",  # Kelvin sign folds onto k
        "my_\u017fk_live_x",
        "PASSWORD",
        "pa\u017f\u017fword",
    ],
)
def test_case_blind_literals_find_what_the_regex_finds(regex: str, text: str) -> None:
    found = required_literals(regex)
    assert found is not None
    clauses, ignore_case = found
    flags = re.IGNORECASE if ignore_case else 0
    expected = all(re.search("|".join(map(re.escape, c)), text, flags) for c in clauses)
    search = literal_search(regex)
    assert search is not None
    assert search(text) == expected


def test_rule_files_exist() -> None:
    assert any(Path(RULES_ROOT).rglob("*.yaml"))
