"""HTTP client for OpenAI-compatible upstreams (vLLM's server, the CPU runtime).

Non-streaming calls to `http://` upstreams go through a small keep-alive HTTP/1.1
client (`http1`); streams and TLS upstreams through one pooled aiohttp session.
Connect and read timeouts per model; every transport failure becomes an OpenAI-style
502/503/504.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

from gateway.errors import APIError, upstream_error
from gateway.routing.http1 import (
    Http1Client,
    Reply,
    UpstreamConnectError,
    UpstreamProtocolError,
    UpstreamTimeout,
    request_bytes,
)
from gateway.settings import ModelSettings


@dataclass(slots=True)
class UpstreamReply:
    status: int
    body: bytes
    elapsed_ms: float


class UpstreamStream:
    """An open streaming response; iterate raw byte chunks, always `close()`."""

    def __init__(self, response: aiohttp.ClientResponse, started: float) -> None:
        self._response = response
        self.started = started

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise upstream_error(504, "The model runtime stopped sending data (read timeout).",
                                 "upstream_timeout") from exc
        except aiohttp.ClientError as exc:
            raise _connection_failed(exc) from exc

    def close(self) -> None:
        # Closing (not releasing) drops the connection, which cancels generation in vLLM.
        self._response.close()


def _timed_out() -> APIError:
    return upstream_error(504, "The model runtime did not answer in time.", "upstream_timeout")


def _connection_failed(exc: BaseException) -> APIError:
    message = f"The model runtime connection failed: {type(exc).__name__}."
    return upstream_error(502, message, "upstream_error")


def _translate_error_status(status: int, body: bytes) -> APIError:
    detail = ""
    try:
        import msgspec

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


@functools.lru_cache(maxsize=256)
def _plain_http(base_url: str) -> tuple[str, int, str, str] | None:
    """(host, port, Host header, base path) for an `http://` URL; None for anything else (TLS...)."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname or parts.username or parts.password:
        return None
    port = parts.port or 80
    return parts.hostname, port, parts.netloc, parts.path.rstrip("/")


class UpstreamClient:
    def __init__(self, *, pool_size: int = 256) -> None:
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None
        self._http1 = Http1Client()

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=False,
                                                  skip_auto_headers=("User-Agent",))

    async def aclose(self) -> None:
        self._http1.close()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _headers(self, model: ModelSettings, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"content-type": "application/json"}
        key = model.upstream_api_key()
        if key:
            headers["authorization"] = f"Bearer {key}"
        if extra:
            headers.update(extra)
        return headers

    async def _post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None,
                    base_url: str | None = None) -> aiohttp.ClientResponse:
        assert self._session is not None, "UpstreamClient.start() not called"
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=model.connect_timeout_s,
                                        sock_read=model.read_timeout_s)
        try:
            url = (base_url or model.upstream) + path
            return await self._session.post(url, data=body, headers=self._headers(model, headers),
                                            timeout=timeout)
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise _timed_out() from exc
        except aiohttp.ClientConnectorError as exc:
            raise upstream_error(502, "The model runtime is unreachable.", "upstream_unreachable") from exc
        except aiohttp.ClientError as exc:
            raise _connection_failed(exc) from exc

    async def post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                   *, base_url: str | None = None) -> UpstreamReply:
        """`base_url`: a replica of the model's deployment (default: `model.upstream`)."""
        started = time.perf_counter()
        target = _plain_http(base_url or model.upstream)
        if target is not None:
            try:
                payload = request_bytes(target[2], target[3] + path, self._headers(model, headers), body)
            except (ValueError, UnicodeEncodeError):
                payload = None  # a header http1 will not send: let aiohttp take (or refuse) it
            if payload is not None:
                reply = await self._post_http1(model, target, payload)
                elapsed = (time.perf_counter() - started) * 1000
                if reply.status != 200:
                    raise _translate_error_status(reply.status, reply.body)
                return UpstreamReply(status=reply.status, body=reply.body, elapsed_ms=elapsed)
        response = await self._post(model, path, body, headers, base_url)
        try:
            data = await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise _timed_out() from exc
        except aiohttp.ClientError as exc:
            raise _connection_failed(exc) from exc
        finally:
            response.release()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise _translate_error_status(response.status, data)
        return UpstreamReply(status=response.status, body=data, elapsed_ms=elapsed)

    async def _post_http1(self, model: ModelSettings, target: tuple[str, int, str, str], payload: bytes) -> Reply:
        try:
            return await self._http1.post(target[0], target[1], payload, connect_timeout_s=model.connect_timeout_s,
                                          read_timeout_s=model.read_timeout_s)
        except UpstreamTimeout as exc:
            raise _timed_out() from exc
        except UpstreamConnectError as exc:
            raise upstream_error(502, "The model runtime is unreachable.", "upstream_unreachable") from exc
        except UpstreamProtocolError as exc:
            raise _connection_failed(exc) from exc

    async def open_stream(self, model: ModelSettings, path: str, body: bytes,
                          headers: dict[str, str] | None = None, *, base_url: str | None = None,
                          ) -> UpstreamStream:
        started = time.perf_counter()
        response = await self._post(model, path, body, headers, base_url)
        if response.status != 200:
            try:
                data = await asyncio.wait_for(response.read(), timeout=model.read_timeout_s)
            except (TimeoutError, aiohttp.ClientError):
                data = b""
            finally:
                response.close()
            raise _translate_error_status(response.status, data)
        return UpstreamStream(response, started)

    async def probe(self, model: ModelSettings, timeout_s: float = 2.0) -> bool:
        """Readiness: the runtime answers `GET /models`."""
        assert self._session is not None
        try:
            async with self._session.get(
                model.upstream + "/models",
                headers=self._headers(model, None),
                timeout=aiohttp.ClientTimeout(total=timeout_s),
            ) as response:
                return response.status == 200
        except (TimeoutError, aiohttp.ClientError):
            return False
