"""aiohttp transport for OpenAI-compatible upstreams (vLLM's server, the CPU runtime).

`AiohttpTransport` carries every kind of call (streams, TLS, health) over one pooled
session. `UpstreamClient`, the transport the gateway runs with, sends non-streaming
`http://` calls through the cheaper keep-alive client (`http1.Http1Transport`) and the
rest here. Connect and read timeouts per model; every transport failure becomes an
OpenAI-style 502/503/504 (see `transport`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp

from gateway.routing.http1 import Http1Transport
from gateway.routing.transport import (
    UpstreamReply,
    connection_failed,
    error_for_status,
    request_headers,
    stream_timed_out,
    timed_out,
    unreachable,
)
from gateway.settings import ModelSettings


class AiohttpStream:
    """An open streaming response; iterate raw byte chunks, always `close()`."""

    def __init__(self, response: aiohttp.ClientResponse, started: float) -> None:
        self._response = response
        self.started = started

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise stream_timed_out() from exc
        except aiohttp.ClientError as exc:
            raise connection_failed(exc) from exc

    def close(self) -> None:
        # Closing (not releasing) drops the connection, which cancels generation in vLLM.
        self._response.close()


async def health_ok(session: aiohttp.ClientSession, root: str, timeout_s: float) -> bool:
    """`GET /health` at the replica root: vLLM answers 200, or 503 when its engine is dead.

    Any answer below 500 counts as up, so an OpenAI-compatible server without a /health
    route (404) is not ejected; refused connections, timeouts and 5xx count as down."""
    try:
        async with session.get(root + "/health", timeout=aiohttp.ClientTimeout(total=timeout_s)) as response:
            return response.status < 500
    except (TimeoutError, aiohttp.ClientError):
        return False


class AiohttpTransport:
    def __init__(self, *, pool_size: int = 256) -> None:
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=False,
                                                  skip_auto_headers=("User-Agent",))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _send(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None,
                    base_url: str | None) -> aiohttp.ClientResponse:
        assert self._session is not None, "AiohttpTransport.start() not called"
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=model.connect_timeout_s,
                                        sock_read=model.read_timeout_s)
        try:
            url = (base_url or model.upstream) + path
            return await self._session.post(url, data=body, headers=request_headers(model, headers),
                                            timeout=timeout)
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise timed_out() from exc
        except aiohttp.ClientConnectorError as exc:
            raise unreachable() from exc
        except aiohttp.ClientError as exc:
            raise connection_failed(exc) from exc

    async def post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                   *, base_url: str | None = None) -> UpstreamReply:
        started = time.perf_counter()
        response = await self._send(model, path, body, headers, base_url)
        try:
            data = await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise timed_out() from exc
        except aiohttp.ClientError as exc:
            raise connection_failed(exc) from exc
        finally:
            response.release()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise error_for_status(response.status, data)
        return UpstreamReply(status=response.status, body=data, elapsed_ms=elapsed)

    async def stream(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                     *, base_url: str | None = None) -> AiohttpStream:
        started = time.perf_counter()
        response = await self._send(model, path, body, headers, base_url)
        if response.status != 200:
            try:
                data = await asyncio.wait_for(response.read(), timeout=model.read_timeout_s)
            except (TimeoutError, aiohttp.ClientError):
                data = b""
            finally:
                response.close()
            raise error_for_status(response.status, data)
        return AiohttpStream(response, started)

    async def probe(self, root: str, timeout_s: float) -> bool:
        assert self._session is not None, "AiohttpTransport.start() not called"
        return await health_ok(self._session, root, timeout_s)


class UpstreamClient(Http1Transport):
    """The gateway's transport: http1 for plain non-streaming calls, aiohttp for the rest."""

    def __init__(self, *, pool_size: int = 256) -> None:
        super().__init__(AiohttpTransport(pool_size=pool_size))

