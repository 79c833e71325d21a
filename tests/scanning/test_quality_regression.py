"""Precision and partial-code behaviour the external measurements depend on (docs/scanning.md).

Real semgrep, real Bandit, the shipped rule packs: placeholders are not secrets, Bandit's lints and
low-confidence guesses do not reach medium, one weakness found by two engines is one finding, and a
fragment that does not parse (a method body, a truncated last line) is still scanned, on its own lines.
"""

import asyncio
import datetime
import re

from gateway.policy.output_decision import COVERAGE_RULE, LanguageRules, LicenseMatcher, OutputDecider, RuleMatcher
from gateway.scanning import PARSE_ERROR, SCAN_INCOMPLETE, Finding, ScanEngine, ScanSettings, Severity
from gateway.scanning.fragments import repair_python


def _scan(code: str):
    async def body():
        async with ScanEngine.from_settings(ScanSettings(enabled_scanners=frozenset({"semgrep", "bandit"}))) as engine:
            return await engine.scan(code, "python")

    return asyncio.run(body())


def _medium_plus(result):
    return {(f.rule_id, f.start_line) for f in result.findings if f.severity >= Severity.MEDIUM}


def test_placeholder_secret_key_is_low_and_a_real_one_stays_high():
    result = _scan('from flask import Flask\napp = Flask(__name__)\napp.secret_key = "YOUR_SECRET_KEY"\n')
    assert _medium_plus(result) == set()
    assert any(f.rule_id == "python.placeholder-credential" and f.severity is Severity.LOW for f in result.findings)
    real = _scan('from flask import Flask\napp = Flask(__name__)\napp.secret_key = "k9$Qm2!vX7pL"\n')
    assert ("python.hardcoded-secret-key", 3) in _medium_plus(real)


def test_bandit_tmp_strings_and_placeholder_passwords_stay_below_medium():
    code = 'LOG = "/tmp/app.log"\npassword = "changeme"\n\ndef login(password="<password>"):\n    return password\n'
    result = _scan(code)
    bandit = [f for f in result.findings if f.scanner == "bandit"]
    assert {f.rule_id for f in bandit} >= {"bandit.B108", "bandit.B107"}
    assert all(f.severity <= Severity.LOW and f.confidence == "low" for f in bandit)
    assert _medium_plus(result) == set()  # B105 on line 2 merged into python.placeholder-credential (low)


def test_one_weakness_found_by_two_engines_is_one_finding():
    code = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
    on_line = [f for f in _scan(code).findings if f.start_line == 4]
    assert len(on_line) == 1
    assert on_line[0].scanner == "semgrep" and "bandit.B602" in on_line[0].extra["also"]


def test_indented_method_body_is_scanned_on_its_own_lines():
    # A method cut out of its class: did not parse, so Bandit saw nothing before.
    code = (
        "    def likes(self, comment_id, user_id):\n"
        '        sql = "insert into comment_like values(%d,%d);" % (user_id, comment_id)\n'
        "        return self.cursor.execute(sql)\n"
    )
    result = _scan(code)
    assert not any(f.rule_id == PARSE_ERROR for f in result.findings)
    sql = [f for f in result.findings if f.cwe == "CWE-89"]
    assert sql and all(f.start_line in {2, 3} for f in sql)
    assert all(f.start_col is None or f.start_col >= 1 for f in result.findings)


def test_truncated_last_line_is_trimmed_and_the_rest_scanned():
    truncated = "import os\n\ndef run(cmd):\n    os.system(cmd)\n    return subprocess.check_output(cmd, shel"
    repair = repair_python(truncated)
    assert repair is not None and repair.how == "trim" and repair.line_offset == 0
    result = _scan(truncated)
    assert ("python.command-injection-shell", 4) in _medium_plus(result) or any(
        f.cwe == "CWE-78" and f.start_line == 4 for f in result.findings
    )
    assert repair_python("x = 1\n") is None  # code that parses is scanned as written


def _decider() -> OutputDecider:
    rules = LanguageRules((RuleMatcher("annotate-all", "annotate", min_rank=0),), "annotate")
    license_ = LicenseMatcher(re.compile("^$"), frozenset(), 150, "block")
    return OutputDecider(rules, {}, (), license_, "block", False, 2)


def test_parse_errors_are_scan_coverage_not_a_decision():
    error = Finding("bandit", PARSE_ERROR, Severity.INFO, "Python code does not parse", 1, 1, confidence="high")
    decision = _decider().decide([error], "python", today=datetime.date(2030, 1, 1))
    assert decision.action == "allow"
    assert decision.findings[0].rule == COVERAGE_RULE  # still recorded for the audit


def test_rules_can_require_confidence():
    rule = RuleMatcher("block-sure", "block", min_rank=0, min_confidence_rank=2)
    sure = Finding("semgrep", "x", Severity.HIGH, "m", 1, 1, confidence="high")
    unsure = sure.moved(confidence="medium")
    assert rule.matches(sure, "python") and not rule.matches(unsure, "python")


# ---- CI floors: the project's own corpus and a committed external sample (docs/scanning.md) ----
# Measured when the floors were set: own 100 % / 0 %; sven-permissive (33 real-world pairs, mostly
# OpenStack shell commands sent over SSH, which no generic rule sees) 6.1 % / 6.1 %, then 6.1 % / 3.0 %
# (issue 14, fifth Python round: Bandit's shell tests B602/B605 judged by the shlex/allow-list-aware
# rule). A change that loses recall or adds false alarms on either fails here instead of silently.
FLOORS = {
    # corpus: (minimum TPR, maximum FPR), in %
    "own": (100.0, 0.0),
    "sven-permissive": (6.0, 3.1),
}


def _corpus_scores(name: str) -> tuple[float, float, list[str]]:
    from benchmarks.corpora import load_units, read_manifest
    from gateway.scanning.calibration import cwe_family

    corpus = next(c for c in read_manifest() if c.name == name)
    units = load_units(corpus, None, {"python"})
    assert units, f"corpus {name} is empty"

    async def scan_all():
        settings = ScanSettings(enabled_scanners=frozenset({"semgrep", "bandit", "secrets"}))
        async with ScanEngine.from_settings(settings) as engine:
            return [await engine.scan(u.code, u.language) for u in units]

    tp = pos = fp = neg = 0
    wrong: list[str] = []
    for unit, result in zip(units, asyncio.run(scan_all()), strict=True):
        flagged = [
            f
            for f in result.findings
            if f.severity >= Severity.MEDIUM and f.rule_id not in {PARSE_ERROR, SCAN_INCOMPLETE}
        ]
        for label in unit.labels:
            expected = set().union(*(cwe_family(c) for c in label.cwes)) if label.cwes else None
            if label.insecure:
                pos += 1
                hit = any(expected is None or f.cwe in expected for f in flagged)
                tp += hit
                if not hit:
                    wrong.append(f"miss {unit.name}")
            else:
                neg += 1
                fp += bool(flagged)
                if flagged:
                    wrong.append(f"false alarm {unit.name} <- {sorted({f.rule_id for f in flagged})}")
    return 100.0 * tp / pos, 100.0 * fp / neg if neg else 0.0, wrong


def test_own_corpus_recall_and_false_positive_floors():
    tpr, fpr, wrong = _corpus_scores("own")
    min_tpr, max_fpr = FLOORS["own"]
    assert tpr >= min_tpr and fpr <= max_fpr, (tpr, fpr, wrong)


def test_external_sample_recall_and_false_positive_floors():
    tpr, fpr, wrong = _corpus_scores("sven-permissive")
    min_tpr, max_fpr = FLOORS["sven-permissive"]
    print(f"sven-permissive TPR {tpr:.1f} FPR {fpr:.1f}")
    assert tpr >= min_tpr and fpr <= max_fpr, (tpr, fpr, wrong)
