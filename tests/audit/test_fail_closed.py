"""PostgreSQL stopped during traffic: the gateway answers 503 and releases nothing; after restart
it recovers by itself, every answered 200 has its record, and the chain verifies."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from gateway.db.migrate import upgrade
from tests.audit.helpers import verify
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.postgres import PostgresServer
from tests.support.servers import GatewayServer
from tests.support.traffic import BackgroundTraffic

# (time, status, request id, body)
Answer = tuple[float, int, str, dict[str, Any]]


class Traffic(BackgroundTraffic[Answer]):
    """Sequential requests from a few threads until stopped."""

    def request(self, client: httpx.Client, body_text: str) -> Answer:
        body = {"model": "codellama-7b", "messages": [{"role": "user", "content": body_text}]}
        response = client.post(self.url + "/v1/chat/completions", json=body)
        return time.monotonic(), response.status_code, response.headers["x-request-id"], response.json()


def status_is(status: int) -> Callable[[Answer], bool]:
    return lambda answer: answer[1] == status


def test_database_outage_fails_closed_and_recovers(
    own_postgres: PostgresServer, upstream: Any, policies_dir: Path
) -> None:
    url = own_postgres.create_database("outage")
    upgrade(url)
    db.create_tenant(url, "outage")
    key = db.create_key(url, "outage")
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    traffic = Traffic(server.url, key).start()
    try:
        traffic.wait(status_is(200), 15)
        own_postgres.halt()
        down = time.monotonic()
        traffic.wait(status_is(503), 10, after=down)
        time.sleep(1.0)  # a clear window of outage
        own_postgres.resume()
        up = time.monotonic()
        traffic.wait(status_is(200), 15, after=up)
    finally:
        traffic.stop()
        server.stop()

    # The clear outage: PostgreSQL is down (pg_ctl -w returns a little after it accepts again).
    outage = [(s, body) for t, s, _, body in traffic.outcomes if down + 0.5 < t < up - 0.3]
    assert outage, traffic.summary()
    # During the outage nothing but 503 audit_unavailable (no output released without its record).
    assert {s for s, _ in outage} == {503}, traffic.summary()
    assert {body["error"]["code"] for _, body in outage} == {"audit_unavailable"}
    assert all("choices" not in body for _, body in outage)

    records = {row.request_id: row for row in db.audit_rows(url)}
    # Every answer but audit_unavailable has its record: 200s, and 503 database_unavailable where the key
    # lookup hit the dying database but the audit write then got through.
    def code(body: dict[str, Any]) -> str | None:
        return body.get("error", {}).get("code")

    unrecorded = [rid for _, _, rid, body in traffic.outcomes if code(body) == "audit_unavailable"]
    answered = [(s, rid, body) for _, s, rid, body in traffic.outcomes if code(body) != "audit_unavailable"]
    assert {(s, code(body)) for s, _, body in answered} <= {(200, None), (503, "database_unavailable")}, \
        traffic.summary()
    missing = [rid for _, rid, _ in answered if rid not in records]
    assert not missing, f"{len(missing)} answered requests have no audit record"
    for status, rid, body in answered:
        assert records[rid].status_code == status
        assert body["choices"] if status == 200 else body["error"]["type"] == "server_error"
    assert not any(rid in records for rid in unrecorded)
    report = verify(url)
    assert report.ok, report
    assert report.checked == len(records)
