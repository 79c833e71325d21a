"""Floors on our own LLM-style JavaScript, TypeScript and PHP probe set (tests/data/web_llm/), through the ScanEngine.

Each file is one answer an assistant might give: a whole Express/Koa/Next.js module, a route handler
without its app, browser code, a React component, a PHP page with or without `<?php`, bare statements.
`insecure/cweN_*.{js,jsx,ts,tsx,php}` holds one weakness, CWE-N; `safe/cweN_*` is a look-alike that
does the same job soundly. Scoring follows the held-out evaluations and tests/rules/test_jvm_llm_probes.py:
an insecure file is *found* when a medium-or-worse finding carries CWE-N or one of its family
(calibration.cwe_family); a safe file is a *false alarm* when it carries any medium-or-worse finding.
Scanned with semgrep (the product's packs, CodeShield's bundles off so the figures measure our rules)
and the secrets scanner; each file is scanned twice, once with its language tag and once without (the
engine detects the language, as for an unfenced answer), and both must meet the floors.

Written by the people who write the rules, so these floors guard against regressions; they are not
evidence of recall on code nobody here wrote (docs/scanning.md). Run this file as a script for the
per-CWE table:  .venv/bin/python -m tests.rules.test_web_llm_probes
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

PROBES = Path(__file__).resolve().parents[1] / "data" / "web_llm"
NAME = re.compile(r"^cwe(\d+)_[a-z0-9_]+\.(js|jsx|ts|tsx|php)$")
LANGUAGES = {".js": "javascript", ".jsx": "javascript", ".ts": "typescript", ".tsx": "typescript", ".php": "php"}
GROUPS = {"javascript": ("javascript", "typescript"), "php": ("php",)}  # floors per group: JS and TS share rules
SCANNERS = frozenset({"semgrep", "secrets"})
TAGGED, UNTAGGED = True, False

# Measured when set (docs/scanning.md): raise them as the rules improve, never lower them silently.
MIN_RECALL = {"javascript": 98.0, "php": 100.0}  # % of insecure probes found with their CWE family
MAX_FALSE_ALARMS = {"javascript": 0.0, "php": 0.0}  # % of safe probes with any medium+ finding


def _probe_files(label: str, group: str | None = None) -> list[Path]:
    files = sorted(p for p in (PROBES / label).iterdir() if p.suffix in LANGUAGES)
    return [p for p in files if group is None or LANGUAGES[p.suffix] in GROUPS[group]]


def _cwe(path: Path) -> str:
    match = NAME.match(path.name)
    assert match, f"{path.name}: name it cwe<N>_<what>.js, .jsx, .ts, .tsx or .php"
    return f"CWE-{match.group(1)}"


@cache
def _results(tagged: bool) -> dict[Path, list[Finding]]:
    files = _probe_files("insecure") + _probe_files("safe")
    settings = ScanSettings(enabled_scanners=SCANNERS, codeshield_languages=frozenset())

    async def scan_all() -> list[list[Finding]]:
        async with ScanEngine.from_settings(settings) as engine:
            return [
                list((await engine.scan(p.read_text(), LANGUAGES[p.suffix] if tagged else None)).findings)
                for p in files
            ]

    return dict(zip(files, asyncio.run(scan_all()), strict=True))


def _found(path: Path, tagged: bool) -> bool:
    family = cwe_family(_cwe(path))
    return any(f.cwe in family for f in _medium_plus(_results(tagged)[path]))


def test_probe_set_is_well_formed() -> None:
    for group in GROUPS:
        insecure, safe = _probe_files("insecure", group), _probe_files("safe", group)
        assert len(insecure) >= 40 and len(safe) >= 20, (group, len(insecure), len(safe))
        for path in insecure + safe:
            _cwe(path)


@pytest.mark.parametrize("tagged", [TAGGED, UNTAGGED], ids=["tagged", "untagged"])
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_recall_on_insecure_probes(group: str, tagged: bool) -> None:
    insecure = _probe_files("insecure", group)
    missed = [p.name for p in insecure if not _found(p, tagged)]
    recall = 100.0 * (len(insecure) - len(missed)) / len(insecure)
    assert recall >= MIN_RECALL[group], (round(recall, 1), missed)


@pytest.mark.parametrize("tagged", [TAGGED, UNTAGGED], ids=["tagged", "untagged"])
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_false_alarms_on_safe_probes(group: str, tagged: bool) -> None:
    safe = _probe_files("safe", group)
    flagged = {p.name: sorted({f.rule_id for f in _medium_plus(_results(tagged)[p])}) for p in safe}
    flagged = {name: rules for name, rules in flagged.items() if rules}
    rate = 100.0 * len(flagged) / len(safe)
    assert rate <= MAX_FALSE_ALARMS[group], (round(rate, 1), flagged)


def _report() -> None:
    for tagged in (TAGGED, UNTAGGED):
        for group in GROUPS:
            found = flagged_safe = 0
            insecure, safe = _probe_files("insecure", group), _probe_files("safe", group)
            by_cwe: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for path in insecure:
                hit = _found(path, tagged)
                found += hit
                by_cwe[_cwe(path)][0] += hit
                by_cwe[_cwe(path)][1] += 1
                if not hit and tagged:
                    got = sorted({(f.rule_id, f.cwe) for f in _medium_plus(_results(tagged)[path])})
                    print(f"MISS {path.name} {got}")
            for path in safe:
                hits = _medium_plus(_results(tagged)[path])
                flagged_safe += bool(hits)
                if hits and tagged:
                    print(f"FALSE {path.name} {sorted({(f.rule_id, f.cwe, f.start_line) for f in hits})}")
            label = "tagged" if tagged else "untagged"
            print(
                f"{group} ({label}): recall {100.0 * found / len(insecure):.1f}% ({found}/{len(insecure)}), "
                f"false alarms {100.0 * flagged_safe / len(safe):.1f}% ({flagged_safe}/{len(safe)})"
            )


if __name__ == "__main__":
    _report()
