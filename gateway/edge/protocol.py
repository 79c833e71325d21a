"""The HTTP/1.1 connection guard: size limits and slow-client deadlines below the application.

uvicorn's httptools protocol buffers a header until it is complete and waits for the rest
of a request for as long as the client keeps the socket open: a 100 MB header was answered
200 after growing the process by 100 MB, and a client sending partial headers held its
connection for minutes. This subclass keeps uvicorn's parsing and ASGI cycle and adds:

- request line, one header line and the whole head bounded (414 / 431, then close), counted
  as the bytes arrive, so at most one read's worth past the limit is ever buffered;
- a deadline for the head (from connect, or from the first byte of a keep-alive request)
  and one for the body (from the end of the head): 408 and close when either passes;
- the keep-alive idle timeout from `server.idle_timeout_s` (float seconds);
- a request whose declared body is over `max_body_bytes` gets the application's 413 and
  the connection is then closed, instead of draining the rest of the body;
- a response's head waits for its body when the body follows in the same turn of the event
  loop (every non-streamed answer): one write, so the client is woken once, not twice
  (`HeadWithBody`; on a loopback connection a write that wakes the reader costs ~0.1 ms).

These refusals happen before the application sees a request, so they carry no audit
record (as uvicorn's own 400 for a malformed request); each is logged with the peer.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from gateway.settings import ServerSettings

log = logging.getLogger("sluice.server")

# Per header line on the wire: ": " and CRLF around the name and value.
_HEADER_OVERHEAD = 4
# After a refusal the client may still be sending. Closing with unread input makes the kernel
# send a reset, which can destroy the refusal before the client reads it; so the write side
# is shut and input discarded for a moment (nginx's "lingering close"), bounded in time and bytes.
LINGER_S = 1.0
LINGER_BYTES = 256 * 1024


class HeadWithBody:
    """The transport a request's response is written through: its first write (the status line
    and headers) is held until the next write (the body) or the end of the current loop turn,
    whichever comes first, and then goes out with it in one write.

    Everything else is the connection's transport. A streamed response whose first chunk is
    not ready in the same turn gets its head at the end of the turn, as before.
    """

    __slots__ = ("_flush_handle", "_head", "_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._head: bytes | None = None
        self._held = False  # a response has one head: only the first write waits
        self._flush_handle: asyncio.Handle | None = None

    def write(self, data: bytes) -> None:
        if self._head is not None:
            data = self._head + data
            self._head = None
            if self._flush_handle is not None:
                self._flush_handle.cancel()
                self._flush_handle = None
            self._transport.write(data)
        elif not self._held and not self._transport.is_closing():
            self._held = True
            self._head = data  # the response head: wait a moment for the body
            self._flush_handle = self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        """Write a held head now (end of the loop turn, or before the connection closes)."""
        self._flush_handle = None
        head, self._head = self._head, None
        if head is not None and not self._transport.is_closing():
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def discard(self) -> None:
        """Drop a held head: the connection answers with a refusal of its own instead."""
        self._head = None
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _Refused(Exception):
    """Raised from a parser callback to stop parsing; the refusal itself is on the protocol."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of `ServerSettings` (see the module doc)."""

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        limits = getattr(config, "server_settings", None)
        self.limits: ServerSettings = limits if isinstance(limits, ServerSettings) else ServerSettings()
        self.timeout_keep_alive = self.limits.idle_timeout_s  # type: ignore[assignment]  # float is fine
        self._awaiting_head = True  # no request in progress, or its head is incomplete
        self._head_bytes = 0  # bytes received while awaiting the head (an upper bound of its size)
        self._deadline: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str] | None = None
        self._linger_budget = LINGER_BYTES

    # -- connection lifecycle -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # A connection that never sends a byte is cut after the header deadline, too.
        self._arm(self.limits.header_timeout_s, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        if self._refusal is not None:  # lingering after a refusal: discard, within the budget
            self._linger_budget -= len(data)
            if self._linger_budget <= 0:
                self.transport.close()
            return
        if self._awaiting_head:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if self._refusal is not None:
                self._refuse(*self._refusal)
            else:
                log.warning("invalid HTTP request from %s", self._peer())
                self.send_400_response("Invalid HTTP request received.")
            return
        # The head is still incomplete: refuse before the parser buffers any more of it.
        if self._awaiting_head and self._head_bytes > self.limits.max_header_bytes:
            self._refuse(431, "Request Header Fields Too Large")

    # -- parser callbacks ---------------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:  # a keep-alive request: its head deadline starts now
            self._arm(self.limits.header_timeout_s, self._head_timed_out)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.max_request_line_bytes:
            self._stop(414, "URI Too Long")

    def on_header(self, name: bytes, value: bytes) -> None:
        if len(name) + len(value) + _HEADER_OVERHEAD > self.limits.max_header_line_bytes:
            self._stop(431, "Request Header Fields Too Large")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        head = len(self.url) + sum(len(n) + len(v) + _HEADER_OVERHEAD for n, v in self.headers)
        if head > self.limits.max_header_bytes:
            self._stop(431, "Request Header Fields Too Large")
        self._awaiting_head = False
        self._head_bytes = 0
        self._disarm()
        super().on_headers_complete()
        if self.cycle is None or self.cycle.scope is not self.scope:
            return  # a WebSocket upgrade: not ours to time
        # Its task is created but has not run: no write went through the connection's transport yet.
        self.cycle.transport = HeadWithBody(self.transport, self.loop)  # type: ignore[assignment]
        if self.cycle.more_body:
            self._arm(self.limits.body_timeout_s, self._body_timed_out)
        declared = _content_length(self.headers)
        if declared is not None and declared > self.limits.max_body_bytes:
            # The application answers 413 without reading the body; the rest of it must not
            # be drained (or parsed as the next request): close after that answer.
            self.cycle.keep_alive = False

    def on_message_complete(self) -> None:
        self._disarm()
        self._awaiting_head = True
        super().on_message_complete()

    # -- deadlines and refusals -----------------------------------------------------------------
    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._head_bytes == 0 and (self.cycle is None or self.cycle.response_complete):
            self.transport.close()  # nothing was asked: close quietly, like an idle keep-alive
            return
        self._refuse(408, "Request Timeout")

    def _body_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started:
            log.warning("request body from %s not received within %ss; closing", self._peer(),
                        self.limits.body_timeout_s)
            self.transport.close()
            return
        self._refuse(408, "Request Timeout")

    def _stop(self, status: int, reason: str) -> None:
        self._refusal = (status, reason)
        raise _Refused(reason)

    def _refuse(self, status: int, reason: str) -> None:
        """Answer `status` and close; the application (if it started) sees a disconnect."""
        self._refusal = (status, reason)
        self._disarm()
        log.warning("refused a request from %s: %d %s", self._peer(), status, reason)
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # its late writes are dropped, its receive() ends
            if isinstance(cycle.transport, HeadWithBody):
                cycle.transport.discard()
            cycle.message_event.set()
        if not self.transport.is_closing():
            body = reason.encode("ascii")
            self.transport.write(b"".join([
                STATUS_LINE[status],
                *(name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers),
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n\r\n",
                body,
            ]))
            if self.transport.can_write_eof():
                self.transport.write_eof()
                self.loop.call_later(LINGER_S, self.transport.close)
            else:
                self.transport.close()

    def _peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "unknown peer"


def _content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
