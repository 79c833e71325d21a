"""Buffer-mode streams read the upstream like hold-back ones: one reader for every mode.

Before the reader was shared, buffer mode released an answer whose upstream stream ended
without `[DONE]` (a cut answer judged and recorded as complete) and replaced the runtime's
own error message with a generic one.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from tests.support import db
from tests.support.scripted_upstream import Reply

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture
def buffered_key(db_url: str) -> str:
    if not db.rows(db_url, "SELECT 1 FROM tenants WHERE name = 'buffered'"):
        db.create_tenant(db_url, "buffered")
    return db.create_key(db_url, "buffered", scopes=("generate",))


def cut_stream() -> str:
    """A well-formed event stream that ends cleanly, but without `data: [DONE]`."""
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "print('half"}, "finish_reason": None}]}
    return base64.b64encode(b"data: " + json.dumps(chunk).encode() + b"\n\n").decode()


def stream(gateway, key: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    payload = {"model": "codellama-7b", "messages": MESSAGES, "stream": True}
    return httpx.post(gateway.url + "/v1/chat/completions", json=payload,
                      headers={"authorization": f"Bearer {key}"}, timeout=30)


def test_buffer_mode_refuses_a_stream_cut_before_done(gateway, buffered_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(raw_body=cut_stream()))
    response = stream(gateway, buffered_key)
    assert response.status_code == 502, response.text
    assert response.json()["error"]["code"] == "upstream_incomplete"
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.status_code == 502 and row.error_code == "upstream_incomplete"


def test_buffer_mode_keeps_the_runtimes_error_message(gateway, buffered_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(content="a b c d", error_after=2))
    response = stream(gateway, buffered_key)
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "upstream_error" and error["type"] == "upstream_error"
    assert "scripted engine failure" in error["message"]
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert "scripted engine failure" in row.error_message
