"""The one reader of an upstream event stream, for every streaming mode.

It parses the server-sent events, turns the runtime's in-band `data: {"error"}` into an
`APIError` that keeps the runtime's message, requires `data: [DONE]` (a stream that just stops
is a cut answer, never a complete one), and notes what the record needs: usage, finish reason,
time to first token.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from gateway.api.sse import DONE, SSEParser
from gateway.api.views import ResponseView, Usage
from gateway.errors import APIError, upstream_invalid_response
from gateway.routing.replicas import RoutedStream
from gateway.telemetry import StageSpan

# How much of the runtime's own error message a client and the record get.
_MESSAGE_CHARS = 300


class StreamEvent(ResponseView):
    """One event as the stream needs it: the view, and the chunk id and creation time that the
    gateway's own chunks keep. One typed decode (unknown fields skipped): a stream has an event a
    token, and a second, generic decode of each cost more than the rest of its handling."""

    id: Any = None
    created: Any = None


_event_decoder = msgspec.json.Decoder(StreamEvent)


def decode_event(payload: bytes) -> StreamEvent:
    """A stream event; a malformed one is a 502 (as `decode_upstream`: invalid UTF-8 too)."""
    try:
        return _event_decoder.decode(payload)
    except (msgspec.MsgspecError, UnicodeDecodeError):
        raise upstream_invalid_response() from None


Event = tuple[bytes, StreamEvent]  # the payload as sent, and its decoded view


class UpstreamReader:
    def __init__(self, upstream: RoutedStream, call: StageSpan) -> None:
        self._upstream = upstream
        self._call = call
        self.usage: dict[str, Any] | None = None  # the upstream's usage object, as sent
        self.tokens: Usage | None = None
        self.finish_reason: str | None = None
        self.ttft_ms: float | None = None

    async def events(self) -> AsyncIterator[Event]:
        """Each event up to `[DONE]` as (payload, decoded event)."""
        async for batch in self.batches():
            for event in batch:
                yield event

    async def batches(self) -> AsyncIterator[list[Event]]:
        """The events up to `[DONE]`, as they arrived: those of one read of the upstream together.

        An upstream ahead of the client (a fast model, a burst after a pause) delivers many events
        per read; a stream that handles them together writes to its client once, not once an event.
        An in-band error or the end of the stream comes after the events before it.
        """
        parser = SSEParser()
        async for raw_chunk in self._upstream.chunks():
            batch: list[Event] = []
            for payload in parser.feed(raw_chunk):
                if payload == DONE:
                    if batch:
                        yield batch
                    return
                view = decode_event(payload)
                if view.error is not None:
                    if batch:
                        yield batch
                    message = str(view.error.get("message") if isinstance(view.error, dict) else view.error)
                    raise APIError(502, f"The model runtime failed mid-stream: {message[:_MESSAGE_CHARS]}",
                                   type="upstream_error", code="upstream_error")
                if view.usage is not None:
                    self.usage = msgspec.json.decode(payload).get("usage")  # as sent (once a stream)
                    self.tokens = view.usage
                if view.choices:
                    if self.ttft_ms is None:
                        self.ttft_ms = (time.perf_counter() - self._upstream.started) * 1000
                        self._call.first_token()
                    self.finish_reason = view.choices[0].finish_reason or self.finish_reason
                batch.append((payload, view))
            if batch:
                yield batch
        raise APIError(502, "The model runtime closed the stream before [DONE].", type="upstream_error",
                       code="upstream_incomplete")

    def close(self) -> None:
        self._upstream.close()
        self._call.end()
