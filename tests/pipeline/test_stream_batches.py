"""A hold-back stream handles the events of one upstream read together (one write to the client).

An upstream ahead of the gateway (a fast model, a burst after a pause) delivers many events per
read. The reader groups them (`UpstreamReader.batches`) and the stream writes what they release
at once; the end of the stream (the last held piece, the `sluice` summary, `[DONE]`) is one write
too. What is released, and in what order, must not change: prose ahead of a block that is then
refused, and content ahead of an in-band upstream error, still reach the client first.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.errors import CONTENT_POLICY_CODE, APIError
from gateway.pipeline.reader import UpstreamReader
from tests.support import db
from tests.support.scripted_upstream import Reply


def event(content: str | None = None, finish: str | None = None, **extra: Any) -> bytes:
    delta = {"content": content} if content is not None else {}
    data = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "scripted-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
    return b"data: " + json.dumps(data).encode() + b"\n\n"


ERROR = b'data: {"error": {"message": "engine died", "code": 500}}\n\n'
DONE = b"data: [DONE]\n\n"


class Reads:
    """The upstream side of a reader: the given reads, in order (what the transport yields)."""

    def __init__(self, reads: list[bytes]) -> None:
        self.reads = reads
        self.started = 0.0
        self.closed = False

    async def chunks(self) -> AsyncIterator[bytes]:
        for read in self.reads:
            yield read

    def close(self) -> None:
        self.closed = True


class Span:
    def first_token(self) -> None:
        pass

    def end(self) -> None:
        pass


async def batches(reads: list[bytes]) -> list[list[str]]:
    reader = UpstreamReader(Reads(reads), Span())  # type: ignore[arg-type]
    return [[view.text() for _payload, view in batch] async for batch in reader.batches()]


def test_the_events_of_one_read_come_as_one_batch() -> None:
    # The second read splits an event: it completes in the third, with [DONE] (and nothing after it counts).
    second = event("c ")
    reads = [event("a ") + event("b "), second[:10], second[10:] + event("d") + DONE + event("never")]
    assert asyncio.run(batches(reads)) == [["a ", "b "], ["c ", "d"]]


async def collect(reader: UpstreamReader, seen: list[list[str]]) -> None:
    async for batch in reader.batches():
        seen.append([view.text() for _payload, view in batch])


def test_events_before_an_in_band_error_come_before_it() -> None:
    reader = UpstreamReader(Reads([event("a ") + event("b ") + ERROR + event("never")]), Span())  # type: ignore[arg-type]
    seen: list[list[str]] = []
    with pytest.raises(APIError) as raised:
        asyncio.run(collect(reader, seen))
    assert seen == [["a ", "b "]]
    assert raised.value.code == "upstream_error" and "engine died" in raised.value.message


def test_a_stream_without_done_is_cut_after_its_events() -> None:
    reader = UpstreamReader(Reads([event("a ") + event("b ")]), Span())  # type: ignore[arg-type]
    seen: list[list[str]] = []
    with pytest.raises(APIError) as raised:
        asyncio.run(collect(reader, seen))
    assert seen == [["a ", "b "]] and raised.value.code == "upstream_incomplete"


def raw(*events: bytes) -> Reply:
    """The whole answer as one body: the gateway reads it in one read (or a few)."""
    return Reply(raw_body=base64.b64encode(b"".join(events)).decode())


def stream(gateway, key: str) -> tuple[str, list[dict[str, Any]], str]:  # type: ignore[no-untyped-def]
    """(content seen, the events, the request id) of one streamed chat request."""
    payload = {"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    seen: list[dict[str, Any]] = []
    with httpx.stream("POST", gateway.url + "/v1/chat/completions", json=payload, timeout=30,
                      headers={"authorization": f"Bearer {key}"}) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    seen = [json.loads(line[6:]) for line in lines[:-1]]
    text = "".join((c.get("delta") or {}).get("content") or "" for e in seen for c in e.get("choices", []))
    return text, seen, request_id


INSECURE = "```python\nimport os\nos.system(input('host: '))\n```\n"


def test_prose_read_with_a_refused_block_still_goes_first(gateway, api_key: str, upstream, db_url: str) -> None:
    words = ["Run ", "this ", "to ", "ping:\n\n"]
    upstream.script(raw(*(event(w) for w in words), *(event(line) for line in INSECURE.splitlines(True)),
                        event("Done.", finish="stop"), DONE))
    text, seen, request_id = stream(gateway, api_key)
    assert text.startswith("Run this to ping:\n\n")
    assert "os.system" not in text
    assert seen[-1]["error"]["code"] == CONTENT_POLICY_CODE
    assert seen[-2]["choices"][0]["finish_reason"] == "content_filter"
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert row.decision == "block"


def test_content_read_with_an_upstream_error_still_goes_first(gateway, api_key: str, upstream, db_url: str) -> None:
    upstream.script(raw(event("All "), event("good "), event("so "), ERROR, event("never")))
    text, seen, request_id = stream(gateway, api_key)
    assert text == "All good so "
    assert seen[-1]["error"]["code"] == "upstream_error"
    [row] = db.audit_rows(db_url, request_id=request_id)
    assert row.error_code == "upstream_error"


def test_a_clean_answer_read_at_once_comes_whole_in_few_chunks(gateway, api_key: str, upstream, db_url: str) -> None:
    answer = "Here:\n\n```python\ndef add(a, b):\n    return a + b\n\n\nprint(add(2, 3))\n```\n\nIt prints 5."
    pieces = [answer[i : i + 5] for i in range(0, len(answer), 5)]
    upstream.script(raw(*(event(p) for p in pieces), event(None, finish="stop"), DONE))
    text, seen, request_id = stream(gateway, api_key)
    assert text == answer
    assert seen[-1]["sluice"]["decision"] in ("allow", "annotate")
    assert {(e["id"], e["created"]) for e in seen} == {("c1", 1)}  # the gateway's chunks keep the upstream's
    # The text of events read together is judged and sent as one piece, not an event per word.
    contents = [e for e in seen if any((c.get("delta") or {}).get("content") for c in e.get("choices", []))]
    assert len(contents) <= len(pieces) // 2, len(contents)
    assert db.audit_rows(db_url, request_id=request_id)


def test_a_secret_in_prose_read_at_once_is_still_redacted(gateway, api_key: str, upstream, db_url: str) -> None:
    # Prose of one read is secret-scanned as one piece a line: a token cut over several events,
    # with its name earlier on the line, is recognised whole and never released.
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    answer = f"Set it up first.\nThen export GITHUB_TOKEN={token} and run it.\nThat is all.\n"
    pieces = [answer[i : i + 6] for i in range(0, len(answer), 6)]
    upstream.script(raw(*(event(p) for p in pieces), event(None, finish="stop"), DONE))
    text, seen, request_id = stream(gateway, api_key)
    assert token[:8] not in text and "sluice: code removed by policy" in text
    assert text.startswith("Set it up first.\n") and text.endswith("That is all.\n")
    assert seen[-1]["sluice"]["action"] == "redact"
    assert db.audit_rows(db_url, request_id=request_id)
