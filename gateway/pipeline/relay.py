"""What the streaming modes share: a relay turns upstream text into the bytes a client may see.

`feed` returns what may go out now. The last judged piece and whatever follows it stay in
`held` until a later piece shows it was not the last; `finish` returns everything still held,
which the stream releases only once the record is committed (no record, no release).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

from gateway.guard.output import Verdict
from gateway.pipeline.chunks import ChunkFactory
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.review import Reviewer

# Decisions under which a judged piece is released (redacted where the policy says so).
RELEASED = frozenset({"allow", "annotate", "redact"})


class Blocked(Exception):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__("blocked by policy")
        self.verdict = verdict


def combine(gen: GenerationRequest, verdicts: list[Verdict], places: list[int | None] | None = None) -> Verdict | None:
    """One decision for the whole answer from the per-piece verdicts; `places`: each chat verdict's
    code block (None: prose)."""
    if not verdicts:
        return None
    findings = []
    for index, verdict in enumerate(verdicts):
        block = places[index] if places is not None else index
        for decided in verdict.decision.findings:
            finding = decided.finding
            findings.append(finding.moved(block_index=block) if gen.kind == "chat" else finding)
    decision = gen.policy.decide_output(findings, verdicts[-1].scan.language)
    attempts = [a for v in verdicts for a in v.attempts]
    return Verdict(decision, verdicts[-1].scan, "", attempts)


class Relay:
    # The relay writes its own chunks from the text (hold-back): the upstream's events are not
    # relayed, so the text of several events read together may be fed as one piece.
    rechunks = False

    def __init__(self, reviewer: Reviewer, gen: GenerationRequest, chunks: ChunkFactory) -> None:
        self.reviewer = reviewer
        self.gen = gen
        self.chunks = chunks
        self.verdicts: list[Verdict] = []
        self.original: list[str] = []
        self.held: list[bytes] = []

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        raise NotImplementedError

    async def finish(self) -> list[bytes]:
        """The end of the answer: what must wait for the record."""
        return []

    def may_wait(self, text: str) -> bool:
        """Whether `feed(text)` may stop for a judgement (a scan): then what is ready goes out first,
        not after the scan. A matter of latency only: a wrong True costs a write, a wrong False a delay."""
        return True

    def pending(self) -> asyncio.Future[Any] | None:
        """Work in flight (a scan) whose end may release text before the next upstream chunk."""
        return None

    def poll(self) -> list[bytes]:
        """What may go out now that `pending` has ended."""
        return []

    def _pass(self, out: list[bytes], chunk: bytes) -> None:
        """Text that needs no judgement: out now, unless it follows held content (order is kept)."""
        (self.held if self.held else out).append(chunk)

    def _judged(self, out: list[bytes], chunk: bytes) -> None:
        """A judged piece: the one held before it was not the last, so it may go now; this one waits."""
        out.extend(self.held)
        self.held = [chunk]

    @contextlib.contextmanager
    def _refusal_keeps(self, out: list[bytes]) -> Iterator[None]:
        """A refusal met while `out` was being filled: what went into it was judged (or needed no
        judgement) and still goes, once the record is committed, ahead of what was held (the order
        `_pass` and `_judged` keep). One piece of upstream text may hold prose, a clean block and a
        refused one, or several statements."""
        try:
            yield
        except Blocked:
            self.held = [*out, *self.held]
            raise

    def _tail(self, out: list[bytes]) -> list[bytes]:
        tail, self.held = [*out, *self.held], []
        return tail

    def verdict(self) -> Verdict | None:
        return combine(self.gen, self.verdicts)
