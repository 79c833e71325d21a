"""Streaming responses under the policy's `streaming.mode`.

- `holdback` (default): prose is relayed at once; each fenced code block (chat) or
  each top-level statement (raw completions, `raw_release: statement`; or all of
  it at the end, `raw_release: end`) is held, scanned and judged before release.
  A blocked block never leaves the gateway: the stream ends with an error event.
- `buffer`: the whole answer is collected and judged like a non-streaming one
  (repair included); a block is a plain HTTP 403.
- `passthrough`: relayed untouched, judged at the end for the record only.

No record, no release (hold-back and buffer): the last judged piece of the answer (chat: the
last code block and everything after it; raw completions: the last statement, or all of it
with `raw_release: end`) and the chunk with the `sluice` object wait until the request's
audit record is committed; if it cannot be, the stream ends with an `audit_unavailable`
error event instead (docs/audit.md, "Streams").

The `sluice` object rides on the chunk with `finish_reason`; with `include_usage` a
usage-only chunk follows it, then `data: [DONE]`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import Response
from litestar.response import Stream

from gateway.api.request_context import GenerationRequest
from gateway.api.sse import DONE, DONE_EVENT, SSEParser, encode_event
from gateway.api.views import decode_upstream
from gateway.audit import AuditEntry, AuditUnavailable
from gateway.errors import AUDIT_POLICY_CODE, CONTENT_POLICY_CODE, APIError, bad_request
from gateway.guard.holdback import FenceSplitter, StatementSplitter
from gateway.guard.output import Verdict, attempt_record, public_finding
from gateway.guard.prose import ProseGate, ProsePiece
from gateway.guard.repair import repair_messages
from gateway.routing.replicas import RoutedStream
from gateway.scanning import extract_code_blocks
from gateway.telemetry import StageSpan

if TYPE_CHECKING:
    from gateway.api.generation import GenerationService

log = logging.getLogger("sluice.generation")
_encoder = msgspec.json.Encoder()
_ACCEPT = frozenset({"allow", "annotate", "redact"})


class Blocked(Exception):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__("blocked by policy")
        self.verdict = verdict


def error_event(message: str, code: str, extra: dict[str, Any] | None = None) -> bytes:
    kind = "permission_error" if code == CONTENT_POLICY_CODE else (
        "upstream_error" if code.startswith("upstream") else "server_error")
    error: dict[str, Any] = {"message": message, "type": kind, "param": None, "code": code}
    error.update(extra or {})
    return encode_event(_encoder.encode({"error": error}))


class ChunkFactory:
    """Builds chunks in the upstream's own shape (id, created) under the client's model name."""

    def __init__(self, gen: GenerationRequest) -> None:
        self.kind = gen.kind
        self.model = gen.model.name
        self.id = "cmpl-sluice"
        self.created = int(time.time())

    def learn(self, data: dict[str, Any]) -> None:
        self.id = str(data.get("id", self.id))
        self.created = int(data.get("created", self.created))

    def _chunk(self, choices: list[dict[str, Any]], **extra: Any) -> bytes:
        obj = "chat.completion.chunk" if self.kind == "chat" else "text_completion"
        data = {"id": self.id, "object": obj, "created": self.created, "model": self.model, "choices": choices}
        data.update(extra)
        return encode_event(_encoder.encode(data))

    def content(self, text: str) -> bytes:
        if self.kind == "chat":
            choice = {"index": 0, "delta": {"content": text}, "logprobs": None, "finish_reason": None}
        else:
            choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": None}
        return self._chunk([choice])

    def role(self) -> bytes:
        choice = {"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None, "finish_reason": None}
        return self._chunk([choice])

    def final(self, finish_reason: str | None, summary: dict[str, Any]) -> bytes:
        if self.kind == "chat":
            choice = {"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish_reason or "stop"}
        else:
            choice = {"index": 0, "text": "", "logprobs": None, "finish_reason": finish_reason or "stop"}
        return self._chunk([choice], sluice=summary)

    def usage(self, usage: dict[str, Any]) -> bytes:
        return self._chunk([], usage=usage)


def _combine(svc: GenerationService, gen: GenerationRequest, verdicts: list[Verdict],
             places: list[int | None] | None = None) -> Verdict | None:
    """One decision for the whole answer from the per-piece verdicts; `places`: each chat verdict's
    code block (None: prose)."""
    if not verdicts:
        return None
    findings = []
    for index, verdict in enumerate(verdicts):
        block = places[index] if places is not None else index
        for decided in verdict.decision.findings:
            finding = decided.finding
            findings.append(finding.moved(block_index=block) if gen.kind == "chat" else finding)
    decision = gen.policy.decide_output(findings, verdicts[-1].scan.language)
    attempts = [a for v in verdicts for a in v.attempts]
    return Verdict(decision, verdicts[-1].scan, "", attempts)


def _summary(verdict: Verdict | None, gen: GenerationRequest) -> dict[str, Any]:
    if verdict is None:
        return {"decision": "allow", "action": "allow", "shadow": gen.policy.shadow,
                "policy_version": gen.policy.version, "findings": [], "repair_attempts": 0}
    return verdict.summary()


class _Relay:
    """Turns upstream text deltas into the bytes the client may see.

    `feed` returns what may go out now. The last judged piece and whatever follows it stay in
    `held` until a later piece shows it was not the last; `finish` returns everything still held,
    which the stream releases only once the record is committed.
    """

    def __init__(self, svc: GenerationService, gen: GenerationRequest, chunks: ChunkFactory) -> None:
        self.svc = svc
        self.gen = gen
        self.chunks = chunks
        self.verdicts: list[Verdict] = []
        self.original: list[str] = []
        self.held: list[bytes] = []

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        raise NotImplementedError

    async def finish(self) -> list[bytes]:
        """The end of the answer: what must wait for the record."""
        return []

    def _pass(self, out: list[bytes], chunk: bytes) -> None:
        """Text that needs no judgement: out now, unless it follows held content (order is kept)."""
        (self.held if self.held else out).append(chunk)

    def _judged(self, out: list[bytes], chunk: bytes) -> None:
        """A judged piece: the one held before it was not the last, so it may go now; this one waits."""
        out.extend(self.held)
        self.held = [chunk]

    def _tail(self, out: list[bytes]) -> list[bytes]:
        tail, self.held = [*out, *self.held], []
        return tail

    def verdict(self) -> Verdict | None:
        return _combine(self.svc, self.gen, self.verdicts)


class PassthroughRelay(_Relay):
    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        return [raw]

    async def finish(self) -> list[bytes]:
        self.verdicts.append(await self.svc.review(self.gen, "".join(self.original)))
        return []

    def verdict(self) -> Verdict | None:
        return self.verdicts[0] if self.verdicts else None


class ChatHoldbackRelay(_Relay):
    def __init__(self, svc: GenerationService, gen: GenerationRequest, chunks: ChunkFactory) -> None:
        super().__init__(svc, gen, chunks)
        self.splitter = FenceSplitter()
        # Prose is secret-scanned a word at a time when the policy scans for secrets (docs/audit.md).
        self.prose = ProseGate() if "secrets" in gen.policy.enabled_scanners(None) else None
        self.released: list[str] = []
        self.places: list[int | None] = []  # per verdict: its code block, None for prose
        self.lines = 1  # the answer's line the next piece starts on

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        out = await self._emit(self.splitter.feed(text))
        if self.splitter.holding and self.held:  # another block opened: the held one was not the last
            out.extend(self.held)
            self.held = []
        return out

    async def finish(self) -> list[bytes]:
        out = await self._emit(self.splitter.finish())
        if self.prose is not None:
            await self._release_prose(out, self.prose.flush())
        return self._tail(out)

    def verdict(self) -> Verdict | None:
        return _combine(self.svc, self.gen, self.verdicts, self.places)

    async def _emit(self, segments: list[Any]) -> list[bytes]:
        out: list[bytes] = []
        for segment in segments:
            if segment.kind == "prose":
                pieces = self.prose.feed(segment.text) if self.prose is not None else [ProsePiece(segment.text, "")]
                await self._release_prose(out, pieces)
                continue
            if self.prose is not None:  # the prose before a block goes first, judged
                await self._release_prose(out, self.prose.flush())
            verdict = await self.svc.review(self.gen, segment.text)
            if verdict.action == "repair":
                verdict = await self._repair(segment.text, verdict)
            self._judgement(verdict, sum(1 for place in self.places if place is not None))
            self.lines += segment.text.count("\n")
            self._judged(out, self.chunks.content(verdict.text))
            self.released.append(verdict.text)
        return out

    async def _release_prose(self, out: list[bytes], pieces: list[ProsePiece]) -> None:
        for piece in pieces:
            text = piece.text
            if self.prose is not None and piece.holds_secret():
                verdict = await self.svc.guard.review_prose(text, self.gen.policy, context=piece.context,
                                                            line=self.lines)
                self._judgement(verdict, None)
                text = verdict.text
            self.lines += piece.text.count("\n")
            self._pass(out, self.chunks.content(text))
            self.released.append(text)

    def _judgement(self, verdict: Verdict, place: int | None) -> None:
        self.verdicts.append(verdict)
        self.places.append(place)
        if verdict.action not in _ACCEPT:
            raise Blocked(verdict)

    async def _repair(self, block: str, verdict: Verdict) -> Verdict:
        """Ask for a corrected block (not streamed); release it only if it passes."""
        attempts: list[dict[str, Any]] = []
        answer = "".join(self.released) + block
        while verdict.action == "repair" and len(attempts) < verdict.decision.repair_max_attempts:
            attempts.append(attempt_record(block, "repair", verdict.decision))
            body = dict(self.gen.upstream_body, stream=False)
            body.pop("stream_options", None)
            body["messages"] = repair_messages(body["messages"], answer, verdict.findings())
            fixed = extract_code_blocks(await self.svc.repair_call(self.gen, body))
            if not fixed:
                continue
            fence = "```" + (fixed[0].language or "")
            block = f"{fence}\n{fixed[0].code.rstrip()}\n```\n"
            verdict = await self.svc.review(self.gen, block)
        if verdict.action == "repair":
            attempts.append(attempt_record(block, "block", verdict.decision))
        verdict.attempts = attempts
        return verdict


class CompletionHoldbackRelay(_Relay):
    def __init__(self, svc: GenerationService, gen: GenerationRequest, chunks: ChunkFactory, *, at_end: bool) -> None:
        super().__init__(svc, gen, chunks)
        self.splitter = StatementSplitter()
        self.at_end = at_end
        self.released = ""

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        if self.at_end:
            return []
        return await self._emit(self.splitter.feed(text), final=False)

    async def finish(self) -> list[bytes]:
        if self.at_end:
            return self._tail(await self._emit(["".join(self.original)], final=True))
        return self._tail(await self._emit(self.splitter.finish(), final=True))

    async def _emit(self, pieces: list[str], *, final: bool) -> list[bytes]:
        out: list[bytes] = []
        for i, piece in enumerate(pieces):
            last = final and i == len(pieces) - 1
            verdict = await self.svc.guard.review_completion(
                self.released + piece, self.gen.policy, self.gen.language, prefix=self.gen.prefix,
                suffix=self.gen.suffix if last else "", from_line=self.released.count("\n") + 1,
            )
            self.verdicts.append(verdict)
            if verdict.action not in _ACCEPT:
                raise Blocked(verdict)
            text = piece if verdict.action != "redact" else verdict.text + "\n"
            self._judged(out, self.chunks.content(text))
            self.released += piece
        return out


def _relay_for(svc: GenerationService, gen: GenerationRequest, chunks: ChunkFactory) -> _Relay:
    streaming = gen.policy.policy.streaming
    if streaming.mode == "passthrough":
        return PassthroughRelay(svc, gen, chunks)
    if gen.kind == "chat":
        return ChatHoldbackRelay(svc, gen, chunks)
    return CompletionHoldbackRelay(svc, gen, chunks, at_end=streaming.raw_release == "end")


async def open_stream(svc: GenerationService, gen: GenerationRequest, entry: AuditEntry,
                      started: float) -> Stream | Response[bytes]:
    mode = gen.policy.policy.streaming.mode
    if gen.upstream_body.get("n", 1) > 1 and mode != "passthrough":
        raise bad_request("'n' > 1 with 'stream' needs the policy's streaming mode 'passthrough'.", param="n")
    if mode == "buffer":
        return await _buffered(svc, gen, entry, started)
    call = _upstream_stage(gen)
    upstream = await _open(svc, gen, call)
    chunks = ChunkFactory(gen)
    relay = _relay_for(svc, gen, chunks)
    rename = gen.model.name != gen.model.served_name

    async def events() -> AsyncIterator[bytes]:
        parser = SSEParser()
        finish_reason: str | None = None
        usage: dict[str, Any] | None = None
        done = False
        echo_pending = gen.echo  # completions with `echo`: the prompt goes first, under the upstream's id
        entry.status_code = 200
        ending: list[bytes]  # what follows the record: released only once it is committed
        try:
            try:
                async for raw_chunk in upstream.chunks():
                    for payload in parser.feed(raw_chunk):
                        if payload == DONE:
                            done = True
                            break
                        data, view = decode_upstream(payload)
                        if view.error is not None:
                            message = str(view.error.get("message") if isinstance(view.error, dict) else view.error)
                            raise APIError(502, f"The model runtime failed mid-stream: {message[:300]}",
                                           code="upstream_error")
                        if isinstance(data, dict):
                            chunks.learn(data)
                        if echo_pending:
                            echo_pending = False
                            yield chunks.content(gen.prefix)
                        if view.usage is not None:
                            usage = data.get("usage")
                            entry.prompt_tokens = view.usage.prompt_tokens
                            entry.completion_tokens = view.usage.completion_tokens
                        if not view.choices:
                            continue
                        if entry.upstream_ttft_ms is None:
                            entry.upstream_ttft_ms = (time.perf_counter() - upstream.started) * 1000
                            call.first_token()
                        finish_reason = view.choices[0].finish_reason or finish_reason
                        text = view.text()
                        if text:
                            raw = encode_event(_rename(payload, gen.model.name) if rename else payload)
                            for out in await relay.feed(text, raw):
                                yield out
                        elif view.choices[0].finish_reason is None:
                            # e.g. the role chunk: no content to judge
                            yield encode_event(_rename(payload, gen.model.name) if rename else payload)
                    if done:
                        break
                if not done:
                    raise APIError(502, "The model runtime closed the stream before [DONE].",
                                   code="upstream_incomplete")
                tail = await relay.finish()
            finally:
                upstream.close()
                call.end()
            verdict = relay.verdict()
            _record(svc, entry, verdict, relay)
            svc.count_repairs(entry, gen)
            ending = [*tail, chunks.final(finish_reason, _summary(verdict, gen))]
            if usage is not None and gen.include_usage:
                ending.append(chunks.usage(gen.repairs.into(usage) or usage))
        except Blocked as blocked:
            verdict = relay.verdict() or blocked.verdict
            _record(svc, entry, verdict, relay)
            svc.count_repairs(entry, gen)
            entry.outcome, entry.decision, entry.error_code = "blocked", "block", AUDIT_POLICY_CODE
            entry.error_message = "stream ended: a code block violates policy"
            findings = [public_finding(d.finding, d.action) for d in blocked.verdict.decision.findings]
            # What was judged allowed before the violation still goes, once the record is committed; then
            # the choice ends as OpenAI ends filtered output (with the decision), and the error says why.
            ending = [*relay.held, chunks.final("content_filter", _summary(verdict, gen)), error_event(
                "The generated code violates your organization's policy; the stream was ended.",
                CONTENT_POLICY_CODE, {"findings": findings})]
        except APIError as error:
            entry.outcome = "upstream_error"
            entry.error_code = error.code
            entry.error_message = error.message
            entry.response = "".join(relay.original)
            ending = [*relay.held, error_event(error.message, error.code or "upstream_error")]
        except (asyncio.CancelledError, GeneratorExit):
            entry.outcome = "client_disconnect"
            entry.error_code = "client_disconnect"
            entry.response = "".join(relay.original)
            entry.latency_ms = (time.perf_counter() - started) * 1000
            svc.audit.write_detached(entry)
            raise
        entry.upstream_ms = (time.perf_counter() - upstream.started) * 1000
        entry.latency_ms = (time.perf_counter() - started) * 1000
        try:
            with _stage(gen, "audit_write"):
                await svc.audit.write(entry)
        except AuditUnavailable:  # no record, no release: the held rest of the answer never leaves
            log.error("stream ended without its audit record: request %s", entry.request_id)
            ending = [error_event("The audit store is unavailable; the answer cannot be completed. Retry the request.",
                                  "audit_unavailable")]
        for out in ending:
            yield out
        yield DONE_EVENT

    headers = {"x-request-id": entry.request_id, "cache-control": "no-cache", "x-accel-buffering": "no",
               "x-sluice-policy-version": gen.policy.version}
    return Stream(_finishing(svc, gen, entry, events()), media_type="text/event-stream", headers=headers)


def _stage(gen: GenerationRequest, name: str) -> StageSpan | contextlib.nullcontext[None]:
    return gen.trace.stage(name) if gen.trace is not None else contextlib.nullcontext()


def _upstream_stage(gen: GenerationRequest) -> StageSpan:
    assert gen.trace is not None
    return gen.trace.stage("upstream")


async def _open(svc: GenerationService, gen: GenerationRequest, call: StageSpan) -> RoutedStream:
    try:
        return await svc.upstream.open_stream(gen.model, gen.path, _encoder.encode(gen.upstream_body),
                                              tenant=gen.tenant, headers=call.inject(dict(gen.headers)))
    except BaseException as exc:
        call.error(exc)
        call.end()
        raise


def _finishing(svc: GenerationService, gen: GenerationRequest, entry: AuditEntry,
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
                svc.finish(gen, entry, gen.trace)

    return relay()


def _record(svc: GenerationService, entry: AuditEntry, verdict: Verdict | None, relay: _Relay) -> None:
    original = "".join(relay.original)
    if verdict is None:
        entry.decision = "allow"
        entry.response = original
        return
    svc.record_verdict(entry, verdict, original)
    entry.response = original


def _rename(payload: bytes, name: str) -> bytes:
    data = msgspec.json.decode(payload)
    if isinstance(data, dict):
        data["model"] = name
    return _encoder.encode(data)


async def _buffered(svc: GenerationService, gen: GenerationRequest, entry: AuditEntry,
                    started: float) -> Stream | Response[bytes]:
    """Collect the whole answer, judge it like a non-streaming one, then stream the result."""
    from gateway.api.generation import decision_headers, policy_violation

    call = _upstream_stage(gen)
    upstream = await _open(svc, gen, call)
    chunks = ChunkFactory(gen)
    parser = SSEParser()
    texts: list[str] = []
    usage: dict[str, Any] | None = None
    finish_reason: str | None = None
    try:
        async for raw_chunk in upstream.chunks():
            for payload in parser.feed(raw_chunk):
                if payload == DONE:
                    break
                data, view = decode_upstream(payload)
                if view.error is not None:
                    raise APIError(502, "The model runtime failed mid-stream.", type="upstream_error",
                                   code="upstream_error")
                chunks.learn(data)
                if view.usage is not None:
                    usage = data.get("usage")
                    entry.prompt_tokens = view.usage.prompt_tokens
                    entry.completion_tokens = view.usage.completion_tokens
                if view.choices:
                    if entry.upstream_ttft_ms is None:
                        entry.upstream_ttft_ms = (time.perf_counter() - upstream.started) * 1000
                        call.first_token()
                    finish_reason = view.choices[0].finish_reason or finish_reason
                texts.append(view.text())
    finally:
        upstream.close()
        call.end()
    original = "".join(texts)
    with _stage(gen, "output_guard"):
        verdict = await svc.review_with_repair(gen, original)
    svc.count_repairs(entry, gen)
    gen.repairs.into(usage)
    svc.record_verdict(entry, verdict, original)
    if verdict.action in ("block", "repair"):
        error = policy_violation("The generated code violates your organization's policy.",
                                 verdict.summary()["findings"])
        return await svc.fail(entry, error, started, gen.policy, verdict)
    entry.status_code = 200
    entry.latency_ms = (time.perf_counter() - started) * 1000
    try:
        with _stage(gen, "audit_write"):
            await svc.audit.write(entry)
    except AuditUnavailable:
        from gateway.api.generation import audit_unavailable, error_response

        entry.status_code = 503
        return error_response(audit_unavailable(), entry.request_id)

    async def events() -> AsyncIterator[bytes]:
        if gen.kind == "chat":
            yield chunks.role()
        yield chunks.content(gen.echoed(verdict.text))
        yield chunks.final(finish_reason, verdict.summary())
        if usage is not None and gen.include_usage:
            yield chunks.usage(usage)
        yield DONE_EVENT

    headers = {"x-request-id": entry.request_id, "cache-control": "no-cache", **decision_headers(gen.policy, verdict)}
    return Stream(_finishing(svc, gen, entry, events()), media_type="text/event-stream", headers=headers)
