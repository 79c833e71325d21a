"""The vulnerable / look-alike handler pairs under tests/data/scanning/pyflow, and how they are scored.

A case counts as flagged when a finding carries the category's CWE (the one evaluators score) at
severity medium or above, the way the held-out web benchmark counts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.scanning.findings import Finding, Severity

DATA = Path(__file__).parents[2] / "data" / "scanning" / "pyflow"


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    category: str
    cwe: str
    vulnerable: bool
    propagator: str

    @property
    def code(self) -> str:
        return (DATA / "cases" / self.file).read_text()


def load_cases() -> list[Case]:
    return [Case(**entry) for entry in json.loads((DATA / "manifest.json").read_text())]


def flagged(case: Case, findings: Iterable[Finding | dict[str, Any]]) -> bool:
    for f in findings:
        cwe, severity, rule = (f.cwe, f.severity, f.rule_id) if isinstance(f, Finding) else (
            f["cwe"], Severity.parse(f["severity"]), f["rule_id"])
        if cwe == case.cwe and severity >= Severity.MEDIUM and rule != "pyflow.cleared":
            return True
    return False


@dataclass(slots=True)
class Score:
    positives: int = 0
    true_positives: int = 0
    negatives: int = 0
    false_positives: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, case: Case, hit: bool) -> None:
        if case.vulnerable:
            self.positives += 1
            self.true_positives += hit
        else:
            self.negatives += 1
            self.false_positives += hit
        if hit != case.vulnerable:
            self.wrong.append(case.file)

    @property
    def tpr(self) -> float:
        return self.true_positives / max(self.positives, 1)

    @property
    def fpr(self) -> float:
        return self.false_positives / max(self.negatives, 1)


def score(results: Iterable[tuple[Case, bool]]) -> tuple[Score, dict[str, Score]]:
    total, per_category = Score(), defaultdict(Score)
    for case, hit in results:
        total.add(case, hit)
        per_category[case.category].add(case, hit)
    return total, dict(per_category)
