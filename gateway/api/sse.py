"""Server-sent events: incremental parsing of an upstream stream, encoding for clients."""

from __future__ import annotations

DONE = b"[DONE]"


class SSEParser:
    """Feed raw bytes, get complete `data:` payloads. Tolerates CRLF and split chunks.

    Multi-line `data:` fields are joined with newlines (per the SSE spec); comments
    and other fields (`event:`, `id:`, `retry:`) are ignored, as OpenAI clients do.
    """

    __slots__ = ("_buffer", "_data")

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[bytes]:
        events: list[bytes] = []
        # One split per read (a fast upstream sends a whole answer in one): cutting lines off the
        # front of the buffer one at a time copied the rest of the read for each line.
        lines = (self._buffer + chunk if self._buffer else chunk).split(b"\n")
        self._buffer = lines.pop()  # the unfinished last line
        for line in lines:
            if line.endswith(b"\r"):
                line = line[:-1]
            if not line:
                if self._data:
                    events.append(self._data[0] if len(self._data) == 1 else b"\n".join(self._data))
                    self._data = []
                continue
            if line.startswith(b"data:"):
                value = line[5:]
                self._data.append(value[1:] if value.startswith(b" ") else value)
        return events

    def close(self) -> list[bytes]:
        """End of stream: a final event without its blank line still counts."""
        events = self.feed(b"\n\n") if self._buffer or self._data else []
        self._buffer = b""
        return events


def encode_event(payload: bytes) -> bytes:
    return b"data: " + payload + b"\n\n"


DONE_EVENT = encode_event(DONE)
