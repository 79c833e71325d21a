"""`sluice policy` commands on passing and failing inputs (click's CliRunner, plus one real process)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gateway.policy.cli import policy
from gateway.policy.schema import render_schema

REPO = Path(__file__).resolve().parents[2]


def run(*args: str):
    return CliRunner().invoke(policy, list(args), catch_exceptions=False)


def test_validate_ok(policy_dir):
    root = policy_dir("mode: enforce\n", {"acme": "mode: shadow\n"})
    result = run("validate", str(root))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("default: ok (version ")
    assert "acme: ok" in result.output


def test_validate_reports_file_line_field(policy_dir):
    root = policy_dir("", {"acme": "output:\n  repair:\n    max_attempts: 99\n"})
    result = run("validate", str(root))
    assert result.exit_code == 1
    assert f"error: {root / 'tenants' / 'acme.yaml'}:3:5: field output.repair.max_attempts" in result.output


def test_show_prints_effective_policy_with_version(policy_dir):
    root = policy_dir("models: {max_tokens: 100}\n", {"acme": "input: {secrets: block}\n"})
    result = run("show", "acme", "--dir", str(root))
    assert result.exit_code == 0
    header, _, body = result.output.partition("\n# sources:")
    shown = yaml.safe_load(body.split("\n", 1)[1])
    assert shown["models"]["max_tokens"] == 100  # inherited
    assert shown["input"]["secrets"] == "block"  # own
    assert "extends" not in shown
    from gateway.policy import load_policy_set

    assert f"# version: {load_policy_set(root).for_tenant('acme').version}" in header


def test_show_unknown_tenant_notes_default(policy_dir):
    root = policy_dir("")
    result = CliRunner().invoke(policy, ["show", "ghost", "--dir", str(root)])
    assert result.exit_code == 0
    assert "# policy: default" in result.stdout
    assert "no policy file for tenant 'ghost'" in result.stderr


def test_diff_tenants_and_files(policy_dir):
    root = policy_dir("", {"a": "models: {max_n: 2}\n", "b": "models: {max_n: 3}\n"})
    result = run("diff", "a", "b", "--dir", str(root))
    assert result.exit_code == 0
    assert "-  max_n: 2\n+  max_n: 3\n" in result.output
    by_file = run("diff", str(root / "tenants" / "a.yaml"), str(root / "default.yaml"), "--exit-code")
    assert by_file.exit_code == 1
    assert "-  max_n: 2\n+  max_n: 1\n" in by_file.output
    same = run("diff", "a", "a", "--dir", str(root), "--exit-code")
    assert (same.exit_code, same.output) == (0, "")


def test_diff_missing_file(policy_dir):
    root = policy_dir("")
    result = run("diff", str(root / "nope.yaml"), "default", "--dir", str(root))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_schema_written_and_checked(tmp_path):
    out = tmp_path / "schema.json"
    assert run("schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["$defs"]["Policy"]["additionalProperties"] is False
    assert run("schema", "-o", str(out), "--check").exit_code == 0
    out.write_text("{}")
    stale = run("schema", "-o", str(out), "--check")
    assert stale.exit_code == 1
    assert "out of date" in stale.output


def test_committed_schema_is_current():
    committed = (REPO / "docs" / "policy-schema.json").read_text()
    assert committed == render_schema(), "run `sluice policy schema` and commit docs/policy-schema.json"


def test_schema_accepts_shipped_policies_and_rejects_typos():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(render_schema())
    for path in [REPO / "policies" / "default.yaml", *(REPO / "policies" / "tenants").glob("*.yaml")]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"output": {"rulez": []}}, schema)


CASES_PASS = """
cases:
  - name: secret redacted
    prompt: "key AKIAZ3MQ7VJX2RPLK4TQ"
    expect: {input: redact, input_types: [aws_access_key_id]}
  - name: injection blocked
    output:
      language: python
      findings: [{scanner: bandit, rule_id: bandit.B602, severity: high, cwe: CWE-78}]
    expect: {output: block, rule_ids: ["bandit.B6*"]}
"""

CASES_FAIL = """
cases:
  - name: wrong expectation
    output:
      language: python
      findings: [{scanner: bandit, rule_id: bandit.B602, severity: high, cwe: CWE-78}]
    expect: {output: allow, rule_ids: [semgrep.nothing]}
  - name: fine
    prompt: hello
    expect: {input: allow}
"""


def shipped_default(policy_dir) -> Path:
    return policy_dir((REPO / "policies" / "default.yaml").read_text())


def test_test_command_passing_cases(policy_dir):
    root = shipped_default(policy_dir)
    (root / "tests").mkdir()
    (root / "tests" / "cases.yaml").write_text(textwrap.dedent(CASES_PASS))
    result = run("test", str(root))
    assert result.exit_code == 0, result.output
    assert "PASS  cases.yaml: secret redacted" in result.output
    assert "2 passed, 0 failed" in result.output


def test_test_command_failing_cases(policy_dir):
    root = shipped_default(policy_dir)
    (root / "tests").mkdir()
    (root / "tests" / "cases.yaml").write_text(textwrap.dedent(CASES_FAIL))
    result = run("test", str(root))
    assert result.exit_code == 1
    assert "FAIL  cases.yaml: wrong expectation" in result.output
    assert "output: expected allow, got block (bandit.B602->block)" in result.output
    assert "output: no finding with rule id 'semgrep.nothing'" in result.output
    assert "PASS  cases.yaml: fine" in result.output
    assert "1 passed, 1 failed" in result.output


def test_test_command_bad_case_file_points_at_line(policy_dir):
    root = policy_dir("")
    (root / "tests").mkdir()
    (root / "tests" / "bad.yaml").write_text("cases:\n  - name: x\n    expect: {output: maybe}\n")
    result = run("test", str(root))
    assert result.exit_code == 1
    assert (
        f"{root / 'tests' / 'bad.yaml'}:3:14: field cases[0].expect.output: Invalid enum value"
        in result.output
    )


def test_test_command_unknown_tenant_fails(policy_dir):
    root = policy_dir("")
    (root / "tests").mkdir()
    (root / "tests" / "t.yaml").write_text(
        "cases:\n  - {name: x, tenant: ghost, prompt: hi, expect: {input: allow}}\n"
    )
    result = run("test", str(root))
    assert result.exit_code == 1
    assert "no policy file for tenant 'ghost'" in result.output


def test_shipped_policy_tests_pass_with_real_scanners():
    """The shipped cases run through the real ScanEngine (semgrep, bandit, secrets, license)."""
    result = subprocess.run(
        [sys.executable, "-c", "from gateway.policy.cli import policy; policy()", "test", "policies"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout
    assert "PASS  default.yaml: shell command injection is blocked" in result.stdout


def test_validate_subprocess_exit_code_on_invalid(policy_dir):
    root = policy_dir("mode: loud\n")
    result = subprocess.run(
        [sys.executable, "-c", "from gateway.policy.cli import policy; policy()", "validate", str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "field mode: Invalid enum value 'loud'; expected one of: enforce, shadow" in result.stderr
