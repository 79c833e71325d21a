"""The upstream seam: how the router reaches one replica of an OpenAI-compatible runtime.

`ReplicaRouter` decides *which* replica; an `UpstreamTransport` carries one call to it.
Implementations: `upstream.AiohttpTransport` (everything over one pooled aiohttp session),
`http1.Http1Transport` (non-streaming `http://` calls over the small keep-alive client,
the rest handed to another transport) and, for tests, an in-memory scripted transport
(tests/support/memory_transport.py). `upstream.UpstreamClient` is the production pairing.

Every transport reports failures the same way: an `APIError` whose code says whether the
replica is to blame (`REPLICA_FAILURES` in replicas.py) or the request was refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

import msgspec

from gateway.errors import APIError, upstream_error
from gateway.settings import ModelSettings


@dataclass(slots=True)
class UpstreamReply:
    status: int
    body: bytes
    elapsed_ms: float


class UpstreamStream(Protocol):
    """An open streaming response: iterate raw byte chunks, always `close()`."""

    started: float  # time.perf_counter() when the call began

    def chunks(self) -> AsyncIterator[bytes]: ...

    def close(self) -> None: ...


class UpstreamTransport(Protocol):
    async def start(self) -> None: ...

    async def aclose(self) -> None: ...

    async def post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                   *, base_url: str | None = None) -> UpstreamReply:
        """One non-streaming call to `base_url + path` (default base: `model.upstream`); non-200 raises."""
        ...

    async def stream(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                     *, base_url: str | None = None) -> UpstreamStream:
        """Open a streaming call; a non-200 answer raises before any chunk."""
        ...

    async def probe(self, root: str, timeout_s: float) -> bool:
        """Health: `GET root/health` answers below 500 (a server without the route still counts as up)."""
        ...


def request_headers(model: ModelSettings, extra: dict[str, str] | None) -> dict[str, str]:
    headers = {"content-type": "application/json"}
    key = model.upstream_api_key()
    if key:
        headers["authorization"] = f"Bearer {key}"
    if extra:
        headers.update(extra)
    return headers


def timed_out() -> APIError:
    return upstream_error(504, "The model runtime did not answer in time.", "upstream_timeout")


def stream_timed_out() -> APIError:
    return upstream_error(504, "The model runtime stopped sending data (read timeout).", "upstream_timeout")


def unreachable() -> APIError:
    return upstream_error(502, "The model runtime is unreachable.", "upstream_unreachable")


def connection_failed(exc: BaseException) -> APIError:
    message = f"The model runtime connection failed: {type(exc).__name__}."
    return upstream_error(502, message, "upstream_error")


def error_for_status(status: int, body: bytes) -> APIError:
    """The client-facing error for a non-200 upstream answer (its body only adds detail)."""
    detail = ""
    try:
        parsed = msgspec.json.decode(body)
        if isinstance(parsed, dict):
            err = parsed.get("error", parsed)
            detail = str(err.get("message", "")) if isinstance(err, dict) else str(err)
    except Exception:  # the upstream's error body is informative only
        detail = ""
    if 400 <= status < 500 and status not in (401, 403, 404, 429):
        # The runtime rejected the request itself (e.g. prompt longer than the context).
        return APIError(400, detail or "The model runtime rejected the request.", code="upstream_rejected")
    if status == 503:
        return upstream_error(503, "The model runtime is unavailable.", "upstream_unavailable")
    # 401/403/404 from the runtime are configuration errors on our side, not the client's.
    return upstream_error(502, f"The model runtime answered HTTP {status}.", "upstream_error")
