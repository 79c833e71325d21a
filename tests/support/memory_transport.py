"""An in-memory `UpstreamTransport`: scripted answers per replica, no sockets.

For unit tests of whatever sits above the transport (the router today, pipeline stages
later): each replica (base URL) has a queue of scripted outcomes; every call is recorded.
Failures are the same `APIError`s the real transports raise (gateway.routing.transport),
so retry and breaker logic sees exactly what it would in production.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from gateway.errors import APIError
from gateway.routing.transport import UpstreamReply, error_for_status, timed_out, unreachable
from gateway.settings import ModelSettings


@dataclass
class Scripted:
    """One answer: a body (or stream chunks), an HTTP error status, or a transport failure."""

    body: bytes = b'{"choices": []}'
    chunks: tuple[bytes, ...] = ()  # for streams; empty: `body` as one chunk
    status: int = 200  # non-200: error_for_status(status, body), as a real upstream answer would give
    fail: APIError | None = None  # raised before any byte (unreachable, timed out, ...)
    break_after: int | None = None  # stream: raise `fail` (default: connection failed) after this many chunks
    delay_s: float = 0.0


@dataclass
class Call:
    kind: str  # "post" | "stream"
    base_url: str
    path: str
    body: bytes
    headers: dict[str, str] | None


def refused() -> Scripted:
    return Scripted(fail=unreachable())


def hung() -> Scripted:
    return Scripted(fail=timed_out())


class MemoryStream:
    def __init__(self, answer: Scripted) -> None:
        self._answer = answer
        self.started = time.perf_counter()
        self.closed = False

    async def chunks(self) -> AsyncIterator[bytes]:
        pieces = self._answer.chunks or (self._answer.body,)
        for index, piece in enumerate(pieces):
            if self._answer.break_after is not None and index == self._answer.break_after:
                raise self._answer.fail or APIError(502, "The model runtime connection failed.",
                                                    type="server_error", code="upstream_error")
            await asyncio.sleep(0)
            yield piece

    def close(self) -> None:
        self.closed = True


@dataclass
class MemoryTransport:
    """`script(url, ...)` queues answers for the replica at `url`; an empty queue answers `Scripted()`."""

    scripts: dict[str, deque[Scripted]] = field(default_factory=lambda: defaultdict(deque))
    healthy: dict[str, bool] = field(default_factory=dict)  # replica root -> /health answer (default True)
    calls: list[Call] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    streams: list[MemoryStream] = field(default_factory=list)
    started: bool = False

    def script(self, base_url: str, *answers: Scripted) -> None:
        self.scripts[base_url].extend(answers)

    def served(self, base_url: str) -> int:
        return sum(1 for call in self.calls if call.base_url == base_url)

    async def start(self) -> None:
        self.started = True

    async def aclose(self) -> None:
        self.started = False

    async def _answer(self, kind: str, model: ModelSettings, path: str, body: bytes,
                      headers: dict[str, str] | None, base_url: str | None) -> Scripted:
        url = base_url or model.upstream
        self.calls.append(Call(kind, url, path, body, headers))
        queue = self.scripts[url]
        answer = queue.popleft() if queue else Scripted()
        if answer.delay_s:
            await asyncio.sleep(answer.delay_s)
        if answer.fail is not None and (kind == "post" or answer.break_after is None):
            raise answer.fail
        if answer.status != 200:
            raise error_for_status(answer.status, answer.body)
        return answer

    async def post(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                   *, base_url: str | None = None) -> UpstreamReply:
        answer = await self._answer("post", model, path, body, headers, base_url)
        return UpstreamReply(status=200, body=answer.body, elapsed_ms=answer.delay_s * 1000)

    async def stream(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None = None,
                     *, base_url: str | None = None) -> MemoryStream:
        stream = MemoryStream(await self._answer("stream", model, path, body, headers, base_url))
        self.streams.append(stream)
        return stream

    async def probe(self, root: str, timeout_s: float) -> bool:
        self.probes.append(root)
        await asyncio.sleep(0)
        return self.healthy.get(root, True)
