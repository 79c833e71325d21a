"""The request pipeline for `/v1/chat/completions` and `/v1/completions`.

authenticate -> read and validate -> resolve model -> upstream (streamed or not)
-> audit. Every path, including every failure, ends in exactly one audit record;
a success is only answered once its record is durable (fail closed).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Stream

from gateway.api import schemas
from gateway.api.sse import DONE, DONE_EVENT, SSEParser, encode_event
from gateway.api.views import ResponseView, response_decoder
from gateway.audit import AuditEntry, AuditUnavailable, AuditWriter
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure, AuthService
from gateway.errors import APIError, bad_request, model_not_found
from gateway.routing.upstream import UpstreamClient
from gateway.settings import ModelSettings, Settings

log = logging.getLogger("sluice.generation")

Kind = Literal["chat", "completions"]
JSON = "application/json"
_encoder = msgspec.json.Encoder()


def new_request_id() -> str:
    return "req_" + secrets.token_hex(12)


def error_response(error: APIError, request_id: str) -> Response[bytes]:
    headers = {"x-request-id": request_id, **error.headers}
    return Response(content=error.body(), status_code=error.status, media_type=JSON, headers=headers)


def audit_unavailable() -> APIError:
    return APIError(
        503,
        "The audit store is unavailable; requests are refused until it recovers.",
        type="server_error",
        code="audit_unavailable",
        headers={"retry-after": "1"},
    )


@dataclass(slots=True)
class _Prepared:
    principal: Principal
    model: ModelSettings
    stream: bool
    include_usage: bool
    upstream_body: bytes


class GenerationService:
    def __init__(self, settings: Settings, auth: AuthService, audit: AuditWriter, upstream: UpstreamClient) -> None:
        self._settings = settings
        self._auth = auth
        self._audit = audit
        self._upstream = upstream

    # -- entry point ---------------------------------------------------------------------------
    async def handle(self, request: Request[object, object, object], kind: Kind) -> Response[bytes] | Stream:
        started = time.perf_counter()
        entry = AuditEntry(
            request_id=new_request_id(),
            created_at=datetime.now(UTC),
            endpoint="/v1/chat/completions" if kind == "chat" else "/v1/completions",
            client_addr=request.client.host if request.client else None,
        )
        try:
            prepared = await self._prepare(request, kind, entry)
            if prepared.stream:
                return await self._stream(prepared, kind, entry, started)
            return await self._complete(prepared, kind, entry, started)
        except APIError as error:
            return await self._fail(entry, error, started)
        except Exception:  # a bug must still be audited and answered in the API's shape
            log.exception("unhandled error in request %s", entry.request_id)
            error = APIError(500, "Internal gateway error.", type="server_error", code="internal_error")
            return await self._fail(entry, error, started)

    async def _fail(self, entry: AuditEntry, error: APIError, started: float) -> Response[bytes]:
        entry.status_code = error.status
        entry.outcome = "refused" if error.status < 500 else "error"
        entry.error_code = error.code
        entry.error_message = error.message
        entry.latency_ms = (time.perf_counter() - started) * 1000
        try:
            await self._audit.write(entry)
        except AuditUnavailable:
            error = audit_unavailable()
        return error_response(error, entry.request_id)

    # -- validation ----------------------------------------------------------------------------
    async def _prepare(self, request: Request[object, object, object], kind: Kind, entry: AuditEntry) -> _Prepared:
        try:
            principal = await self._auth.authenticate(request.headers, "generate")
        except AuthFailure as failure:
            if failure.principal is not None:
                self._identify(entry, failure.principal)
            raise
        self._identify(entry, principal)
        body = await self._read_body(request)

        req: schemas.ChatCompletionRequest | schemas.CompletionRequest
        if kind == "chat":
            req = schemas.decode_chat(body)
            entry.prompt = schemas.chat_prompt_text(req)
        else:
            req = schemas.decode_completion(body)
            entry.prompt = schemas.prompt_of(req)
        entry.model = req.model
        entry.stream = req.stream

        model = self._settings.model(req.model)
        if model is None or not principal.may_use(req.model):
            raise model_not_found(req.model)
        if isinstance(req, schemas.ChatCompletionRequest):
            schemas.validate_chat(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
        else:
            schemas.validate_completion(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
            if req.suffix is not None:
                raise bad_request(
                    f"Fill-in-the-middle ('suffix') is not supported by model '{model.name}'.",
                    param="suffix",
                    code="unsupported_parameter",
                )

        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        upstream_req = msgspec.structs.replace(req, model=model.served_name)
        if req.stream:
            # Always ask for usage: the audit record and quotas need token counts.
            upstream_req = msgspec.structs.replace(upstream_req, stream_options=schemas.StreamOptions(include_usage=True))
        return _Prepared(
            principal=principal,
            model=model,
            stream=req.stream,
            include_usage=include_usage,
            upstream_body=_encoder.encode(upstream_req),
        )

    @staticmethod
    def _identify(entry: AuditEntry, principal: Principal) -> None:
        entry.tenant_id = principal.tenant_id
        entry.tenant_name = principal.tenant_name
        entry.key_id = principal.key_id

    async def _read_body(self, request: Request[object, object, object]) -> bytes:
        limit = self._settings.server.max_body_bytes
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise _too_large(limit)
        try:
            body = await request.body()
        except HTTPException as exc:
            if exc.status_code == 413:
                raise _too_large(limit) from None
            raise bad_request("The request body could not be read.") from None
        if len(body) > limit:
            raise _too_large(limit)
        return body

    # -- non-streaming ---------------------------------------------------------------------------
    async def _complete(self, prepared: _Prepared, kind: Kind, entry: AuditEntry, started: float) -> Response[bytes]:
        path = "/chat/completions" if kind == "chat" else "/completions"
        reply = await self._upstream.post(prepared.model, path, prepared.upstream_body)
        entry.upstream_ms = reply.elapsed_ms
        try:
            view = response_decoder.decode(reply.body)
        except msgspec.MsgspecError:
            raise APIError(502, "The model runtime sent an invalid response.", type="upstream_error",
                           code="upstream_invalid_response") from None
        body = reply.body
        if view.model is not None and view.model != prepared.model.name:
            body = _rename_model(body, prepared.model.name)
        entry.response = view.text()
        if view.usage is not None:
            entry.prompt_tokens = view.usage.prompt_tokens
            entry.completion_tokens = view.usage.completion_tokens
        entry.status_code = 200
        entry.latency_ms = (time.perf_counter() - started) * 1000
        try:
            await self._audit.write(entry)
        except AuditUnavailable:
            # Fail closed: the output is not released without its record.
            return error_response(audit_unavailable(), entry.request_id)
        return Response(content=body, status_code=200, media_type=JSON, headers={"x-request-id": entry.request_id})

    # -- streaming ---------------------------------------------------------------------------
    async def _stream(self, prepared: _Prepared, kind: Kind, entry: AuditEntry, started: float) -> Stream:
        path = "/chat/completions" if kind == "chat" else "/completions"
        upstream = await self._upstream.open_stream(prepared.model, path, prepared.upstream_body)
        rename = prepared.model.name != prepared.model.served_name

        async def events() -> AsyncIterator[bytes]:
            parser = SSEParser()
            texts: list[str] = []
            finished = False
            entry.status_code = 200
            try:
                async for chunk in upstream.chunks():
                    for payload in parser.feed(chunk):
                        if payload == DONE:
                            finished = True
                            break
                        out = self._relay(payload, prepared, entry, texts, upstream.started, rename)
                        if out is not None:
                            yield out
                        if entry.outcome == "upstream_error":
                            finished = True
                            break
                    if finished:
                        break
                if not finished:
                    entry.outcome = "upstream_error"
                    entry.error_code = "upstream_incomplete"
                    entry.error_message = "The model runtime closed the stream before [DONE]."
                    yield _error_event(entry.error_message, "upstream_incomplete")
            except APIError as error:
                entry.outcome = "upstream_error"
                entry.error_code = error.code
                entry.error_message = error.message
                yield _error_event(error.message, error.code or "upstream_error")
            except (asyncio.CancelledError, GeneratorExit):
                upstream.close()
                entry.outcome = "client_disconnect"
                entry.error_code = "client_disconnect"
                entry.response = "".join(texts)
                entry.latency_ms = (time.perf_counter() - started) * 1000
                self._audit.write_detached(entry)
                raise
            upstream.close()
            entry.upstream_ms = (time.perf_counter() - upstream.started) * 1000
            entry.response = "".join(texts)
            entry.latency_ms = (time.perf_counter() - started) * 1000
            try:
                await self._audit.write(entry)
            except AuditUnavailable:
                error = audit_unavailable()
                yield _error_event(error.message, "audit_unavailable")
            yield DONE_EVENT

        headers = {"x-request-id": entry.request_id, "cache-control": "no-cache", "x-accel-buffering": "no"}
        return Stream(events(), media_type="text/event-stream", headers=headers)

    def _relay(
        self,
        payload: bytes,
        prepared: _Prepared,
        entry: AuditEntry,
        texts: list[str],
        upstream_started: float,
        rename: bool,
    ) -> bytes | None:
        """One upstream event -> the bytes to send (or None to drop it)."""
        try:
            view = response_decoder.decode(payload)
        except msgspec.MsgspecError:
            entry.outcome = "upstream_error"
            entry.error_code = "upstream_invalid_response"
            entry.error_message = "The model runtime sent an invalid stream event."
            return _error_event(entry.error_message, "upstream_invalid_response")
        if view.error is not None:
            # vLLM reports failures after the stream started as `data: {"error": ...}` on HTTP 200.
            message = _upstream_message(view.error)
            entry.outcome = "upstream_error"
            entry.error_code = "upstream_error"
            entry.error_message = message
            return _error_event(f"The model runtime failed mid-stream: {message}", "upstream_error")
        if entry.upstream_ttft_ms is None and view.choices:
            entry.upstream_ttft_ms = (time.perf_counter() - upstream_started) * 1000
        text = view.text()
        if text:
            texts.append(text)
        if view.usage is not None:
            entry.prompt_tokens = view.usage.prompt_tokens
            entry.completion_tokens = view.usage.completion_tokens
            if not view.choices and not prepared.include_usage:
                return None  # we asked for usage; the client did not
        if rename:
            payload = _rename_model(payload, prepared.model.name)
        return encode_event(payload)


def _too_large(limit: int) -> APIError:
    return APIError(413, f"The request body exceeds the limit of {limit} bytes.", code="request_too_large")


def _rename_model(body: bytes, name: str) -> bytes:
    data = msgspec.json.decode(body)
    if isinstance(data, dict) and "model" in data:
        data["model"] = name
    return _encoder.encode(data)


def _upstream_message(error: object) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or "unknown error")[:500]
    return str(error)[:500]


def _error_event(message: str, code: str) -> bytes:
    body = {"error": {"message": message, "type": "upstream_error" if code.startswith("upstream") else "server_error",
                      "param": None, "code": code}}
    return encode_event(_encoder.encode(body))


__all__ = ["GenerationService", "ResponseView", "error_response", "new_request_id"]
