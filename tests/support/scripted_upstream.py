"""A scripted OpenAI-compatible upstream: real HTTP, deterministic content.

It stands in for vLLM's server in tests and benchmarks: same endpoints, same
response and SSE chunk shapes (including `stream_options.include_usage` and
vLLM's `data: {"error": ...}` mid-stream failures), with replies queued by the
test through `POST /_script`. Run: `python -m tests.support.scripted_upstream --port 8001`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Reply:
    content: str | None = None  # None: echo the prompt
    status: int = 200  # non-200: answer an error body with this status
    chunks: int | None = None  # streamed pieces (default: one per word)
    delay_s: float = 0.0  # before the response starts
    chunk_delay_s: float = 0.0  # between streamed chunks
    error_after: int | None = None  # stream: send `data: {"error"}` after this many chunks
    drop_after: int | None = None  # stream: close the connection after this many chunks
    hang: bool = False  # never answer
    finish_reason: str = "stop"
    raw_body: str | None = None  # base64: sent as the whole body, as is (hostile-upstream tests)


@dataclass
class UpstreamState:
    script: deque[Reply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    served_models: tuple[str, ...] = ("scripted-model",)
    api_key: str | None = None
    cancelled: int = 0  # streams whose client went away before the end

    def next_reply(self) -> Reply:
        return self.script.popleft() if self.script else Reply()


def _prompt_text(body: dict[str, Any]) -> str:
    if "messages" in body:
        last = body["messages"][-1].get("content", "") if body["messages"] else ""
        return last if isinstance(last, str) else " ".join(p.get("text", "") for p in last)
    prompt = body.get("prompt", "")
    return prompt if isinstance(prompt, str) else " ".join(map(str, prompt))


def _split(content: str, pieces: int | None) -> list[str]:
    if pieces is None:
        words = content.split(" ")
        return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
    pieces = max(1, pieces)
    size = max(1, -(-len(content) // pieces))
    return [content[i : i + size] for i in range(0, len(content), size)] or [""]


async def _send_raw(request: web.Request, reply: Reply, stream: bool) -> web.StreamResponse:
    """Arbitrary bytes (invalid UTF-8, NULs, broken JSON) under the right content type."""
    raw = base64.b64decode(reply.raw_body or "")
    content_type = "text/event-stream" if stream else "application/json"
    response = web.StreamResponse(status=reply.status, headers={"content-type": content_type})
    await response.prepare(request)
    await response.write(raw)
    await response.write_eof()
    return response


def build_app(state: UpstreamState) -> web.Application:
    async def completion(request: web.Request) -> web.StreamResponse:
        if state.api_key and request.headers.get("authorization") != f"Bearer {state.api_key}":
            return web.json_response({"error": {"message": "bad key", "type": "auth", "code": 401}}, status=401)
        body = await request.json()
        state.requests.append({"path": request.path, "body": body, "headers": dict(request.headers)})
        reply = state.next_reply()
        if reply.hang:
            await asyncio.sleep(3600)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.raw_body is not None:
            return await _send_raw(request, reply, bool(body.get("stream")))
        if reply.status != 200:
            message = f"scripted failure {reply.status}"
            err = {"error": {"message": message, "type": "BadRequestError", "code": reply.status}}
            return web.json_response(err, status=reply.status)
        chat = request.path.endswith("/chat/completions")
        prompt = _prompt_text(body)
        content = reply.content if reply.content is not None else f"Echo: {prompt}"
        model = body.get("model", state.served_models[0])
        created = int(time.time())
        rid = f"cmpl-{len(state.requests)}"
        usage = {"prompt_tokens": len(prompt.split()), "completion_tokens": len(content.split()),
                 "total_tokens": len(prompt.split()) + len(content.split())}
        if not body.get("stream"):
            if chat:
                choice: dict[str, Any] = {"index": 0, "message": {"role": "assistant", "content": content},
                                          "logprobs": None, "finish_reason": reply.finish_reason}
                obj = "chat.completion"
            else:
                choice = {"index": 0, "text": content, "logprobs": None, "finish_reason": reply.finish_reason}
                obj = "text_completion"
            return web.json_response({"id": rid, "object": obj, "created": created, "model": model,
                                      "choices": [choice], "usage": usage})

        response = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await response.prepare(request)
        obj = "chat.completion.chunk" if chat else "text_completion"

        def chunk(choices: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> bytes:
            data = {"id": rid, "object": obj, "created": created, "model": model, "choices": choices}
            if extra:
                data.update(extra)
            return b"data: " + json.dumps(data, separators=(",", ":")).encode() + b"\n\n"

        try:
            if chat:
                await response.write(chunk([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                             "logprobs": None, "finish_reason": None}]))
            pieces = _split(content, reply.chunks)
            for i, piece in enumerate(pieces):
                if reply.error_after is not None and i == reply.error_after:
                    err = {"error": {"message": "scripted engine failure", "type": "InternalServerError", "code": 500}}
                    await response.write(b"data: " + json.dumps(err).encode() + b"\n\n")
                    return response
                if reply.drop_after is not None and i == reply.drop_after:
                    assert request.transport is not None
                    request.transport.close()
                    return response
                if reply.chunk_delay_s:
                    await asyncio.sleep(reply.chunk_delay_s)
                last = i == len(pieces) - 1
                finish = reply.finish_reason if last else None
                if chat:
                    choice = {"index": 0, "delta": {"content": piece}, "logprobs": None, "finish_reason": finish}
                else:
                    choice = {"index": 0, "text": piece, "logprobs": None, "finish_reason": finish}
                await response.write(chunk([choice]))
            if (body.get("stream_options") or {}).get("include_usage"):
                await response.write(chunk([], {"usage": usage}))
            await response.write(b"data: [DONE]\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            state.cancelled += 1
            raise
        return response

    async def models(request: web.Request) -> web.Response:
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "scripted", "max_model_len": 4096}
                for m in state.served_models]
        return web.json_response({"object": "list", "data": data})

    async def health(request: web.Request) -> web.Response:
        return web.Response(status=200)

    async def script(request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("reset"):
            state.script.clear()
            state.requests.clear()
            state.cancelled = 0
        for item in body.get("replies", []):
            state.script.append(Reply(**item))
        return web.json_response({"queued": len(state.script)})

    async def requests_log(request: web.Request) -> web.Response:
        return web.json_response({"requests": state.requests, "cancelled": state.cancelled})

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_post("/v1/chat/completions", completion)
    app.router.add_post("/v1/completions", completion)
    app.router.add_get("/v1/models", models)
    app.router.add_get("/health", health)
    app.router.add_post("/_script", script)
    app.router.add_get("/_requests", requests_log)
    return app


class ScriptedUpstream:
    """Runs the server on its own event loop in a background thread (for tests)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = UpstreamState()
        self._host = host
        self._port = port
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="scripted-upstream")
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/v1"

    def start(self) -> ScriptedUpstream:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        self._runner = web.AppRunner(build_app(self.state), access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    def script(self, *replies: Reply, reset: bool = True) -> None:
        def apply() -> None:
            if reset:
                self.state.script.clear()
                self.state.requests.clear()
                self.state.cancelled = 0
            self.state.script.extend(replies)

        self._loop.call_soon_threadsafe(apply)
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), self._loop).result(5)

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(self._runner), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    @staticmethod
    async def _shutdown(runner: web.AppRunner) -> None:
        await runner.cleanup()
        # Handlers still running (a scripted hang, a client that never read) end here, cancelled,
        # rather than being destroyed pending when the loop stops.
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--model", action="append", default=None, help="served model name(s)")
    args = parser.parse_args()
    state = UpstreamState()
    if args.model:
        state.served_models = tuple(args.model)
    web.run_app(build_app(state), host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
