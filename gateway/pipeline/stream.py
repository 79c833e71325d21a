"""Streamed answers under `holdback` and `passthrough`: the relay loop and its one ending.

No record, no release (hold-back): the last judged piece of the answer and the chunk with the
`sluice` object wait until the request's audit record is committed; if it cannot be, the stream
ends with an `audit_unavailable` error event instead (docs/audit.md, "Streams"). The `sluice`
object rides on the chunk with `finish_reason`; with `include_usage` a usage-only chunk follows
it, then `data: [DONE]`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator

from litestar.response import Stream

from gateway.api.sse import DONE_EVENT, encode_event
from gateway.errors import CONTENT_POLICY_CODE, APIError
from gateway.guard.output import incomplete_scanners, public_finding, refusal_message
from gateway.pipeline.chunks import ChunkFactory, error_event, rename, retry_fields, summary
from gateway.pipeline.deps import ModeDeps
from gateway.pipeline.holdback import ChatHoldbackRelay, CompletionHoldbackRelay
from gateway.pipeline.passthrough import PassthroughRelay
from gateway.pipeline.reader import Event, UpstreamReader
from gateway.pipeline.record import commit, write_detached
from gateway.pipeline.relay import Blocked, Relay
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.results import Generated, Ledger, Outcome, Reviewed
from gateway.pipeline.wakeful import Wake, with_wakeups

log = logging.getLogger("sluice.generation")
SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def relay_for(deps: ModeDeps, gen: GenerationRequest, chunks: ChunkFactory) -> Relay:
    streaming = gen.policy.policy.streaming
    if streaming.mode == "passthrough":
        return PassthroughRelay(deps.reviewer, gen, chunks)
    if gen.kind == "chat":
        return ChatHoldbackRelay(deps.reviewer, gen, chunks)
    return CompletionHoldbackRelay(deps.reviewer, gen, chunks, at_end=streaming.raw_release == "end")


async def relayed(deps: ModeDeps, gen: GenerationRequest, ledger: Ledger, started: float) -> Stream:
    upstream, call = await deps.open_upstream(gen)
    reader = UpstreamReader(upstream, call)
    chunks = ChunkFactory(gen)
    relay = relay_for(deps, gen, chunks)
    renamed = gen.model.name != gen.model.served_name

    def generated(upstream_ms: float | None) -> Generated:
        """What the upstream said of the answer (also when the stream broke off)."""
        return Generated(upstream_ms, reader.ttft_ms, reader.tokens, "".join(relay.original))

    async def events() -> AsyncIterator[bytes]:
        echo_pending = gen.echo  # completions with `echo`: the prompt goes first, under the upstream's id
        ending: list[bytes]  # what follows the record: released only once it is committed
        outcome: Outcome
        # What may go out but has not yet: the events of one upstream read leave in one write (a
        # write per event cost the client a wake-up and the gateway a syscall each), except that
        # whatever waits here goes first when the relay may stop for a scan.
        unsent: list[bytes] = []

        async def feed(text: str, raw: bytes) -> AsyncIterator[bytes]:
            """Feed the relay; what waits in `unsent` is yielded first if the relay may stop for a scan."""
            if unsent and relay.may_wait(text):
                yield b"".join(unsent)
                unsent.clear()
            unsent.extend(await relay.feed(text, raw))

        def as_sent(payload: bytes) -> bytes:
            """The upstream's event as the client gets it (under the model name the client asked for)."""
            return encode_event(rename(payload, gen.model.name) if renamed else payload)

        async def handle(batch: list[Event]) -> AsyncIterator[bytes]:
            """The events of one read, in order. A relay that writes its own chunks gets the text of
            consecutive events as one piece: one pass of its splitter and secret scan, one chunk."""
            nonlocal echo_pending
            text_read = ""
            for payload, view in batch:
                chunks.learn(view)
                if echo_pending:
                    echo_pending = False
                    unsent.append(chunks.content(gen.prefix))
                if not view.choices:
                    continue
                text = view.text()
                if text and relay.rechunks:
                    text_read += text
                    continue
                if text_read:
                    async for out in feed(text_read, b""):
                        yield out
                    text_read = ""
                if text:
                    async for out in feed(text, as_sent(payload)):
                        yield out
                elif view.choices[0].finish_reason is None:  # e.g. the role chunk: no content to judge
                    unsent.append(as_sent(payload))
            if text_read:
                async for out in feed(text_read, b""):
                    yield out

        try:
            try:
                async for batch in with_wakeups(reader.batches(), relay.pending):
                    if isinstance(batch, Wake):  # a scan ended: what it cleared goes now
                        unsent.extend(relay.poll())
                    else:
                        async for out in handle(batch):
                            yield out
                    if unsent:
                        yield b"".join(unsent)
                        unsent.clear()
                tail = await relay.finish()
            finally:
                reader.close()
            verdict = relay.verdict()
            ledger.reviewed = Reviewed.of(verdict, "".join(relay.original), gen.repairs)
            outcome = Outcome.ok()
            ending = [*tail, chunks.final(reader.finish_reason, summary(verdict, gen))]
            if reader.usage is not None and gen.include_usage:
                ending.append(chunks.usage(gen.repairs.into(reader.usage) or reader.usage))
        except Blocked as blocked:
            verdict = relay.verdict() or blocked.verdict
            ledger.reviewed = Reviewed.of(verdict, "".join(relay.original), gen.repairs)
            unscanned = incomplete_scanners(blocked.verdict)
            outcome = Outcome.stream_blocked("stream ended: a code block could not be scanned completely" if unscanned
                                             else "stream ended: a code block violates policy")
            findings = [public_finding(d.finding, d.action) for d in blocked.verdict.decision.findings]
            # What was judged allowed before the violation still goes, once the record is committed; then
            # the choice ends as OpenAI ends filtered output (with the decision), and the error says why.
            ending = [*relay.held, chunks.final("content_filter", summary(verdict, gen)), error_event(
                refusal_message(blocked.verdict, streamed=True), CONTENT_POLICY_CODE, {"findings": findings})]
        except APIError as error:
            # An upstream failure, or scanning at capacity (`overloaded`: nothing was judged, retry).
            outcome = Outcome.stream_failed(error)
            ending = [*relay.held, error_event(error.message, error.code or "upstream_error", retry_fields(error))]
        except (asyncio.CancelledError, GeneratorExit):
            ledger.generated = generated(None)
            write_detached(deps.audit, ledger, Outcome.disconnected(), started)
            raise
        ledger.generated = generated((time.perf_counter() - upstream.started) * 1000)
        if unsent:  # released before the stream stopped (the events of its read before a block or an error)
            yield b"".join(unsent)
        if not await commit(deps.audit, ledger, outcome, started, gen.trace):  # no record, no release of the rest
            log.error("stream ended without its audit record: request %s", ledger.request_id)
            ending = [error_event("The audit store is unavailable; the answer cannot be completed. Retry the request.",
                                  "audit_unavailable")]
        yield b"".join([*ending, DONE_EVENT])  # one write: the rest, the summary, the end

    headers = {"x-request-id": ledger.request_id, **SSE_HEADERS, "x-sluice-policy-version": gen.policy.version}
    return Stream(finishing(deps, gen, ledger, events()), media_type="text/event-stream", headers=headers)


def finishing(deps: ModeDeps, gen: GenerationRequest, ledger: Ledger,
              inner: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Relay `inner`; when the stream ends for any reason (done, error, client gone), finish the
    request once: settle its limits, count it, end its trace."""
    async def relay() -> AsyncIterator[bytes]:
        try:
            async for out in inner:
                yield out
        finally:
            if isinstance(inner, AsyncGenerator):
                await inner.aclose()  # a disconnect reaches `inner` as GeneratorExit: it records it
            if gen.trace is not None:
                deps.finish(gen, ledger, gen.trace)

    return relay()
