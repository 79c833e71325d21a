"""Stage timings count wall-clock time: overlapping runs of one stage (the scanners over several
code blocks and the prose at once) are their union, so no stage exceeds the request (issue 16, defect 10)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gateway.telemetry import Tracing
from gateway.telemetry import tracing as tracing_module


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(tracing_module.time, "perf_counter", fake)
    return fake


def test_overlapping_runs_count_their_union(clock: Clock) -> None:
    trace = Tracing().start_request("POST /v1/chat/completions", "req_1")
    first = trace.stage("scan.secrets")  # opens at 100.0
    clock.now = 100.1
    second = trace.stage("scan.secrets")  # overlaps the first
    clock.now = 100.3
    first.end()
    assert "scan.secrets" not in trace.stage_ms  # a run is still open: nothing counted yet
    clock.now = 100.4
    second.end()
    assert trace.stage_ms["scan.secrets"] == pytest.approx(400.0)  # 100.0-100.4, not 300 + 300


def test_runs_apart_still_add_up(clock: Clock) -> None:
    """Repeated rounds (upstream in repair) keep summing; the gap between them is not counted."""
    trace = Tracing().start_request("POST /v1/chat/completions", "req_1")
    for start in (100.0, 101.0):
        clock.now = start
        call = trace.stage("upstream")
        clock.now = start + 0.25
        call.end()
    assert trace.stage_ms["upstream"] == pytest.approx(500.0)


def test_ending_twice_counts_once(clock: Clock) -> None:
    trace = Tracing().start_request("POST /v1/completions", "req_1")
    stage = trace.stage("policy")
    clock.now = 100.2
    stage.end()
    clock.now = 105.0
    stage.end()
    assert trace.stage_ms["policy"] == pytest.approx(200.0)


def test_concurrent_scans_in_threads_never_exceed_the_request() -> None:
    """Eight blocks scanned at once for ~50 ms each: the stage is ~50 ms, not ~400 ms."""
    trace = Tracing().start_request("POST /v1/chat/completions", "req_1")
    started = time.perf_counter()
    barrier = threading.Barrier(8)

    def scan(_: int) -> None:
        with trace.stage("scan.secrets"):
            barrier.wait()
            time.sleep(0.05)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(scan, range(8)))
    total_ms = (time.perf_counter() - started) * 1000
    assert 50 <= trace.stage_ms["scan.secrets"] <= total_ms
