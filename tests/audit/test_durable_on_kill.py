"""Every answered request has its record, even when the gateway is killed right after the answer.

A real `sluice serve` process (SQLite, default synchronous=NORMAL) answers requests one after
another on keep-alive, committing each record in the request's own task when the writer is
idle; it gets SIGKILL the moment the last answer is read. Every `x-request-id` answered must be
in the chain, and the chain (with its signed head) must verify.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.audit.helpers import verify

ROOT = Path(__file__).resolve().parents[2]
CORE_POLICY = """extends: null
models:
  max_tokens: 4096
input:
  secrets: allow
output:
  default_action: allow
  rules: []
  scanners:
    semgrep: {enabled: false}
    bandit: {enabled: false}
    secrets: {enabled: false}
    license: {enabled: false}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, path: str, proc: subprocess.Popen[bytes], timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}{path}")


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def upstream_port() -> Iterator[int]:
    port = _free_port()
    proc = _start(["-m", "tests.support.scripted_upstream", "--port", str(port)], {})
    try:
        _wait(port, "/health", proc)
        yield port
    finally:
        proc.kill()
        proc.wait(10)


def test_every_answered_request_is_in_the_chain_after_sigkill(
        fresh_database: Any, upstream_port: int, tmp_path: Path) -> None:
    url = str(fresh_database("sqlite"))
    env = {"SLUICE_DATABASE_URL": url, "SLUICE_POLICIES_DIR": str(tmp_path / "policies")}
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "default.yaml").write_text(CORE_POLICY)
    config = tmp_path / "sluice.yaml"
    config.write_text(f"models:\n  - name: scripted-model\n    upstream: http://127.0.0.1:{upstream_port}/v1\n")
    cli = ["-m", "gateway.cli"]
    full = {**os.environ, **env}
    subprocess.run([sys.executable, *cli, "tenant", "create", "acme"], env=full, cwd=ROOT, check=True,
                   capture_output=True)
    created = subprocess.run([sys.executable, *cli, "key", "create", "--tenant", "acme"], env=full, cwd=ROOT,
                             check=True, capture_output=True, text=True)
    key = created.stdout.strip().splitlines()[-1]
    port = _free_port()
    gateway = _start([*cli, "serve", "--config", str(config), "--port", str(port), "--workers", "1",
                      "--log-level", "warning"], env)
    answered: list[str] = []
    try:
        _wait(port, "/healthz", gateway)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = json.dumps({"model": "scripted-model", "messages": [{"role": "user", "content": "write a function"}]})
        headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
        for _ in range(40):
            conn.request("POST", "/v1/chat/completions", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
            answered.append(response.headers["x-request-id"])
        os.kill(gateway.pid, signal.SIGKILL)  # the moment the last answer is read: no shutdown, no flush
    finally:
        if gateway.poll() is None:
            gateway.kill()
        gateway.wait(10)
    assert gateway.returncode == -signal.SIGKILL

    engine = create_engine(url.replace("+aiosqlite", ""))
    try:
        with engine.connect() as db:
            stored = {row[0] for row in db.execute(text("SELECT request_id FROM audit_records"))}
    finally:
        engine.dispose()
    assert set(answered) <= stored, sorted(set(answered) - stored)
    report = verify(url)
    assert report.ok and report.checked >= 40, report
