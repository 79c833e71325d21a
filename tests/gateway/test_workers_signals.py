"""`sluice serve --workers 2` without Redis: a clear warning, and SIGHUP reloads policies (issue 19, item 9).

Before: `--workers` reached only uvicorn (settings.server.workers stayed 1, so the limiter's
"workers share no limiter" warning never fired), and uvicorn's supervisor answered SIGHUP by
restarting every worker instead of the policy reload SIGHUP means for a single process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.support.postgres import free_port

SLUICE = [sys.executable, "-m", "gateway.cli"]


def _workers(parent: int) -> set[int]:
    """The parent's worker processes (multiprocessing's resource tracker is not one)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    workers = set()
    for pid in map(int, children):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"resource_tracker" not in cmdline:
            workers.add(pid)
    return workers


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_without_redis_warn_and_reload_policies_on_sighup(
    fresh_database: Any, upstream: Any, policies_dir: Path, tmp_path: Path
) -> None:
    config = tmp_path / "sluice.yaml"
    config.write_text(f"models:\n  - name: codellama-7b\n    upstream: {upstream.base_url}\n")
    env = {key: value for key, value in os.environ.items() if key != "SLUICE_REDIS_URL"}
    env.update(SLUICE_DATABASE_URL=str(fresh_database("sqlite")), SLUICE_POLICIES_DIR=str(policies_dir),
               SLUICE_LOG_LEVEL="INFO", PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([*SLUICE, "serve", "--config", str(config), "--port", str(port), "--workers", "2",
                                    "--log-level", "info"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        def text() -> str:
            return log.read_text(errors="replace")

        _wait_for(lambda: text().count("Application startup complete") == 2, "both workers to start")
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        # The command warns once, and each worker's limiter knows it is one of two.
        assert "warning: 2 workers share no limiter" in text()
        assert text().count("\"sluice.limits\", \"msg\": \"2 workers share no limiter") == 2, text()
        workers = _workers(process.pid)
        assert len(workers) == 2, workers

        os.kill(process.pid, signal.SIGHUP)
        _wait_for(lambda: text().count("SIGHUP: reloading policies from") == 2, "a policy reload in each worker", 30)
        time.sleep(1)  # a restart, had one been started, would have replaced a worker by now
        assert _workers(process.pid) == workers, "SIGHUP must not restart the workers"
        assert "restarting processes" not in text()
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
