"""Every way a policy can be invalid gives PolicyError naming file, line and field."""

from __future__ import annotations

import pytest

from gateway.policy import PolicyError, load_policy_set

# (tenant file text, expected "line:col: field X" fragment, expected message fragment)
CASES = [
    ("models:\n  max_tokenz: 5\n", "t.yaml:2:3: field models.max_tokenz", "unknown field"),
    ("bogus: 1\n", "t.yaml:1:1: field bogus", "unknown field"),
    ("models:\n  max_tokens: lots\n", "t.yaml:2:3: field models.max_tokens", "Expected `int`, got `str`"),
    ("models:\n  max_n: 0\n", "t.yaml:2:3: field models.max_n", "Expected `int` >= 1"),
    ("mode: audit\n", "t.yaml:1:1: field mode", "Invalid enum value 'audit'"),
    ("streaming: {mode: drip}\n", "t.yaml:1:13: field streaming.mode", "Invalid enum value 'drip'"),
    ("on_error: ignore\n", "t.yaml:1:1: field on_error", "Invalid enum value"),
    ("audit: {store: everything}\n", "t.yaml:1:9: field audit.store", "Invalid enum value"),
    ("input:\n  secrets: hide\n", "t.yaml:2:3: field input.secrets", "Invalid enum value 'hide'"),
    (
        "output:\n  rules:\n    - name: x\n      action: zap\n",
        "t.yaml:4:7: field output.rules[0].action",
        "Invalid enum value 'zap'",
    ),
    (
        "output:\n  rules:\n    - name: x\n",
        "t.yaml:3:7: field output.rules[0]",
        "missing required field `action`",
    ),
    (
        "output:\n  rules:\n    - {name: x, action: block, min_severity: severe}\n",
        "t.yaml:3:32: field output.rules[0].min_severity",
        "Invalid enum value 'severe'",
    ),
    (
        "output:\n  allowlist:\n    - rule_id: B101\n",
        "t.yaml:3:7: field output.allowlist[0]",
        "missing required field `justification`",
    ),
    (
        "output:\n  allowlist:\n    - {rule_id: B101, justification: ok}\n",
        "field output.allowlist[0].justification",
        "length >= 10",
    ),
    (
        "output:\n  allowlist:\n    - {rule_id: B1, justification: long enough text, expires: 2026-13-01}\n",
        "t.yaml:3:63",
        "invalid YAML: invalid value (month must be in 1..12)",
    ),
    (
        "output:\n  languages:\n    python:\n      rules:\n        - {name: a, action: nope}\n",
        "t.yaml:5:21: field output.languages.python.rules[0].action",
        "Invalid enum value 'nope'",
    ),
    (
        "output:\n  languages:\n    py:\n      default_action: block\n",
        "t.yaml:3:5: field output.languages.py",
        "write 'python'",
    ),
    (
        "input:\n  pii:\n    - name: x\n      pattern: '(unclosed'\n",
        "t.yaml:4:7: field input.pii[0].pattern",
        "invalid regular expression: missing )",
    ),
    (
        # Policy regexes run on every prompt: RE2 only (linear time), so no look-around...
        "input:\n  pii:\n    - name: ssn\n      pattern: '(?!000)\\d{3}-\\d{2}'\n",
        "t.yaml:4:7: field input.pii[0].pattern",
        "look-around is not supported: linear-time RE2 syntax",
    ),
    (
        # ...and no backreferences.
        "input:\n  deny:\n    - id: d\n      reason: r\n      regex: ['(a)\\1']\n",
        "t.yaml:5:15: field input.deny[0].regex[0]",
        "backreferences are not supported",
    ),
    (
        "input:\n  pii:\n    - {name: Bad-Name, pattern: x}\n",
        "field input.pii[0].name",
        "Expected `str` matching regex",
    ),
    (
        "input:\n  deny:\n    - id: d\n      reason: r\n      regex: ['[z-a]']\n",
        "t.yaml:5:15: field input.deny[0].regex[0]",
        "invalid regular expression: invalid character class range: z-a",
    ),
    (
        "input:\n  deny:\n    - id: d\n      reason: r\n",
        "t.yaml:3:7: field input.deny[0]",
        "needs `regex` or `keywords`",
    ),
    (
        "input:\n  deny:\n    - {id: d, reason: r, keywords: [a]}\n    - {id: d, reason: r, keywords: [b]}\n",
        "t.yaml:4:8: field input.deny[1].id",
        "duplicate deny rule id 'd'",
    ),
    (
        "output:\n  rules:\n    - {name: a, action: block}\n    - {name: a, action: allow}\n",
        "t.yaml:4:8: field output.rules[1].name",
        "duplicate rule name 'a'",
    ),
    (
        "output:\n  rules:\n    - {name: a, action: block, scanner: semgrap}\n",
        "field output.rules[0].scanner",
        "unknown value 'semgrap'",
    ),
    (
        "output:\n  rules:\n    - {name: a, action: block, cwe: [CWE-78, SQLi]}\n",
        "field output.rules[0].cwe",
        "'SQLi' is not a CWE id",
    ),
    ("models:\n  max_tokens: 1\n  max_tokens: 2\n", "t.yaml:3:3: field models.max_tokens", "duplicate key"),
    ("models: [\n", "t.yaml:2:1", "invalid YAML"),
    ("- just\n- a list\n", "t.yaml:1:1", "must be a mapping of sections"),
    (
        "output:\n  rules: []\n  rules+: []\n",
        "t.yaml:3:3: field output.rules+",
        "use either `rules` or `rules+`",
    ),
    (
        "models:\n  max_tokens+: [1]\n",
        "t.yaml:2:3: field models.max_tokens+",
        "inherited value is not a list",
    ),
    ("models:\n  allowed+: gpt\n", "t.yaml:2:3: field models.allowed+", "the value here is not a list"),
    (
        "output:\n  allowlist:\n    - {rule_id: B1, justification: long enough text, expires: 'soon'}\n",
        "field output.allowlist[0].expires",
        "Invalid RFC3339 encoded date",
    ),
    ("extends: [a, b]\n", "t.yaml:1:1: field extends", "must be a policy name"),
]


@pytest.mark.parametrize(("text", "where", "message"), CASES, ids=[c[1].split("field ")[-1] for c in CASES])
def test_error_names_file_line_and_field(policy_dir, text, where, message):
    root = policy_dir("", {"t": text})
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    text_of_error = str(err.value)
    assert str(root / "tenants" / "t.yaml") in text_of_error
    assert where in text_of_error, text_of_error
    assert message in text_of_error, text_of_error


def test_error_in_parent_points_at_parent_file(policy_dir):
    root = policy_dir("description: ok\n", {"base": "extends: null\nmode: loud\n", "t": "extends: base\n"})
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    assert f"{root / 'tenants' / 'base.yaml'}:2:1: field mode" in str(err.value)


def test_error_after_append_points_at_the_appending_file(policy_dir):
    root = policy_dir(
        "output:\n  rules:\n    - {name: a, action: block}\n",
        {"t": "output:\n  rules+:\n    - {name: b, action: block}\n    - {name: c, action: boom}\n"},
    )
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    # Item 1 of the tenant's list is item 2 of the merged list.
    assert f"{root / 'tenants' / 't.yaml'}:4:17: field output.rules[2].action" in str(err.value)


def test_error_after_prepend_keeps_inherited_locations(policy_dir):
    root = policy_dir(
        "output:\n  rules:\n    - {name: a, action: block}\n    - {name: b, action: boom}\n",
        {"t": "output:\n  +rules:\n    - {name: c, action: block}\n"},
    )
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    assert f"{root / 'default.yaml'}:4:17: field output.rules[1].action" in str(err.value)


def test_missing_default(tmp_path):
    with pytest.raises(PolicyError, match=r"no default\.yaml"):
        load_policy_set(tmp_path)


def test_bad_tenant_file_names(policy_dir):
    root = policy_dir("")
    (root / "tenants" / "x.yml").write_text("mode: shadow\n")
    with pytest.raises(PolicyError, match=r"x\.yml: policy files must end in \.yaml"):
        load_policy_set(root)
    (root / "tenants" / "x.yml").unlink()
    (root / "tenants" / "-x.yaml").write_text("mode: shadow\n")
    with pytest.raises(PolicyError, match="invalid tenant file name"):
        load_policy_set(root)


def test_yaml_error_message_does_not_echo_the_line(policy_dir):
    root = policy_dir("", {"t": "input:\n  note: 'AKIAZ3MQ7VJX2RPLK4TQ\n"})
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    assert "AKIA" not in str(err.value)
    assert "invalid YAML" in str(err.value)
