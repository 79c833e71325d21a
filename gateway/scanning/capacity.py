"""Scanning capacity: bounded queues in front of the engines, and an honest answer when they are full.

A scan that cannot start soon is not a scan that failed. Before this module, a snippet queued
behind hundreds of others at a semgrep server ran out of its 2 s budget and became a
`scan_incomplete` finding, which the default policy turns into a policy block: a harmless
`def add(a, b)` reported as a violation. Now every snippet takes a slot first (a bounded number
at once, a bounded number waiting, each for a bounded time); past those bounds the engine raises
`ScanOverloaded`, which the request path answers as a retryable 503 `overloaded` with
`Retry-After` (or a retryable stream error event), and the scanner timeouts only ever measure
the scan itself, never the queue in front of it. `scan_incomplete` is left to real failures.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator
from typing import Protocol

from gateway.errors import APIError

OVERLOADED_CODE = "overloaded"
_OVERLOADED_MESSAGE = "The gateway is at its code-scanning capacity; retry the request shortly."


class ScanOverloaded(APIError):
    """Scanning capacity is saturated: the request may be retried; nothing was judged.

    An `APIError` (503, `code: "overloaded"`, `Retry-After`), so that wherever the request path
    does not single it out it is still answered as what it is, never as a 500 or a policy block.
    """

    def __init__(self, lane: str, reason: str, retry_after_s: int = 1) -> None:
        super().__init__(503, _OVERLOADED_MESSAGE, type="server_error", code=OVERLOADED_CODE,
                         headers={"retry-after": str(max(1, retry_after_s))})
        self.lane = lane  # which queue was full: "scan" (the engine), "semgrep" (its servers)
        self.reason = reason  # "queue_full" or "queue_wait"
        self.retry_after_s = max(1, retry_after_s)


def overloaded_error(exc: ScanOverloaded | None = None, *, status: int = 503) -> APIError:
    """The answer to an overloaded scan: 503 (or 429) `overloaded`, `Retry-After`, nothing judged.

    For a stream, the same `message` and `code` go into the error event (clients retry on it).
    """
    retry_after = exc.retry_after_s if exc is not None else 1
    return APIError(status, _OVERLOADED_MESSAGE, type="server_error" if status >= 500 else "rate_limit_error",
                    code=OVERLOADED_CODE, headers={"retry-after": str(retry_after)})


class ScanObserver(Protocol):
    """Where the engine reports what it could not do (gateway.telemetry.Metrics implements it)."""

    def scan_incomplete(self, scanner: str, reason: str) -> None: ...

    def scan_overloaded(self, lane: str, reason: str) -> None: ...


class NoObserver:
    def scan_incomplete(self, scanner: str, reason: str) -> None:
        return None

    def scan_overloaded(self, lane: str, reason: str) -> None:
        return None


class AdmissionGate:
    """At most `slots` holders at once; at most `max_waiting` in line, each for at most `max_wait_s`.

    First come, first served: a released slot goes to the oldest waiter. Refusals raise
    `ScanOverloaded` at once (line full) or when the wait runs out; neither costs scan work.
    """

    def __init__(self, lane: str, *, slots: int, max_waiting: int, max_wait_s: float, retry_after_s: int = 1) -> None:
        self.lane = lane
        self._free = max(1, slots)
        self.slots = self._free
        self._max_waiting = max(0, max_waiting)
        self._max_wait_s = max_wait_s
        self._retry_after_s = retry_after_s
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.refused = 0  # for tests and benchmarks

    @property
    def in_use(self) -> int:
        return self.slots - self._free

    @property
    def waiting(self) -> int:
        return len(self._waiters)  # a waiter leaves the line when served, timed out or cancelled

    def _refuse(self, reason: str) -> ScanOverloaded:
        self.refused += 1
        return ScanOverloaded(self.lane, reason, self._retry_after_s)

    async def acquire(self) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        if self.waiting >= self._max_waiting:
            raise self._refuse("queue_full")
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, self._max_wait_s)
        except TimeoutError:
            raise self._refuse("queue_wait") from None
        except BaseException:  # cancelled: a slot handed over in the same instant goes on to the next
            if waiter.done() and not waiter.cancelled():
                self.release()
            raise
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    def release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes straight to it
                return
        self._free += 1

    @contextlib.asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()

