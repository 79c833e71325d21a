"""One record per request, chained; tampering is detected and located."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx

from gateway.audit.verify import ChainReport, verify_chain
from gateway.db.engine import create_engine
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer


def verify(url: str) -> ChainReport:
    async def main() -> ChainReport:
        engine = create_engine(url)
        try:
            return await verify_chain(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_concurrent_requests_one_record_each_and_chain_verifies(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(*[Reply(content=f"answer {i}") for i in range(40)])
    headers = {"authorization": f"Bearer {api_key}"}

    def call(i: int) -> str:
        body = {"model": "codellama-7b", "messages": [{"role": "user", "content": f"q{i}"}], "stream": i % 2 == 0}
        response = httpx.post(gateway.url + "/v1/chat/completions", json=body, headers=headers, timeout=30)
        assert response.status_code == 200
        return response.headers["x-request-id"]

    with ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(call, range(40)))
    for request_id in ids:
        assert len(db.audit_rows(db_url, request_id=request_id)) == 1
    report = verify(db_url)
    assert report.ok, report
    assert report.checked >= 40


def test_tampering_is_located(fresh_database, backend: str, upstream, policies_dir) -> None:
    # A private database, so tampering does not disturb the shared one.
    url = fresh_database(backend)

    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        db.create_tenant(url, "tamper")
        key = db.create_key(url, "tamper")
        for i in range(5):
            httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                       json={"model": "codellama-7b", "messages": [{"role": "user", "content": f"m{i}"}]})
    finally:
        server.stop()
    assert verify(url).ok and verify(url).checked == 5

    db.execute(url, "UPDATE audit_records SET status_code = 201 WHERE id = 3")
    report = verify(url)
    assert not report.ok and report.first_bad_id == 3 and "content" in (report.reason or "")
    db.execute(url, "UPDATE audit_records SET status_code = 200 WHERE id = 3")
    assert verify(url).ok

    db.execute(url, "UPDATE audit_records SET response = 'forged' WHERE id = 2")
    report = verify(url)
    assert not report.ok and report.first_bad_id == 2 and "response" in (report.reason or "")
    db.execute(url, "UPDATE audit_records SET response = NULL WHERE id = 2")  # purged bodies still verify
    assert verify(url).ok

    db.execute(url, "DELETE FROM audit_records WHERE id = 4")
    report = verify(url)
    assert not report.ok and report.first_bad_id == 4 and "missing" in (report.reason or "")


def test_records_carry_stage_latencies(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(Reply(content="```python\nprint('hi')\n```"), Reply(content="streamed answer"))
    headers = {"authorization": f"Bearer {api_key}"}
    ids = []
    for stream in (False, True):
        body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}], "stream": stream}
        response = httpx.post(gateway.url + "/v1/chat/completions", json=body, headers=headers, timeout=30)
        assert response.status_code == 200
        ids.append(response.headers["x-request-id"])
    for request_id in ids:
        (record,) = db.audit_rows(db_url, request_id=request_id)
        stages = record.stage_ms or {}
        assert {"auth", "policy", "input_guard", "admission", "upstream"} <= set(stages), stages
        assert all(isinstance(ms, float) and ms >= 0 for ms in stages.values())
        assert stages["upstream"] <= record.latency_ms
