"""Issue 19: request details real clients send (max_completion_tokens, echo, explicit nulls)."""

from __future__ import annotations

import httpx
import msgspec
import pytest

from tests.support import db
from tests.support.scripted_upstream import Reply

ANSWER = "def total(values):\n    return sum(values)\n"
MESSAGES = [{"role": "user", "content": "write a function that sums a list"}]


def post(gateway, api_key: str, path: str, body: dict) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(gateway.url + path, json=body, headers={"authorization": f"Bearer {api_key}"}, timeout=60)


def sent(upstream) -> dict:  # type: ignore[no-untyped-def]
    body: dict = upstream.state.requests[-1]["body"]
    return body


def test_max_completion_tokens_reaches_the_runtime_as_max_tokens(gateway, upstream, api_key: str) -> None:
    upstream.script(Reply(content=ANSWER))
    response = post(gateway, api_key, "/v1/chat/completions",
                    {"model": "codellama-7b", "messages": MESSAGES, "max_completion_tokens": 64})
    assert response.status_code == 200, response.text
    assert sent(upstream)["max_tokens"] == 64 and "max_completion_tokens" not in sent(upstream)


def test_max_completion_tokens_is_bounded_like_max_tokens(gateway, upstream, api_key: str) -> None:
    upstream.script()
    response = post(gateway, api_key, "/v1/chat/completions",
                    {"model": "codellama-7b", "messages": MESSAGES, "max_completion_tokens": 100_000})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "max_completion_tokens"
    assert upstream.state.requests == []


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_echo_returns_the_prompt_before_the_completion(gateway, upstream, api_key: str, stream: bool) -> None:
    upstream.script(Reply(content=ANSWER))
    prompt = "# sum a list\n"
    body = {"model": "codellama-7b", "prompt": prompt, "echo": True, "max_tokens": 32, "stream": stream}
    response = post(gateway, api_key, "/v1/completions", body)
    assert response.status_code == 200, response.text
    if stream:
        events = [e.removeprefix(b"data: ") for e in response.content.split(b"\n\n") if e]
        text = "".join(c.get("text", "") for e in events if e != b"[DONE]"
                       for c in msgspec.json.decode(e).get("choices", []))
    else:
        text = response.json()["choices"][0]["text"]
    assert text == prompt + ANSWER
    assert "echo" not in sent(upstream)  # the runtime answers only the completion; the gateway scans that


@pytest.mark.parametrize("path, extra", [
    ("/v1/completions", {"prompt": "def total(values):"}),
    ("/v1/chat/completions", {"messages": [*MESSAGES, {"role": "assistant", "content": "ok", "refusal": None,
                                                       "tool_calls": None}, {"role": "user", "content": "again"}]}),
], ids=["completions", "chat"])
def test_explicit_nulls_of_openai_fields_mean_default(gateway, upstream, api_key: str, path: str,
                                                      extra: dict) -> None:
    upstream.script(Reply(content=ANSWER))
    # What LangChain's OpenAI class sends, plus the other OpenAI fields a client may null out.
    nulls = {"logprobs": None, "seed": None, "n": None, "user": None, "stop": None, "logit_bias": None,
             "stream": None, "best_of": None, "top_logprobs": None, "response_format": None, "tools": None}
    response = post(gateway, api_key, path, {"model": "codellama-7b", "max_tokens": 16, **extra, **nulls})
    assert response.status_code == 200, response.text
    assert not set(nulls) & set(sent(upstream)), sent(upstream)


@pytest.mark.parametrize("field, value, message", [
    ("logprobs", 2, "'logprobs'"),  # a known field Sluice does not support, set: refused
    ("max_token", None, "'max_token'"),  # not an OpenAI field: refused even as null (a typo must not pass)
])
def test_unsupported_or_unknown_fields_stay_refused(gateway, upstream, api_key: str, field: str, value: object,
                                                    message: str) -> None:
    upstream.script()
    response = post(gateway, api_key, "/v1/completions",
                    {"model": "codellama-7b", "prompt": "def f():", field: value})
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert response.json()["error"]["param"] == field
    assert upstream.state.requests == []


INSECURE = "Here you go:\n```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"


def blocker_key(db_url: str) -> str:
    try:
        db.create_tenant(db_url, "blocker")
    except Exception:  # the tenant exists from an earlier test on this database
        pass
    return db.create_key(db_url, "blocker")


def test_a_blocked_answer_is_a_content_policy_refusal(gateway, upstream, db_url: str) -> None:
    upstream.script(Reply(content=INSECURE))
    response = post(gateway, blocker_key(db_url), "/v1/chat/completions",
                    {"model": "codellama-7b", "messages": MESSAGES})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "cyber_policy" and error["type"] == "permission_error" and error["findings"]
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.error_code == "policy_violation" and row.outcome == "blocked"  # the record keeps its name


def test_a_blocked_stream_ends_its_choice_with_content_filter(gateway, upstream, db_url: str) -> None:
    upstream.script(Reply(content=INSECURE))
    response = post(gateway, blocker_key(db_url), "/v1/chat/completions",
                    {"model": "codellama-7b", "messages": MESSAGES, "stream": True,
                     "stream_options": {"include_usage": True}})
    assert response.status_code == 200
    events = [e.removeprefix(b"data: ") for e in response.content.split(b"\n\n") if e]
    assert events[-1] == b"[DONE]"
    error = msgspec.json.decode(events[-2])["error"]
    assert error["code"] == "cyber_policy" and error["findings"]
    final = msgspec.json.decode(events[-3])
    assert final["choices"][0]["finish_reason"] == "content_filter"
    assert final["sluice"]["decision"] == "block" and final["sluice"]["findings"]
    assert b"subprocess.call" not in response.content
