import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from gateway.scanning.cli import license_group, scan
from tests.scanning.conftest import RULES

VULNERABLE = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
SAFE = "def add(a, b):\n    return a + b\n"


def _scan(args, input=None):
    return CliRunner().invoke(scan, ["--rules", str(RULES), *args], input=input, catch_exceptions=False)


def test_json_output_and_block_exit_status(tmp_path: Path):
    target = tmp_path / "app.py"
    target.write_text(VULNERABLE)
    result = _scan(["--format", "json", str(target)])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.output)
    assert payload["language"] == "python"  # from the file name
    assert payload["decision"] == "block"
    finding = next(f for f in payload["findings"] if f["rule_id"] == "test.python.subprocess-shell-true")
    # Bandit's B602 is the same weakness on the same line: merged into a semgrep finding that names it.
    assert not any(f["rule_id"] == "bandit.B602" for f in payload["findings"])
    assert any("bandit.B602" in f["extra"].get("also", []) for f in payload["findings"] if f["start_line"] == 4)
    assert {"scanner", "rule_id", "severity", "cwe", "message", "start_line", "end_line"} <= set(finding)
    assert finding["start_line"] == 4 and finding["cwe"] == "CWE-78"


def test_stdin_safe_code_exits_zero():
    result = _scan(["--format", "json", "--language", "python", "-"], input=SAFE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["decision"] == "allow"


def test_sarif_and_text_formats(tmp_path: Path):
    target = tmp_path / "app.py"
    target.write_text(VULNERABLE)
    sarif = json.loads(_scan(["--format", "sarif", str(target)]).output)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    hit = next(r for r in results if r["ruleId"] == "test.python.subprocess-shell-true")
    assert hit["level"] == "error"
    assert hit["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    text = _scan([str(target)]).output
    assert "decision=block" in text and "test.python.subprocess-shell-true" in text


def test_markdown_input_scans_fenced_blocks(tmp_path: Path):
    answer = tmp_path / "answer.md"
    answer.write_text("Try this:\n```python\n" + VULNERABLE + "```\n")
    payload = json.loads(_scan(["--format", "json", str(answer)]).output)
    hits = [f for f in payload["findings"] if f["rule_id"] == "test.python.subprocess-shell-true"]
    assert [(f["block_index"], f["start_line"]) for f in hits] == [(0, 4)]


def test_usage_errors_exit_2(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(scan, [str(tmp_path / "missing.py")]).exit_code == 2
    assert runner.invoke(scan, ["--language", "cobol", "-"], input="x").exit_code == 2
    assert runner.invoke(scan, ["--format", "xml", "-"], input="x").exit_code == 2


def test_license_index_and_list(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'idx.db'}"
    src = tmp_path / "vendor"
    src.mkdir()
    (src / "lib.py").write_text("".join(f"def function_{i}(a):\n    return a * {i} + {i * 3}\n" for i in range(30)))
    runner = CliRunner()
    added = runner.invoke(license_group, ["index", str(src), "--license", "GPL-3.0-only", "--db", db,
                                          "--create-tables"])  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "1 file(s) added" in added.output
    listed = runner.invoke(license_group, ["list", "--db", db])
    assert "GPL-3.0-only" in listed.output and "lib.py" in listed.output
    both = runner.invoke(license_group, ["index", str(src), "--license", "MIT", "--from-package-metadata"])
    assert both.exit_code == 2
    neither = runner.invoke(license_group, ["index", str(src)])
    assert neither.exit_code == 2


def test_license_index_from_package_metadata(tmp_path: Path):
    import yaml

    db = f"sqlite:///{tmp_path / 'idx.db'}"
    module = Path(yaml.__file__).parent / "constructor.py"
    result = CliRunner().invoke(
        license_group, ["index", str(module), "--from-package-metadata", "--db", db, "--create-tables"]
    )
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(license_group, ["list", "--db", db]).output
    assert "MIT" in listed and "PyYAML" in listed


def test_sluice_scan_as_a_real_subprocess(tmp_path: Path):
    target = tmp_path / "app.py"
    target.write_text(VULNERABLE)
    sluice = Path(sys.executable).parent / "sluice"
    proc = subprocess.run([str(sluice), "scan", "--rules", str(RULES), "--format", "json", str(target)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["decision"] == "block"
