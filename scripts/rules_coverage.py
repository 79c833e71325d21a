"""Print docs/rules.md's coverage table from the shipped semgrep packs (policies/rules/semgrep/<language>).

One row per language: rule files, rules, and the CWE numbers its rules report. tests/rules/
test_coverage_doc.py fails when the table in docs/rules.md differs from what this prints, so the
documented coverage cannot drift from the packs. Usage: `python scripts/rules_coverage.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

PACKS = Path(__file__).resolve().parents[1] / "policies" / "rules" / "semgrep"
HEADER = "| language | rule files | rules | CWEs reported |\n|---|---|---|---|"
_CWE = re.compile(r"CWE-(\d+)")


def coverage_rows(packs: Path = PACKS) -> list[str]:
    rows = []
    for folder in sorted(p for p in packs.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.yaml"))
        rules = [r for f in files for r in (yaml.safe_load(f.read_text()) or {}).get("rules", [])]
        cwes: set[int] = set()
        for rule in rules:
            values = (rule.get("metadata") or {}).get("cwe", [])
            for value in values if isinstance(values, list) else [values]:
                cwes.update(int(n) for n in _CWE.findall(str(value)))
        rows.append(f"| {folder.name} | {len(files)} | {len(rules)} | {', '.join(map(str, sorted(cwes)))} |")
    return rows


def coverage_table(packs: Path = PACKS) -> str:
    return "\n".join([HEADER, *coverage_rows(packs)])


if __name__ == "__main__":
    sys.stdout.write(coverage_table() + "\n")
