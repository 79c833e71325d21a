"""Streaming mode `passthrough`: chunks relayed as they arrive, judged at the end for the record only."""

from __future__ import annotations

from gateway.guard.output import Verdict
from gateway.pipeline.relay import Relay


class PassthroughRelay(Relay):
    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        return [raw]

    def may_wait(self, text: str) -> bool:
        return False  # nothing is judged before the end

    async def finish(self) -> list[bytes]:
        self.verdicts.append(await self.reviewer.review(self.gen, "".join(self.original)))
        return []

    def verdict(self) -> Verdict | None:
        return self.verdicts[0] if self.verdicts else None
