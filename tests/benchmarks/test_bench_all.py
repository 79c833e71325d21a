"""`make bench` keeps the last good result of every benchmark (issue 20).

Before, a partial run rewrote docs/benchmark-results.md with only the scripts it ran (the
report held 2 of 10 benchmarks); a failing script also dropped its earlier figures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH_ALL = Path(__file__).parents[2] / "benchmarks" / "bench_all.py"


@pytest.fixture
def bench_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench_all with its scripts, outputs and report under tmp_path; three tiny benchmarks."""
    spec = importlib.util.spec_from_file_location("bench_all_under_test", BENCH_ALL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    scripts = tmp_path / "benchmarks"
    scripts.mkdir()
    (scripts / "fast.py").write_text("print('RESULT fast_p50_ms=1.5 fast_rps=900')\n")
    (scripts / "slow.py").write_text("import sys\nprint('RESULT slow_p50_ms=7.0')\n"
                                     "sys.exit(1 if 'fail' in sys.argv else 0)\n")
    (scripts / "never.py").write_text("print('RESULT never_ms=1')\n")
    (tmp_path / "docs").mkdir()
    for name, value in {"ROOT": tmp_path, "BENCH": scripts, "OUT": tmp_path / "var" / "bench",
                        "REPORT": tmp_path / "docs" / "benchmark-results.md",
                        "RESULTS": tmp_path / "docs" / "benchmark-results.json",
                        "IMAGES": tmp_path / "docs" / "img"}.items():
        monkeypatch.setattr(module, name, value)
    monkeypatch.setattr(module, "chart", lambda outcome: None)  # matplotlib is beside the point here
    return module


def _bench(module: ModuleType, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_all.py", *args])
    try:
        module.main()
    except SystemExit as exit_:
        assert exit_.code == 1  # a failing script fails the run, and still writes the report


def test_partial_and_failing_runs_never_drop_earlier_results(bench_all: ModuleType,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _bench(bench_all, monkeypatch, "--only", "fast", "--only", "slow")
    first = json.loads(bench_all.RESULTS.read_text())
    assert set(first) == {"fast", "slow"}
    when = first["slow"]["when"]

    _bench(bench_all, monkeypatch, "--only", "fast")  # partial: slow is not run
    _bench(bench_all, monkeypatch, "--only", "slow", "--arg", "slow=fail")  # slow fails this time

    kept = json.loads(bench_all.RESULTS.read_text())
    assert kept["fast"]["fields"] == {"fast_p50_ms": "1.5", "fast_rps": "900"}
    assert kept["slow"]["fields"] == {"slow_p50_ms": "7.0"} and kept["slow"]["when"] == when
    assert "failed (exit 1)" in kept["slow"]["last_attempt"]
    report = bench_all.REPORT.read_text()
    for figure in ("fast_rps", "slow_p50_ms"):
        assert f"`{figure}`" in report
    assert "| `never` | — | — | — | not run yet |" in report
    assert "last attempt" in report and kept["slow"]["machine"] in report
