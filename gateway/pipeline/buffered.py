"""Streaming mode `buffer`: the whole answer is collected, judged like a non-streamed one (repair
included) and recorded before its first byte is sent; a block is a plain HTTP 403."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar import Response
from litestar.response import Stream

from gateway.api.sse import DONE_EVENT
from gateway.pipeline.chunks import ChunkFactory
from gateway.pipeline.decide import judge_answer
from gateway.pipeline.deps import ModeDeps
from gateway.pipeline.reader import UpstreamReader
from gateway.pipeline.record import commit, decision_headers, unrecorded
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.results import Generated, Ledger, Outcome
from gateway.pipeline.stream import finishing


async def buffered(deps: ModeDeps, gen: GenerationRequest, ledger: Ledger,
                   started: float) -> Stream | Response[bytes]:
    upstream, call = await deps.open_upstream(gen)
    reader = UpstreamReader(upstream, call)
    chunks = ChunkFactory(gen)
    texts: list[str] = []
    try:
        async for _payload, view in reader.events():
            chunks.learn(view)
            texts.append(view.text())
    finally:  # also when the stream broke off: its record says what the runtime had sent
        ledger.generated = Generated(upstream_ttft_ms=reader.ttft_ms, tokens=reader.tokens)
        reader.close()
    verdict, refusal = await judge_answer(deps, gen, ledger, "".join(texts), reader.usage, started)
    if refusal is not None:
        return refusal
    if not await commit(deps.audit, ledger, Outcome.ok(), started, gen.trace):
        return unrecorded(ledger)

    async def events() -> AsyncIterator[bytes]:
        if gen.kind == "chat":
            yield chunks.role()
        yield chunks.content(gen.echoed(verdict.text))
        yield chunks.final(reader.finish_reason, verdict.summary())
        if reader.usage is not None and gen.include_usage:
            yield chunks.usage(reader.usage)
        yield DONE_EVENT

    headers = {"x-request-id": ledger.request_id, "cache-control": "no-cache", **decision_headers(gen.policy, verdict)}
    return Stream(finishing(deps, gen, ledger, events()), media_type="text/event-stream", headers=headers)
