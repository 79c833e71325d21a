"""decide_output: rule order, overall action, language overrides, license, allowlist, shadow, on_error."""

from __future__ import annotations

import datetime
import json

import pytest

from gateway.policy import default_decision, default_policy, load_policy_set
from gateway.scanning.findings import SCAN_INCOMPLETE
from tests.policy.conftest import finding

RULES = """
    output:
      default_action: annotate
      repair: {max_attempts: 2}
      rules:
        - {name: secrets, scanner: secrets, action: redact}
        - {name: injection, min_severity: high, cwe: [CWE-78, CWE-89], action: block}
        - {name: bandit-asserts, rule_id: 'B10*', action: allow}
        - {name: medium, min_severity: medium, action: repair}
        - {name: js-only, language: [js], action: block}
      languages:
        go:
          default_action: allow
          rules:
            - {name: go-sql, cwe: CWE-89, action: annotate}
      allowlist:
        - rule_id: 'B30?'
          justification: pickle of trusted internal caches, reviewed
          expires: 2026-06-30
        - rule_id: semgrep.python.flask-debug
          justification: debug apps only run on developer laptops
          language: python
    """
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def policy(policy_dir):
    return load_policy_set(policy_dir(RULES)).default


def decide(policy, findings, language="python", today=TODAY):
    return policy.decide_output(findings, language, today=today)


def test_no_findings_allows(policy):
    decision = decide(policy, [])
    assert (decision.action, decision.effective_action, decision.findings) == ("allow", "allow", ())


def test_first_matching_rule_decides_each_finding(policy):
    findings = [
        finding("B602", "high", cwe="CWE-78"),  # injection
        finding("B105", "high", cwe="CWE-259"),  # high but not injection, B10* -> allow
        finding("B324", "medium", cwe="CWE-327"),  # medium -> repair
        finding("aws", "high", scanner="secrets", cwe="CWE-798"),  # secrets first, though high
        finding("x.low", "low", scanner="semgrep", cwe=None),  # default_action
    ]
    decision = decide(policy, findings)
    assert [(d.finding.rule_id, d.action, d.rule) for d in decision.findings] == [
        ("B602", "block", "injection"),
        ("B105", "allow", "bandit-asserts"),
        ("B324", "repair", "medium"),
        ("aws", "redact", "secrets"),
        ("x.low", "annotate", "default_action"),
    ]
    assert decision.action == "block"


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([finding("a", "low", cwe=None)], "annotate"),
        ([finding("a", "low", cwe=None), finding("s", "low", scanner="secrets")], "redact"),
        ([finding("s", "low", scanner="secrets"), finding("m", "medium", cwe=None)], "repair"),
        ([finding("m", "medium", cwe=None), finding("i", "critical", cwe="CWE-89")], "block"),
        ([finding("B101", "low", cwe=None)], "allow"),
    ],
)
def test_overall_action_is_the_most_severe(policy, findings, expected):
    assert decide(policy, findings).action == expected


def test_repair_with_zero_attempts_blocks(policy_dir):
    root = policy_dir(
        "output:\n  repair: {max_attempts: 0}\n  rules: [{name: m, min_severity: medium, action: repair}]\n"
    )
    decision = decide(load_policy_set(root).default, [finding("m", "medium")])
    assert decision.action == "block"
    assert decision.findings[0].action == "repair"


def test_language_override_rules_first_then_general_then_its_default(policy):
    findings = [
        finding("q", "high", cwe="CWE-89"),
        finding("B602", "high", cwe="CWE-78"),
        finding("z", "low", cwe=None),
    ]
    decision = decide(policy, findings, language="golang")  # alias of go
    assert [(d.action, d.rule) for d in decision.findings] == [
        ("annotate", "go-sql"),
        ("block", "injection"),
        ("allow", "default_action"),
    ]


def test_rule_language_condition_uses_canonical_names(policy):
    low = finding("z", "low", scanner="semgrep", cwe=None)
    assert decide(policy, [low], language="javascript").findings[0].rule == "js-only"
    assert decide(policy, [low], language="python").findings[0].rule == "default_action"
    # A finding from a fenced block carries its own language.
    tagged = finding("z", "low", scanner="semgrep", cwe=None, extra={"language": "node"})
    assert decide(policy, [tagged], language="python").findings[0].rule == "js-only"


def test_allowlist_drops_finding_and_keeps_justification(policy):
    decision = decide(policy, [finding("B301", "high", cwe="CWE-502")])
    assert decision.action == "allow"
    assert decision.findings == ()
    [kept] = decision.suppressed
    assert (kept.finding.rule_id, kept.allowlist_rule_id) == ("B301", "B30?")
    assert kept.justification == "pickle of trusted internal caches, reviewed"
    assert json.loads(json.dumps(decision.to_dict()))["suppressed"][0]["expires"] == "2026-06-30"


def test_allowlist_entry_applies_through_its_expiry_day_then_is_ignored(policy):
    pickle = finding("B301", "medium", cwe="CWE-502")
    assert decide(policy, [pickle], today=datetime.date(2026, 6, 30)).action == "allow"
    expired = decide(policy, [pickle], today=datetime.date(2026, 7, 1))
    assert expired.action == "repair"
    assert expired.suppressed == ()


def test_allowlist_language_condition(policy):
    debug = finding("semgrep.python.flask-debug", "medium", scanner="semgrep", cwe="CWE-489")
    assert decide(policy, [debug], language="python").suppressed
    assert not decide(policy, [debug], language="ruby").suppressed


def test_scan_incomplete_is_never_allowlisted(policy_dir):
    root = policy_dir("output:\n  allowlist: [{rule_id: '*', justification: allow every single finding}]\n")
    decision = decide(
        load_policy_set(root).default, [finding(SCAN_INCOMPLETE, "info", scanner="semgrep", cwe=None)]
    )
    assert decision.action == "block"  # on_error defaults to block


def test_on_error_block_and_allow_with_warning(policy_dir):
    failed = finding(SCAN_INCOMPLETE, "info", scanner="semgrep", cwe=None)
    blocking = decide(load_policy_set(policy_dir("")).default, [failed])
    assert (blocking.action, blocking.findings[0].rule, blocking.warnings) == ("block", "on_error", ())
    lenient = decide(load_policy_set(policy_dir("on_error: allow_with_warning\n")).default, [failed])
    assert lenient.action == "annotate"
    assert lenient.warnings == ("scan incomplete (semgrep): scan_incomplete finding",)


def license_finding(spdx: str, category: str, chars: int):
    return finding(
        "license.match",
        "medium",
        scanner="license",
        cwe=None,
        extra={"spdx": spdx, "category": category, "matched_chars": chars},
    )


def test_license_section(policy_dir):
    root = policy_dir("""
        output:
          rules: [{name: other-licenses, scanner: license, action: annotate}]
          license:
            denied_spdx: [GPL-*]
            denied_classes: [network-copyleft]
            match_threshold_chars: 200
            action: block
        """)
    policy = load_policy_set(root).default
    assert (
        decide(policy, [license_finding("GPL-3.0-only", "strong_copyleft", 400)]).findings[0].rule
        == "license"
    )
    assert decide(policy, [license_finding("AGPL-3.0-only", "network_copyleft", 400)]).action == "block"
    short = decide(policy, [license_finding("GPL-2.0-only", "strong_copyleft", 120)])
    assert (short.action, short.findings[0].rule) == ("annotate", "other-licenses")
    assert decide(policy, [license_finding("MIT", "permissive", 900)]).action == "annotate"


def test_shadow_mode_computes_decision_but_allows(policy_dir):
    policy = load_policy_set(policy_dir(RULES + "mode: shadow\n")).default
    decision = decide(policy, [finding("B602", "high", cwe="CWE-78")])
    assert (decision.action, decision.effective_action, decision.shadow) == ("block", "allow", True)
    assert decision.findings[0].rule == "injection"
    assert decision.policy_version == policy.version


def test_shipped_default_policy_decisions():
    assert default_decision([], "python") == "allow"
    assert default_decision([finding("B602", "high", cwe="CWE-78")], "python") == "block"
    assert default_decision([finding("B301", "high", cwe="CWE-502")], "python") == "block"
    assert default_decision([finding("B301", "medium", cwe="CWE-502")], "python") == "repair"
    assert default_decision([finding("B303", "high", cwe="CWE-327")], "python") == "repair"
    # Block and repair need a finding the scanner is sure of; a guess only annotates.
    unsure = [finding("B602", "critical", cwe="CWE-78", confidence="medium")]
    assert default_decision(unsure, "python") == "annotate"
    assert default_decision([finding("B303", "high", cwe="CWE-327", confidence="low")], "python") == "annotate"
    assert default_decision([finding("x", "critical", scanner="semgrep", cwe="CWE-1")], "go") == "block"
    assert default_decision([finding("B101", "low", cwe="CWE-703")], "python") == "annotate"
    assert default_decision([finding("aws", "high", scanner="secrets", cwe="CWE-798")], "python") == "redact"
    assert default_decision([license_finding("GPL-3.0-or-later", "strong_copyleft", 300)], "c") == "block"
    assert (
        default_decision([finding(SCAN_INCOMPLETE, "info", scanner="bandit", cwe=None)], "python") == "block"
    )
    assert default_policy() is default_policy()  # loaded once


def test_decision_is_fast(policy):
    import time

    findings = [finding(f"B{i}", "medium", cwe="CWE-20") for i in range(50)]
    start = time.perf_counter()
    for _ in range(200):
        decide(policy, findings)
    per_call_ms = (time.perf_counter() - start) / 200 * 1000
    assert per_call_ms < 5, per_call_ms
