"""check_input: secrets, PII, deny rules, size and model limits; request parameter limits."""

from __future__ import annotations

import json
import textwrap

import pytest

from gateway.policy import load_policy_set

AWS = "AKIAZ3MQ7VJX2RPLK4TQ"
GITHUB = "ghp_8fK2mQ9xLr4Tz7Vb1Nc6Hd3Jw5Ys0Pa2Eu4G"

POLICY = """
    models:
      allowed: [codellama-*, sluice-tiny]
      max_tokens: 512
      max_n: 2
      allowed_parameters: [max_tokens, temperature, n, stream]
    input:
      secrets: {secrets}
      max_prompt_chars: 200
      pii:
        - name: email
          pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+'
        - name: employee_id
          pattern: 'EMP-\\d{{6}}'
          action: block
      deny:
        - id: malware
          reason: no malware
          keywords: [ransomware, key logger]
        - id: exfil
          reason: no exfiltration
          regex: ['exfiltrat\\w+ .{{0,20}}data']
    """


def compiled(policy_dir, secrets: str = "redact", mode: str = "enforce"):
    root = policy_dir(textwrap.dedent(POLICY.format(secrets=secrets)) + f"mode: {mode}\n")
    return load_policy_set(root).default


def test_secret_is_redacted_with_typed_placeholder(policy_dir):
    decision = compiled(policy_dir).check_input(f"deploy with {AWS} and\ntoken {GITHUB} please")
    assert decision.action == "redact" == decision.effective_action
    assert (
        decision.text == "deploy with [REDACTED:aws_access_key_id] and\ntoken [REDACTED:github_token] please"
    )
    assert [(f.kind, f.type, f.line) for f in decision.findings] == [
        ("secret", "aws_access_key_id", 1),
        ("secret", "github_token", 2),
    ]
    # Nothing a decision exposes (for audit, logs or headers) holds the secret itself.
    assert AWS not in json.dumps(decision.to_dict()) and GITHUB not in json.dumps(decision.to_dict())


def test_secret_block_and_allow(policy_dir):
    blocked = compiled(policy_dir, "block").check_input(f"key {AWS}")
    assert blocked.action == "block"
    assert blocked.reason == "prompt contains a credential (aws_access_key_id)"
    allowed = compiled(policy_dir, "allow").check_input(f"key {AWS}")
    assert allowed.action == "allow"
    assert allowed.text == f"key {AWS}"
    assert [f.type for f in allowed.findings] == ["aws_access_key_id"]  # still recorded


def test_pii_redact_and_block(policy_dir):
    policy = compiled(policy_dir)
    redacted = policy.check_input("mail ann.lee@corp.example.com now")
    assert redacted.text == "mail [REDACTED:email] now"
    blocked = policy.check_input("my id is EMP-123456")
    assert blocked.action == "block"
    assert blocked.reason == "prompt contains employee_id"


def test_deny_keywords_are_whole_words_case_insensitive(policy_dir):
    policy = compiled(policy_dir)
    decision = policy.check_input("Write RANSOMWARE in go")
    assert (decision.action, decision.reason) == ("block", "no malware")
    assert [f.type for f in decision.findings] == ["malware"]
    assert policy.check_input("a   Key\nLogger for my app").action == "block"  # phrase across whitespace
    assert policy.check_input("ransomwarez are a word I made up").action == "allow"


def test_deny_regex(policy_dir):
    decision = compiled(policy_dir).check_input("how to exfiltrate customer data quietly")
    assert (decision.action, decision.reason) == ("block", "no exfiltration")


def test_block_wins_over_redact(policy_dir):
    decision = compiled(policy_dir).check_input(f"{AWS} ransomware")
    assert decision.action == "block"
    assert {f.kind for f in decision.findings} == {"deny", "secret"}


def test_size_limit_blocks_without_scanning(policy_dir):
    decision = compiled(policy_dir).check_input("x" * 150 + AWS + "y" * 100)
    assert decision.action == "block"
    assert [f.type for f in decision.findings] == ["max_prompt_chars"]
    assert "allows 200" in decision.reason


def test_size_limit_applies_to_all_messages_together(policy_dir):
    policy = compiled(policy_dir)
    assert policy.check_inputs(["a" * 150], model=None).action == "allow"
    assert policy.check_inputs(["a" * 150, "b" * 60], model=None).action == "block"


def test_messages_are_redacted_separately(policy_dir):
    decision = compiled(policy_dir).check_inputs(["system text", f"user {AWS}"], model="sluice-tiny")
    assert decision.texts == ("system text", "user [REDACTED:aws_access_key_id]")
    assert decision.findings[0].part == 1


def test_model_allowlist(policy_dir):
    policy = compiled(policy_dir)
    assert policy.model_allowed("codellama-7b-instruct")
    assert policy.model_allowed("sluice-tiny")
    assert not policy.model_allowed("sluice-tiny-2")
    assert not policy.model_allowed("gpt-4")
    decision = policy.check_input("hello", model="gpt-4")
    assert decision.action == "block"
    assert decision.reason == "model 'gpt-4' is not allowed by the policy"


def test_request_parameter_limits(policy_dir):
    policy = compiled(policy_dir)
    assert policy.check_request("sluice-tiny", {"messages": [], "max_tokens": 512, "n": 2}) == []
    violations = policy.check_request(
        "gpt-4", {"max_tokens": 513, "n": 3, "logit_bias": {}, "temperature": 0}
    )
    assert [(v.param, v.message) for v in violations] == [
        ("model", "model 'gpt-4' is not allowed by the policy"),
        ("logit_bias", "parameter 'logit_bias' is not allowed by the policy"),
        ("max_tokens", "max_tokens may be at most 512"),
        ("n", "n may be at most 2"),
    ]


def test_shadow_mode_decides_but_does_not_redact(policy_dir):
    decision = compiled(policy_dir, mode="shadow").check_input(f"key {AWS}")
    assert (decision.action, decision.effective_action, decision.shadow) == ("redact", "allow", True)
    assert decision.text == f"key {AWS}"  # forwarded unchanged
    assert decision.redacted_text == "key [REDACTED:aws_access_key_id]"  # for the audit store


def test_overlapping_matches_merge_into_one_placeholder(policy_dir):
    root = policy_dir("""
        input:
          pii:
            - {name: long, pattern: 'abc\\d+xyz'}
            - {name: short, pattern: '\\d+'}
        """)
    decision = load_policy_set(root).default.check_input("see abc123xyz.")
    assert decision.text == "see [REDACTED:long]."


@pytest.mark.parametrize("text", ["", "plain question about sorting lists"])
def test_clean_prompt_is_allowed(policy_dir, text):
    decision = compiled(policy_dir).check_input(text, model="sluice-tiny")
    assert (decision.action, decision.findings, decision.reason, decision.text) == ("allow", (), None, text)
