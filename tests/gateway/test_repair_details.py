"""Issue 19: the repair loop keeps fill-in-the-middle's format (item 6) and counts its calls (item 8)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest

from gateway.settings import ModelSettings
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer

INSECURE = "Here you go:\n```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"
REPAIRED = "Fixed:\n```python\nimport shlex\n\ndef words(command):\n    return shlex.split(command)\n```\n"
MESSAGES = [{"role": "user", "content": "write a function that runs a shell command"}]


def words(text: str) -> int:
    return len(text.split())  # the scripted upstream's token count


def repairer_key(db_url: str) -> str:
    try:
        db.create_tenant(db_url, "repairer")
    except Exception:  # the tenant exists from an earlier test on this database
        pass
    return db.create_key(db_url, "repairer")


def test_repair_calls_count_in_usage_and_the_record(gateway, upstream, db_url: str) -> None:
    upstream.script(Reply(content=INSECURE), Reply(content=REPAIRED))
    response = httpx.post(gateway.url + "/v1/chat/completions", timeout=60,
                          headers={"authorization": f"Bearer {repairer_key(db_url)}"},
                          json={"model": "codellama-7b", "messages": MESSAGES})
    assert response.status_code == 200, response.text
    assert response.json()["sluice"]["repair_attempts"] == 1
    first, repair = (r["body"] for r in upstream.state.requests)
    prompt_tokens = words(first["messages"][-1]["content"]) + words(repair["messages"][-1]["content"])
    completion_tokens = words(INSECURE) + words(REPAIRED)
    usage = response.json()["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"]) == (prompt_tokens, completion_tokens)
    assert usage["total_tokens"] == prompt_tokens + completion_tokens
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert (row.prompt_tokens, row.completion_tokens) == (prompt_tokens, completion_tokens)


def test_repair_calls_count_in_a_streams_usage(gateway, upstream, db_url: str) -> None:
    upstream.script(Reply(content=INSECURE), Reply(content=REPAIRED))
    response = httpx.post(gateway.url + "/v1/chat/completions", timeout=60,
                          headers={"authorization": f"Bearer {repairer_key(db_url)}"},
                          json={"model": "codellama-7b", "messages": MESSAGES, "stream": True,
                                "stream_options": {"include_usage": True}})
    assert response.status_code == 200
    events = [e.removeprefix(b"data: ") for e in response.content.split(b"\n\n") if e]
    usage = msgspec.json.decode(events[-2])["usage"]
    assert usage["completion_tokens"] == words(INSECURE) + words(REPAIRED)
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert (row.prompt_tokens, row.completion_tokens) == (usage["prompt_tokens"], usage["completion_tokens"])
    assert len(upstream.state.requests) == 2


@pytest.fixture(scope="module")
def fim_gateway(fresh_database, upstream, policies_dir: Path) -> Iterator[tuple[GatewayServer, str]]:  # type: ignore[no-untyped-def]
    url = fresh_database("sqlite")
    settings = gateway_settings(url, upstream.base_url, policies_dir)
    fim = ModelSettings(name="fim-model", upstream=upstream.base_url, profile="codellama-7b", max_tokens=256)
    server = GatewayServer(dataclasses.replace(settings, models=(*settings.models, fim))).start()
    try:
        yield server, repairer_key(url)
    finally:
        server.stop()


def test_fill_in_the_middle_repair_keeps_the_infill_format(fim_gateway, upstream) -> None:  # type: ignore[no-untyped-def]
    server, key = fim_gateway
    prefix, suffix = "import subprocess\n\ndef run(cmd):\n", "\n\nrun(['ls'])\n"
    upstream.script(Reply(content="    subprocess.call(cmd, shell=True)\n"), Reply(content="    return [cmd]\n"))
    response = httpx.post(server.url + "/v1/completions", timeout=60, headers={"authorization": f"Bearer {key}"},
                          json={"model": "fim-model", "prompt": prefix, "suffix": suffix, "max_tokens": 32})
    assert response.status_code == 200, response.text
    assert response.json()["choices"][0]["text"] == "    return [cmd]\n"
    first, repair = (r["body"] for r in upstream.state.requests)
    assert repair["prompt"].startswith("<PRE> # Security review of the previous completion found:")
    assert repair["prompt"].endswith(f"{prefix} <SUF>{suffix} <MID>"), repair["prompt"]
    assert repair["stop"][0] == "<EOT>" and repair["stop"] == first["stop"]
    assert repair.get("suffix") is None
