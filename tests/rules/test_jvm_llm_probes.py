"""Floors on our own LLM-style Java and C# probe set (tests/data/jvm_llm/), through the ScanEngine.

Each file is one answer an assistant might give: a whole class, a method without its class, or bare
statements (the shapes `fragments.wrap_fragment` handles). `insecure/cweN_*.java|cs` holds one
weakness, CWE-N; `safe/cweN_*` is a look-alike that does the same job soundly. Scoring follows the
held-out evaluations: an insecure file is *found* when a medium-or-worse finding carries CWE-N or one
of its family (calibration.cwe_family); a safe file is a *false alarm* when it carries any
medium-or-worse finding. Scanned with semgrep (the product's Java/C# packs, CodeShield's bundles off so
the figures measure our rules) and the secrets scanner.

Written by the people who write the rules, so these floors guard against regressions; they are not
evidence of recall on code nobody here wrote (docs/scanning.md). Run this file as a script for the
per-CWE table:  .venv/bin/python -m tests.rules.test_jvm_llm_probes

The probes live outside tests/data/scanning/ on purpose: every folder there is read as one language's
labelled corpus (manifest.yaml, prefilter checks keyed by the folder name).
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from gateway.scanning import Finding, ScanEngine, ScanSettings
from gateway.scanning.calibration import cwe_family
from tests.support.flagging import flagged as _medium_plus

PROBES = Path(__file__).resolve().parents[1] / "data" / "jvm_llm"
NAME = re.compile(r"^cwe(\d+)_[a-z0-9_]+\.(java|cs)$")
LANGUAGES = {".java": "java", ".cs": "csharp"}
SCANNERS = frozenset({"semgrep", "secrets"})

# Measured when set (docs/scanning.md): raise them as the rules improve, never lower them silently.
MIN_RECALL = {"java": 98.5, "csharp": 98.5}  # % of insecure probes found with their CWE family
MAX_FALSE_ALARMS = {"java": 0.0, "csharp": 0.0}  # % of safe probes with any medium+ finding


def _probe_files(label: str, language: str | None = None) -> list[Path]:
    files = sorted(p for p in (PROBES / label).iterdir() if p.suffix in LANGUAGES)
    return [p for p in files if language is None or LANGUAGES[p.suffix] == language]


def _cwe(path: Path) -> str:
    match = NAME.match(path.name)
    assert match, f"{path.name}: name it cwe<N>_<what>.java or .cs"
    return f"CWE-{match.group(1)}"




@cache
def _results() -> dict[Path, list[Finding]]:
    files = _probe_files("insecure") + _probe_files("safe")
    settings = ScanSettings(enabled_scanners=SCANNERS, codeshield_languages=frozenset())

    async def scan_all() -> list[list[Finding]]:
        async with ScanEngine.from_settings(settings) as engine:
            return [list((await engine.scan(p.read_text(), LANGUAGES[p.suffix])).findings) for p in files]

    return dict(zip(files, asyncio.run(scan_all()), strict=True))


def _found(path: Path) -> bool:
    family = cwe_family(_cwe(path))
    return any(f.cwe in family for f in _medium_plus(_results()[path]))


def test_probe_set_is_well_formed() -> None:
    for language in ("java", "csharp"):
        insecure, safe = _probe_files("insecure", language), _probe_files("safe", language)
        assert len(insecure) >= 30 and len(safe) >= 12, (language, len(insecure), len(safe))
        for path in insecure + safe:
            _cwe(path)


@pytest.mark.parametrize("language", ["java", "csharp"])
def test_recall_on_insecure_probes(language: str) -> None:
    insecure = _probe_files("insecure", language)
    missed = [p.name for p in insecure if not _found(p)]
    recall = 100.0 * (len(insecure) - len(missed)) / len(insecure)
    assert recall >= MIN_RECALL[language], (round(recall, 1), missed)


@pytest.mark.parametrize("language", ["java", "csharp"])
def test_false_alarms_on_safe_probes(language: str) -> None:
    safe = _probe_files("safe", language)
    flagged = {p.name: sorted({f.rule_id for f in _medium_plus(_results()[p])}) for p in safe}
    flagged = {name: rules for name, rules in flagged.items() if rules}
    rate = 100.0 * len(flagged) / len(safe)
    assert rate <= MAX_FALSE_ALARMS[language], (round(rate, 1), flagged)


def _report() -> None:
    for language in ("java", "csharp"):
        by_cwe: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # found, insecure, flagged, safe
        for path in _probe_files("insecure", language):
            row = by_cwe[_cwe(path)]
            row[0] += _found(path)
            row[1] += 1
            if not _found(path):
                got = sorted({(f.rule_id, f.cwe) for f in _medium_plus(_results()[path])})
                print(f"MISS {path.name} {got}")
        for path in _probe_files("safe", language):
            row = by_cwe[_cwe(path)]
            hits = _medium_plus(_results()[path])
            row[2] += bool(hits)
            row[3] += 1
            if hits:
                print(f"FALSE {path.name} {sorted({(f.rule_id, f.cwe, f.start_line) for f in hits})}")
        totals = [sum(r[i] for r in by_cwe.values()) for i in range(4)]
        if totals[1] and totals[3]:
            print(
                f"{language}: recall {100.0 * totals[0] / totals[1]:.1f}% ({totals[0]}/{totals[1]}), "
                f"false alarms {100.0 * totals[2] / totals[3]:.1f}% ({totals[2]}/{totals[3]})"
            )


if __name__ == "__main__":
    _report()
