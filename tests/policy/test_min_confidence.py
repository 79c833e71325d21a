"""`min_confidence` on output rules: YAML -> compiled matcher -> decision (docs/policy.md)."""

from __future__ import annotations

import datetime

import pytest

from gateway.policy import load_policy_set
from gateway.policy.errors import PolicyError
from tests.policy.conftest import finding

TODAY = datetime.date(2030, 1, 1)

SURE_ONLY = """
    output:
      default_action: allow
      rules:
        - {name: block-sure, min_severity: high, min_confidence: high, action: block}
        - {name: repair-likely, min_severity: medium, min_confidence: medium, action: repair}
        - {name: note-rest, min_severity: info, action: annotate}
    """


def _decide(policy, *findings):
    return policy.decide_output(list(findings), "python", today=TODAY)


def test_rules_act_only_on_findings_as_sure_as_they_ask(policy_dir):
    policy = load_policy_set(policy_dir(SURE_ONLY)).default
    sure = _decide(policy, finding("B602", "high", confidence="high"))
    assert (sure.action, sure.findings[0].rule) == ("block", "block-sure")
    likely = _decide(policy, finding("B602", "high", confidence="medium"))
    assert (likely.action, likely.findings[0].rule) == ("repair", "repair-likely")
    guess = _decide(policy, finding("B602", "high", confidence="low"))
    assert (guess.action, guess.findings[0].rule) == ("annotate", "note-rest")


def test_unknown_confidence_is_a_policy_error(policy_dir):
    root = policy_dir("""
        output:
          rules: [{name: r, min_confidence: certain, action: block}]
        """)
    with pytest.raises(PolicyError):
        load_policy_set(root)
