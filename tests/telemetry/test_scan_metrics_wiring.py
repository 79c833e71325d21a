"""The gateway's scan engine reports overload and incomplete scans to the gateway's own /metrics."""

from __future__ import annotations

from pathlib import Path

from gateway.app import build_services
from tests.conftest import gateway_settings


def test_the_scan_engine_reports_to_the_gateway_metrics(tmp_path: Path, policies_dir: Path) -> None:
    settings = gateway_settings(f"sqlite+aiosqlite:///{tmp_path / 'sluice.db'}", "http://127.0.0.1:9/v1", policies_dir)
    services = build_services(settings)
    services.scanner.observer.scan_incomplete("semgrep", "timeout")
    services.scanner.observer.scan_overloaded("scan", "queue_full")
    text = services.metrics.render().decode()
    assert 'sluice_scan_incomplete_total{reason="timeout",scanner="semgrep"} 1.0' in text
    assert 'sluice_scan_overloaded_total{lane="scan",reason="queue_full"} 1.0' in text
