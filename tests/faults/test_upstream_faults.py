"""The model runtime dies or stalls: clean errors for the client, a record for every request, recovery.

The upstream here is a real process (`python -m tests.support.scripted_upstream`), killed
with SIGKILL mid-stream the way an OOM-killed or crashed vLLM replica goes away.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest

from gateway.settings import DatabaseSettings, ModelSettings, ScanningSettings, Settings
from tests.support import db
from tests.support.postgres import free_port
from tests.support.servers import GatewayServer

ROOT = Path(__file__).resolve().parents[2]
LONG = " ".join(f"tok{i}" for i in range(400))


class UpstreamProcess:
    def __init__(self, port: int) -> None:
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> UpstreamProcess:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.support.scripted_upstream", "--port",
                                      str(self.port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("scripted upstream did not start")

    def script(self, **reply: object) -> None:
        httpx.post(f"http://127.0.0.1:{self.port}/_script", json={"reset": True, "replies": [reply]}).raise_for_status()

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


@pytest.fixture
def replica(fresh_database, policies_dir: Path) -> Iterator[tuple[GatewayServer, UpstreamProcess, str, str]]:
    upstream = UpstreamProcess(free_port()).start()
    url = fresh_database("sqlite")
    db.create_tenant(url, "faults")
    key = db.create_key(url, "faults")
    base = f"http://127.0.0.1:{upstream.port}/v1"
    settings = Settings(
        database=DatabaseSettings(url=url), policies_dir=policies_dir, scanning=ScanningSettings(timeout_s=20.0),
        models=(ModelSettings(name="codellama-7b", upstream=base, upstream_model="scripted-model",
                              connect_timeout_s=1.0, read_timeout_s=1.0),),
    )
    server = GatewayServer(settings).start()
    try:
        yield server, upstream, url, key
    finally:
        server.stop()
        if upstream.proc and upstream.proc.poll() is None:
            upstream.kill()


def body(stream: bool) -> dict[str, object]:
    return {"model": "codellama-7b", "messages": [{"role": "user", "content": "count"}], "stream": stream}


def record(url: str, request_id: str):
    deadline = time.monotonic() + 10
    while not (rows := db.audit_rows(url, request_id=request_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rows) == 1, f"{len(rows)} records for {request_id}"
    return rows[0]


def test_replica_killed_mid_stream_then_restarted(replica) -> None:
    server, upstream, url, key = replica
    upstream.script(content=LONG, chunk_delay_s=0.01)
    headers = {"authorization": f"Bearer {key}"}
    received = b""
    with httpx.stream("POST", server.url + "/v1/chat/completions", json=body(True), headers=headers,
                      timeout=30) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        for piece in response.iter_bytes():
            received += piece
            if b"tok20" in received and upstream.proc and upstream.proc.poll() is None:
                upstream.kill()  # SIGKILL: no FIN from the application, no [DONE]
    events = [e.removeprefix(b"data: ") for e in received.split(b"\n\n") if e]
    assert events[-1] == b"[DONE]", "the client still gets a well-formed end of stream"
    error = msgspec.json.decode(events[-2])["error"]
    assert error["code"] in {"upstream_incomplete", "upstream_error"}
    row = record(url, request_id)
    assert row.outcome == "upstream_error" and row.status_code == 200
    assert "tok20" in (row.response or "") and "tok399" not in (row.response or "")

    # The replica is gone: a clean 502, audited.
    down = httpx.post(server.url + "/v1/chat/completions", json=body(False), headers=headers, timeout=30)
    assert down.status_code == 502 and down.json()["error"]["code"] == "upstream_unreachable"
    assert record(url, down.headers["x-request-id"]).status_code == 502

    # Back on the same port: served again, no gateway restart.
    upstream.start()
    upstream.script(content="back again")
    again = httpx.post(server.url + "/v1/chat/completions", json=body(False), headers=headers, timeout=30)
    assert again.status_code == 200 and again.json()["choices"][0]["message"]["content"] == "back again"
    assert record(url, again.headers["x-request-id"]).status_code == 200


def test_upstream_stalls_mid_stream_read_timeout_fires(replica) -> None:
    server, upstream, url, key = replica
    # Headers and the role chunk arrive, then nothing for longer than the model's read timeout (1 s).
    upstream.script(content="first second third", chunk_delay_s=5.0)
    started = time.monotonic()
    with httpx.stream("POST", server.url + "/v1/chat/completions", json=body(True),
                      headers={"authorization": f"Bearer {key}"}, timeout=30) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        raw = b"".join(response.iter_bytes())
    assert time.monotonic() - started < 4, "the read timeout, not the upstream, ended the stream"
    events = [e.removeprefix(b"data: ") for e in raw.split(b"\n\n") if e]
    assert events[-1] == b"[DONE]"
    error = msgspec.json.decode(events[-2])["error"]
    assert error["code"] == "upstream_timeout" and "read timeout" in error["message"]
    row = record(url, request_id)
    assert row.outcome == "upstream_error" and row.error_code == "upstream_timeout"


def test_upstream_hangs_before_streaming_is_a_clean_504(replica) -> None:
    server, upstream, url, key = replica
    upstream.script(hang=True)
    started = time.monotonic()
    response = httpx.post(server.url + "/v1/chat/completions", json=body(True),
                          headers={"authorization": f"Bearer {key}"}, timeout=30)
    assert time.monotonic() - started < 4
    assert response.status_code == 504 and response.json()["error"]["code"] == "upstream_timeout"
    assert record(url, response.headers["x-request-id"]).error_code == "upstream_timeout"
