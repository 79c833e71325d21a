"""Scanning capacity: a saturated engine says "overloaded" (retryable), never `scan_incomplete`.

Real engine, real semgrep language servers, real Bandit; capacity made small so that 200
concurrent scans saturate it on any box.
"""

from __future__ import annotations

import asyncio

import pytest

from gateway.errors import APIError
from gateway.scanning import SCAN_INCOMPLETE, ScanEngine, ScanResult
from gateway.scanning.capacity import AdmissionGate, ScanOverloaded, overloaded_error
from gateway.scanning.settings import ScanCapacity
from gateway.telemetry import Metrics
from tests.scanning.conftest import settings

# Harmless code that semgrep's prefilter cannot rule out (subprocess, shell, eval all appear), so
# every one of them costs a real language-server scan and a Bandit run.
HARMLESS = """import ast
import subprocess


def listing_{n}(path, text):
    subprocess.run(["ls", path], shell=False, check=True)
    return ast.literal_eval(text)
"""
VULNERABLE = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n    return eval(cmd)\n"


def _metric(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return value or 0.0


async def _storm(engine: ScanEngine, count: int) -> list[ScanResult | BaseException]:
    jobs = [engine.scan(HARMLESS.format(n=i), "python") for i in range(count)]
    return await asyncio.gather(*jobs, return_exceptions=True)


def _split(outcomes: list[ScanResult | BaseException]) -> tuple[list[ScanResult], list[ScanOverloaded]]:
    done = [o for o in outcomes if isinstance(o, ScanResult)]
    refused = [o for o in outcomes if isinstance(o, ScanOverloaded)]
    others = [o for o in outcomes if not isinstance(o, ScanResult | ScanOverloaded)]
    assert others == [], others[:3]
    return done, refused


def test_300_concurrent_scans_on_a_small_pool_are_answered_or_refused_never_incomplete():
    metrics = Metrics()
    capacity = ScanCapacity(max_concurrent_scans=2, max_queued_scans=40, max_queue_wait_s=30.0, cache_entries=0)

    async def main() -> list[ScanResult | BaseException]:
        # A 0.4 s scan budget: without admission control, this storm's queues at the one semgrep server
        # and the AST thread outlasted it (16 of 300 harmless snippets came back scan_incomplete here).
        scan_settings = settings(timeout_s=0.4, capacity=capacity)
        async with ScanEngine.from_settings(scan_settings, observer=metrics) as engine:
            return await _storm(engine, 300)

    done, refused = _split(asyncio.run(main()))
    assert len(done) + len(refused) == 300
    assert 40 <= len(done) < 300 and refused  # the line held 2 running + 40 waiting at the start
    for result in done:
        assert result.incomplete == [], result.incomplete
        assert all(f.rule_id != SCAN_INCOMPLETE for f in result.findings)
        assert not [f for f in result.findings if f.severity.rank >= 2], result.findings  # harmless: no block
    assert {(e.lane, e.reason, e.status, e.code) for e in refused} == {("scan", "queue_full", 503, "overloaded")}
    assert _metric(metrics, "sluice_scan_overloaded_total", lane="scan", reason="queue_full") == len(refused)
    assert _metric(metrics, "sluice_scan_incomplete_total", scanner="semgrep", reason="timeout") == 0
    assert b"sluice_scan_overloaded_total" in metrics.render()


def test_a_long_wait_in_line_is_refused_as_overloaded():
    metrics = Metrics()
    capacity = ScanCapacity(max_concurrent_scans=1, max_queued_scans=500, max_queue_wait_s=0.05, cache_entries=0)

    async def main() -> list[ScanResult | BaseException]:
        async with ScanEngine.from_settings(settings(capacity=capacity), observer=metrics) as engine:
            return await _storm(engine, 60)

    done, refused = _split(asyncio.run(main()))
    assert done and refused
    assert all(r.incomplete == [] for r in done)
    assert {e.reason for e in refused} == {"queue_wait"}
    assert _metric(metrics, "sluice_scan_overloaded_total", lane="scan", reason="queue_wait") == len(refused)


def test_a_real_scan_failure_stays_incomplete_and_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # A short snippet's Bandit runs inline and cannot be interrupted (pyast.INLINE_CHARS): on the
    # AST thread, as a long snippet's does, the timeout applies.
    monkeypatch.setattr("gateway.scanning.pyast.INLINE_CHARS", 0)
    metrics = Metrics()

    async def main() -> ScanResult:
        # Bandit given no time at all: a single scan's own timeout, not queueing.
        scan_settings = settings(scanner_timeouts_s={"bandit": 1e-9}, capacity=ScanCapacity(cache_entries=0))
        async with ScanEngine.from_settings(scan_settings, observer=metrics) as engine:
            return await engine.scan(VULNERABLE, "python")

    result = asyncio.run(main())
    assert result.incomplete == ["bandit"]
    incomplete = next(f for f in result.findings if f.rule_id == SCAN_INCOMPLETE)
    assert "timed out" in incomplete.message
    assert {f.rule_id for f in result.findings if f.scanner == "semgrep"} >= {"test.python.eval"}
    assert _metric(metrics, "sluice_scan_incomplete_total", scanner="bandit", reason="timeout") == 1
    assert b'sluice_scan_incomplete_total{reason="timeout",scanner="bandit"} 1.0' in metrics.render()


def test_a_dead_language_server_is_replaced_by_a_warm_spare_without_failing_scans():
    async def main() -> tuple[ScanResult, bool, int, bool]:
        async with ScanEngine.from_settings(settings(capacity=ScanCapacity(cache_entries=0))) as engine:
            pool = engine.scanners["semgrep"].pool
            assert pool is not None and len(pool.servers) == 1 and len(pool.spares) == 1
            (first,), (spare,) = pool.servers, pool.spares
            assert first._proc is not None
            first._proc.kill()
            await first._proc.wait()
            result = await engine.scan(VULNERABLE, "python")  # no wait for a restart: the spare serves
            for _ in range(200):  # a new spare is started in the background
                if len(pool.spares) == 1 and pool.spares[0].alive:
                    break
                await asyncio.sleep(0.05)
            return result, pool.servers[0] is spare, len(pool.spares), first.alive

    result, spare_serves, spares, first_alive = asyncio.run(main())
    assert result.incomplete == []
    assert {f.rule_id for f in result.findings if f.scanner == "semgrep"} >= {"test.python.eval"}
    assert spare_serves and spares == 1 and not first_alive


def test_a_server_dying_under_a_scan_hands_the_scan_to_another():
    async def main() -> tuple[list[ScanResult], int]:
        async with ScanEngine.from_settings(settings(capacity=ScanCapacity(cache_entries=0))) as engine:
            pool = engine.scanners["semgrep"].pool
            assert pool is not None
            (first,) = pool.servers
            scans = [asyncio.create_task(engine.scan(VULNERABLE.replace("run", f"run{i}"), "python"))
                     for i in range(6)]
            while first.in_flight == 0 and not all(t.done() for t in scans):
                await asyncio.sleep(0)
            assert first._proc is not None
            first._proc.kill()
            results = await asyncio.gather(*scans)
            return results, first.scans

    results, _ = asyncio.run(main())
    for result in results:
        assert result.incomplete == []
        assert {f.rule_id for f in result.findings if f.scanner == "semgrep"} >= {"test.python.eval"}


def test_identical_snippets_are_answered_from_the_cache_and_failures_are_not_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("gateway.scanning.pyast.INLINE_CHARS", 0)  # Bandit on the AST thread, interruptible
    async def main() -> tuple[ScanResult, ScanResult, int, int]:
        async with ScanEngine.from_settings(settings()) as engine:
            first = await engine.scan(VULNERABLE, "python")
            servers = engine.scanners["semgrep"].servers
            scans_before = sum(s.scans for s in servers)
            second = await engine.scan(VULNERABLE, "python")
            return first, second, sum(s.scans for s in servers) - scans_before, engine.cache.hits

    first, second, semgrep_runs, hits = asyncio.run(main())
    assert [f.to_dict() for f in second.findings] == [f.to_dict() for f in first.findings]
    assert semgrep_runs == 0 and hits == 1

    async def failing() -> tuple[ScanResult, ScanResult]:
        scan_settings = settings(scanner_timeouts_s={"bandit": 1e-9})
        async with ScanEngine.from_settings(scan_settings) as engine:
            return await engine.scan(VULNERABLE, "python"), await engine.scan(VULNERABLE, "python")

    again = asyncio.run(failing())
    assert again[0].incomplete == ["bandit"] and again[1].incomplete == ["bandit"]  # scanned again, not cached


def test_admission_gate_serves_in_order_and_survives_cancelled_waiters():
    async def main() -> list[int]:
        gate = AdmissionGate("t", slots=1, max_waiting=3, max_wait_s=5.0)
        order: list[int] = []
        await gate.acquire()

        async def holder(n: int) -> None:
            async with gate.admit():
                order.append(n)

        tasks = [asyncio.create_task(holder(n)) for n in range(3)]
        await asyncio.sleep(0)
        with pytest.raises(ScanOverloaded):  # three waiting: the line is full
            await gate.acquire()
        tasks[1].cancel()  # a cancelled waiter gives up its place, not a slot
        await asyncio.sleep(0)
        gate.release()
        await asyncio.gather(*tasks, return_exceptions=True)
        assert gate.in_use == 0 and gate.waiting == 0
        return order

    assert asyncio.run(main()) == [0, 2]


def test_overloaded_answer_is_retryable_and_not_a_policy_decision():
    exc = ScanOverloaded("scan", "queue_full", retry_after_s=2)
    assert isinstance(exc, APIError)  # answered as 503 wherever the request path does not single it out
    for error in (exc, overloaded_error(exc)):
        assert error.status == 503 and error.code == "overloaded" and error.type == "server_error"
        assert error.headers == {"retry-after": "2"}
        assert "policy" not in error.message
    limited = overloaded_error(exc, status=429)
    assert limited.status == 429 and limited.code == "overloaded"
