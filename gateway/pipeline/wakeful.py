"""Read a stream of upstream events while work of the relay (a scan) runs beside it.

A code block's statements are cleared by a scan that runs while the upstream keeps sending. Its
result must reach the client when the scan ends, not when the next chunk happens to arrive (a
model that pauses would otherwise hold a cleared statement for the length of the pause). When
the relay has work in flight, the next event is awaited together with that work; when the work
ends first, `WAKE` (a `Wake`) is yielded so the stream can release what it cleared. With nothing in flight
the events are read directly (no task per chunk on the common path).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, Final, TypeVar

T = TypeVar("T")


class Wake:
    def __repr__(self) -> str:
        return "WAKE"


WAKE: Final = Wake()


async def with_wakeups(events: AsyncIterator[T],
                       pending: Callable[[], asyncio.Future[Any] | None]) -> AsyncIterator[T | Wake]:
    iterator = events.__aiter__()
    next_event: asyncio.Future[T] | None = None
    try:
        while True:
            work = pending()
            if next_event is None and work is None:
                try:
                    yield await iterator.__anext__()
                except StopAsyncIteration:
                    return
                continue
            if next_event is None:
                next_event = asyncio.ensure_future(iterator.__anext__())
            if work is not None and not next_event.done():
                await asyncio.wait((next_event, work), return_when=asyncio.FIRST_COMPLETED)
                if not next_event.done():
                    yield WAKE
                    continue
            event, next_event = next_event, None
            try:
                item = await event
            except StopAsyncIteration:
                return
            yield item
    finally:
        if next_event is not None:  # the stream ended early (an error, a block, the client left)
            next_event.cancel()
            await asyncio.wait((next_event,))
            if not next_event.cancelled():
                next_event.exception()
