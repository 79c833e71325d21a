"""docs/rules.md's coverage table is what the shipped packs report (scripts/rules_coverage.py prints it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("rules_coverage", ROOT / "scripts" / "rules_coverage.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_documented_coverage_matches_the_packs() -> None:
    script = _script()
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert script.HEADER in doc, "docs/rules.md lost its coverage table"
    start = doc.index(script.HEADER)
    documented = doc[start:].split("\n\n", 1)[0].strip()
    assert documented == script.coverage_table(), (
        "docs/rules.md's coverage table is stale: regenerate it with `python scripts/rules_coverage.py`")


def test_the_table_counts_rules_and_their_cwes(tmp_path: Path) -> None:
    pack = tmp_path / "demo"
    pack.mkdir()
    (pack / "a.yaml").write_text(
        "rules:\n"
        "  - id: demo.one\n    metadata:\n      cwe: \"CWE-89: SQL Injection\"\n"
        "  - id: demo.two\n    metadata:\n      cwe: [\"CWE-78: OS Command Injection\", \"CWE-88\"]\n")
    (pack / "b.yaml").write_text("rules:\n  - id: demo.three\n    metadata: {}\n")
    assert _script().coverage_rows(tmp_path) == ["| demo | 2 | 3 | 78, 88, 89 |"]
