"""Every kind of bad input gets an exact status and an OpenAI-style body, and an audit record."""

from __future__ import annotations

import httpx
import pytest

from tests.support import db

CHAT = "/v1/chat/completions"
COMPLETIONS = "/v1/completions"
OK_MESSAGES = [{"role": "user", "content": "hi"}]

CASES = [
    # (path, body, status, code, param)
    (CHAT, {"model": "codellama-7b", "messages": "not-a-list"}, 400, "invalid_value", "messages"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "max_token": 5}, 400, "invalid_value", "max_token"),
    (CHAT, {"model": "codellama-7b", "messages": [{"role": "user", "content": "x", "colour": 1}]}, 400,
     "invalid_value", "messages[0].colour"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "max_tokens": "ten"}, 400, "invalid_value", "max_tokens"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "temperature": 7}, 400, "invalid_value", "temperature"),
    (CHAT, {"model": "codellama-7b", "messages": [{"role": "robot", "content": "x"}]}, 400, "invalid_value",
     "messages[0].role"),
    (CHAT, {"model": "codellama-7b", "messages": []}, 400, "invalid_value", "messages"),
    (CHAT, {"model": "codellama-7b", "messages": [{"role": "user", "content": ""}]}, 400, "invalid_value",
     "messages[0].content"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "n": 2}, 400, "invalid_value", "n"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "n": 0}, 400, "invalid_value", "n"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "max_tokens": 100000}, 400,
     "context_length_exceeded", "max_tokens"),
    (CHAT, {"model": "codellama-7b", "messages": OK_MESSAGES, "stream_options": {"include_usage": True}}, 400,
     "invalid_value", "stream_options"),
    (CHAT, {"messages": OK_MESSAGES}, 400, "invalid_value", None),
    (CHAT, {"model": "no-such-model", "messages": OK_MESSAGES}, 404, "model_not_found", "model"),
    (COMPLETIONS, {"model": "codellama-7b", "prompt": ""}, 400, "invalid_value", "prompt"),
    (COMPLETIONS, {"model": "codellama-7b", "prompt": ["a", "b"]}, 400, "invalid_value", "prompt"),
    (COMPLETIONS, {"model": "codellama-7b", "prompt": "x", "suffix": "y"}, 400, "unsupported_parameter", "suffix"),
    (COMPLETIONS, {"model": "codellama-7b", "prompt": 42}, 400, "invalid_value", "prompt"),
]


@pytest.mark.parametrize(("path", "body", "status", "code", "param"), CASES)
def test_bad_input(gateway, api_key: str, db_url: str, path: str, body: dict, status: int, code: str,
                   param: str | None) -> None:
    response = httpx.post(gateway.url + path, json=body, headers={"authorization": f"Bearer {api_key}"})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "param", "code"}
    assert error["code"] == code and error["param"] == param
    assert error["type"] == "invalid_request_error" and error["message"]
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.status_code == status and row.error_code == code and row.outcome == "refused"


@pytest.mark.parametrize("raw", [b"", b"{", b"[1, 2]", b"\xff\xfe", b'{"model": "codellama-7b", "messages": [}'])
def test_malformed_json(gateway, api_key: str, raw: bytes) -> None:
    response = httpx.post(gateway.url + CHAT, content=raw, headers={"authorization": f"Bearer {api_key}"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"invalid_json", "invalid_value"}


def test_body_too_large(gateway, api_key: str, db_url: str) -> None:
    big = {"model": "codellama-7b", "messages": [{"role": "user", "content": "x" * (1024 * 1024 + 10)}]}
    response = httpx.post(gateway.url + CHAT, json=big, headers={"authorization": f"Bearer {api_key}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.status_code == 413


def test_unknown_route_and_method(gateway) -> None:
    response = httpx.get(gateway.url + "/v1/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = httpx.get(gateway.url + CHAT)
    assert response.status_code == 405 and response.json()["error"]["type"] == "invalid_request_error"
