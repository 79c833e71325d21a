"""Admission comes before the input guard (issue 13): a caller over its limits is refused before
any of its prompt is read.

Through a real gateway: a key allowed one request a minute sends a 200 KB prompt as its second
request. It gets 429 with its record, and the record shows that no input-guard work was done
(no `input_guard` stage time, no screened prompt). Before, the guard scanned (and for the
shipped policy refused, 403) the whole prompt first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.limits import LimitPolicy, Limits
from gateway.settings import DatabaseSettings, ModelSettings, Settings
from tests.support import db
from tests.support.scripted_upstream import ScriptedUpstream
from tests.support.servers import GatewayServer


@pytest.fixture(scope="module")
def one_a_minute(fresh_database, upstream: ScriptedUpstream) -> Iterator[tuple[GatewayServer, str]]:  # type: ignore[no-untyped-def]
    url = fresh_database("sqlite")
    settings = Settings(
        database=DatabaseSettings(url=url),
        policies_dir=Path(__file__).parents[2] / "policies",  # the shipped policy: input guard on
        models=(ModelSettings(name="m", upstream=upstream.base_url, max_tokens=16),),
        limits=LimitPolicy(key=Limits(requests_per_minute=1)),
    )
    server = GatewayServer(settings).start()
    try:
        yield server, url
    finally:
        server.stop()


def test_an_over_limit_caller_is_refused_before_the_input_guard(one_a_minute) -> None:  # type: ignore[no-untyped-def]
    server, url = one_a_minute
    db.create_tenant(url, "admit")
    key = db.create_key(url, "admit")
    auth = {"authorization": f"Bearer {key}"}
    first = httpx.post(server.url + "/v1/chat/completions", headers=auth, timeout=30,
                       json={"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8})
    assert first.status_code == 200, first.text
    [admitted] = db.audit_rows(url, request_id=first.headers["x-request-id"])
    assert "input_guard" in (admitted.stage_ms or {})  # the admitted one was screened

    huge = {"model": "m", "messages": [{"role": "user", "content": "def f():\n    return 1\n" * 9_400}]}
    assert len(huge["messages"][0]["content"]) > 190_000
    started = time.perf_counter()
    refused = httpx.post(server.url + "/v1/chat/completions", headers=auth, timeout=30, json=huge)
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert refused.status_code == 429, refused.text
    assert refused.json()["error"]["type"] == "rate_limit_error"
    [row] = db.audit_rows(url, request_id=refused.headers["x-request-id"])
    assert row.status_code == 429 and row.tenant_name == "admit"
    stages = row.stage_ms or {}
    assert "admission" in stages and "input_guard" not in stages, stages
    assert row.prompt is None and row.input_actions is None  # nothing of the prompt was screened or kept
    assert elapsed_ms < 5_000  # generous for a shared box; the point is the record above


def test_a_prompt_the_guard_refuses_after_admission_gives_its_slot_back(fresh_database,  # type: ignore[no-untyped-def]
                                                                        upstream: ScriptedUpstream) -> None:
    url = fresh_database("sqlite")
    settings = Settings(
        database=DatabaseSettings(url=url),
        policies_dir=Path(__file__).parents[2] / "policies",
        models=(ModelSettings(name="m", upstream=upstream.base_url, max_tokens=16),),
        limits=LimitPolicy(key=Limits(concurrent_requests=1)),
    )
    server = GatewayServer(settings).start()
    try:
        db.create_tenant(url, "slot")
        key = db.create_key(url, "slot")
        auth = {"authorization": f"Bearer {key}"}
        oversized = {"model": "m", "messages": [{"role": "user", "content": "x = 1\n" * 40_000}]}
        for _ in range(3):  # admitted, then refused by the input guard (over the policy's max_prompt_chars)
            blocked = httpx.post(server.url + "/v1/chat/completions", headers=auth, timeout=30, json=oversized)
            assert blocked.status_code == 403, blocked.text
        ok = httpx.post(server.url + "/v1/chat/completions", headers=auth, timeout=30,
                        json={"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8})
        assert ok.status_code == 200, ok.text  # the refused requests' concurrency slots were released
    finally:
        server.stop()
