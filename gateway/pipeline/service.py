"""The request pipeline for `/v1/chat/completions` and `/v1/completions`, top to bottom.

`handle` runs the stages of `stages.STAGES` in order: authenticate, policy and input guard
(`prepare.py`), admission (here), then one response mode - non-streamed (here), `buffer`
(`buffered.py`), `holdback` or `passthrough` (`stream.py`) - whose output guard is `review.py`
and whose audit write is `record.py`. Every path, including every failure, ends in exactly one
audit record; an answer is only released once its record is durable (fail closed).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.response import Stream

from gateway.api.context_room import context_length, default_max_tokens
from gateway.api.record_fields import client_address
from gateway.api.views import decode_upstream
from gateway.audit import AuditWriter
from gateway.auth.service import AuthService
from gateway.db.errors import is_database_outage
from gateway.errors import APIError, bad_request, database_unavailable, internal_error, new_request_id
from gateway.guard.output import OutputGuard
from gateway.limits import Admission, InProcessLimiter, Limiter, LimitSubject, reserve_tokens
from gateway.pipeline.buffered import buffered
from gateway.pipeline.decide import judge_answer
from gateway.pipeline.deps import ModeDeps
from gateway.pipeline.prepare import Preparer
from gateway.pipeline.record import answer_error, build_record, commit, decision_headers, unrecorded
from gateway.pipeline.request import GenerationRequest, Kind
from gateway.pipeline.results import Generated, Ledger, Outcome, RecordStart
from gateway.pipeline.review import Reviewer
from gateway.pipeline.stream import relayed
from gateway.policy import CompiledPolicy, PolicyStore
from gateway.routing.replicas import ReplicaRouter
from gateway.settings import Settings
from gateway.telemetry import RequestTrace, Tracing, bind, use_trace

log = logging.getLogger("sluice.generation")
JSON = "application/json"
_encoder = msgspec.json.Encoder()


class GenerationService:
    def __init__(
        self,
        settings: Settings,
        auth: AuthService,
        audit: AuditWriter,
        upstream: ReplicaRouter,
        policies: PolicyStore,
        guard: OutputGuard,
        *,
        limiter: Limiter | None = None,
        tracing: Tracing | None = None,
    ) -> None:
        self._settings = settings
        self.audit = audit
        self.upstream = upstream
        self.limiter: Limiter = limiter or InProcessLimiter()
        self.tracing = tracing or Tracing()
        self._prepare = Preparer(settings, auth, policies)
        self.reviewer = Reviewer(guard, upstream)
        self._modes = ModeDeps(self.reviewer, audit, upstream, self.finish)

    @property
    def guard(self) -> OutputGuard:
        return self.reviewer.guard

    @guard.setter
    def guard(self, guard: OutputGuard) -> None:  # tests swap the scanners of a running gateway
        self.reviewer.guard = guard

    async def handle(self, request: Request[Any, Any, Any], kind: Kind) -> Response[bytes] | Stream:
        started = time.perf_counter()
        request_id = new_request_id()
        endpoint = "/v1/chat/completions" if kind == "chat" else "/v1/completions"
        trace = self.tracing.start_request(f"POST {endpoint}", request_id, request.headers)
        ledger = Ledger(RecordStart(
            request_id=request_id,
            created_at=datetime.now(UTC),
            endpoint=endpoint,
            client_addr=client_address(request.client.host if request.client else None),
            trace_id=trace.trace_id,  # None when tracing is off
            stage_ms=trace.stage_ms,  # filled as stages end; read when the record is written
        ))
        bind(request_id, trace.trace_id)
        use_trace(trace)  # scanners open their own stage spans under it
        gen: GenerationRequest | None = None
        policy: CompiledPolicy | None = None
        streaming = False  # a streaming response finishes the request when its generator ends
        try:
            gen = await self._prepare.prepare(request, kind, ledger, trace)  # auth, policy, input_guard
            policy = gen.policy
            with trace.stage("admission"):
                gen.admission = await self._admit(gen, ledger)
            response = await self._respond(gen, ledger, started)  # upstream, output_guard, audit_write
            streaming = isinstance(response, Stream)
            response.headers.update(gen.admission.headers)
            return response
        except APIError as error:
            return await self._fail(ledger, error, started, policy)
        except Exception as error:
            if is_database_outage(error):  # e.g. the key lookup while the database is down: fail closed, retryable
                log.error("database unavailable for request %s: %s", request_id, type(error).__name__)
                return await self._fail(ledger, database_unavailable(), started, policy)
            # a bug must still be audited and answered in the API's shape
            log.exception("unhandled error in request %s", request_id)
            return await self._fail(ledger, internal_error(), started, policy)
        finally:
            if not streaming:
                self.finish(gen, ledger, trace)

    async def _respond(self, gen: GenerationRequest, ledger: Ledger, started: float) -> Response[bytes] | Stream:
        if not gen.stream:
            return await self._complete(gen, ledger, started)
        mode = gen.policy.policy.streaming.mode
        if gen.upstream_body.get("n", 1) > 1 and mode != "passthrough":
            raise bad_request("'n' > 1 with 'stream' needs the policy's streaming mode 'passthrough'.", param="n")
        if mode == "buffer":
            return await buffered(self._modes, gen, ledger, started)
        return await relayed(self._modes, gen, ledger, started)

    async def _admit(self, gen: GenerationRequest, ledger: Ledger) -> Admission:
        """Rate limits and quotas: reserve the prompt estimate + every token the answer may use."""
        body = gen.upstream_body
        # Bound the completion by what is reserved: the room the prompt leaves, as vLLM fills it, capped.
        if body.get("max_tokens") is None:
            default = default_max_tokens(gen.model, body)
            if default is not None:
                body["max_tokens"] = default
        # unset: the runtime fills the exact room, and prompt + completion never exceed the context
        max_tokens = body.get("max_tokens") or context_length(gen.model)
        prompt = ledger.screened.prompt if ledger.screened is not None else ""
        estimate = reserve_tokens(len(prompt), max_tokens, body.get("n") or 1)
        subject = LimitSubject(gen.principal.tenant_id, gen.principal.key_id)
        return await self.limiter.admit(subject, gen.policy.limit_policy(self._settings.limits), estimate)

    def finish(self, gen: GenerationRequest | None, ledger: Ledger, trace: RequestTrace) -> None:
        """Once per request, whatever happened: settle its limits, count it, end its trace. Never awaits.

        It reads the request's record (a stream that never started has none: what its stages knew)."""
        entry = ledger.record or build_record(ledger, Outcome.unfinished(), 0.0)
        tokens = (entry.prompt_tokens or 0) + (entry.completion_tokens or 0)
        if gen is not None and gen.admission is not None:
            if entry.prompt_tokens is None and entry.completion_tokens is None and entry.upstream_ttft_ms is not None:
                # generated, usage unknown (disconnect, block mid-stream): keep the reservation, plus any repairs
                tokens = gen.admission.reserved_tokens + gen.repairs.prompt_tokens + gen.repairs.completion_tokens
            self.limiter.settle_soon(gen.admission, tokens)
        trace.finish(entry.status_code or 500, decision=entry.decision or "none", prompt_tokens=entry.prompt_tokens,
                     completion_tokens=entry.completion_tokens, error_code=entry.error_code)

    async def _fail(self, ledger: Ledger, error: APIError, started: float,
                    policy: CompiledPolicy | None) -> Response[bytes]:
        headers = decision_headers(policy, None) if policy is not None else None
        return await answer_error(self.audit, ledger, error, started, headers)

    async def _complete(self, gen: GenerationRequest, ledger: Ledger, started: float) -> Response[bytes]:
        """A non-streamed answer: one upstream call, judged, recorded, then released."""
        assert gen.trace is not None
        with gen.trace.stage("upstream") as call:
            reply = await self.upstream.post(gen.model, gen.path, _encoder.encode(gen.upstream_body),
                                             tenant=gen.tenant, headers=call.inject(dict(gen.headers)))
        ledger.generated = Generated(upstream_ms=reply.elapsed_ms)  # recorded also when the body is unusable
        data, view = decode_upstream(reply.body)
        text = view.text()
        ledger.generated = Generated(upstream_ms=reply.elapsed_ms, tokens=view.usage, text=text)
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else None
        verdict, refusal = await judge_answer(self._modes, gen, ledger, text, usage, started)
        if refusal is not None:
            return refusal
        data["model"] = gen.model.name
        for choice in data.get("choices", []):
            if gen.kind == "chat" and isinstance(choice.get("message"), dict):
                choice["message"]["content"] = verdict.text
            elif gen.kind == "completions":
                choice["text"] = gen.echoed(verdict.text)
        data["sluice"] = verdict.summary()
        if not await commit(self.audit, ledger, Outcome.ok(), started, gen.trace):
            return unrecorded(ledger)  # fail closed: nothing released
        headers = {"x-request-id": ledger.request_id, **decision_headers(gen.policy, verdict)}
        return Response(content=_encoder.encode(data), status_code=200, media_type=JSON, headers=headers)
