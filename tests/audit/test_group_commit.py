"""Through the real gateway: concurrent requests share audit transactions (group commit),
every answered request is in the verified chain, and a lone request still commits in its own
task (no hand-over to the writer)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.audit.writer import AuditWriter
from tests.audit.helpers import verify
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

CONCURRENT = 24


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(request: pytest.FixtureRequest, fresh_database: Any, upstream: ScriptedUpstream,
           policies_dir: Path) -> Iterator[tuple[GatewayServer, str, str]]:
    url = str(fresh_database(request.param))
    db.create_tenant(url, "group")
    key = db.create_key(url, "group")
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        yield server, url, key
    finally:
        server.stop()


def _chat(client: httpx.AsyncClient, key: str, n: int) -> Any:
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": f"hello {n}"}]}
    return client.post("/v1/chat/completions", json=body, headers={"authorization": f"Bearer {key}"})


def _recorded(url: str) -> set[str]:
    return {row[0] for row in db.rows(url, "SELECT request_id FROM audit_records")}


def test_concurrent_requests_share_transactions_and_every_answer_is_in_the_verified_chain(
        served: tuple[GatewayServer, str, str], upstream: ScriptedUpstream) -> None:
    server, url, key = served
    writer: AuditWriter = server.services.audit
    # The upstream holds every answer a moment, so they come back (and are recorded) together.
    upstream.script(*(Reply(delay_s=0.3) for _ in range(CONCURRENT)))
    transactions, records = writer.transactions, writer.records

    async def burst() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
            return list(await asyncio.gather(*(_chat(client, key, n) for n in range(CONCURRENT))))

    answers = asyncio.run(burst())
    assert [a.status_code for a in answers] == [200] * CONCURRENT
    committed = writer.transactions - transactions
    assert writer.records - records == CONCURRENT
    assert committed < CONCURRENT, f"{committed} transactions for {CONCURRENT} records: no group commit"
    # Answered means durable: each answer's record is in the database, and the chain verifies.
    assert {a.headers["x-request-id"] for a in answers} <= _recorded(url)
    report = verify(url)
    assert report.ok, report


def test_sequential_requests_commit_one_transaction_each(
        served: tuple[GatewayServer, str, str], upstream: ScriptedUpstream) -> None:
    server, url, key = served
    writer: AuditWriter = server.services.audit
    upstream.script(reset=True)
    transactions, records = writer.transactions, writer.records

    async def one_by_one() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            return [await _chat(client, key, n) for n in range(5)]

    answers = asyncio.run(one_by_one())
    assert [a.status_code for a in answers] == [200] * 5
    assert (writer.transactions - transactions, writer.records - records) == (5, 5)
    assert {a.headers["x-request-id"] for a in answers} <= _recorded(url)
