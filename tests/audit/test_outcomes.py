"""Through the real gateway: exactly one record per request whatever happens, secrets never
stored in clear, and the chain verifies afterwards."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.auth import admin
from tests.audit.helpers import verify
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer

INSECURE = "```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"
AWS_KEY = "AKIAZ7QW3RTY5UIO2PLM"  # the shape of an AWS access key id, not a real one


@dataclass
class Gateway:
    url: str
    db_url: str
    keys: dict[str, str]

    def chat(self, key: str | None, body: dict[str, Any]) -> httpx.Response:
        headers = {"authorization": f"Bearer {key}"} if key else {}
        return httpx.post(self.url + "/v1/chat/completions", json=body, headers=headers, timeout=30)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def gw(request: pytest.FixtureRequest, fresh_database: Any, upstream: Any, policies_dir: Path) -> Iterator[Gateway]:
    url = str(fresh_database(request.param))
    for tenant in ("plain", "blocker"):
        db.create_tenant(url, tenant)
    keys = {
        "plain": db.create_key(url, "plain"),
        "blocker": db.create_key(url, "blocker"),
        "revoked": db.create_key(url, "plain"),
    }
    revoked_id = keys["revoked"].removeprefix("sk-sluice-").split("_")[0]
    db.run(url, lambda session: admin.revoke_key(session, revoked_id))
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        yield Gateway(server.url, url, keys)
    finally:
        server.stop()


def chat(content: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"model": "codellama-7b", "messages": [{"role": "user", "content": content}], **extra}


def one_record(gw: Gateway, response: httpx.Response) -> Any:
    rows = db.audit_rows(gw.db_url, request_id=response.headers["x-request-id"])
    assert len(rows) == 1, rows
    return rows[0]


def test_every_outcome_leaves_exactly_one_record(gw: Gateway, upstream: Any) -> None:
    ok = gw.chat(gw.keys["plain"], chat())
    assert ok.status_code == 200 and one_record(gw, ok).outcome == "ok"

    upstream.script(Reply(content="streamed answer"))
    with httpx.stream(
        "POST",
        gw.url + "/v1/chat/completions",
        json=chat(stream=True),
        timeout=30,
        headers={"authorization": f"Bearer {gw.keys['plain']}"},
    ) as streamed:
        body = b"".join(streamed.iter_bytes())
    assert b"[DONE]" in body
    row = one_record(gw, streamed)
    assert row.stream and row.status_code == 200 and row.response == "streamed answer"

    cases = [
        (gw.chat(None, chat()), 401, None),
        (gw.chat("sk-sluice-nosuchkey_" + "x" * 32, chat()), 401, None),
        (gw.chat(gw.keys["revoked"], chat()), 401, "plain"),
        (gw.chat(gw.keys["plain"], {"model": "codellama-7b", "messages": "not-a-list"}), 400, "plain"),
        (gw.chat(gw.keys["plain"], chat(model="no-such-model")), 404, "plain"),
        (gw.chat(gw.keys["plain"], chat(model="dead-model")), 502, "plain"),
    ]
    for response, status, tenant in cases:
        assert response.status_code == status, response.text
        row = one_record(gw, response)
        assert row.status_code == status and row.tenant_name == tenant and row.error_code
        assert row.outcome in ("refused", "error", "upstream_error"), row.outcome

    upstream.script(Reply(content="Here:\n" + INSECURE))
    blocked = gw.chat(gw.keys["blocker"], chat("run a shell command"))
    assert blocked.status_code == 403
    row = one_record(gw, blocked)
    assert row.decision == "block" and row.findings_count and row.findings_sha256
    assert row.policy_mode == "enforce" and row.store_bodies == "redacted" and row.policy_version
    assert verify(gw.db_url).ok


def test_client_disconnect_mid_stream_is_recorded(gw: Gateway, upstream: Any) -> None:
    upstream.script(Reply(content=" ".join(f"w{i}" for i in range(40)), chunk_delay_s=0.05))
    with httpx.stream(
        "POST",
        gw.url + "/v1/chat/completions",
        json=chat(stream=True),
        timeout=30,
        headers={"authorization": f"Bearer {gw.keys['plain']}"},
    ) as response:
        request_id = response.headers["x-request-id"]
        next(response.iter_bytes())  # the first bytes arrived; now hang up
    deadline = time.monotonic() + 10
    while not (rows := db.audit_rows(gw.db_url, request_id=request_id)):
        assert time.monotonic() < deadline, "no record for the disconnected stream"
        time.sleep(0.1)
    assert len(rows) == 1 and rows[0].outcome == "client_disconnect"


def test_secrets_are_not_stored_in_clear(gw: Gateway, upstream: Any) -> None:
    upstream.script(Reply(content=f"Use key {AWS_KEY} in the config."))
    response = gw.chat(gw.keys["plain"], chat(f"my key is {AWS_KEY}, write the config"))
    row = one_record(gw, response)
    assert AWS_KEY not in (row.prompt or "") and "[REDACTED" in (row.prompt or "")
    assert AWS_KEY not in (row.response or "") and "[REDACTED" in (row.response or "")
    assert AWS_KEY not in json.dumps(row.details) and AWS_KEY not in json.dumps(row.input_actions)
    assert verify(gw.db_url).ok
