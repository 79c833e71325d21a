"""Run every benchmark script in `benchmarks/` and collect their RESULT lines into one report.

Each script runs on its own, one after another (they measure latency: never in parallel),
its output kept in `var/bench/<name>.out`. The last `RESULT name=value ...` line of each
goes into `docs/benchmark-results.md` (machine, date, duration, every figure) and, where
matplotlib is installed, a bar chart per script in `docs/img/bench-<name>.png`.

The report keeps the last good result of every benchmark, each with its date and machine:
`docs/benchmark-results.json` holds them, and a run (partial, or with a failing script)
only replaces the entries of the scripts that succeeded in it. A failed attempt is noted
beside the result it did not replace.

    .venv/bin/python benchmarks/bench_all.py                  # run all, write the report
    .venv/bin/python benchmarks/bench_all.py --only vs_litellm --only load
    .venv/bin/python benchmarks/bench_all.py --reuse          # report from the kept outputs
    .venv/bin/python benchmarks/bench_all.py --arg load=--clients=200 --arg load=--seconds=30
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
OUT = ROOT / "var" / "bench"
REPORT = ROOT / "docs" / "benchmark-results.md"
RESULTS = ROOT / "docs" / "benchmark-results.json"  # the kept results the report is written from
IMAGES = ROOT / "docs" / "img"
NOT_BENCHMARKS = {"_harness", "bench_all"}
_FIELD = re.compile(r"(\S+?)=(\S+)")


@dataclass
class Outcome:
    name: str
    fields: dict[str, str]
    seconds: float | None
    status: str  # "ok", "failed (exit N)", "no RESULT line", "not run"
    when: str
    machine: str = ""
    last_attempt: str = ""  # a later failed attempt that did not replace this result


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def scripts() -> list[str]:
    return sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in NOT_BENCHMARKS)


def parse_result(text: str) -> dict[str, str] | None:
    lines = [line for line in text.splitlines() if line.startswith("RESULT ")]
    return dict(_FIELD.findall(lines[-1][len("RESULT "):])) if lines else None


def run(name: str, extra: list[str], timeout_s: float) -> Outcome:
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"{name}.out"
    print(f"== {name} {' '.join(extra)}", flush=True)
    started = time.monotonic()
    with log.open("w") as sink:
        try:
            proc = subprocess.run([sys.executable, str(BENCH / f"{name}.py"), *extra], cwd=BENCH, stdout=sink,
                                  stderr=subprocess.STDOUT, timeout=timeout_s, check=False)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
    seconds = time.monotonic() - started
    (OUT / f"{name}.seconds").write_text(f"{seconds:.1f}\n")
    fields = parse_result(log.read_text(errors="replace"))
    status = ("timed out" if code is None else f"failed (exit {code})" if code else
              "ok" if fields is not None else "no RESULT line")
    print(f"   {status} in {seconds:.0f} s: {log.relative_to(ROOT)}", flush=True)
    return Outcome(name, fields or {}, seconds, status, time.strftime("%Y-%m-%d %H:%M"), machine())


def reuse(name: str) -> Outcome:
    log = OUT / f"{name}.out"
    if not log.exists():
        return Outcome(name, {}, None, "not run", "")
    fields = parse_result(log.read_text(errors="replace"))
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(log.stat().st_mtime))
    timing = OUT / f"{name}.seconds"
    seconds = float(timing.read_text()) if timing.exists() else None
    return Outcome(name, fields or {}, seconds, "ok" if fields else "no RESULT line", when, machine())


def load_kept() -> dict[str, Outcome]:
    """The results kept from earlier runs, by benchmark name."""
    if not RESULTS.exists():
        return {}
    raw = json.loads(RESULTS.read_text())
    return {name: Outcome(name=name, fields=dict(entry.get("fields", {})), seconds=entry.get("seconds"),
                          status=entry.get("status", "ok"), when=entry.get("when", ""),
                          machine=entry.get("machine", ""), last_attempt=entry.get("last_attempt", ""))
            for name, entry in raw.items()}


def save_kept(kept: dict[str, Outcome]) -> None:
    data = {name: {"fields": o.fields, "seconds": o.seconds, "status": o.status, "when": o.when,
                   "machine": o.machine, **({"last_attempt": o.last_attempt} if o.last_attempt else {})}
            for name, o in sorted(kept.items())}
    RESULTS.write_text(json.dumps(data, indent=1) + "\n")


def merge(kept: dict[str, Outcome], outcomes: list[Outcome]) -> dict[str, Outcome]:
    """This run's good results replace the kept ones; a failure never erases a kept result."""
    merged = dict(kept)
    for outcome in outcomes:
        previous = kept.get(outcome.name)
        if outcome.status == "not run":
            continue
        if outcome.status == "ok" or previous is None:
            merged[outcome.name] = outcome
        else:
            merged[outcome.name] = Outcome(**{**previous.__dict__,
                                              "last_attempt": f"{outcome.when}: {outcome.status}"})
    return merged


def chart(outcome: Outcome) -> Path | None:
    """Bars of the script's figures, one panel per unit (ms, req/s, other)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    numeric = {}
    for key, value in outcome.fields.items():
        try:
            numeric[key] = float(value)
        except ValueError:
            continue
    if not numeric:
        return None
    groups: dict[str, dict[str, float]] = {}
    for key, number in numeric.items():
        unit = "ms" if key.endswith("_ms") or "_ms_" in key else "req/s" if "rps" in key else "other"
        groups.setdefault(unit, {})[key] = number
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, 0.35 * len(numeric) + 1.2 * len(groups)), squeeze=False)
    for ax, (unit, values) in zip(axes[:, 0], sorted(groups.items()), strict=True):
        names = list(values)
        colors = ["#c0392b" if "litellm" in n or "codeshield" in n or "upstream" in n or "cli" in n else "#2e86c1"
                  for n in names]
        ax.barh(names, list(values.values()), color=colors)
        ax.set_xlabel(unit)
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(f"{outcome.name} ({outcome.when}; blue: Sluice, red: peer or baseline)", fontsize=10)
    fig.tight_layout()
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / f"bench-{outcome.name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_report(kept: dict[str, Outcome], names: list[str], charts: bool = True) -> None:
    """The report of every benchmark script: its last good result, or why there is none."""
    rows = [kept.get(name) or Outcome(name, {}, None, "not run yet", "") for name in names]
    rows += [o for name, o in sorted(kept.items()) if name not in names]  # a script since removed: keep it
    lines = [
        "# Benchmark results",
        "",
        "Generated by `benchmarks/bench_all.py` from each script's `RESULT` line (full output in",
        "`var/bench/<name>.out`). Method and discussion per benchmark: [benchmarks.md](benchmarks.md).",
        "Each benchmark shows its last good run, with the date and machine of that run: a partial or",
        "failing `make bench` replaces only what it measured (`docs/benchmark-results.json`).",
        "",
        "| benchmark | run at | machine | duration | status |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in rows:
        duration = f"{o.seconds:.0f} s" if o.seconds is not None else "—"
        status = o.status + (f" (last attempt {o.last_attempt})" if o.last_attempt else "")
        lines.append(f"| `{o.name}` | {o.when or '—'} | {o.machine or '—'} | {duration} | {status} |")
    for o in rows:
        if not o.fields:
            continue
        lines += ["", f"## {o.name}", "", f"Run {o.when} on {o.machine or 'an unrecorded machine'}.", "",
                  "| figure | value |", "| --- | --- |"]
        lines += [f"| `{k}` | {v} |" for k, v in o.fields.items()]
        image = chart(o) if charts else None
        if image is None and (IMAGES / f"bench-{o.name}.png").exists():
            image = IMAGES / f"bench-{o.name}.png"  # drawn by the run that measured it
        if image is not None:
            lines += ["", f"![{o.name}](img/{image.name})"]
    REPORT.write_text("\n".join(lines) + "\n")
    print(f"wrote {REPORT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", default=[], help="run only these scripts (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="scripts not to run")
    parser.add_argument("--reuse", action="store_true", help="do not run: report from var/bench/<name>.out")
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=ARG",
                        help="extra argument for one script, e.g. load=--seconds=30 (repeatable)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per script")
    args = parser.parse_args()
    names = [n for n in scripts() if (not args.only or n in args.only) and n not in args.skip]
    unknown = set(args.only) - set(scripts())
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(scripts())})")
    extra: dict[str, list[str]] = {}
    for item in args.arg:
        name, _, value = item.partition("=")
        extra.setdefault(name, []).append(value)
    kept = load_kept()
    outcomes = [reuse(n) if args.reuse else run(n, extra.get(n, []), args.timeout) for n in names]
    merged = merge(kept, outcomes)
    save_kept(merged)
    # Charts only for what this run measured; the others keep the chart their own run drew.
    measured = {o.name for o in outcomes if o.status == "ok"}
    for name in measured:
        chart(merged[name])
    write_report(merged, scripts(), charts=False)
    failed = [o.name for o in outcomes if o.status not in ("ok", "not run")]
    if failed:
        print(f"failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
