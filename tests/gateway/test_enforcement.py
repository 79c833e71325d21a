"""Policy enforcement end to end: real scanners, real policies, exact bytes the client receives."""

from __future__ import annotations

import httpx
import msgspec
import openai
import pytest

from gateway.audit.entry import sha256_text
from tests.support import db
from tests.support.scripted_upstream import Reply

INSECURE = "```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"
SAFE = "```python\ndef run(args):\n    return sorted(args)\n```\n"
ANSWER = "Here you go:\n" + INSECURE + "Call it with a command."
MESSAGES = [{"role": "user", "content": "write a function that runs a shell command"}]


def key_for(db_url: str, tenant: str) -> str:
    name = tenant
    try:
        db.create_tenant(db_url, name)
    except Exception:  # the tenant exists from an earlier test on this database
        pass
    return db.create_key(db_url, name)


@pytest.fixture
def as_tenant(gateway, db_url: str):  # type: ignore[no-untyped-def]
    def make(tenant: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=gateway.url + "/v1", api_key=key_for(db_url, tenant), max_retries=0, timeout=60)

    return make


def sse(gateway, key: str, body: dict) -> tuple[httpx.Headers, list[bytes]]:
    with httpx.stream("POST", gateway.url + body.pop("_path", "/v1/chat/completions"), json=body,
                      headers={"authorization": f"Bearer {key}"}, timeout=60) as response:
        assert response.status_code == 200, response.read()
        raw = b"".join(response.iter_bytes())
    return response.headers, [e.removeprefix(b"data: ") for e in raw.split(b"\n\n") if e]


def content_of(events: list[bytes]) -> str:
    out = []
    for event in events:
        if event == b"[DONE]":
            continue
        data = msgspec.json.decode(event)
        for choice in data.get("choices", []):
            out.append((choice.get("delta") or {}).get("content") or choice.get("text") or "")
    return "".join(out)


def test_block_non_streaming(as_tenant, upstream, db_url: str) -> None:
    upstream.script(Reply(content=ANSWER))
    with pytest.raises(openai.PermissionDeniedError) as info:
        as_tenant("blocker").chat.completions.create(model="codellama-7b", messages=MESSAGES)
    body = info.value.body
    assert body["code"] == "cyber_policy"
    rules = {f["rule_id"] for f in body["findings"]}
    assert any("subprocess" in r or "shell" in r or r.startswith("B6") for r in rules), rules
    finding = body["findings"][0]
    assert finding["start_line"] >= 1 and finding["cwe"]
    assert info.value.response.headers["x-sluice-decision"] == "block"
    [row] = db.audit_rows(db_url, request_id=info.value.response.headers["x-request-id"])
    assert row.decision == "block" and row.outcome == "blocked" and row.status_code == 403
    assert "shell=True" in (row.response or ""), "the blocked output is kept for the auditors"
    findings = db.rows(db_url, f"SELECT rule_id, cwe, action FROM audit_findings WHERE record_id = {row.id}")
    assert {r[0] for r in findings} == rules and all(r[2] == "block" for r in findings)
    assert row.policy_mode == "enforce"


def test_clean_answer_allowed_with_headers_and_extension(as_tenant, upstream) -> None:
    upstream.script(Reply(content="Sure:\n" + SAFE))
    raw = as_tenant("blocker").chat.completions.with_raw_response.create(model="codellama-7b", messages=MESSAGES)
    completion = raw.parse()
    assert completion.choices[0].message.content == "Sure:\n" + SAFE
    assert raw.headers["x-sluice-decision"] == "allow" and raw.headers["x-sluice-findings"] == "0"
    assert len(raw.headers["x-sluice-policy-version"]) == 64
    extension = completion.model_extra["sluice"]
    assert extension["decision"] == "allow" and extension["findings"] == []


def test_redact_replaces_the_block_only(as_tenant, upstream) -> None:
    upstream.script(Reply(content=ANSWER))
    completion = as_tenant("redactor").chat.completions.create(model="codellama-7b", messages=MESSAGES)
    text = completion.choices[0].message.content or ""
    assert text.startswith("Here you go:\n[sluice: code removed by policy:")
    assert text.endswith("Call it with a command.")
    assert "shell=True" not in text
    assert completion.model_extra["sluice"]["action"] == "redact"


def test_annotate_keeps_content(as_tenant, upstream) -> None:
    upstream.script(Reply(content=ANSWER))
    raw = as_tenant("annotator").chat.completions.with_raw_response.create(model="codellama-7b", messages=MESSAGES)
    assert raw.parse().choices[0].message.content == ANSWER
    assert raw.headers["x-sluice-decision"] == "annotate" and int(raw.headers["x-sluice-findings"]) >= 1


def test_repair_success(as_tenant, upstream, db_url: str) -> None:
    upstream.script(Reply(content=ANSWER), Reply(content="Fixed:\n" + SAFE))
    raw = as_tenant("repairer").chat.completions.with_raw_response.create(model="codellama-7b", messages=MESSAGES)
    completion = raw.parse()
    assert completion.choices[0].message.content == "Fixed:\n" + SAFE
    assert completion.model_extra["sluice"]["repair_attempts"] == 1
    sent = httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"]
    repair_request = sent[-1]["body"]["messages"]
    assert repair_request[-2] == {"role": "assistant", "content": ANSWER}
    assert "security review" in repair_request[-1]["content"].lower()
    [row] = db.audit_rows(db_url, request_id=raw.headers["x-request-id"])
    [attempt] = row.details["repair_attempts"]
    assert attempt["text_sha256"] == sha256_text(ANSWER) and attempt["findings"], "first answer: hash + findings"
    assert row.response == "Fixed:\n" + SAFE and "subprocess.call(cmd" not in repr(row.details), "no body in details"


def test_repair_exhausted_blocks(as_tenant, upstream) -> None:
    upstream.script(Reply(content=ANSWER), Reply(content=ANSWER), Reply(content=ANSWER))
    with pytest.raises(openai.PermissionDeniedError) as info:
        as_tenant("repairer").chat.completions.create(model="codellama-7b", messages=MESSAGES)
    assert "2 repair attempt" in info.value.body["message"]
    assert len(httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"]) == 3


def test_shadow_mode_records_but_never_acts(as_tenant, upstream, db_url: str) -> None:
    upstream.script(Reply(content=ANSWER))
    raw = as_tenant("shadow").chat.completions.with_raw_response.create(model="codellama-7b", messages=MESSAGES)
    assert raw.parse().choices[0].message.content == ANSWER
    assert raw.headers["x-sluice-decision"] == "allow" and raw.headers["x-sluice-shadow-decision"] == "block"
    [row] = db.audit_rows(db_url, request_id=raw.headers["x-request-id"])
    assert row.decision == "block" and row.status_code == 200 and row.details["output"]["shadow"] is True


def test_streaming_holdback_releases_prose_and_blocks_the_block(gateway, db_url: str, upstream) -> None:
    upstream.script(Reply(content=ANSWER, chunks=40))
    key = key_for(db_url, "blocker")
    body = {"model": "codellama-7b", "messages": MESSAGES, "stream": True}
    headers, events = sse(gateway, key, body)
    assert content_of(events[:-2]) == "Here you go:\n", "prose before the block went out; nothing of the block"
    error = msgspec.json.decode(events[-2])["error"]
    assert error["code"] == "cyber_policy" and error["findings"]
    assert events[-1] == b"[DONE]"
    assert not any(b"subprocess.call(cmd" in e for e in events[:-2])
    [row] = db.audit_rows(db_url, request_id=headers["x-request-id"])
    assert row.decision == "block" and row.outcome == "blocked"


def test_streaming_holdback_redacts_block(gateway, db_url: str, upstream) -> None:
    upstream.script(Reply(content=ANSWER, chunks=25))
    _, events = sse(gateway, key_for(db_url, "redactor"),
                    {"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    text = content_of(events)
    assert text.startswith("Here you go:\n[sluice: code removed by policy:") and "shell=True" not in text
    assert text.endswith("Call it with a command.")
    final = msgspec.json.decode(events[-2])
    assert final["sluice"]["action"] == "redact" and final["choices"][0]["finish_reason"] == "stop"


def test_streaming_clean_answer_is_unchanged(gateway, db_url: str, upstream) -> None:
    answer = "Use this:\n" + SAFE + "That's all."
    upstream.script(Reply(content=answer, chunks=30))
    _, events = sse(gateway, key_for(db_url, "blocker"),
                    {"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    assert content_of(events) == answer
    assert msgspec.json.decode(events[-2])["sluice"]["decision"] == "allow"


def test_streaming_repair_replaces_the_block(gateway, db_url: str, upstream) -> None:
    upstream.script(Reply(content=ANSWER, chunks=20), Reply(content="Fixed:\n" + SAFE))
    _, events = sse(gateway, key_for(db_url, "repairer"),
                    {"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    text = content_of(events)
    assert "shell=True" not in text and "return sorted(args)" in text
    assert msgspec.json.decode(events[-2])["sluice"]["repair_attempts"] == 1


def test_streaming_buffer_mode_blocks_with_http_403(gateway, db_url: str, upstream) -> None:
    upstream.script(Reply(content=ANSWER, chunks=10))
    response = httpx.post(gateway.url + "/v1/chat/completions", timeout=60,
                          headers={"authorization": f"Bearer {key_for(db_url, 'buffered')}"},
                          json={"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    assert response.status_code == 403 and response.json()["error"]["code"] == "cyber_policy"


def test_streaming_passthrough_only_records(gateway, db_url: str, upstream) -> None:
    upstream.script(Reply(content=ANSWER, chunks=10))
    headers, events = sse(gateway, key_for(db_url, "passthrough"),
                          {"model": "codellama-7b", "messages": MESSAGES, "stream": True})
    assert content_of(events) == ANSWER
    [row] = db.audit_rows(db_url, request_id=headers["x-request-id"])
    assert row.decision == "block" and row.status_code == 200


def test_completion_stream_statement_release_stops_before_bad_statement(gateway, db_url: str, upstream) -> None:
    code = "import subprocess\n\nx = 1\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n\ny = 2\n"
    upstream.script(Reply(content=code, chunks=30))
    _, events = sse(gateway, key_for(db_url, "blocker"),
                    {"_path": "/v1/completions", "model": "codellama-7b", "prompt": "# run commands\n",
                     "stream": True})
    released = content_of(events[:-2])
    assert released == "import subprocess\n\nx = 1\n\n"
    assert msgspec.json.decode(events[-2])["error"]["code"] == "cyber_policy"


def test_completion_non_streaming_block(as_tenant, upstream) -> None:
    upstream.script(Reply(content="    subprocess.call(cmd, shell=True)\n"))
    with pytest.raises(openai.PermissionDeniedError):
        as_tenant("blocker").completions.create(model="codellama-7b", prompt="import subprocess\ndef run(cmd):\n")


def test_input_secret_is_redacted_before_the_model_and_the_audit(as_tenant, upstream, db_url: str) -> None:
    secret = "AKIAZ7VQ3XKQ4PLM2N6T"
    upstream.script(Reply(content="ok"))
    raw = as_tenant("annotator").chat.completions.with_raw_response.create(
        model="codellama-7b", messages=[{"role": "user", "content": f"my key is {secret}, fix my boto3 code"}]
    )
    sent = httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"][-1]["body"]
    assert secret not in sent["messages"][0]["content"] and "[REDACTED:" in sent["messages"][0]["content"]
    [row] = db.audit_rows(db_url, request_id=raw.headers["x-request-id"])
    assert secret not in (row.prompt or "") and secret not in repr(row.details)


def test_input_deny_rule_blocks_before_the_model(as_tenant, upstream, db_url: str) -> None:
    upstream.script(Reply(content="never sent"))
    with pytest.raises(openai.PermissionDeniedError) as info:
        as_tenant("annotator").chat.completions.create(
            model="codellama-7b", messages=[{"role": "user", "content": "write a keylogger for windows"}])
    assert info.value.body["code"] == "cyber_policy"
    assert httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"] == []


def test_guard_scan_endpoint(gateway, api_key: str) -> None:
    response = httpx.post(gateway.url + "/v1/guard/scan", headers={"authorization": f"Bearer {api_key}"},
                          json={"code": "import os\nos.system(input())\n", "language": "python"}, timeout=60)
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "python" and body["findings"] and body["decision"] in {"block", "repair"}
    assert {"scanner", "rule_id", "severity", "cwe", "message", "start_line", "end_line"} <= set(body["findings"][0])
    bad = httpx.post(gateway.url + "/v1/guard/scan", headers={"authorization": f"Bearer {api_key}"},
                     json={"source": "x"})
    assert bad.status_code == 400
