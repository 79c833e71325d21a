"""Scan quality on labelled corpora: TPR, FPR and TPR - FPR per corpus, language and CWE, for Sluice
beside semgrep with Sluice's rules alone, Bandit (Python) and Meta CodeShield, in the same run.

Corpora are listed in benchmarks/corpora.toml: the project's own corpus (written with the rules, so
not evidence of anything) and external ones held at a pinned commit in ~/.cache/sluice-corpora/.

Counting (one label = one sample):
* a finding counts when its severity is medium or more ("flagged"); scanner parse errors and
  incomplete scans never count;
* a line label (annotated test files) looks only at findings that start on that line; a unit label
  (a whole function or file) at every finding;
* TPR: insecure samples flagged with an expected CWE (CWE siblings match: CWE-78/77, CWE-95/94,
  CWE-327/328/916, ...); "flagged TPR" ignores the CWE; FPR: safe samples flagged at all.

Run: .venv/bin/python benchmarks/scan_quality.py --mirror /path/to/git/mirrors [--corpus sven]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpora import Label, Unit, load_units, read_manifest  # noqa: E402
from benchmarks.corpora.cache import materialize  # noqa: E402
from gateway.scanning import PARSE_ERROR, SCAN_INCOMPLETE, ScanEngine, ScanSettings, Severity  # noqa: E402
from gateway.scanning.bandit_scanner import BanditScanner  # noqa: E402
from gateway.scanning.calibration import CWE_FAMILIES  # noqa: E402
from gateway.scanning.findings import normalize_cwe  # noqa: E402

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
# A scanner reporting one CWE of a family found the others: the engine's own families, plus one that
# only scoring needs (unbounded C string functions: "potentially dangerous function" (676) or
# "inherently dangerous" (242) to some labellers, classic buffer overflow (120) and kin to others).
_CWE_GROUPS = [
    *(set(family) for family in CWE_FAMILIES),
    # Out-of-bounds writes and their direct causes: Juliet files its unchecked-index (CWE-129),
    # off-by-one (CWE-193) and wrong-size (CWE-131/805/806) variants under CWE-121/122.
    {"CWE-119", "CWE-120", "CWE-121", "CWE-122", "CWE-787", "CWE-242", "CWE-676",
     "CWE-129", "CWE-131", "CWE-193", "CWE-805", "CWE-806"},
]
_SIBLINGS: dict[str, set[str]] = {c: g for g in _CWE_GROUPS for c in g}
TOOLS = ("sluice", "semgrep", "bandit", "codeshield")


@dataclass(frozen=True, slots=True)
class Hit:
    """One tool's flagged finding, reduced to what scoring needs."""

    line: int
    end_line: int
    cwe: str | None
    rule: str


@dataclass
class Score:
    tp: int = 0  # insecure, flagged with an expected CWE
    flagged: int = 0  # insecure, flagged at all
    pos: int = 0
    fp: int = 0
    neg: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp, self.flagged, self.pos = self.tp + other.tp, self.flagged + other.flagged, self.pos + other.pos
        self.fp, self.neg = self.fp + other.fp, self.neg + other.neg

    def tpr(self) -> float | None:
        return self.tp / self.pos if self.pos else None

    def flagged_tpr(self) -> float | None:
        return self.flagged / self.pos if self.pos else None

    def fpr(self) -> float | None:
        return self.fp / self.neg if self.neg else None

    def skill(self) -> float | None:
        tpr, fpr = self.tpr(), self.fpr()
        return None if tpr is None or fpr is None else tpr - fpr


def _cwe_match(found: Iterable[str | None], expected: frozenset[str]) -> bool:
    found_set = {c for c in found if c}
    return any(found_set & _SIBLINGS.get(e, {e}) for e in expected)


def score_label(score: Score, unit: Unit, label: Label, hits: list[Hit]) -> None:
    scoped = [h for h in hits if label.line is None or h.line == label.line]
    where = f"{unit.name}:{label.line}" if label.line else unit.name
    if label.insecure:
        score.pos += 1
        score.flagged += bool(scoped)
        hit = bool(scoped) and (not label.cwes or _cwe_match((h.cwe for h in scoped), label.cwes))
        score.tp += hit
        if not hit:
            found = f" <- {', '.join(sorted({f'{h.rule}[{h.cwe}]' for h in scoped}))}" if scoped else ""
            score.misses.append(f"{where} ({label.rule or ','.join(sorted(label.cwes))}){found}")
    else:
        score.neg += 1
        score.fp += bool(scoped)
        if scoped:
            score.false_alarms.append(f"{where} <- {', '.join(sorted({h.rule for h in scoped}))}")


def _hits(findings: Iterable[object]) -> list[Hit]:
    out = []
    for f in findings:
        if f.rule_id in {PARSE_ERROR, SCAN_INCOMPLETE} or f.severity < Severity.MEDIUM:  # type: ignore[attr-defined]
            continue
        out.append(Hit(f.start_line, f.end_line, f.cwe, f.rule_id))  # type: ignore[attr-defined]
    return out


class Runner:
    """Every tool on every unit; hits per (tool, unit name)."""

    def __init__(
        self,
        codeshield: bool,
        mode: str,
        codeshield_pack: bool = False,
        codeshield_languages: str | None = None,
        timeout_s: float | None = None,
    ) -> None:
        self.codeshield = codeshield
        self.timeout_s = timeout_s
        self.incomplete = 0  # scans where a scanner timed out or failed: their findings are missing
        self.mode = mode
        self.codeshield_pack = codeshield_pack
        self.codeshield_languages = codeshield_languages
        self.hits: dict[tuple[str, str, str], list[Hit]] = {}
        self.seconds: dict[str, float] = defaultdict(float)

    async def run(self, units: list[Unit]) -> None:
        settings = ScanSettings(semgrep_mode=self.mode, codeshield_pack=self.codeshield_pack)
        if self.timeout_s is not None:
            settings = dataclasses.replace(settings, timeout_s=self.timeout_s)
        if self.codeshield_languages is not None:
            chosen = frozenset(x for x in self.codeshield_languages.split(",") if x and x != "none")
            settings = dataclasses.replace(settings, codeshield_languages=chosen)
        async with ScanEngine.from_settings(settings) as engine:
            for unit in units:
                began = time.perf_counter()
                result = await engine.scan(unit.code, unit.language)
                self.seconds["sluice"] += time.perf_counter() - began
                self.incomplete += bool(result.incomplete)
                self.hits["sluice", unit.corpus, unit.name] = _hits(result.findings)
                self.hits["semgrep", unit.corpus, unit.name] = _hits(
                    f for f in result.findings if f.scanner == "semgrep"
                )
        await self._bandit([u for u in units if u.language == "python"])
        if self.codeshield:
            await self._codeshield(units)

    async def _bandit(self, units: list[Unit]) -> None:
        """Bandit as shipped (its own severities, no Sluice calibration), in-process."""
        bandit = BanditScanner()
        await bandit.start()
        for unit in units:
            began = time.perf_counter()
            findings = bandit._scan_sync(unit.code)
            self.seconds["bandit"] += time.perf_counter() - began
            self.hits["bandit", unit.corpus, unit.name] = _hits(findings)

    async def _codeshield(self, units: list[Unit]) -> None:
        try:
            from codeshield.cs import CodeShield
            from codeshield.insecure_code_detector.languages import Language
        except ImportError:
            self.codeshield = False
            return
        logging.disable(logging.CRITICAL)  # CodeShield logs each failed osemgrep call
        for unit in units:
            if unit.language not in _CODESHIELD_LANG:
                continue
            began = time.perf_counter()
            try:
                result = await CodeShield.scan_code(unit.code, Language(_CODESHIELD_LANG[unit.language]))
                issues = result.issues_found or []
                hits = [
                    Hit(int(i.line or 0), int(i.line or 0), normalize_cwe(i.cwe_id), f"codeshield.{i.pattern_id}")
                    for i in issues
                    if str(getattr(i.severity, "value", i.severity)).lower() in {"error", "warning"}
                ]
            except Exception:  # CodeShield fails open; so do we when scoring it
                hits = []
            self.seconds["codeshield"] += time.perf_counter() - began
            self.hits["codeshield", unit.corpus, unit.name] = hits
        logging.disable(logging.NOTSET)


def fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value * 100:5.1f}"


def report(units: list[Unit], runner: Runner, show: int) -> dict[str, object]:
    tools = [t for t in TOOLS if any(k[0] == t for k in runner.hits)]
    by_lang: dict[tuple[str, str, str], Score] = defaultdict(Score)
    by_cwe: dict[tuple[str, str, str, str], Score] = defaultdict(Score)
    for unit in units:
        for tool in tools:
            hits = runner.hits.get((tool, unit.corpus, unit.name))
            if hits is None:
                continue
            for label in unit.labels:
                one = Score()
                score_label(one, unit, label, hits)
                cwe = min(label.cwes, default="(none)")
                for bucket in (
                    by_lang[unit.corpus, unit.language, tool],
                    by_cwe[unit.corpus, unit.language, cwe, tool],
                ):
                    bucket.add(one)
                    bucket.misses += one.misses
                    bucket.false_alarms += one.false_alarms
    head = "  ".join(f"{t:>24}" for t in tools)
    print(f"{'corpus / language':32} {'pos':>5} {'neg':>5}  {head}")
    print(f"{'':44}" + "  ".join(f"{'TPR  FPR  T-F  flag':>24}" for _ in tools))
    result: dict[str, object] = {}
    keys = sorted({k[:2] for k in by_lang})
    for corpus, language in keys:
        base = by_lang[corpus, language, "sluice"]
        cells = []
        for tool in tools:
            s = by_lang.get((corpus, language, tool))
            cells.append(f"{fmt(s.tpr())}{fmt(s.fpr())}{fmt(s.skill())}{fmt(s.flagged_tpr())}" if s else f"{'n/a':>24}")
            if s:
                prefix = f"{corpus.replace('-', '_')}_{language}_{tool}"
                for name, value in (("tpr", s.tpr()), ("fpr", s.fpr()), ("flagged", s.flagged_tpr())):
                    if value is not None:
                        result[f"{prefix}_{name}"] = round(value * 100, 1)
        print(f"{corpus + ' / ' + language:32} {base.pos:>5} {base.neg:>5}  " + "  ".join(f"{c:>24}" for c in cells))
        for (c, lang, cwe, tool), s in sorted(by_cwe.items()):
            if (c, lang) != (corpus, language) or tool != "sluice":
                continue
            others = "  ".join(
                f"{t}={fmt(by_cwe[c, lang, cwe, t].tpr())}/{fmt(by_cwe[c, lang, cwe, t].fpr())}"
                for t in tools[1:]
                if (c, lang, cwe, t) in by_cwe
            )
            print(f"    {cwe:12} {s.pos:>4}+ {s.neg:>4}-  sluice TPR {fmt(s.tpr())} FPR {fmt(s.fpr())}  |  {others}")
        if show:
            print("      misses:", "; ".join(base.misses[:show]))
            print("      false alarms:", "; ".join(base.false_alarms[:show]))
    for tool, seconds in runner.seconds.items():
        result[f"{tool}_seconds"] = round(seconds, 1)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", action="append", help="Corpus names from corpora.toml (default: all).")
    parser.add_argument("--language", action="append")
    parser.add_argument(
        "--mirror",
        action="append",
        type=Path,
        default=[Path(p) for p in os.environ.get("SLUICE_CORPORA_MIRRORS", "").split(os.pathsep) if p],
        help="Folder of git mirrors (<owner>+<name>/repo or <owner>+<name>.git) to export corpora from.",
    )
    parser.add_argument("--no-codeshield", action="store_true", help="Skip CodeShield (slow: ~0.1-0.3 s a scan).")
    parser.add_argument(
        "--codeshield-pack", action="store_true", help="Sluice with CodeShield's rule bundles loaded (all of them)."
    )
    parser.add_argument(
        "--codeshield-languages",
        help="Languages Sluice loads CodeShield's bundles for (comma list, 'none'); default: the product's.",
    )
    parser.add_argument("--show", type=int, default=0, help="List up to N misses and false alarms per language.")
    parser.add_argument("--semgrep-mode", choices=["lsp", "batch"], default="lsp")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="Seconds per scanner per scan (default: the product's 2 s). On a loaded box scans time out "
        "and their findings are missing: raise it there, and check the incomplete count.",
    )
    args = parser.parse_args()
    languages = set(args.language) if args.language else None
    units: list[Unit] = []
    for corpus in read_manifest():
        if args.corpus and corpus.name not in args.corpus:
            continue
        root = materialize(corpus, args.mirror) if corpus.repo else None
        if corpus.repo and root is None:
            print(f"skipped {corpus.name}: {corpus.pinned} is not in the cache and no mirror has it")
            continue
        loaded = load_units(corpus, root, languages)
        print(f"{corpus.name}: {corpus.pinned}, {len(loaded)} scans, {sum(len(u.labels) for u in loaded)} labels")
        units += loaded
    if not units:
        print("RESULT samples=0")
        return
    runner = Runner(
        codeshield=not args.no_codeshield,
        mode=args.semgrep_mode,
        codeshield_pack=args.codeshield_pack,
        codeshield_languages=args.codeshield_languages,
        timeout_s=args.timeout,
    )
    await runner.run(units)
    result = report(units, runner, args.show)
    print(f"incomplete scans (a scanner timed out or failed; their findings are missing): {runner.incomplete}")
    result = {"samples": sum(len(u.labels) for u in units), "incomplete": runner.incomplete, **result}
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    asyncio.run(main())
