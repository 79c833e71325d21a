"""The CPU runtime's HTTP server: vLLM's OpenAI-compatible endpoints on aiohttp.web."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from jinja2 import TemplateError

from model_runtime.cpu.engine import (
    CpuEngine,
    EngineUnavailableError,
    ErrorEvent,
    FinishEvent,
    GenerationRequest,
    RequestHandle,
)
from model_runtime.cpu.protocol import CommonParams, RequestError, parse_chat, parse_completion
from model_runtime.cpu.responses import ResponseShaper

log = logging.getLogger("sluice.runtime.cpu")
ENGINE_KEY = web.AppKey("engine", CpuEngine)
API_KEY = web.AppKey("api_key", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_response(error: RequestError) -> web.Response:
    return web.json_response(error.body(), status=error.status)


@web.middleware
async def errors_and_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    expected = request.app.get(API_KEY)
    # Like vLLM, the key guards /v1/* only; /health and /metrics stay open for probes and scrapers.
    if expected and request.path.startswith("/v1"):
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
            return web.json_response({"error": "Unauthorized"}, status=401)
    try:
        return await handler(request)
    except RequestError as exc:
        return error_response(exc)


async def read_json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise RequestError("request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise RequestError("request body must be a JSON object")
    return body


class Endpoints:
    def __init__(self, engine: CpuEngine) -> None:
        self.engine = engine
        self.created = int(time.time())

    async def health(self, _: web.Request) -> web.Response:
        return web.Response(status=200 if self.engine.healthy else 503)

    async def metrics(self, _: web.Request) -> web.Response:
        return web.Response(
            body=self.engine.metrics.render(),
            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"},
        )

    async def models(self, _: web.Request) -> web.Response:
        card: dict[str, Any] = {
            "id": self.engine.served_model_name,
            "object": "model",
            "created": self.created,
            "owned_by": "sluice",
            "root": str(self.engine.model_dir),
            "parent": None,
            "max_model_len": self.engine.max_model_len,
            "permission": [],
        }
        return web.json_response({"object": "list", "data": [card]})

    async def completions(self, request: web.Request) -> web.StreamResponse:
        params = parse_completion(await read_json(request), self.engine.sampling_defaults)
        self._check_model(params.common)
        if isinstance(params.prompt, str):
            prompt_ids = list(self.engine.tokenizer(params.prompt, add_special_tokens=True)["input_ids"])
        else:
            vocab = len(self.engine.tokenizer)
            if any(i >= vocab for i in params.prompt):
                raise RequestError(
                    f"token ids in 'prompt' must be below the vocabulary size {vocab}", "prompt"
                )
            prompt_ids = params.prompt
        return await self._respond(request, params.common, prompt_ids, chat=False)

    async def chat(self, request: web.Request) -> web.StreamResponse:
        params = parse_chat(await read_json(request), self.engine.sampling_defaults)
        self._check_model(params.common)
        tokenizer = self.engine.tokenizer
        if not getattr(tokenizer, "chat_template", None):
            raise RequestError("this model has no chat template; use /v1/completions")
        try:
            text = tokenizer.apply_chat_template(
                params.messages, tokenize=False, add_generation_prompt=params.add_generation_prompt
            )
        except TemplateError as exc:
            raise RequestError(f"chat template error: {exc}", "messages") from None
        prompt_ids = list(tokenizer(text, add_special_tokens=False)["input_ids"])
        return await self._respond(request, params.common, prompt_ids, chat=True)

    def _check_model(self, common: CommonParams) -> None:
        if common.model is not None and common.model != self.engine.served_model_name:
            raise RequestError(f"The model `{common.model}` does not exist.", "model", 404, "NotFoundError")

    def _generation(self, common: CommonParams, prompt_ids: list[int], chat: bool) -> GenerationRequest:
        limit = self.engine.max_model_len
        max_tokens = common.max_tokens if common.max_tokens is not None else limit - len(prompt_ids)
        if len(prompt_ids) + max_tokens > limit or max_tokens < 1:
            raise RequestError(
                f"This model's maximum context length is {limit} tokens. However, you requested "
                f"{len(prompt_ids) + max(max_tokens, 1)} tokens ({len(prompt_ids)} in the messages, "
                f"{max(max_tokens, 1)} in the completion). "
                "Please reduce the length of the messages or completion.",
                "max_tokens" if common.max_tokens is not None else "messages",
            )
        # A stop string that is one special token (CodeLlama's <EOT>) never appears in decoded text,
        # so it is matched as a token id instead.
        token_stops = {s: self.engine.special_token_id(s) for s in common.stop}
        # Chat prompts end with the template's own marker; completions may end mid-merge.
        prompt_ids, healed_text, first_token_ids = (
            (prompt_ids, "", None) if chat else self.engine.heal(prompt_ids)
        )
        return GenerationRequest(
            prompt_ids=prompt_ids,
            healed_text=healed_text,
            first_token_ids=first_token_ids,
            max_tokens=max_tokens,
            sampling=common.sampling,
            seed=common.seed,
            stop=[s for s, i in token_stops.items() if i is None],
            stop_token_ids=common.stop_token_ids + [i for i in token_stops.values() if i is not None],
            ignore_eos=common.ignore_eos,
            # A chat answer stops once its code block closes; ignore_eos (benchmarks) runs on.
            stop_after_code_fence=chat and not common.ignore_eos,
            chat=chat,
        )

    def _stop_reason_text(self, finish: FinishEvent, common: CommonParams) -> FinishEvent:
        for stop in common.stop:
            if finish.stop_reason is not None and self.engine.special_token_id(stop) == finish.stop_reason:
                finish.stop_reason = stop
        return finish

    async def _respond(
        self, request: web.Request, common: CommonParams, prompt_ids: list[int], chat: bool
    ) -> web.StreamResponse:
        try:
            handle = self.engine.submit(self._generation(common, prompt_ids, chat))
        except EngineUnavailableError as exc:
            raise RequestError(str(exc), status=503, error_type="ServiceUnavailableError") from None
        shaper = ResponseShaper(self.engine.served_model_name, chat)
        try:
            if common.stream:
                return await self._stream(request, handle, shaper, common)
            return await self._collect(handle, shaper, common)
        finally:
            handle.cancel()  # no-op once finished; stops generation if the client went away

    async def _collect(
        self, handle: RequestHandle, shaper: ResponseShaper, common: CommonParams
    ) -> web.Response:
        parts: list[str] = []
        async for event in handle.events():
            if isinstance(event, ErrorEvent):
                return internal_error(event.message)
            if isinstance(event, FinishEvent):
                return web.json_response(shaper.full("".join(parts), self._stop_reason_text(event, common)))
            parts.append(event.text)
        return internal_error("generation ended without a result")

    async def _stream(
        self, request: web.Request, handle: RequestHandle, shaper: ResponseShaper, common: CommonParams
    ) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)

        async def send(payload: dict[str, Any] | str) -> None:
            data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
            await response.write(f"data: {data}\n\n".encode())

        if shaper.chat:
            await send(shaper.role_chunk())
        async for event in handle.events():
            if isinstance(event, ErrorEvent):
                # After a 200 stream has started, errors travel as an event (as vLLM does).
                await send(
                    {
                        "error": {
                            "message": event.message,
                            "type": "InternalServerError",
                            "param": None,
                            "code": 500,
                        }
                    }
                )
                break
            if isinstance(event, FinishEvent):
                await send(shaper.finish_chunk(self._stop_reason_text(event, common)))
                if common.include_usage:
                    await send(shaper.usage_chunk(event))
                break
            await send(shaper.text_chunk(event.text))
        await send("[DONE]")
        await response.write_eof()
        return response


def internal_error(message: str) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "InternalServerError", "param": None, "code": 500}}, status=500
    )


def create_app(engine: CpuEngine, api_key: str | None = None) -> web.Application:
    app = web.Application(middlewares=[errors_and_auth], client_max_size=8 * 1024 * 1024)
    app[ENGINE_KEY] = engine
    if api_key:
        app[API_KEY] = api_key
    endpoints = Endpoints(engine)
    app.router.add_get("/health", endpoints.health)
    app.router.add_get("/metrics", endpoints.metrics)
    app.router.add_get("/v1/models", endpoints.models)
    app.router.add_post("/v1/completions", endpoints.completions)
    app.router.add_post("/v1/chat/completions", endpoints.chat)
    return app


async def start_server(engine: CpuEngine, host: str, port: int, api_key: str | None) -> web.AppRunner:
    """Start serving; returns the runner (``runner.addresses`` holds the bound address)."""
    engine.start()
    # handler_cancellation: a client that disconnects cancels its handler, which cancels its generation.
    runner = web.AppRunner(create_app(engine, api_key), handler_cancellation=True, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def serve_forever(engine: CpuEngine, host: str, port: int, api_key: str | None) -> None:
    runner = await start_server(engine, host, port, api_key)
    bound = runner.addresses[0]
    log.info("serving %s on http://%s:%s", engine.served_model_name, bound[0], bound[1])
    print(
        f"sluice cpu runtime: serving {engine.served_model_name} on http://{bound[0]}:{bound[1]}", flush=True
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
    engine.stop()
