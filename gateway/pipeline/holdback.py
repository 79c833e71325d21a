"""Streaming mode `holdback` (the default): nothing is released before it is judged.

Chat answers: prose goes out a word at a time, each piece secret-scanned with its line
(`gateway/guard/prose.py`). A fenced code block goes out a statement at a time while the block
so far scans clean (`chat_release: statement`, `code_release.py`) or is held until it closes
(`chat_release: block`); either way the closed block is judged whole (repaired where the policy
says so) and its rest released, or the stream ended. Raw completions are cut at top-level
statements (`raw_release: statement`) or held whole (`raw_release: end`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.guard.holdback import FenceSplitter, Segment, StatementSplitter
from gateway.guard.output import Verdict
from gateway.guard.prose import ProseGate, ProsePiece
from gateway.guard.repair import repair_messages
from gateway.pipeline.chunks import ChunkFactory
from gateway.pipeline.code_release import BlockRelease
from gateway.pipeline.relay import RELEASED, Blocked, Relay, combine
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.review import Reviewer, repair_base
from gateway.scanning import Finding, extract_code_blocks


class ChatHoldbackRelay(Relay):
    rechunks = True

    def __init__(self, reviewer: Reviewer, gen: GenerationRequest, chunks: ChunkFactory) -> None:
        super().__init__(reviewer, gen, chunks)
        self.statements = gen.policy.policy.streaming.chat_release == "statement"
        self.splitter = FenceSplitter(code_segments=self.statements)
        self.block: BlockRelease | None = None  # the open block, under statement release
        self.scans = 0  # partial scans of blocks while they streamed
        # Prose is secret-scanned a word at a time when the policy scans for secrets (docs/audit.md).
        self.prose = ProseGate() if "secrets" in gen.policy.enabled_scanners(None) else None
        self.released: list[str] = []
        self.places: list[int | None] = []  # per verdict: its code block, None for prose
        self.lines = 1  # the answer's line the next piece starts on

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        out = await self._emit(self.splitter.feed(text))
        if self.splitter.holding and self.held:  # another block opened: the held one was not the last
            out.extend(self.held)
            self.held = []
        return out

    def may_wait(self, text: str) -> bool:
        # Only a closing block is judged before its text goes on (prose secrets are scanned inline,
        # statement scans run beside the stream): one open now, or one opened and closed by `text`.
        return "\n" in text and (self.splitter.holding or "```" in text or "~~~" in text)

    async def finish(self) -> list[bytes]:
        out = await self._emit(self.splitter.finish())
        if self.prose is not None:
            with self._refusal_keeps(out):
                await self._release_prose(out, self.prose.flush())
        return self._tail(out)

    def pending(self) -> asyncio.Future[Any] | None:
        return self.block.pending() if self.block is not None else None

    def poll(self) -> list[bytes]:
        out: list[bytes] = []
        self._release_statements(out)
        return out

    def _release_statements(self, out: list[bytes]) -> None:
        """Statements of the open block cleared by its last scan: judged, and not the last piece."""
        if self.block is None:
            return
        text = self.block.collect()
        if text:
            out.extend(self.held)
            self.held = []
            out.append(self.chunks.content(text))

    def verdict(self) -> Verdict | None:
        return combine(self.gen, self.verdicts, self.places)

    async def _emit(self, segments: list[Segment]) -> list[bytes]:
        out: list[bytes] = []
        with self._refusal_keeps(out):
            for segment in segments:
                if segment.kind == "code":
                    await self._code(out, segment)
                    continue
                if segment.kind == "prose":
                    pieces = self.prose.feed(segment.text) if self.prose is not None else [ProsePiece(segment.text, "")]
                    await self._release_prose(out, pieces)
                    continue
                if self.prose is not None:  # the prose before a block goes first, judged
                    await self._release_prose(out, self.prose.flush())
                released = await self._close_block()
                verdict = await self.reviewer.review(self.gen, segment.text)
                if verdict.action == "repair":
                    verdict = await self._repair(segment.text, verdict)
                self._judgement(verdict, sum(1 for place in self.places if place is not None))
                self.lines += segment.text.count("\n")
                rest = verdict.text
                if released is not None:
                    rest = _rest_of_block(segment.text, released, verdict)
                self._judged(out, self.chunks.content(rest))
                self.released.append(verdict.text if released is None else released.released + rest)
        return out

    async def _code(self, out: list[bytes], segment: Segment) -> None:
        """Text of an open block (statement release): judged in statements, released as they clear."""
        if self.block is None:
            if self.prose is not None:  # the prose before a block goes first, judged
                await self._release_prose(out, self.prose.flush())
            assert segment.opener is not None  # the splitter names the block of every code segment
            opener, fence = segment.opener
            self.block = BlockRelease(opener, fence, lambda fenced: self.reviewer.review(self.gen, fenced))
        self._release_statements(out)
        self.block.feed(segment.text)

    async def _close_block(self) -> BlockRelease | None:
        """The open block closed: the statements it released (None when it released none)."""
        block, self.block = self.block, None
        if block is None:
            return None
        await block.close()
        self.scans += block.scans
        return block if block.released else None

    async def _release_prose(self, out: list[bytes], pieces: list[ProsePiece]) -> None:
        for piece in pieces:
            text = piece.text
            if self.prose is not None and piece.holds_secret():
                verdict = await self.reviewer.guard.review_prose(text, self.gen.policy, context=piece.context,
                                                            line=self.lines)
                self._judgement(verdict, None)
                text = verdict.text
            self.lines += piece.text.count("\n")
            self._pass(out, self.chunks.content(text))
            self.released.append(text)

    def _judgement(self, verdict: Verdict, place: int | None) -> None:
        self.verdicts.append(verdict)
        self.places.append(place)
        if verdict.action not in RELEASED:
            raise Blocked(verdict)

    async def _repair(self, block: str, verdict: Verdict) -> Verdict:
        """Ask for a corrected block (not streamed); release it only if it passes."""
        answer = "".join(self.released) + block

        def body_for(_text: str, findings: list[Finding]) -> dict[str, Any]:
            body = repair_base(self.gen)
            body["messages"] = repair_messages(body["messages"], answer, findings)
            return body

        return await self.reviewer.repair(self.gen, block, verdict, body_for, first_block)


def _rest_of_block(block: str, released: BlockRelease, verdict: Verdict) -> str:
    """What follows the statements a block already released, under the whole block's decision.

    Allowed: the rest of the block as written. Redacted or repaired: the released part is closed
    with its own fence, and the notice or the corrected block follows it.
    """
    if verdict.action in ("allow", "annotate") and verdict.text == block:
        return block[len(released.released) :]
    return released.fence + "\n" + verdict.text


def first_block(reply: str) -> str | None:
    """The first fenced code block of a repair answer, refenced; None when it has none."""
    fixed = extract_code_blocks(reply)
    if not fixed:
        return None
    return f"```{fixed[0].language or ''}\n{fixed[0].code.rstrip()}\n```\n"


class CompletionHoldbackRelay(Relay):
    rechunks = True

    def __init__(self, reviewer: Reviewer, gen: GenerationRequest, chunks: ChunkFactory, *, at_end: bool) -> None:
        super().__init__(reviewer, gen, chunks)
        self.splitter = StatementSplitter()
        self.at_end = at_end
        self.released = ""

    async def feed(self, text: str, raw: bytes) -> list[bytes]:
        self.original.append(text)
        if self.at_end:
            return []
        return await self._emit(self.splitter.feed(text), final=False)

    def may_wait(self, text: str) -> bool:
        return not self.at_end and "\n" in text  # a statement may end: it is judged before it goes

    async def finish(self) -> list[bytes]:
        if self.at_end:
            return self._tail(await self._emit(["".join(self.original)], final=True))
        return self._tail(await self._emit(self.splitter.finish(), final=True))

    async def _emit(self, pieces: list[str], *, final: bool) -> list[bytes]:
        out: list[bytes] = []
        with self._refusal_keeps(out):
            for i, piece in enumerate(pieces):
                last = final and i == len(pieces) - 1
                verdict = await self.reviewer.guard.review_completion(
                    self.released + piece, self.gen.policy, self.gen.language, prefix=self.gen.prefix,
                    suffix=self.gen.suffix if last else "", from_line=self.released.count("\n") + 1,
                )
                self.verdicts.append(verdict)
                if verdict.action not in RELEASED:
                    raise Blocked(verdict)
                text = piece if verdict.action != "redact" else verdict.text + "\n"
                self._judged(out, self.chunks.content(text))
                self.released += piece
        return out
