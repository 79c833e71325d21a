"""A small keep-alive HTTP/1.1 client for the non-streaming upstream call.

aiohttp's request machinery (request and response objects, header multidicts, timers,
payload writers) cost ~0.2 ms of CPU per call, about a fifth of the gateway's own
overhead. A non-streaming call needs far less: write one request, parse one response
with httptools (the C parser uvicorn uses), keep the connection for the next call.
Plain `http://` only; TLS upstreams and streams stay on aiohttp. `Http1Transport` is the
upstream transport (gateway.routing.transport) built on it.

Timeouts follow aiohttp's meaning: `connect_timeout_s` for the TCP connect,
`read_timeout_s` for each wait for data (a long generation may take longer in total).
A request on a reused connection that the server had closed while it was idle gets
one retry on a fresh connection, as long as no byte of a response came back.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import httptools

from gateway.routing.transport import (
    UpstreamReply,
    UpstreamStream,
    UpstreamTransport,
    connection_failed,
    error_for_status,
    request_headers,
    timed_out,
    unreachable,
)
from gateway.settings import ModelSettings


class UpstreamTimeout(Exception):
    """Connect or read timeout."""


class UpstreamConnectError(Exception):
    """The TCP connection could not be made."""


class UpstreamProtocolError(Exception):
    """The connection broke or the response was not valid HTTP."""


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes


class _Connection(asyncio.Protocol):
    """One TCP connection; one request at a time."""

    def __init__(self, loop: asyncio.AbstractEventLoop, key: tuple[str, int]) -> None:
        self.key = key
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._waiter: asyncio.Future[Reply] | None = None
        self._body: list[bytes] = []
        self._received = False  # any response byte for the current request
        self._headers_done = False
        self._delimited = False  # content-length or chunked: EOF is not the end of the body
        self._timer: asyncio.TimerHandle | None = None
        self._read_timeout_s = 0.0
        self.closed = False
        self.idle_since = time.monotonic()

    # -- asyncio.Protocol -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's transports do not subclass asyncio's

    def data_received(self, data: bytes) -> None:
        if self._waiter is None:  # unsolicited bytes on an idle connection: unusable
            self.close()
            return
        self._received = True
        self._arm_timer()
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamProtocolError(f"invalid HTTP response: {exc}"))
            self.close()

    def eof_received(self) -> bool:
        return False  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._cancel_timer()
        if self._waiter is not None and not self._waiter.done():
            if self._headers_done and not self._delimited:  # body delimited by EOF
                self._finish(keep_alive=False)
            else:
                self._fail(UpstreamProtocolError("connection closed before the response was complete"))

    # -- httptools callbacks --------------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        lowered = name.lower()
        if lowered == b"content-length" or (lowered == b"transfer-encoding" and b"chunked" in value.lower()):
            self._delimited = True

    def on_headers_complete(self) -> None:
        self._headers_done = True

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        self._finish(keep_alive=self._parser.should_keep_alive())

    # -- requests -------------------------------------------------------------------------------
    async def request(self, payload: bytes, read_timeout_s: float) -> Reply:
        assert self._transport is not None
        self._waiter = self._loop.create_future()
        self._body = []
        self._received = self._headers_done = self._delimited = False
        self._read_timeout_s = read_timeout_s
        self._arm_timer()
        self._transport.write(payload)
        try:
            return await self._waiter
        finally:
            self._waiter = None
            self._cancel_timer()

    @property
    def received_any(self) -> bool:
        return self._received

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.abort()

    def _finish(self, *, keep_alive: bool) -> None:
        status = self._parser.get_status_code()
        if not keep_alive:
            self.closed = True
            if self._transport is not None:
                self._transport.close()
        self.idle_since = time.monotonic()
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(Reply(status, b"".join(self._body)))
        self._parser = httptools.HttpResponseParser(self)  # fresh state for the next response

    def _fail(self, exc: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)

    def _arm_timer(self) -> None:
        self._cancel_timer()
        self._timer = self._loop.call_later(self._read_timeout_s, self._timed_out)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._fail(UpstreamTimeout("no data from the upstream within the read timeout"))
        self.close()


class Http1Client:
    """Keep-alive pool per (host, port); idle connections older than `max_idle_s` are dropped."""

    def __init__(self, *, max_idle_per_host: int = 64, max_idle_s: float = 4.0) -> None:
        self._idle: dict[tuple[str, int], list[_Connection]] = defaultdict(list)
        self._max_idle_per_host = max_idle_per_host
        self._max_idle_s = max_idle_s  # below uvicorn's (vLLM's) 5 s keep-alive, so it closes first rarely

    async def post(self, host: str, port: int, payload: bytes, *, connect_timeout_s: float,
                   read_timeout_s: float) -> Reply:
        """`payload`: the whole request (see `request_bytes`)."""
        key = (host, port)
        conn = self._take_idle(key)
        if conn is not None:
            try:
                return await self._send(conn, payload, read_timeout_s)
            except UpstreamProtocolError:
                if conn.received_any:
                    raise
                # The server closed the idle connection as we reused it: nothing was answered, go again.
        conn = await self._connect(key, connect_timeout_s)
        return await self._send(conn, payload, read_timeout_s)

    async def _send(self, conn: _Connection, payload: bytes, read_timeout_s: float) -> Reply:
        try:
            reply = await conn.request(payload, read_timeout_s)
        except BaseException:
            conn.close()
            raise
        if not conn.closed:
            idle = self._idle[conn.key]
            if len(idle) < self._max_idle_per_host:
                idle.append(conn)
            else:
                conn.close()
        return reply

    def _take_idle(self, key: tuple[str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            if not conn.closed and now - conn.idle_since < self._max_idle_s:
                return conn
            conn.close()
        return None

    async def _connect(self, key: tuple[str, int], timeout_s: float) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(lambda: _Connection(loop, key), key[0], key[1]), timeout_s)
        except TimeoutError as exc:
            raise UpstreamTimeout("connect timeout") from exc
        except OSError as exc:
            raise UpstreamConnectError(str(exc)) from exc
        return conn

    def close(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


def request_bytes(host_header: str, path: str, headers: dict[str, str], body: bytes) -> bytes:
    """An HTTP/1.1 POST; refuses header names or values that could split the request."""
    lines = [f"POST {path} HTTP/1.1", f"host: {host_header}", f"content-length: {len(body)}"]
    for name, value in headers.items():
        if "\r" in value or "\n" in value or "\r" in name or "\n" in name or ":" in name:
            raise ValueError(f"invalid header {name!r}")
        if name.lower() not in ("host", "content-length", "transfer-encoding", "connection"):
            lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@functools.lru_cache(maxsize=256)
def _plain_http(base_url: str) -> tuple[str, int, str, str] | None:
    """(host, port, Host header, base path) for an `http://` URL; None for anything else (TLS...)."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname or parts.username or parts.password:
        return None
    port = parts.port or 80
    return parts.hostname, port, parts.netloc, parts.path.rstrip("/")


class Http1Transport:
    """Non-streaming `http://` calls over `Http1Client`; streams, TLS, health checks and headers
    http1 will not send go to `fallback` (the aiohttp transport in production)."""

    def __init__(self, fallback: UpstreamTransport) -> None:
        self._fallback = fallback
        self._http1 = Http1Client()

    async def start(self) -> None:
        await self._fallback.start()

    async def aclose(self) -> None:
        self._http1.close()
        await self._fallback.aclose()

    async def post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                   *, base_url: str | None = None) -> UpstreamReply:
        started = time.perf_counter()
        target = _plain_http(base_url or model.upstream)
        if target is not None:
            try:
                payload = request_bytes(target[2], target[3] + path, request_headers(model, headers), body)
            except (ValueError, UnicodeEncodeError):
                payload = None  # a header http1 will not send: let the fallback take (or refuse) it
            if payload is not None:
                reply = await self._send(model, target, payload)
                elapsed = (time.perf_counter() - started) * 1000
                if reply.status != 200:
                    raise error_for_status(reply.status, reply.body)
                return UpstreamReply(status=reply.status, body=reply.body, elapsed_ms=elapsed)
        return await self._fallback.post(model, path, body, headers, base_url=base_url)

    async def _send(self, model: ModelSettings, target: tuple[str, int, str, str], payload: bytes) -> Reply:
        try:
            return await self._http1.post(target[0], target[1], payload, connect_timeout_s=model.connect_timeout_s,
                                          read_timeout_s=model.read_timeout_s)
        except UpstreamTimeout as exc:
            raise timed_out() from exc
        except UpstreamConnectError as exc:
            raise unreachable() from exc
        except UpstreamProtocolError as exc:
            raise connection_failed(exc) from exc

    async def stream(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                     *, base_url: str | None = None) -> UpstreamStream:
        return await self._fallback.stream(model, path, body, headers, base_url=base_url)

    async def probe(self, root: str, timeout_s: float) -> bool:
        return await self._fallback.probe(root, timeout_s)
