"""Server CPU per scan of one language's semgrep rules: the whole pack, A/B variants, leave-one-out.

A semgrep language server runs every rule of a snippet's language on every scan, and semgrep-core
charges work that rules share to the first rule that needs it, so per-rule `-json_time` figures
move with a rule's neighbours. The reliable instrument is the server's own CPU time per scan
(`/proc/<pid>/stat` utime+stime) with the whole pack loaded, variants compared in the same run,
rounds interleaved so a loaded box slows all of them alike.

    .venv/bin/python benchmarks/semgrep_rule_cpu.py                       # the pack, per snippet
    .venv/bin/python benchmarks/semgrep_rule_cpu.py --baseline-rev HEAD   # working tree vs a commit
    .venv/bin/python benchmarks/semgrep_rule_cpu.py --leave-one-out       # the pack without file F

Prints the median CPU ms per scan of each variant and snippet.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.scanning.semgrep_lsp import SemgrepLspServer  # noqa: E402
from gateway.scanning.semgrep_rules import find_semgrep_core  # noqa: E402

_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _load(module: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(module, path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def snippets() -> dict[str, str]:
    latency = _load("scan_latency", ROOT / "benchmarks" / "scan_latency.py")
    cost = _load("test_rule_cost", ROOT / "tests" / "scanning" / "test_rule_cost.py")
    return {"py60": latency.python_snippet(60), "web_handlers": cost.WEB_HANDLERS}


def rule_bodies(files: dict[str, str]) -> list[str]:
    """Rule JSON bodies from {file name: YAML text}."""
    bodies = []
    for text in files.values():
        for rule in (yaml.safe_load(text) or {}).get("rules", []):
            bodies.append(json.dumps(rule))
    return bodies


def files_at(language: str, rev: str | None) -> dict[str, str]:
    folder = ROOT / "policies" / "rules" / "semgrep" / language
    if rev is None:
        return {p.name: p.read_text() for p in sorted(folder.glob("*.yaml"))}
    rel = folder.relative_to(ROOT)
    names = subprocess.run(["git", "ls-tree", "--name-only", rev, f"{rel}/"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()  # fmt: skip
    texts = {}
    for name in names:
        if name.endswith(".yaml"):
            show = ["git", "show", f"{rev}:{name}"]
            shown = subprocess.run(show, cwd=ROOT, check=True, capture_output=True, text=True)
            texts[Path(name).name] = shown.stdout
    return texts


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * _TICK_MS  # utime + stime


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", default="python")
    parser.add_argument("--baseline-rev", help="also measure the rules as of this git revision")
    parser.add_argument("--leave-one-out", action="store_true", help="also measure the pack without each file")
    parser.add_argument("--only", nargs="*", default=None, help="leave-one-out only these files")
    parser.add_argument("--scans", type=int, default=10, help="scans per snippet per round")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    current = files_at(args.language, None)
    variants: dict[str, list[str]] = {"pack": rule_bodies(current)}
    if args.baseline_rev:
        variants[f"pack@{args.baseline_rev}"] = rule_bodies(files_at(args.language, args.baseline_rev))
    if args.leave_one_out:
        for name in args.only or current:
            variants[f"-{name}"] = rule_bodies({k: v for k, v in current.items() if k != name})
    variants["none"] = []  # parsing and the server's own work, no rules

    binary = find_semgrep_core(None)
    # A server needs one rule of the language to scan at all; this one never matches.
    idle_rule = json.dumps({"id": "idle", "languages": [args.language], "severity": "INFO", "message": "idle",
                            "pattern": "zzz_never_called_(...)"})  # fmt: skip
    servers = {
        name: SemgrepLspServer(binary, bodies or [idle_rule], {args.language}, timeout_s=30)
        for name, bodies in variants.items()
    }
    for server in servers.values():
        await server.start()
    codes = snippets()
    samples: dict[tuple[str, str], list[float]] = {(v, s): [] for v in servers for s in codes}
    try:
        for _ in range(args.rounds):
            for variant, server in servers.items():
                pid = server._proc.pid  # type: ignore[union-attr]  # the server's own process
                for snippet, code in codes.items():
                    for _ in range(args.scans):
                        before = cpu_ms(pid)
                        await server.scan(code, args.language)
                        samples[(variant, snippet)].append(cpu_ms(pid) - before)
    finally:
        for server in servers.values():
            await server.aclose()
    base = {s: statistics.mean(samples[("pack", s)]) for s in codes}
    print(f"{'variant':36} " + " ".join(f"{s:>22}" for s in codes))
    for variant in servers:
        cells = []
        for snippet in codes:
            mean = statistics.mean(samples[(variant, snippet)])
            cells.append(f"{mean:8.1f} ms ({mean - base[snippet]:+6.1f})")
        print(f"{variant:36} " + " ".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    asyncio.run(main())
