"""Scan quality: recall and false-positive rate per language over tests/data/scanning/,
beside Meta CodeShield and the Bandit CLI (Python) in the same run.

An insecure sample counts as found when a finding carries one of its expected CWEs (or its
expected rule id); "flagged" is any finding of medium severity or more. A safe sample is a
false positive when it is flagged. Run: .venv/bin/python benchmarks/scan_quality.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.scanning import PARSE_ERROR, SCAN_INCOMPLETE, ScanEngine, ScanSettings, Severity  # noqa: E402
from gateway.scanning.findings import normalize_cwe  # noqa: E402

DATA = ROOT / "tests" / "data" / "scanning"
_CODESHIELD_LANG = {
    "python": "python",
    "javascript": "javascript",
    "typescript": "javascript",
    "java": "java",
    "c": "c",
    "cpp": "cpp",
    "csharp": "csharp",
    "php": "php",
    "ruby": "ruby",
    "rust": "rust",
}


@dataclass
class Sample:
    language: str
    path: Path
    insecure: bool
    expect: set[str]
    rule: str | None


@dataclass
class Score:
    found: int = 0
    flagged_insecure: int = 0  # insecure samples flagged at all, whatever the CWE
    insecure: int = 0
    flagged_safe: int = 0
    safe: int = 0
    misses: list[str] = field(default_factory=list)

    def recall(self) -> float | None:
        return self.found / self.insecure if self.insecure else None

    def flagged_recall(self) -> float | None:
        return self.flagged_insecure / self.insecure if self.insecure else None

    def fpr(self) -> float | None:
        return self.flagged_safe / self.safe if self.safe else None


def load_samples(languages: list[str] | None, data: Path = DATA) -> list[Sample]:
    samples = []
    for manifest in sorted(data.glob("*/manifest.yaml")):
        language = manifest.parent.name
        if languages and language not in languages:
            continue
        parsed: Any = yaml.safe_load(manifest.read_text())
        entries = parsed if isinstance(parsed, list) else next((v for v in parsed.values() if isinstance(v, list)), [])
        for entry in entries:
            expect = {c for c in (normalize_cwe(x) for x in entry.get("expect") or []) if c}
            samples.append(
                Sample(
                    language,
                    manifest.parent / entry["file"],
                    entry.get("label") == "insecure",
                    expect,
                    entry.get("rule"),
                )
            )
    return samples


def record(score: Score, sample: Sample, cwes: set[str], rules: set[str], flagged: bool) -> None:
    if sample.insecure:
        score.insecure += 1
        hit = bool(cwes & sample.expect) or (sample.rule is not None and any(sample.rule in r for r in rules))
        if not sample.expect and not sample.rule:
            hit = flagged
        score.found += hit
        score.flagged_insecure += flagged
        if not hit:
            score.misses.append(sample.path.name)
    else:
        score.safe += 1
        score.flagged_safe += flagged


async def score_sluice(samples: list[Sample], codeshield_pack: bool, mode: str) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    settings = ScanSettings(codeshield_pack=codeshield_pack, semgrep_mode=mode)
    async with ScanEngine.from_settings(settings) as engine:
        for sample in samples:
            result = await engine.scan(sample.path.read_text(errors="replace"), sample.language)
            real = [f for f in result.findings if f.rule_id not in {PARSE_ERROR, SCAN_INCOMPLETE}]
            flagged = any(f.severity >= Severity.MEDIUM for f in real)
            record(
                scores.setdefault(sample.language, Score()),
                sample,
                {f.cwe for f in real if f.cwe},
                {f.rule_id for f in real},
                flagged,
            )
    return scores


async def score_codeshield(samples: list[Sample]) -> dict[str, Score] | None:
    try:
        from codeshield.cs import CodeShield
        from codeshield.insecure_code_detector.languages import Language
    except ImportError:
        return None
    logging.disable(logging.CRITICAL)  # CodeShield logs each failed osemgrep call
    scores: dict[str, Score] = {}
    for sample in samples:
        if sample.language not in _CODESHIELD_LANG:
            continue
        try:
            result = await CodeShield.scan_code(
                sample.path.read_text(errors="replace"), Language(_CODESHIELD_LANG[sample.language])
            )
            issues = result.issues_found or []
            cwes = {c for c in (normalize_cwe(i.cwe_id) for i in issues) if c}
            flagged = bool(result.is_insecure)
        except Exception:  # CodeShield fails open; so do we when scoring it
            cwes, flagged = set(), False
        record(scores.setdefault(sample.language, Score()), sample, cwes, set(), flagged)
    logging.disable(logging.NOTSET)
    return scores


def score_bandit_cli(samples: list[Sample]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    bandit = Path(sys.executable).parent / "bandit"
    for sample in (s for s in samples if s.language == "python"):
        proc = subprocess.run(
            [str(bandit), "-q", "-f", "json", str(sample.path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        try:
            issues = json.loads(proc.stdout or "{}").get("results", [])
        except json.JSONDecodeError:
            issues = []
        cwes = {f"CWE-{i['issue_cwe']['id']}" for i in issues if i.get("issue_cwe", {}).get("id")}
        flagged = any(i["issue_severity"] in {"MEDIUM", "HIGH"} for i in issues)
        record(scores.setdefault("python", Score()), sample, cwes, {i["test_id"] for i in issues}, flagged)
    return scores


def fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:5.1f}%"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", action="append")
    parser.add_argument("--data", type=Path, default=DATA, help="Corpus root (one folder per language).")
    parser.add_argument("--codeshield-pack", action="store_true", help="Load CodeShield's rules into Sluice too.")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--semgrep-mode", choices=["lsp", "batch"], default="lsp")
    args = parser.parse_args()
    samples = load_samples(args.language, args.data)
    if not samples:
        print(f"no labelled samples under {args.data}")
        print("RESULT samples=0")
        return
    ours = await score_sluice(samples, args.codeshield_pack, args.semgrep_mode)
    codeshield = await score_codeshield(samples) or {}
    bandit = score_bandit_cli(samples)
    print(
        f"{'language':11} {'n':>4} | {'sluice recall':>13} {'FPR':>6} | {'codeshield recall':>17} {'FPR':>6} |"
        f" {'bandit recall':>13} {'FPR':>6}"
    )
    totals = {"sluice": Score(), "codeshield": Score()}
    for language, score in sorted(ours.items()):
        cs, bd = codeshield.get(language), bandit.get(language)
        print(
            f"{language:11} {score.insecure + score.safe:>4} | {fmt(score.recall()):>13} {fmt(score.fpr()):>6} |"
            f" {fmt(cs.recall() if cs else None):>17} {fmt(cs.fpr() if cs else None):>6} |"
            f" {fmt(bd.recall() if bd else None):>13} {fmt(bd.fpr() if bd else None):>6}"
        )
        if args.show_misses and score.misses:
            print(f"    sluice misses: {', '.join(score.misses)}")
        for name, s in (("sluice", score), ("codeshield", cs)):
            if s is not None:
                t = totals[name]
                t.found, t.insecure = t.found + s.found, t.insecure + s.insecure
                t.flagged_insecure += s.flagged_insecure
                t.flagged_safe, t.safe = t.flagged_safe + s.flagged_safe, t.safe + s.safe
    result = {
        "samples": len(samples),
        "sluice_recall_pct": round((totals["sluice"].recall() or 0) * 100, 1),
        "sluice_fpr_pct": round((totals["sluice"].fpr() or 0) * 100, 1),
        "sluice_flagged_pct": round((totals["sluice"].flagged_recall() or 0) * 100, 1),
        "codeshield_flagged_pct": round((totals["codeshield"].flagged_recall() or 0) * 100, 1),
        "codeshield_recall_pct": round((totals["codeshield"].recall() or 0) * 100, 1),
        "codeshield_fpr_pct": round((totals["codeshield"].fpr() or 0) * 100, 1),
    }
    if "python" in bandit:
        result["bandit_py_recall_pct"] = round((bandit["python"].recall() or 0) * 100, 1)
        result["bandit_py_fpr_pct"] = round((bandit["python"].fpr() or 0) * 100, 1)
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    asyncio.run(main())
