"""The request pipeline for `/v1/chat/completions` and `/v1/completions`, top to bottom.

`handle` runs the stages of `stages.STAGES` in order: authenticate and policy (`prepare.check`),
admission (here), the input guard (`prepare.screen`), then one response mode - non-streamed (here), `buffer`
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
from gateway.pipeline.prepare import Checked, Preparer
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
        admission: Admission | None = None
        streaming = False  # a streaming response finishes the request when its generator ends
        try:
            checked = await self._prepare.check(request, kind, ledger, trace)  # auth, policy
            policy = checked.policy
            with trace.stage("admission"):
                admission = await self._admit(checked)
            gen = await self._prepare.screen(checked, request, ledger, trace)  # input_guard
            gen.admission = admission
            response = await self._respond(gen, ledger, started)  # upstream, output_guard, audit_write
            streaming = isinstance(response, Stream)
            response.headers.update(admission.headers)
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
                self.finish(gen, ledger, trace, admission)

    async def _respond(self, gen: GenerationRequest, ledger: Ledger, started: float) -> Response[bytes] | Stream:
        if not gen.stream:
            return await self._complete(gen, ledger, started)
        mode = gen.policy.policy.streaming.mode
        if gen.upstream_body.get("n", 1) > 1 and mode != "passthrough":
            raise bad_request("'n' > 1 with 'stream' needs the policy's streaming mode 'passthrough'.", param="n")
        if mode == "buffer":
            return await buffered(self._modes, gen, ledger, started)
        return await relayed(self._modes, gen, ledger, started)

    async def _admit(self, checked: Checked) -> Admission:
        """Rate limits and quotas, before any prompt work: reserve a high estimate of the prompt plus
        every token the answer may use (`finish` settles the charge from the upstream's usage)."""
        estimate = reserve_tokens(checked.prompt_chars(), checked.completion_bound(), checked.choices)
        subject = LimitSubject(checked.principal.tenant_id, checked.principal.key_id)
        return await self.limiter.admit(subject, checked.policy.limit_policy(self._settings.limits), estimate)

    def finish(self, gen: GenerationRequest | None, ledger: Ledger, trace: RequestTrace,
               admission: Admission | None = None) -> None:
        """Once per request, whatever happened: settle its limits, count it, end its trace. Never awaits.

        It reads the request's record (a stream that never started has none: what its stages knew).
        `admission`: a request admitted but refused before it became a `GenerationRequest` (input guard)."""
        entry = ledger.record or build_record(ledger, Outcome.unfinished(), 0.0)
        tokens = (entry.prompt_tokens or 0) + (entry.completion_tokens or 0)
        admitted = gen.admission if gen is not None and gen.admission is not None else admission
        if admitted is not None:
            if (gen is not None and entry.prompt_tokens is None and entry.completion_tokens is None
                    and entry.upstream_ttft_ms is not None):
                # generated, usage unknown (disconnect, block mid-stream): keep the reservation, plus any repairs
                tokens = admitted.reserved_tokens + gen.repairs.prompt_tokens + gen.repairs.completion_tokens
            self.limiter.settle_soon(admitted, tokens)
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
