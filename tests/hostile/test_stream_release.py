"""No record, no release for streams (issue 12, observation 2).

The audit store goes away while a stream is being generated: PostgreSQL is stopped, or SQLite
refuses every audit insert. The client must then get a retryable
`audit_unavailable` error event and `[DONE]`, and must not see the last held piece of the answer
(chat: the last code block and everything after it; raw completions: the last statement), nor the
chunk with the `sluice` summary; the request has no record. What it may have seen is exactly what
docs/audit.md ("Streams") lists. Before the fix a closed code block went out as soon as it was
judged, so the client had the whole code and no record existed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from gateway.db.migrate import upgrade
from gateway.db.sqlite import sqlite_path
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.postgres import PostgresServer
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer

FIRST_BLOCK = "```python\ndef double(x):\n    return 2 * x\n```\n"
LAST_BLOCK = "```python\ndef area(radius):\n    return 3.14159 * radius * radius\n```\n"
CHAT_ANSWER = "Here is a helper.\n" + FIRST_BLOCK + "And the one you asked for:\n" + LAST_BLOCK + "Done.\n"
# Three top-level statements: the first goes out once the second is judged, the last waits for the record.
COMPLETION = ("    return 2 * x\n\n\ndef half(x):\n    return x / 2\n\n\n"
              "def area(radius):\n    return 3.14159 * radius * radius\n")


class StreamSeen:
    """What one streaming client received, event by event."""

    def __init__(self) -> None:
        self.status = 0
        self.request_id = ""
        self.events: list[Any] = []
        self.done = False

    def text(self) -> str:
        out = []
        for event in self.events:
            for choice in event.get("choices", []):
                out.append((choice.get("delta") or {}).get("content") or choice.get("text") or "")
        return "".join(out)

    def error_codes(self) -> list[str]:
        return [e["error"]["code"] for e in self.events if "error" in e]

    def saw_summary(self) -> bool:
        return any("sluice" in e for e in self.events)


def stream(url: str, key: str, path: str, body: dict[str, Any], on_first_content: Callable[[], None]) -> StreamSeen:
    """Stream one request; call `on_first_content` once the first piece of the answer has arrived."""
    seen = StreamSeen()
    triggered = False
    with httpx.stream("POST", url + path, json={**body, "stream": True}, timeout=60,
                      headers={"authorization": f"Bearer {key}"}) as response:
        seen.status = response.status_code
        seen.request_id = response.headers["x-request-id"]
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            payload = line.removeprefix("data: ")
            if payload == "[DONE]":
                seen.done = True
                continue
            seen.events.append(msgspec.json.decode(payload))
            if not triggered and seen.text():
                triggered = True
                on_first_content()
    return seen


def assert_nothing_unrecorded(seen: StreamSeen, db_url: str, withheld: str) -> None:
    assert seen.status == 200
    assert seen.error_codes() == ["audit_unavailable"], seen.events
    assert seen.done, "the error event is followed by [DONE]"
    assert withheld not in seen.text(), "the last held piece was released without its record"
    assert not seen.saw_summary(), "the summary chunk was released without its record"
    assert db.audit_rows(db_url, request_id=seen.request_id) == []


@pytest.fixture
def private_gateway(upstream, policies_dir: Path) -> Iterator[Callable[[str], tuple[GatewayServer, str]]]:  # type: ignore[no-untyped-def]
    started: list[GatewayServer] = []

    def start(url: str) -> tuple[GatewayServer, str]:
        upgrade(url)
        db.create_tenant(url, "streamer")
        key = db.create_key(url, "streamer")
        server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
        started.append(server)
        return server, key

    yield start
    for server in started:
        server.stop()


CASES = [
    ("/v1/chat/completions", {"model": "codellama-7b", "messages": [{"role": "user", "content": "two helpers"}]},
     CHAT_ANSWER, "def area"),
    ("/v1/completions", {"model": "codellama-7b", "prompt": "def double(x):\n"}, COMPLETION, "def area"),
]


@pytest.mark.parametrize(("path", "body", "answer", "withheld"), CASES, ids=["chat", "completions"])
def test_database_stopped_mid_stream_releases_nothing_unrecorded(
        own_postgres: PostgresServer, private_gateway, upstream, path: str, body: dict[str, Any],  # type: ignore[no-untyped-def]
        answer: str, withheld: str) -> None:
    url = own_postgres.create_database("stream_release")
    server, key = private_gateway(url)
    upstream.script(Reply(content=answer, chunks=16, chunk_delay_s=0.25))
    seen = stream(server.url, key, path, body, own_postgres.halt)
    own_postgres.resume()
    assert_nothing_unrecorded(seen, url, withheld)
    # The store heals by itself: the same request now completes, whole, with its record.
    upstream.script(Reply(content=answer, chunks=8))
    deadline = time.monotonic() + 20
    while True:
        again = stream(server.url, key, path, body, lambda: None)
        if not again.error_codes() or time.monotonic() > deadline:
            break
        time.sleep(0.5)
        upstream.script(Reply(content=answer, chunks=8))
    assert again.error_codes() == [] and again.text() == answer and again.saw_summary()
    assert len(db.audit_rows(url, request_id=again.request_id)) == 1


@contextmanager
def refused_writes(path: str) -> Iterator[Callable[[], None]]:
    """SQLite made unwritable for audit records when told to: a trigger makes the database itself
    refuse every insert (another process holding the write lock would do the same, only after
    the store's busy timeout and retries)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def refuse() -> None:
        conn.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_records "
                     "BEGIN SELECT RAISE(ABORT, 'audit store unwritable'); END")

    try:
        yield refuse
    finally:
        conn.execute("DROP TRIGGER IF EXISTS refuse_audit")
        conn.close()


@pytest.mark.parametrize(("path", "body", "answer", "withheld"), CASES, ids=["chat", "completions"])
def test_sqlite_unwritable_mid_stream_releases_nothing_unrecorded(
        fresh_database, private_gateway, upstream, path: str, body: dict[str, Any], answer: str,  # type: ignore[no-untyped-def]
        withheld: str) -> None:
    url = fresh_database("sqlite")
    server, key = private_gateway(url)
    file = sqlite_path(url)
    assert file
    upstream.script(Reply(content=answer, chunks=16, chunk_delay_s=0.25))
    with refused_writes(file) as refuse:
        seen = stream(server.url, key, path, body, refuse)
    assert_nothing_unrecorded(seen, url, withheld)
