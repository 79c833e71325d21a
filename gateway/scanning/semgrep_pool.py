"""A pool of resident semgrep language servers: least busy first, failed ones replaced, spares warm.

Warm spares (`spares`, started with the pool and idle) take a failed or worn-out server's place
at once, so a restart never stalls scans: a dead server is swapped for a spare and restarted in
the background (it becomes the next spare); a scan that was on it when it died is tried once more
on another server. Without a spare, a dead or hung server (silent for longer than the scan budget)
is restarted in place and its in-flight scans report incomplete. A server that has served its
quota (semgrep keeps per-file state) is replaced without failing anything: a spare (or a fresh
server, started first) takes over, then the old one drains and stops.

In front of the servers a bounded line (capacity.AdmissionGate): at most `max_in_flight` scans
per server, a bounded number waiting for a bounded time; past it the scan is `ScanOverloaded`,
not a timeout, so a busy pool is never mistaken for a broken one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from gateway.scanning.base import ScannerError
from gateway.scanning.capacity import AdmissionGate
from gateway.scanning.semgrep_lsp import SemgrepLspServer

log = logging.getLogger(__name__)

_DRAIN_S = 5.0


class _ServerDied(ScannerError):
    """The server under a scan failed (not the snippet): another server may take it."""


class SemgrepServerPool:
    def __init__(
        self, make_server: Callable[[], SemgrepLspServer], *, size: int, budget_s: float, max_scans: int,
        spares: int = 0, max_in_flight: int = 16, retry_after_s: int = 1,
    ) -> None:
        self._make_server = make_server
        self._size = max(1, size)
        self._budget_s = budget_s  # a little under the engine's timeout, so a hang is noticed here
        self._max_scans = max_scans
        self._spare_count = max(0, spares)
        self.servers: list[SemgrepLspServer] = []
        self.spares: list[SemgrepLspServer] = []  # started, idle, ready to take a place
        # Waiting here eats into the scan's budget: wait at most half of it, then refuse as overloaded.
        slots = self._size * max(1, max_in_flight)
        self.gate = AdmissionGate("semgrep", slots=slots, max_waiting=4 * slots, max_wait_s=budget_s / 2,
                                  retry_after_s=retry_after_s)
        self._restarting: set[SemgrepLspServer] = set()
        self._recycling: set[SemgrepLspServer] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._refilling = False

    def is_restarting(self, server: SemgrepLspServer) -> bool:
        return server in self._restarting

    async def start(self) -> None:
        servers = [self._make_server() for _ in range(self._size + self._spare_count)]
        results = await asyncio.gather(*(server.start() for server in servers), return_exceptions=True)
        started = [s for s, r in zip(servers, results, strict=True) if not isinstance(r, BaseException)]
        failed = [r for r in results if isinstance(r, BaseException)]
        if len(started) < self._size:
            await asyncio.gather(*(server.aclose() for server in servers))
            raise ScannerError(str(failed[0]))
        if failed:  # serving needs `size`; a missing spare is only less slack
            log.warning("semgrep: %d spare language server(s) did not start: %s", len(failed), failed[0])
            await asyncio.gather(*(s.aclose() for s, r in zip(servers, results, strict=True)
                                   if isinstance(r, BaseException)))
        self.servers, self.spares = started[: self._size], started[self._size :]

    async def aclose(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await asyncio.gather(*(s.aclose() for s in [*self.servers, *self.spares]), return_exceptions=True)
        self.servers, self.spares = [], []

    async def scan(self, code: str, language: str) -> list[dict[str, Any]]:
        async with self.gate.admit():
            try:
                return await self._scan_once(code, language)
            except _ServerDied:  # not the snippet's fault: once more, on another server
                try:
                    return await self._scan_once(code, language)
                except _ServerDied as exc:
                    raise ScannerError(str(exc)) from None

    async def _scan_once(self, code: str, language: str) -> list[dict[str, Any]]:
        alive = [s for s in self.servers if s.alive and s not in self._restarting]
        if not alive:
            for server in self.servers:
                if not server.alive:
                    self._restart(server)
            alive = [s for s in self.servers if s.alive and s not in self._restarting]  # spares swapped in
        if not alive:
            raise ScannerError("semgrep language servers restarting")
        server = min(alive, key=lambda s: s.in_flight)
        try:
            diagnostics = await asyncio.wait_for(server.scan(code, language), self._budget_s)
        except TimeoutError:
            # A busy server (long queue) is not a hung one: replace it only if it stopped answering.
            if time.monotonic() - server.last_progress > self._budget_s:
                self._restart(server)
            raise ScannerError(f"semgrep language server timed out after {self._budget_s:.2g} s") from None
        except ScannerError as exc:
            self._restart(server)
            if self.spares or any(s.alive and s is not server for s in self.servers):
                raise _ServerDied(str(exc)) from None
            raise
        if server.scans >= self._max_scans:
            self._recycle(server)
        return diagnostics

    def _take_spare(self) -> SemgrepLspServer | None:
        while self.spares:
            spare = self.spares.pop(0)
            if spare.alive:
                return spare
            self._in_background(spare.aclose)
        return None

    def _replace(self, old: SemgrepLspServer, new: SemgrepLspServer) -> None:
        self.servers = [new if s is old else s for s in self.servers]

    async def _refill_spares(self) -> None:
        if self._refilling:  # one refill at a time, or two replacements would start two spares
            return
        self._refilling = True
        try:
            while len(self.spares) < self._spare_count:
                fresh = self._make_server()
                try:
                    await fresh.start()
                except ScannerError as exc:
                    log.error("semgrep: spare language server failed to start: %s", exc)
                    return
                self.spares.append(fresh)
        finally:
            self._refilling = False

    def _in_background(self, work: Callable[[], Any]) -> None:
        task = asyncio.create_task(work())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _restart(self, server: SemgrepLspServer) -> None:
        if server in self._restarting or server not in self.servers:
            return
        spare = self._take_spare()
        if spare is not None:  # the spare serves at once; the failed one is stopped, a new spare started
            self._replace(server, spare)

            async def replace() -> None:
                await server.aclose()
                await self._refill_spares()

            self._in_background(replace)
            return
        self._restarting.add(server)

        async def run() -> None:
            try:
                await server.restart()
            except ScannerError as exc:
                log.error("semgrep: language server restart failed: %s", exc)
            finally:
                self._restarting.discard(server)

        self._in_background(run)

    def _recycle(self, old: SemgrepLspServer) -> None:
        if old in self._recycling:
            return
        self._recycling.add(old)  # it keeps serving until the replacement is ready
        spare = self._take_spare()
        if spare is not None:
            self._replace(old, spare)

        async def run() -> None:
            if spare is None:
                fresh = self._make_server()
                try:
                    await fresh.start()
                except ScannerError as exc:
                    log.error("semgrep: replacement language server failed: %s", exc)
                    self._recycling.discard(old)
                    return
                self._replace(old, fresh)
            with contextlib.suppress(TimeoutError):  # let its in-flight scans finish
                await asyncio.wait_for(old.wait_idle(), _DRAIN_S)
            await old.aclose()
            self._recycling.discard(old)
            await self._refill_spares()

        self._in_background(run)
