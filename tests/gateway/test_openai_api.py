"""The OpenAI-compatible surface through the official `openai` SDK, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import msgspec
import openai
import pytest

from tests.support import db
from tests.support.scripted_upstream import Reply


def test_chat_completion(client: openai.OpenAI, upstream, db_url: str, tenant: str) -> None:
    upstream.script(Reply(content="def add(a, b):\n    return a + b"))
    raw = client.chat.completions.with_raw_response.create(
        model="codellama-7b", messages=[{"role": "user", "content": "write add"}], max_tokens=64
    )
    completion = raw.parse()
    assert completion.choices[0].message.content == "def add(a, b):\n    return a + b"
    assert completion.model == "codellama-7b"
    assert completion.usage is not None and completion.usage.completion_tokens == 7
    request_id = raw.headers["x-request-id"]
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert (row.tenant_name, row.status_code, row.outcome, row.stream) == (tenant, 200, "ok", False)
    assert row.endpoint == "/v1/chat/completions" and row.model == "codellama-7b"
    assert row.prompt == "user: write add"
    assert row.response == "def add(a, b):\n    return a + b"
    assert (row.prompt_tokens, row.completion_tokens) == (2, 7)
    assert row.latency_ms > 0 and row.upstream_ms is not None


def test_chat_streaming_relays_chunks_and_strips_forced_usage(client: openai.OpenAI, upstream, db_url: str) -> None:
    upstream.script(Reply(content="one two three"))
    with client.chat.completions.with_streaming_response.create(
        model="codellama-7b", messages=[{"role": "user", "content": "count"}], stream=True
    ) as response:
        request_id = response.headers["x-request-id"]
        chunks = list(response.parse())
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "one two three"
    assert all(c.usage is None for c in chunks), "the client did not ask for usage"
    # The gateway asked the upstream for usage anyway, to audit token counts.
    sent = httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"][-1]["body"]
    assert sent["stream_options"] == {"include_usage": True}
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert row.stream is True and row.response == "one two three" and row.completion_tokens == 3
    assert row.upstream_ttft_ms is not None


def test_chat_streaming_include_usage_honoured(client: openai.OpenAI, upstream) -> None:
    upstream.script(Reply(content="a b"))
    chunks = list(
        client.chat.completions.create(
            model="codellama-7b",
            messages=[{"role": "user", "content": "x"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 2


def test_stream_bytes_are_sse_with_done_last(gateway, api_key: str, upstream) -> None:
    upstream.script(Reply(content="x y"))
    body = {"model": "codellama-7b", "stream": True, "messages": [{"role": "user", "content": "x"}]}
    with httpx.stream("POST", gateway.url + "/v1/chat/completions", json=body,
                      headers={"authorization": f"Bearer {api_key}"}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = b"".join(response.iter_bytes())
    events = [e for e in raw.split(b"\n\n") if e]
    assert all(e.startswith(b"data: ") for e in events)
    assert events[-1] == b"data: [DONE]"
    first = msgspec.json.decode(events[0][6:])
    assert first["object"] == "chat.completion.chunk" and first["choices"][0]["delta"]["role"] == "assistant"


def test_completions(client: openai.OpenAI, upstream, db_url: str) -> None:
    upstream.script(Reply(content="    return 42\n"))
    raw = client.completions.with_raw_response.create(model="codellama-7b", prompt="def answer():\n", max_tokens=16)
    assert raw.parse().choices[0].text == "    return 42\n"
    [row] = db.audit_rows(db_url, request_id=raw.headers["x-request-id"])
    assert row.endpoint == "/v1/completions" and row.prompt == "def answer():\n"


def test_completions_streaming(client: openai.OpenAI, upstream) -> None:
    upstream.script(Reply(content="import os\nimport sys", chunks=4))
    pieces = [c.choices[0].text for c in client.completions.create(model="codellama-7b", prompt="#", stream=True)]
    assert "".join(pieces) == "import os\nimport sys"


def test_upstream_model_name_is_mapped(client: openai.OpenAI, upstream) -> None:
    upstream.script(Reply(content="hi"))
    completion = client.chat.completions.create(model="renamed", messages=[{"role": "user", "content": "x"}])
    assert completion.model == "renamed"
    sent = httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"][-1]["body"]
    assert sent["model"] == "scripted-model"


def test_models_lists_only_tenant_models(gateway, client: openai.OpenAI, db_url: str) -> None:
    names = {m.id for m in client.models.list()}
    assert {"codellama-7b", "renamed"} <= names
    db.create_tenant(db_url, f"narrow-{gateway.port}-{len(names)}", models=["codellama-7b"])
    key = db.create_key(db_url, f"narrow-{gateway.port}-{len(names)}")
    narrow = openai.OpenAI(base_url=gateway.url + "/v1", api_key=key, max_retries=0)
    assert [m.id for m in narrow.models.list()] == ["codellama-7b"]
    with pytest.raises(openai.NotFoundError) as info:
        narrow.chat.completions.create(model="renamed", messages=[{"role": "user", "content": "x"}])
    assert info.value.body["code"] == "model_not_found"


def test_n_above_one_only_where_allowed(client: openai.OpenAI, upstream) -> None:
    upstream.script(Reply(content="ok"))
    client.chat.completions.create(model="multi-n", n=3, messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="codellama-7b", n=2, messages=[{"role": "user", "content": "x"}])
    assert info.value.body["param"] == "n"


def test_health_and_readiness(gateway) -> None:
    assert httpx.get(gateway.url + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(gateway.url + "/readyz")
    # dead-model is configured on a closed port, so the gateway is honestly not ready.
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert checks["database"] == "ok" and checks["model:codellama-7b"] == "ok"
    assert checks["model:dead-model"] == "unreachable"
