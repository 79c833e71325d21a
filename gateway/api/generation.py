"""The request pipeline for `/v1/chat/completions` and `/v1/completions`.

authenticate -> validate -> policy (model, parameters, input guard) -> upstream
-> output guard (scan, decide, act; repair loop) -> audit. Every path, including
every failure, ends in exactly one audit record; an answer is only released once
its record is durable (fail closed).
"""

from __future__ import annotations

import functools
import logging
import secrets
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg.exceptions
import msgspec
import sqlalchemy.exc
from litestar import Request, Response
from litestar.response import Stream

from gateway.api import schemas
from gateway.api.context_room import context_length, default_max_tokens
from gateway.api.record_fields import client_address, fit_model
from gateway.api.request_body import read_body
from gateway.api.request_context import GenerationRequest, Kind
from gateway.api.views import decode_upstream
from gateway.audit import AuditEntry, AuditUnavailable, AuditWriter
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure, AuthService
from gateway.errors import AUDIT_POLICY_CODE, CONTENT_POLICY_CODE, APIError, bad_request, model_not_found
from gateway.guard.output import OutputGuard, Verdict, attempt_record, public_finding
from gateway.guard.repair import repair_messages, repair_prompt
from gateway.limits import Admission, InProcessLimiter, Limiter, LimitSubject, reserve_tokens
from gateway.policy import CompiledPolicy, PolicyStore
from gateway.routing.replicas import ReplicaRouter
from gateway.settings import ModelSettings, Settings
from gateway.telemetry import RequestTrace, Tracing, bind, use_trace

log = logging.getLogger("sluice.generation")
# What a lost database looks like from the drivers we use. asyncpg's refusals while PostgreSQL starts or stops
# ("the database system is shutting down") reach us as a bare DBAPIError or an InternalError, so the whole
# DBAPIError family counts, less the classes that mean our SQL is wrong (those are bugs: 500, not 503).
# The asyncpg fast paths (key lookup, audit append) raise the driver's own classes: a lost
# connection, or the server refusing work while it starts or stops (SQLSTATE class 57).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.DBAPIError, sqlite3.OperationalError, ConnectionError, asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError, asyncpg.exceptions.OperatorInterventionError,
)
_SQL_BUGS = (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.DataError,
             sqlalchemy.exc.NotSupportedError)


def is_database_outage(error: BaseException) -> bool:
    """True when the database is unreachable or refusing work, not when a statement is wrong."""
    return isinstance(error, DATABASE_ERRORS) and not isinstance(error, _SQL_BUGS)

JSON = "application/json"
_encoder = msgspec.json.Encoder()
_REPAIR_ACCEPTS = frozenset({"allow", "annotate", "redact"})


def new_request_id() -> str:
    return "req_" + secrets.token_hex(12)


def error_response(error: APIError, request_id: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    merged = {"x-request-id": request_id, **error.headers, **(headers or {})}
    return Response(content=error.body(), status_code=error.status, media_type=JSON, headers=merged)


def audit_unavailable() -> APIError:
    return APIError(
        503,
        "The audit store is unavailable; requests are refused until it recovers.",
        type="server_error",
        code="audit_unavailable",
        headers={"retry-after": "1"},
    )


def policy_violation(message: str, findings: list[dict[str, Any]] | None = None) -> APIError:
    extra = {"findings": findings} if findings is not None else None
    return APIError(403, message, type="permission_error", code=CONTENT_POLICY_CODE, extra=extra)


def decision_headers(policy: CompiledPolicy, verdict: Verdict | None) -> dict[str, str]:
    headers = {"x-sluice-policy-version": policy.version}
    if verdict is not None:
        headers["x-sluice-decision"] = verdict.decision.effective_action
        headers["x-sluice-findings"] = str(len(verdict.decision.findings))
        if verdict.decision.shadow:
            headers["x-sluice-shadow-decision"] = verdict.decision.action
    return headers


@functools.cache
def _field_defaults(struct_type: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) per request field, computed once per type (structs.fields is slow)."""
    return tuple(
        (info.name, info.default)
        for info in msgspec.structs.fields(struct_type)
        if info.name not in {"model", "messages", "prompt"}
    )


def _explicit_params(req: msgspec.Struct) -> dict[str, Any]:
    """Fields the client set (differing from the defaults), for the policy's parameter allowlist."""
    out = {}
    for name, default in _field_defaults(type(req)):
        value = getattr(req, name)
        if value is None or (default is not msgspec.NODEFAULT and value == default):
            continue
        out[name] = value
    return out


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
        self._auth = auth
        self.audit = audit
        self.upstream = upstream
        self._policies = policies
        self.guard = guard
        self.limiter: Limiter = limiter or InProcessLimiter()
        self.tracing = tracing or Tracing()

    # -- entry point ---------------------------------------------------------------------------
    async def handle(self, request: Request[Any, Any, Any], kind: Kind) -> Response[bytes] | Stream:
        started = time.perf_counter()
        entry = AuditEntry(
            request_id=new_request_id(),
            created_at=datetime.now(UTC),
            endpoint="/v1/chat/completions" if kind == "chat" else "/v1/completions",
            client_addr=client_address(request.client.host if request.client else None),
            details={},
        )
        policy: CompiledPolicy | None = None
        trace = self.tracing.start_request(f"POST {entry.endpoint}", entry.request_id, request.headers)
        entry.trace_id = trace.trace_id  # None when tracing is off
        entry.stage_ms = trace.stage_ms  # filled as stages end; read when the record is written
        bind(entry.request_id, trace.trace_id)
        use_trace(trace)  # scanners open their own stage spans under it
        gen: GenerationRequest | None = None
        streaming = False  # a streaming response finishes the request when its generator ends
        try:
            gen = await self._prepare(request, kind, entry, trace)
            policy = gen.policy
            with trace.stage("admission"):
                gen.admission = await self._admit(gen, entry)
            response: Response[bytes] | Stream
            if gen.stream:
                from gateway.api.streaming import open_stream

                response = await open_stream(self, gen, entry, started)
                streaming = isinstance(response, Stream)
            else:
                response = await self._complete(gen, entry, started)
            response.headers.update(gen.admission.headers)
            return response
        except APIError as error:
            return await self.fail(entry, error, started, policy)
        except Exception as error:
            if is_database_outage(error):  # e.g. the key lookup while the database is down: fail closed, retryable
                log.error("database unavailable for request %s: %s", entry.request_id, type(error).__name__)
                down = APIError(503, "The database is unavailable; try again shortly.", type="server_error",
                                code="database_unavailable", headers={"retry-after": "1"})
                return await self.fail(entry, down, started, policy)
            # a bug must still be audited and answered in the API's shape
            log.exception("unhandled error in request %s", entry.request_id)
            internal = APIError(500, "Internal gateway error.", type="server_error", code="internal_error")
            return await self.fail(entry, internal, started, policy)
        finally:
            if not streaming:
                self.finish(gen, entry, trace)

    async def _admit(self, gen: GenerationRequest, entry: AuditEntry) -> Admission:
        """Rate limits and quotas: reserve the prompt estimate + every token the answer may use."""
        body = gen.upstream_body
        # Bound the completion by what is reserved: the room the prompt leaves, as vLLM fills it, capped.
        if body.get("max_tokens") is None:
            default = default_max_tokens(gen.model, body)
            if default is not None:
                body["max_tokens"] = default
        # unset: the runtime fills the exact room, and prompt + completion never exceed the context
        max_tokens = body.get("max_tokens") or context_length(gen.model)
        estimate = reserve_tokens(len(entry.prompt or ""), max_tokens, body.get("n") or 1)
        subject = LimitSubject(gen.principal.tenant_id, gen.principal.key_id)
        return await self.limiter.admit(subject, gen.policy.limit_policy(self._settings.limits), estimate)

    def finish(self, gen: GenerationRequest | None, entry: AuditEntry, trace: RequestTrace) -> None:
        """Once per request, whatever happened: settle its limits, count it, end its trace. Never awaits."""
        tokens = (entry.prompt_tokens or 0) + (entry.completion_tokens or 0)
        if gen is not None and gen.admission is not None:
            if entry.prompt_tokens is None and entry.completion_tokens is None and entry.upstream_ttft_ms is not None:
                # generated, usage unknown (disconnect, block mid-stream): keep the reservation, plus any repairs
                tokens = gen.admission.reserved_tokens + gen.repairs.prompt_tokens + gen.repairs.completion_tokens
            self.limiter.settle_soon(gen.admission, tokens)
        trace.finish(entry.status_code or 500, decision=entry.decision or "none", prompt_tokens=entry.prompt_tokens,
                     completion_tokens=entry.completion_tokens, error_code=entry.error_code)

    async def fail(
        self, entry: AuditEntry, error: APIError, started: float, policy: CompiledPolicy | None = None,
        verdict: Verdict | None = None,
    ) -> Response[bytes]:
        entry.status_code = error.status
        entry.error_code = error.code
        if error.code == CONTENT_POLICY_CODE:
            entry.outcome = "blocked"
            entry.decision = "block"
            entry.error_code = AUDIT_POLICY_CODE
        else:
            entry.outcome = "refused" if error.status < 500 else "error"
        entry.error_message = error.message
        entry.latency_ms = (time.perf_counter() - started) * 1000
        try:
            await self.audit.write(entry)
        except AuditUnavailable:
            error = audit_unavailable()
        return error_response(error, entry.request_id, decision_headers(policy, verdict) if policy else None)

    # -- validation and input policy -------------------------------------------------------------
    async def _prepare(self, request: Request[Any, Any, Any], kind: Kind, entry: AuditEntry,
                       trace: RequestTrace) -> GenerationRequest:
        try:
            with trace.stage("auth"):
                principal = await self._auth.authenticate(request.headers, "generate")
        except AuthFailure as failure:
            if failure.principal is not None:
                self._identify(entry, failure.principal)
            raise
        self._identify(entry, principal)
        trace.identify(tenant=principal.tenant_name)
        with trace.stage("policy"):
            policy = self._policies.current.for_tenant(principal.tenant_name)
        entry.policy_version = policy.version
        body = await self._read_body(request)

        req: schemas.ChatCompletionRequest | schemas.CompletionRequest
        if kind == "chat":
            req = schemas.decode_chat(body)
            texts = [m.text() for m in req.messages]
        else:
            req = schemas.decode_completion(body)
            texts = [schemas.prompt_of(req)] + ([req.suffix] if req.suffix else [])
        entry.model = fit_model(req.model)  # any string a client sends: bounded to its column
        entry.stream = req.stream

        model = self._settings.model(req.model)
        if model is None or not principal.may_use(req.model) or not policy.model_allowed(req.model):
            raise model_not_found(req.model)
        trace.identify(model=model.name)  # a configured name only: metric labels stay bounded
        if isinstance(req, schemas.ChatCompletionRequest):
            schemas.validate_chat(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
        else:
            schemas.validate_completion(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
        for violation in policy.check_request(req.model, _explicit_params(req)):
            if violation.param != "model":
                raise bad_request(f"Policy: {violation.message}.", param=violation.param, code="policy_violation")
        completion_limit = getattr(req, "max_completion_tokens", None)
        if completion_limit is not None and completion_limit > policy.policy.models.max_tokens:
            # one limit under two names: the policy's max_tokens bounds max_completion_tokens too
            raise bad_request(f"Policy: max_completion_tokens may be at most {policy.policy.models.max_tokens}.",
                              param="max_completion_tokens", code="policy_violation")

        with trace.stage("input_guard"):
            decision = await policy.check_inputs_off_loop(texts, model=req.model)
        entry.details = {"input": decision.to_dict()} if decision.findings else {}
        entry.policy_mode = policy.policy.mode
        entry.store_bodies = policy.policy.audit.store
        # The guard's texts hold no credential only where the policy redacts them; otherwise the
        # audit writer redacts the stored prompt itself.
        entry.prompt_redacted = policy.policy.input.secrets == "redact"
        entry.input_actions = [
            {"rule": f.type, "kind": f.kind, "action": f.action, "part": f.part} for f in decision.findings
        ] or None
        # Secrets never reach the audit store in clear: store the redacted texts.
        redacted = list(decision.redacted_texts)
        if isinstance(req, schemas.ChatCompletionRequest):
            entry.prompt = "\n".join(f"{m.role}: {t}" for m, t in zip(req.messages, redacted, strict=True))
        else:
            entry.prompt = redacted[0]
            if len(redacted) > 1:  # fill-in-the-middle: the suffix is part of the prompt body
                entry.prompt += "\n[fill-in-the-middle suffix]\n" + redacted[1]
        if decision.effective_action == "block":
            raise policy_violation(decision.reason or "The prompt is not allowed by your organization's policy.")
        sent = list(decision.texts)

        upstream: dict[str, Any] = msgspec.to_builtins(req)
        upstream["model"] = model.served_name
        language = request.headers.get("x-sluice-language") or None
        prefix = suffix = ""
        if isinstance(req, schemas.ChatCompletionRequest):
            for message, text in zip(upstream["messages"], sent, strict=True):
                message["content"] = text
            if "max_completion_tokens" in upstream:  # the name every vLLM version and the CPU runtime know
                upstream["max_tokens"] = upstream.pop("max_completion_tokens")
        else:
            upstream.pop("echo", None)  # the gateway echoes the prompt itself: the scanned text stays the answer
            prefix = sent[0]
            upstream["prompt"] = prefix
            if req.suffix is not None:
                suffix = sent[1] if len(sent) > 1 else ""
                upstream.update(self._infill(model, prefix, suffix, upstream.get("stop")))
        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        if req.stream:
            # Always ask for usage: the audit record and quotas need token counts.
            upstream["stream_options"] = {"include_usage": True}
        return GenerationRequest(
            kind=kind, principal=principal, model=model, policy=policy, upstream_body=upstream, stream=req.stream,
            include_usage=include_usage, language=language, prefix=prefix, suffix=suffix, trace=trace,
            echo=isinstance(req, schemas.CompletionRequest) and req.echo,
            fim=isinstance(req, schemas.CompletionRequest) and req.suffix is not None,
        )

    @staticmethod
    def _infill(model: ModelSettings, prefix: str, suffix: str, stop: Any) -> dict[str, Any]:
        """vLLM ignores `suffix`: build the model's infill prompt and stop on its end token."""
        from model_runtime.fim import FimNotSupportedError, build_infill_prompt
        from model_runtime.profiles import ProfileError, load_profile

        unsupported = bad_request(
            f"Fill-in-the-middle ('suffix') is not supported by model '{model.name}'.",
            param="suffix",
            code="unsupported_parameter",
        )
        if not model.profile:
            raise unsupported
        try:
            infill = build_infill_prompt(load_profile(model.profile), prefix, suffix)
        except (FimNotSupportedError, ProfileError):
            raise unsupported from None
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        # The end-of-infill token first and never cut: without it the model writes past the middle.
        # (The limit of 4 is on what the client sends; the runtime takes any number.)
        return {"prompt": infill.prompt, "suffix": None, "stop": list(dict.fromkeys([*infill.stop, *stops]))}

    @staticmethod
    def _identify(entry: AuditEntry, principal: Principal) -> None:
        entry.tenant_id = principal.tenant_id
        entry.tenant_name = principal.tenant_name
        entry.key_id = principal.key_id

    async def _read_body(self, request: Request[Any, Any, Any]) -> bytes:
        return await read_body(request, self._settings.server.max_body_bytes)

    # -- output guard ----------------------------------------------------------------------------
    async def review(self, gen: GenerationRequest, text: str) -> Verdict:
        if gen.kind == "chat":
            return await self.guard.review_chat(text, gen.policy, gen.language)
        return await self.guard.review_completion(text, gen.policy, gen.language, prefix=gen.prefix, suffix=gen.suffix)

    async def review_with_repair(self, gen: GenerationRequest, text: str) -> Verdict:
        """Review; while the policy says repair, re-prompt the model with its findings."""
        verdict = await self.review(gen, text)
        attempts: list[dict[str, Any]] = []
        limit = verdict.decision.repair_max_attempts
        while verdict.action == "repair" and len(attempts) < limit:
            attempts.append(attempt_record(verdict.source, verdict.action, verdict.decision))
            body = dict(gen.upstream_body, stream=False)
            body.pop("stream_options", None)
            if gen.kind == "chat":
                body["messages"] = repair_messages(body["messages"], text, verdict.findings())
            elif gen.fim:  # the same infill format, the findings above the prefix, the suffix kept
                body.update(self._infill(gen.model, repair_prompt(gen.prefix, verdict.findings()), gen.suffix,
                                         body.get("stop")))
            else:
                body["prompt"] = repair_prompt(gen.prefix, verdict.findings())
            text = await self.repair_call(gen, body)
            verdict = await self.review(gen, text)
        if verdict.action == "repair":  # exhausted: fall back to block
            attempts.append(attempt_record(verdict.source, "block", verdict.decision))
        verdict.attempts = attempts
        return verdict

    async def repair_call(self, gen: GenerationRequest, body: dict[str, Any]) -> str:
        """One repair re-prompt (not streamed); its tokens count toward the request's usage."""
        reply = await self.upstream.post(gen.model, gen.path, _encoder.encode(body), tenant=gen.tenant,
                                         headers=gen.headers)
        view = decode_upstream(reply.body)[1]
        gen.repairs.add(view.usage)
        return view.text()

    @staticmethod
    def count_repairs(entry: AuditEntry, gen: GenerationRequest) -> None:
        """The record (and so the quota settled from it) counts the repair calls' tokens too."""
        if gen.repairs.calls and (entry.prompt_tokens is not None or entry.completion_tokens is not None):
            entry.prompt_tokens = (entry.prompt_tokens or 0) + gen.repairs.prompt_tokens
            entry.completion_tokens = (entry.completion_tokens or 0) + gen.repairs.completion_tokens

    # -- non-streaming ---------------------------------------------------------------------------
    async def _complete(self, gen: GenerationRequest, entry: AuditEntry, started: float) -> Response[bytes]:
        assert gen.trace is not None
        with gen.trace.stage("upstream") as call:
            reply = await self.upstream.post(gen.model, gen.path, _encoder.encode(gen.upstream_body), tenant=gen.tenant,
                                             headers=call.inject(dict(gen.headers)))
        entry.upstream_ms = reply.elapsed_ms
        data, view = decode_upstream(reply.body)
        if view.usage is not None:
            entry.prompt_tokens = view.usage.prompt_tokens
            entry.completion_tokens = view.usage.completion_tokens
        original = view.text()
        with gen.trace.stage("output_guard"):
            verdict = await self.review_with_repair(gen, original)
        self.count_repairs(entry, gen)
        gen.repairs.into(data.get("usage") if isinstance(data.get("usage"), dict) else None)
        self.record_verdict(entry, verdict, original)
        if verdict.action in ("block", "repair"):
            message = "The generated code violates your organization's policy."
            if verdict.repairs:
                message = f"The generated code still violated policy after {verdict.repairs} repair attempt(s)."
            return await self.fail(entry, policy_violation(message, verdict.summary()["findings"]), started,
                                   gen.policy, verdict)
        data["model"] = gen.model.name
        for choice in data.get("choices", []):
            if gen.kind == "chat" and isinstance(choice.get("message"), dict):
                choice["message"]["content"] = verdict.text
            elif gen.kind == "completions":
                choice["text"] = gen.echoed(verdict.text)
        data["sluice"] = verdict.summary()
        entry.status_code = 200
        entry.latency_ms = (time.perf_counter() - started) * 1000
        try:
            with gen.trace.stage("audit_write"):
                await self.audit.write(entry)
        except AuditUnavailable:
            entry.status_code = 503
            return error_response(audit_unavailable(), entry.request_id)  # fail closed: nothing released
        headers = {"x-request-id": entry.request_id, **decision_headers(gen.policy, verdict)}
        return Response(content=_encoder.encode(data), status_code=200, media_type=JSON, headers=headers)

    @staticmethod
    def record_verdict(entry: AuditEntry, verdict: Verdict, original: str) -> None:
        """The decision into the record; the response body is the model text the findings refer to."""
        entry.decision = verdict.decision.action
        entry.findings = [public_finding(d.finding, d.action) for d in verdict.decision.findings]
        entry.repair_attempts = verdict.repairs
        entry.response = verdict.source if verdict.attempts and verdict.source else original
        details = entry.details if entry.details is not None else {}
        details["output"] = verdict.decision.to_dict()
        details["scan_ms"] = round(verdict.scan.duration_ms, 3)
        if verdict.attempts:
            details["repair_attempts"] = verdict.attempts
        entry.details = details


__all__ = ["GenerationService", "error_response", "new_request_id"]
