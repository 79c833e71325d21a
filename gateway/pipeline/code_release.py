"""Statement-wise release of a chat code block while it streams (`streaming.chat_release: statement`).

The block's text is cut at top-level statements (`StatementSplitter`: never inside an open
triple-quoted string, private key block, indented body, `else`/`done` clause or decorated
definition). A complete statement goes out once a scan of the block so far (its opener, every
complete statement up to and including it, closed with a fence) reports no finding at medium
severity or above and no decision that would withhold it; the unfinished statement is always
held. The first such finding stops statement release for the rest of the block (from then on
it is held whole, as with `chat_release: block`), so a finding whose range only appears once
later lines arrive can never cover a released line unless the scan of the lines it covers was
clean. The whole block is still judged when it closes; that decision covers the block, and
what it released before is the accepted risk ("leak", docs/audit.md "Streams").

Scans are debounced: at most one is in flight per block, started at a statement boundary; the
statements that complete while it runs are coalesced into the next scan (the model is slower
than the scanner, so a 40-line block costs a handful of scans, not 40). A scan runs as a task
so the stream keeps reading the upstream meanwhile; `pending` lets the stream wake when it ends.
(Starting it only when the stream is about to wait for the upstream, to spare the task of a
block that closes within one read, put ~5 ms on the first code byte at 40 tokens/s.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from gateway.errors import APIError
from gateway.guard.holdback import StatementSplitter
from gateway.guard.output import Verdict
from gateway.scanning import Severity

log = logging.getLogger("sluice.generation")

# Findings below this severity do not stop statement release (the final decision still covers them).
HOLD_FROM = Severity.MEDIUM
_RELEASABLE = frozenset({"allow", "annotate"})

# Judges a fenced text (the block so far, closed): the same review a closed block gets.
Scan = Callable[[str], Awaitable[Verdict]]


def holds_back(verdict: Verdict) -> bool:
    """Whether a scan of the block so far forbids releasing any more of it."""
    if verdict.decision.action not in _RELEASABLE:
        return True
    return any(f.severity >= HOLD_FROM for f in verdict.scan.findings)


class BlockRelease:
    """One open code block: its complete statements, what was released, the scan in flight."""

    def __init__(self, opener: str, fence: str, scan: Scan) -> None:
        self.opener = opener  # the fence line that opened the block
        self.fence = fence  # its backticks or tildes: what closes it
        self._scan = scan
        self._splitter = StatementSplitter(starts_at_statement=True)
        self._complete = ""  # the block's code up to its last statement boundary
        self._released = 0  # chars of `_complete` released
        self._task: asyncio.Task[Verdict] | None = None
        self._scanned_to = 0  # chars of `_complete` the task in flight covers
        self.stopped = False  # a scan found something: the rest is held to the close
        self.scans = 0  # scans started (for tests and benchmarks)

    @property
    def released(self) -> str:
        """What of the block went out: its opener and the statements released, or nothing."""
        return self.opener + self._complete[: self._released] if self._released else ""

    def pending(self) -> asyncio.Future[Verdict] | None:
        return self._task if self._task is not None and not self._task.done() else None

    def feed(self, text: str) -> None:
        for piece in self._splitter.feed(text):
            self._complete += piece
        self._start_scan()

    def collect(self) -> str:
        """Text cleared by a scan that has ended (empty while none has); starts the next scan."""
        if self._task is None or not self._task.done():
            return ""
        task, self._task = self._task, None
        try:
            verdict = task.result()
        except asyncio.CancelledError:
            return ""
        except APIError as error:  # overloaded, say: no partial verdict; the close decides
            log.info("statement release stopped for a block: scan refused (%s)", error.code)
            self.stopped = True
            return ""
        except Exception:  # the close's full scan decides, and reports any failure
            log.exception("statement release stopped for a block: scan failed")
            self.stopped = True
            return ""
        if self.stopped or holds_back(verdict):
            self.stopped = True
            return ""
        start, self._released = self._released, self._scanned_to
        out = self._complete[start : self._released]
        if start == 0 and out:
            out = self.opener + out
        self._start_scan()
        return out

    async def close(self) -> None:
        """The block closed or the stream ends: the full decision replaces any scan in flight."""
        task, self._task = self._task, None
        if task is None:
            return
        if not task.done():
            task.cancel()
            await asyncio.wait([task])  # raises nothing of the task's; a cancel of this stream still propagates
        if not task.cancelled():
            task.exception()  # its outcome no longer matters (and is not logged as never retrieved)

    def _start_scan(self) -> None:
        if self.stopped or self._task is not None or len(self._complete) <= self._released:
            return
        if not self._complete[self._released :].strip():  # only blank lines since: nothing to judge
            return
        self.scans += 1
        self._task = asyncio.ensure_future(self._scan_latest())

    async def _scan_latest(self) -> Verdict:
        # The text is taken when the task first runs, not when it was started: statements the
        # stream fed meanwhile (an upstream ahead of us delivers many chunks per loop turn) join
        # this scan instead of costing another one. `collect` releases up to `_scanned_to` only.
        self._scanned_to = len(self._complete)
        closer = "" if self._complete.endswith("\n") else "\n"
        return await self._scan(self.opener + self._complete + closer + self.fence + "\n")
