"""A pool of resident semgrep language servers: least busy first, failed ones replaced.

A dead server, or one that stopped answering for longer than the scan budget, is restarted in
the background (its in-flight scans report incomplete). A server that has served its quota
(semgrep keeps per-file state) is replaced without failing anything: the fresh one starts
first, then the old one drains and stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from gateway.scanning.base import ScannerError
from gateway.scanning.semgrep_lsp import SemgrepLspServer

log = logging.getLogger(__name__)

_DRAIN_S = 5.0


class SemgrepServerPool:
    def __init__(
        self, make_server: Callable[[], SemgrepLspServer], *, size: int, budget_s: float, max_scans: int
    ) -> None:
        self._make_server = make_server
        self._size = max(1, size)
        self._budget_s = budget_s  # a little under the engine's timeout, so a hang is noticed here
        self._max_scans = max_scans
        self.servers: list[SemgrepLspServer] = []
        self._restarting: set[SemgrepLspServer] = set()
        self._recycling: set[SemgrepLspServer] = set()
        self._background: set[asyncio.Task[None]] = set()

    def is_restarting(self, server: SemgrepLspServer) -> bool:
        return server in self._restarting

    async def start(self) -> None:
        servers = [self._make_server() for _ in range(self._size)]
        results = await asyncio.gather(*(server.start() for server in servers), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            await asyncio.gather(*(server.aclose() for server in servers))
            raise ScannerError(str(failed[0]))
        self.servers = servers

    async def aclose(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await asyncio.gather(*(server.aclose() for server in self.servers), return_exceptions=True)
        self.servers = []

    async def scan(self, code: str, language: str) -> list[dict[str, Any]]:
        alive = [s for s in self.servers if s.alive and s not in self._restarting]
        if not alive:
            for server in self.servers:
                if not server.alive:
                    self._restart(server)
            raise ScannerError("semgrep language servers restarting")
        server = min(alive, key=lambda s: s.in_flight)
        try:
            diagnostics = await asyncio.wait_for(server.scan(code, language), self._budget_s)
        except TimeoutError:
            # A busy server (long queue) is not a hung one: replace it only if it stopped answering.
            if time.monotonic() - server.last_progress > self._budget_s:
                self._restart(server)
            raise ScannerError(f"semgrep language server timed out after {self._budget_s:.2g} s") from None
        except ScannerError:
            self._restart(server)
            raise
        if server.scans >= self._max_scans:
            self._recycle(server)
        return diagnostics

    def _in_background(self, work: Callable[[], Any]) -> None:
        task = asyncio.create_task(work())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _restart(self, server: SemgrepLspServer) -> None:
        if server in self._restarting:
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

        async def run() -> None:
            fresh = self._make_server()
            try:
                await fresh.start()
            except ScannerError as exc:
                log.error("semgrep: replacement language server failed: %s", exc)
                self._recycling.discard(old)
                return
            self.servers = [fresh if s is old else s for s in self.servers]
            with contextlib.suppress(TimeoutError):  # let its in-flight scans finish
                await asyncio.wait_for(old.wait_idle(), _DRAIN_S)
            await old.aclose()
            self._recycling.discard(old)

        self._in_background(run)
