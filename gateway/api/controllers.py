"""Thin HTTP handlers: each delegates to the services `create_app` provides (Litestar DI, `services`)."""

from __future__ import annotations

import logging
import time
from typing import Any, TypeAlias

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Stream
from sqlalchemy import text

from gateway.api.context_room import context_length
from gateway.api.recorded import RecordedCall, recorded
from gateway.api.request_body import read_body
from gateway.api.schemas import _param_from  # one place turns msgspec errors into params
from gateway.errors import APIError, bad_request, error_response, internal_error, new_request_id
from gateway.guard.output import public_finding
from gateway.pipeline.results import Judged, PolicyChosen, Screened
from gateway.services import Services

JSON = "application/json"
log = logging.getLogger("sluice.api")
# Declared as injected (`create_app` provides it), not inferred from the name: Litestar 3 drops inference.
InjectedServices: TypeAlias = NamedDependency[Services]


class OpenAIController(Controller):
    path = "/v1"

    @post("/chat/completions", status_code=200)
    async def chat_completions(self, request: Request[Any, Any, Any],
                               services: InjectedServices) -> Response[bytes] | Stream:
        return await services.generation.handle(request, "chat")

    @post("/completions", status_code=200)
    async def completions(self, request: Request[Any, Any, Any],
                          services: InjectedServices) -> Response[bytes] | Stream:
        return await services.generation.handle(request, "completions")

    @get("/models")
    async def list_models(self, request: Request[Any, Any, Any], services: InjectedServices) -> Response[bytes]:
        svc = services

        async def answer(call: RecordedCall) -> Response[bytes]:
            principal = await call.authenticate(svc.auth, "generate")
            policy = svc.policies.current.for_tenant(principal.tenant_name)
            call.ledger.policy = PolicyChosen(policy.version)
            created = int(svc.started_at)
            data = [
                {"id": m.name, "object": "model", "created": created, "owned_by": "sluice",
                 "max_model_len": context_length(m)}
                for m in svc.settings.models
                if principal.may_use(m.name) and policy.model_allowed(m.name)
            ]
            return Response(content=msgspec.json.encode({"object": "list", "data": data}), media_type=JSON)

        return await recorded(svc.audit, request, "/v1/models", answer)


class ScanRequest(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    language: str | None = None


_scan_decoder = msgspec.json.Decoder(ScanRequest)


class GuardController(Controller):
    """The scanning engine outside generation: CI pipelines and editors use the same rules."""

    path = "/v1/guard"

    @post("/scan", status_code=200)
    async def scan(self, request: Request[Any, Any, Any], services: InjectedServices) -> Response[bytes]:
        svc = services

        async def answer(call: RecordedCall) -> Response[bytes]:
            principal = await call.authenticate(svc.auth, "generate")
            body = _decode_scan(await read_body(request, svc.settings.server.max_body_bytes))
            policy = svc.policies.current.for_tenant(principal.tenant_name)
            ledger = call.ledger
            ledger.policy = PolicyChosen(policy.version)
            # The code is kept like a prompt, but never verbatim: it may hold the secrets being scanned for
            # (not marked redacted: the audit writer redacts it).
            ledger.screened = Screened(
                prompt=body.code, policy_mode=policy.policy.mode, prompt_redacted=False,
                store_bodies="hash_only" if policy.policy.audit.store == "hash_only" else "redacted")
            result = await svc.scanner.scan(body.code, body.language,
                                            scanners=policy.enabled_scanners(body.language))
            decision = policy.decide_output(result.findings, result.language)
            ledger.judged = Judged(decision.action, tuple(public_finding(d.finding, d.action)
                                                         for d in decision.findings))
            payload = {
                "language": result.language,
                "findings": [d.finding.to_dict() | {"action": d.action} for d in decision.findings],
                "decision": decision.action,
                "policy_version": policy.version,
                "incomplete": result.incomplete,
                "duration_ms": round(result.duration_ms, 3),
            }
            headers = {"x-sluice-decision": decision.action, "x-sluice-policy-version": policy.version}
            return Response(content=msgspec.json.encode(payload), media_type=JSON, headers=headers)

        return await recorded(svc.audit, request, "/v1/guard/scan", answer)


def _decode_scan(body: bytes) -> ScanRequest:
    try:
        return _scan_decoder.decode(body)
    except msgspec.ValidationError as exc:
        message, param = _param_from(str(exc))
        raise bad_request(message, param=param, code="invalid_value") from None
    except msgspec.DecodeError:
        raise bad_request("The request body is not valid JSON.", code="invalid_json") from None


class HealthController(Controller):
    path = "/"

    @get("/healthz")
    async def healthz(self) -> Response[bytes]:
        return Response(content=b'{"status":"ok"}', media_type=JSON)

    @get("/readyz")
    async def readyz(self, services: InjectedServices) -> Response[bytes]:
        svc = services
        checks: dict[str, str] = {}
        try:
            async with svc.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:  # readiness reports, it does not raise
            checks["database"] = f"error: {type(exc).__name__}"
        try:  # the audit store's own held connection: re-established here if the database restarted
            await svc.audit.ping()
            checks["audit"] = "ok"
        except Exception as exc:
            checks["audit"] = f"error: {type(exc).__name__}"
        for model in svc.settings.models:
            checks[f"model:{model.name}"] = "ok" if await svc.router.probe(model) else "unreachable"
        ready = all(value == "ok" for value in checks.values())
        body = msgspec.json.encode({"status": "ready" if ready else "not_ready", "checks": checks, "time": time.time()})
        return Response(content=body, status_code=200 if ready else 503, media_type=JSON)


def api_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """Framework-level errors (unknown route, wrong method...) in the OpenAI shape."""
    from litestar.exceptions import HTTPException

    from gateway.errors import status_type

    if isinstance(exc, APIError):
        return error_response(exc, new_request_id())
    if isinstance(exc, HTTPException):
        status = exc.status_code
        code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(status, "http_error")
        message = exc.detail if status != 404 else f"No route for {request.method} {request.url.path}."
        error = APIError(status, message, type=status_type(status), code=code, headers=exc.headers or {})
        return error_response(error, new_request_id())
    request_id = new_request_id()
    # A bug reached the framework: answered in the API's shape, and logged with the id the client got.
    log.error("unhandled error answering %s %s (request %s)", request.method, request.url.path, request_id,
              exc_info=exc)
    return error_response(internal_error(), request_id)
