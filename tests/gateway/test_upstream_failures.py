"""Upstream failures become clean OpenAI-style errors, and every one is audited."""

from __future__ import annotations

import socket
import time

import httpx
import msgspec
import openai
import pytest

from tests.support import db
from tests.support.scripted_upstream import Reply

MESSAGES = [{"role": "user", "content": "hi"}]


def chat(gateway, key: str, **body) -> httpx.Response:  # type: ignore[no-untyped-def]
    payload = {"model": "codellama-7b", "messages": MESSAGES, **body}
    return httpx.post(gateway.url + "/v1/chat/completions", json=payload,
                      headers={"authorization": f"Bearer {key}"}, timeout=30)


def sse_events(gateway, key: str, **body) -> tuple[str, list[bytes]]:  # type: ignore[no-untyped-def]
    payload = {"model": "codellama-7b", "messages": MESSAGES, "stream": True, **body}
    with httpx.stream("POST", gateway.url + "/v1/chat/completions", json=payload,
                      headers={"authorization": f"Bearer {key}"}, timeout=30) as response:
        assert response.status_code == 200
        raw = b"".join(response.iter_bytes())
        return response.headers["x-request-id"], [e[6:] for e in raw.split(b"\n\n") if e]


def test_upstream_unreachable_is_502(gateway, api_key: str, db_url: str) -> None:
    response = chat(gateway, api_key, model="dead-model")
    assert response.status_code == 502
    assert response.json()["error"] == {
        "message": "The model runtime is unreachable.", "type": "upstream_error", "param": None,
        "code": "upstream_unreachable",
    }
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.status_code == 502 and row.outcome == "error" and row.model == "dead-model"


@pytest.mark.parametrize(("status", "expected", "code"), [(500, 502, "upstream_error"),
                                                        (503, 503, "upstream_unavailable"),
                                                        (400, 400, "upstream_rejected")])
def test_upstream_error_status(gateway, api_key: str, upstream, status: int, expected: int, code: str) -> None:
    upstream.script(Reply(status=status))
    response = chat(gateway, api_key)
    assert response.status_code == expected and response.json()["error"]["code"] == code


def test_upstream_hang_times_out_504(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(hang=True))
    started = time.monotonic()
    response = chat(gateway, api_key, model="slow-model")
    assert response.status_code == 504 and response.json()["error"]["code"] == "upstream_timeout"
    assert time.monotonic() - started < 5
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.error_code == "upstream_timeout"


def test_stream_error_before_first_byte_is_plain_http_error(gateway, api_key: str, upstream) -> None:
    upstream.script(Reply(status=500))
    payload = {"model": "codellama-7b", "messages": MESSAGES, "stream": True}
    response = httpx.post(gateway.url + "/v1/chat/completions", json=payload,
                          headers={"authorization": f"Bearer {api_key}"})
    assert response.status_code == 502 and response.json()["error"]["code"] == "upstream_error"


def test_mid_stream_error_event_becomes_clean_sse_error(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(content="a b c d", error_after=2))
    request_id, events = sse_events(gateway, api_key)
    error = msgspec.json.decode(events[-2])["error"]
    assert error["code"] == "upstream_error" and "mid-stream" in error["message"]
    assert events[-1] == b"[DONE]"
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert row.outcome == "upstream_error" and row.response == "a b "


def test_openai_sdk_raises_on_mid_stream_error(client: openai.OpenAI, upstream) -> None:
    upstream.script(Reply(content="a b c d", error_after=1))
    with pytest.raises(openai.APIError):
        list(client.chat.completions.create(model="codellama-7b", messages=MESSAGES, stream=True))


def test_upstream_drops_connection_mid_stream(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(content="a b c d", drop_after=2))
    request_id, events = sse_events(gateway, api_key)
    assert msgspec.json.decode(events[-2])["error"]["code"] in {"upstream_incomplete", "upstream_error"}
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert row.outcome == "upstream_error"


def test_client_disconnect_cancels_upstream_and_is_audited(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(content=" ".join(["tok"] * 200), chunk_delay_s=0.02))
    body = msgspec.json.encode({"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    request = (
        f"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {api_key}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    ).encode() + body
    with socket.create_connection(("127.0.0.1", gateway.port)) as sock:
        sock.sendall(request)
        received = b""
        while b"tok" not in received:
            received += sock.recv(4096)
    request_id = received.split(b"x-request-id: ")[1].split(b"\r\n")[0].decode()
    deadline = time.monotonic() + 10
    rows = []
    while time.monotonic() < deadline and not rows:
        rows = db.audit_rows(db_url, request_id=request_id)
        time.sleep(0.1)
    [row] = rows
    assert row.outcome == "client_disconnect" and row.stream is True
    assert 0 < len(row.response or "") < len(" ".join(["tok"] * 200))
    # The upstream saw its client (the gateway) go away before the end.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["cancelled"] >= 1:
            break
        time.sleep(0.1)
    else:
        pytest.fail("upstream generation was not cancelled")
