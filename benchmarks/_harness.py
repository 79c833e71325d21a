"""Shared plumbing for benchmarks: start processes on loopback, time HTTP calls."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_POLICIES = ROOT / "benchmarks" / "policies" / "core"  # auth + audit, no scanners


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(port: int, path: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}{path}")


@contextlib.contextmanager
def process(args: Sequence[str], env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(list(args), env={**os.environ, **(env or {})}, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def scripted_upstream() -> Iterator[int]:
    port = free_port()
    with process([sys.executable, "-m", "tests.support.scripted_upstream", "--port", str(port)]):
        wait_http(port, "/health")
        yield port


def scripted_model_config(upstream_port: int) -> str:
    """The benchmarks' `sluice.yaml`: one model on the scripted upstream, room for long answers."""
    return ("models:\n  - name: scripted-model\n"
            f"    upstream: http://127.0.0.1:{upstream_port}/v1\n    max_tokens: 4096\n    max_context: 8192\n")


@contextlib.contextmanager
def sluice_gateway(
    upstream_port: int, *, database_url: str | None = None, workers: int = 1, policies: Path | None = None
) -> Iterator[tuple[int, str]]:
    """A real `sluice serve` with auth and audit on; yields (port, api key)."""
    with tempfile.TemporaryDirectory(prefix="sluice-bench-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        config = Path(tmp) / "sluice.yaml"
        config.write_text(scripted_model_config(upstream_port))
        env = {"SLUICE_DATABASE_URL": url}
        if policies is not None:
            env["SLUICE_POLICIES_DIR"] = str(policies)
        sluice = [sys.executable, "-m", "gateway.cli"]
        subprocess.run([*sluice, "db", "upgrade"], env={**os.environ, **env}, check=True, capture_output=True, cwd=ROOT)
        subprocess.run([*sluice, "tenant", "create", "bench"], env={**os.environ, **env}, check=True,
                       capture_output=True, cwd=ROOT)
        created = subprocess.run([*sluice, "key", "create", "--tenant", "bench"], env={**os.environ, **env},
                                 check=True, capture_output=True, text=True, cwd=ROOT)
        key = created.stdout.strip().splitlines()[-1]
        port = free_port()
        args = [*sluice, "serve", "--config", str(config), "--port", str(port), "--workers", str(workers),
                "--log-level", "warning"]
        with process(args, env=env):
            wait_http(port, "/healthz")
            yield port, key


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
