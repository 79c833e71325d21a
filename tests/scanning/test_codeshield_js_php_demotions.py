"""CodeShield's any-non-literal-path and any-variable-exec rules no longer flag guarded code.

They were the only own-corpus false alarms for JavaScript, TypeScript and PHP (a basename'd
download path, a constant chmod, an intval()-cast exec argument: FPR 9.5 % / 8.3 % / 6.7 %). They
stay as low-severity hints (they annotate, never block); the real weaknesses are still reported at
medium or above by Sluice's own taint rules. Real semgrep, the product packs and CodeShield.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity

CORPUS = Path(__file__).parents[1] / "data" / "scanning"

GUARDED = [
    ("javascript/safe/download_basename.js", "javascript"),
    ("javascript/safe/chmod_644.js", "javascript"),
    ("typescript/safe/download_basename.ts", "typescript"),
    ("typescript/safe/chmod_644.ts", "typescript"),
    ("php/safe/resize_intval.php", "php"),
]

UNGUARDED = [
    (
        "const fs = require('fs');\napp.get('/f', (req, res) => {\n  res.send(fs.readFileSync(req.query.name));\n});\n",
        "javascript",
        "CWE-22",
    ),
    ("<?php\n$host = $_GET['host'];\nsystem('ping -c 1 ' . $host);\n", "php", "CWE-78"),
]


async def _scan_all(samples: list[tuple[str, str]]):
    async with ScanEngine.from_settings(ScanSettings(max_concurrent_semgrep=1)) as engine:
        return [await engine.scan(code, language) for code, language in samples]


def _flagged(findings) -> list:
    return [f for f in findings if f.severity.rank >= Severity.MEDIUM.rank]


def test_guarded_paths_and_cast_exec_arguments_are_not_flagged() -> None:
    samples = [((CORPUS / name).read_text(encoding="utf-8"), language) for name, language in GUARDED]
    results = asyncio.run(_scan_all(samples))
    for (name, _), result in zip(GUARDED, results, strict=True):
        assert not _flagged(result.findings), (name, _flagged(result.findings))


@pytest.mark.parametrize(("code", "language", "cwe"), UNGUARDED)
def test_unguarded_paths_and_exec_are_still_flagged(code: str, language: str, cwe: str) -> None:
    (result,) = asyncio.run(_scan_all([(code, language)]))
    assert any(f.cwe == cwe for f in _flagged(result.findings)), result.findings
