"""Floors on our own LLM-style Python probe set (tests/data/scanning/python_llm/), through the ScanEngine.

Each file is one answer an assistant might give: imports, a docstring, a Flask/Django/FastAPI route or
a stdlib helper. `insecure/cweN_*.py` holds one weakness, CWE-N; `safe/cweN_*.py` is a look-alike that
does the same job soundly. Scoring follows the held-out evaluations: an insecure file is *found* when a
medium-or-worse finding carries CWE-N or one of its family (calibration.cwe_family); a safe file is a
*false alarm* when it carries any medium-or-worse finding. Every scanner the gateway runs by default scans.

Written by the people who write the rules, so these floors guard against regressions; they are not
evidence of recall on code nobody here wrote (docs/scanning.md). Run this file as a script for the
per-CWE table:  .venv/bin/python -m tests.rules.test_python_llm_probes
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from gateway.scanning import Finding, ScanEngine, ScanSettings
from gateway.scanning.calibration import cwe_family
from tests.support.flagging import flagged as _medium_plus

PROBES = Path(__file__).resolve().parents[1] / "data" / "scanning" / "python_llm"
NAME = re.compile(r"^cwe(\d+)_[a-z0-9_]+\.py$")

# Measured when set (docs/scanning.md): raise them as the rules improve, never lower them silently.
MIN_RECALL = 90.0  # % of insecure probes found with their CWE family
MAX_FALSE_ALARMS = 2.0  # % of safe probes with any medium+ finding, every scanner (0 of 107 measured)
MAX_RULE_FALSE_ALARMS = 1  # safe probes with a medium+ finding from Sluice's own python.* semgrep rules


def _probe_files(label: str) -> list[Path]:
    return sorted((PROBES / label).glob("*.py"))


def _cwe(path: Path) -> str:
    match = NAME.match(path.name)
    assert match, f"{path.name}: name it cwe<N>_<what>.py"
    return f"CWE-{match.group(1)}"




@cache
def _results() -> dict[Path, list[Finding]]:
    files = _probe_files("insecure") + _probe_files("safe")

    async def scan_all() -> list[list[Finding]]:
        # every scanner the gateway runs by default (semgrep, Bandit, secrets, license, pyflow); a long
        # per-scanner timeout because this measures detection, not speed, on a shared, loaded machine
        async with ScanEngine.from_settings(ScanSettings(timeout_s=60.0)) as engine:
            return [list((await engine.scan(p.read_text(), "python")).findings) for p in files]

    return dict(zip(files, asyncio.run(scan_all()), strict=True))


def _found(path: Path) -> bool:
    family = cwe_family(_cwe(path))
    return any(f.cwe in family for f in _medium_plus(_results()[path]))


def test_probe_set_is_well_formed() -> None:
    insecure, safe = _probe_files("insecure"), _probe_files("safe")
    assert len(insecure) >= 100 and len(safe) >= 100, (len(insecure), len(safe))
    for path in insecure + safe:
        _cwe(path)
        compile(path.read_text(), str(path), "exec")  # every probe is a whole, parseable answer
    assert len({_cwe(p) for p in insecure}) >= 50


def test_recall_on_insecure_probes() -> None:
    insecure = _probe_files("insecure")
    missed = [p.name for p in insecure if not _found(p)]
    recall = 100.0 * (len(insecure) - len(missed)) / len(insecure)
    assert recall >= MIN_RECALL, (round(recall, 1), missed)


def test_false_alarms_on_safe_probes() -> None:
    safe = _probe_files("safe")
    flagged = {p.name: sorted({f.rule_id for f in _medium_plus(_results()[p])}) for p in safe}
    flagged = {name: rules for name, rules in flagged.items() if rules}
    rate = 100.0 * len(flagged) / len(safe)
    assert rate <= MAX_FALSE_ALARMS, (round(rate, 1), flagged)


def test_python_rules_stay_quiet_on_safe_probes() -> None:
    """The semgrep pack's own share of the false alarms (Bandit and pyflow are calibrated elsewhere)."""
    flagged = {
        p.name: sorted({f.rule_id for f in _medium_plus(_results()[p]) if f.rule_id.startswith("python.")})
        for p in _probe_files("safe")
    }
    flagged = {name: rules for name, rules in flagged.items() if rules}
    assert len(flagged) <= MAX_RULE_FALSE_ALARMS, flagged


def _report() -> None:
    by_cwe: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # found, insecure, flagged, safe
    for path in _probe_files("insecure"):
        row = by_cwe[_cwe(path)]
        row[0] += _found(path)
        row[1] += 1
        if not _found(path):
            got = sorted({(f.rule_id, f.cwe) for f in _medium_plus(_results()[path])})
            print(f"MISS {path.name} {got}")
    for path in _probe_files("safe"):
        row = by_cwe[_cwe(path)]
        hits = _medium_plus(_results()[path])
        row[2] += bool(hits)
        row[3] += 1
        if hits:
            print(f"FALSE {path.name} {sorted({(f.rule_id, f.cwe, f.start_line) for f in hits})}")
    totals = [sum(r[i] for r in by_cwe.values()) for i in range(4)]
    for cwe, (found, pos, flagged, neg) in sorted(by_cwe.items(), key=lambda kv: int(kv[0][4:])):
        print(f"{cwe:9} found {found}/{pos}  false alarms {flagged}/{neg}")
    print(
        f"recall {100.0 * totals[0] / totals[1]:.1f}% ({totals[0]}/{totals[1]}), "
        f"false alarms {100.0 * totals[2] / totals[3]:.1f}% ({totals[2]}/{totals[3]})"
    )


if __name__ == "__main__":
    _report()
