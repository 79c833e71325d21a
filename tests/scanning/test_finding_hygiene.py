"""Findings carry no secret values: scanners' messages are scrubbed where the finding is made.

Everything downstream (403 bodies, stream error events, the audit findings, dashboard,
exports, SARIF, logs) shows finding messages, so this is the one place to stop a leak.
"""

from __future__ import annotations

import secrets
import string
from pathlib import Path

import pytest

from gateway.scanning import ScanEngine
from gateway.scanning.findings import scrub_secrets
from gateway.scanning.sarif import to_sarif
from tests.scanning.conftest import run_with_engine


def _password() -> str:
    # Generated per run: a fixed literal could be special-cased; this one can only be scrubbed.
    alphabet = string.ascii_letters + string.digits
    return "Pw" + "".join(secrets.choice(alphabet) for _ in range(18)) + "7!"


def _everything(result) -> str:
    return repr([f.to_dict() for f in result.findings]) + repr(to_sarif(list(result.findings), "x.py"))


def test_bandit_hardcoded_password_messages_do_not_quote_the_password():
    value = _password()
    code = (
        f'PASSWORD = "{value}"\n'  # B105
        "def connect(user, password=" + f'"{value}x"' + "):\n"  # B107
        "    return user\n"
        f'connect("u", password="{value}y")\n'  # B106
    )
    result = run_with_engine(lambda e: e.scan(code, "python", scanners=frozenset({"bandit"})))
    rules = {f.rule_id for f in result.findings}
    assert {"bandit.B105", "bandit.B106", "bandit.B107"} <= rules, rules
    assert value not in _everything(result)
    b106 = next(f for f in result.findings if f.rule_id == "bandit.B106")
    assert b106.message.startswith("Possible hardcoded password")


@pytest.mark.parametrize("mode", ["batch", "lsp"])
def test_semgrep_metavariables_interpolated_into_messages_are_scrubbed(tmp_path: Path, mode: str):
    (tmp_path / "leaky.yaml").write_text(
        "rules:\n- id: leaky-literal\n  languages: [python]\n  severity: ERROR\n"
        "  message: 'hard-coded credential $VALUE passed to $F'\n"
        "  pattern: $F(..., api_key=$VALUE, ...)\n"
    )
    value = "k" + _password()
    code = f'client = connect_service(api_key="{value}")\n'

    async def body(engine: ScanEngine):
        return await engine.scan(code, "python", scanners=frozenset({"semgrep"}))

    result = run_with_engine(body, rules_dir=tmp_path, semgrep_mode=mode)
    finding = next(f for f in result.findings if f.rule_id == "leaky-literal")
    assert "connect_service" in finding.message  # interpolation that is not a literal stays useful
    assert value not in _everything(result)


def test_secrets_scanner_findings_name_the_kind_never_the_value():
    token = "ghp_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(36))
    code = f'TOKEN = "{token}"\n'
    result = run_with_engine(lambda e: e.scan(code, "python", scanners=frozenset({"secrets"})))
    assert [f.rule_id for f in result.findings] == ["secrets.github_token"]
    assert token not in _everything(result)


def test_scrub_keeps_the_message_when_nothing_secret_was_copied():
    assert scrub_secrets("Use of 'eval' detected", "eval(x)") == "Use of 'eval' detected"
    assert scrub_secrets("Possible hardcoded password: 'Zq81kLm0pq'", "p = 'Zq81kLm0pq'") == (
        "Possible hardcoded password: '[REDACTED]'"
    )
    aws = "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    assert scrub_secrets(f"key {aws} in use") == "key [REDACTED:aws_access_key_id] in use"
    long = "x" * 50_000
    assert len(scrub_secrets(long, long)) < 1100  # a metavariable bound to a whole file
