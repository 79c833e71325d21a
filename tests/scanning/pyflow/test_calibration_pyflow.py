"""Calibration with pyflow: other engines' findings on lines pyflow proved clean are demoted, and
merged findings carry pyflow's (the standard) CWE."""

from __future__ import annotations

from gateway.scanning.calibration import calibrate, merge_across_engines
from gateway.scanning.findings import Finding, Severity
from gateway.scanning.pyflow import CLEARED_RULE, analyze, findings_of

LOOK_ALIKE = '''from flask import request
import os

@app.route("/run")
def run():
    param = request.args.get("cmd", "")
    num = 86
    if (7 * 42) - num > 200:
        bar = "uptime"
    else:
        bar = param
    os.system(bar)
    return "ok"
'''
VULNERABLE = LOOK_ALIKE.replace('bar = "uptime"', "bar = param")


def semgrep(line: int, cwe: str, rule: str = "python.command-injection-os-system") -> Finding:
    return Finding("semgrep", rule, Severity.HIGH, "command built from data", line, line, confidence="high", cwe=cwe)


def bandit(line: int) -> Finding:
    return Finding("bandit", "bandit.B605", Severity.HIGH, "shell", line, line, confidence="high", cwe="CWE-78")


def test_semgrep_and_bandit_are_demoted_where_pyflow_proved_the_value_constant() -> None:
    raw = [*findings_of(analyze(LOOK_ALIKE)), semgrep(12, "CWE-77"), bandit(12)]
    out = merge_across_engines(calibrate(raw, LOOK_ALIKE))
    assert CLEARED_RULE not in {f.rule_id for f in out}
    kept = [f for f in out if f.start_line == 12]
    assert kept, "the demoted findings stay in the record for the audit"
    assert all(f.severity <= Severity.LOW and f.confidence == "low" for f in kept)
    assert all(f.extra.get("cleared_by") == "pyflow" for f in kept)


def test_nothing_is_demoted_where_request_data_reaches_the_sink() -> None:
    raw = [*findings_of(analyze(VULNERABLE)), semgrep(12, "CWE-77")]
    out = merge_across_engines(calibrate(raw, VULNERABLE))
    (merged,) = [f for f in out if f.start_line == 12]
    assert merged.severity == Severity.HIGH and "cleared_by" not in merged.extra
    # one weakness on one line: one finding, carrying pyflow's CWE (the scorer's), not semgrep's relative
    assert merged.cwe == "CWE-78"
    assert {merged.rule_id, *merged.extra["also"]} == {"python.command-injection-os-system", "pyflow.command-injection"}


def test_pyflow_cwe_wins_the_merge_for_eval() -> None:
    code = 'from flask import request\n\n@app.route("/e")\ndef e():\n    return str(eval(request.args["x"]))\n'
    raw = [*findings_of(analyze(code)), semgrep(5, "CWE-95", "python.code-injection-eval")]
    (merged,) = [f for f in merge_across_engines(calibrate(raw, code)) if f.start_line == 5 and f.cwe in {
        "CWE-94", "CWE-95"}]
    assert merged.cwe == "CWE-94"


def test_a_clearance_only_touches_its_own_cwe_family_and_line() -> None:
    raw = [*findings_of(analyze(LOOK_ALIKE)), semgrep(12, "CWE-89", "python.sql"), semgrep(11, "CWE-78")]
    out = calibrate(raw, LOOK_ALIKE)
    assert {(f.start_line, f.severity) for f in out if f.scanner == "semgrep"} == {
        (12, Severity.HIGH), (11, Severity.HIGH)}


def test_a_clearance_on_a_line_another_path_reaches_is_ignored() -> None:
    line_cleared = Finding("pyflow", CLEARED_RULE, Severity.INFO, "clean", 7, 7, confidence="high", cwe="CWE-78")
    also_reported = Finding("pyflow", "pyflow.command-injection", Severity.HIGH, "x", 7, 7, confidence="high",
                            cwe="CWE-78")
    out = calibrate([line_cleared, also_reported, semgrep(7, "CWE-78")], "")
    assert [f.severity for f in out] == [Severity.HIGH, Severity.HIGH]
