"""`sluice serve` with PROMETHEUS_MULTIPROC_DIR naming a folder that does not exist yet (a fresh volume)
makes it and starts, instead of failing on the first metric."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tests.support.postgres import free_port


def test_serve_makes_a_missing_multiprocess_metrics_dir(fresh_database: Any, tmp_path: Path) -> None:
    url = str(fresh_database("sqlite"))
    metrics_dir = tmp_path / "not" / "yet" / "there"
    env = {**os.environ, "SLUICE_DATABASE_URL": url, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), "--workers", "2",
                                "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            try:
                if httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "sluice serve did not answer"
            time.sleep(0.2)
        assert metrics_dir.is_dir() and any(metrics_dir.iterdir())
    finally:
        process.terminate()
        process.wait(timeout=30)
