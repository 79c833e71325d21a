"""Keep model-server processes alive: start, wait for ``/health``, restart with backoff, stop cleanly.

Generic over the command it runs (``vllm serve`` in production, the CPU runtime in tests), so the
restart logic is proven against a real process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp

from model_runtime.vllm_command import LaunchSpec

log = logging.getLogger("sluice.runtime.supervisor")


@dataclass(frozen=True)
class Backoff:
    initial_s: float = 1.0
    factor: float = 2.0
    max_s: float = 60.0
    reset_after_s: float = 300.0  # healthy this long: the next crash starts again from initial_s

    def delay(self, consecutive_failures: int) -> float:
        return min(self.max_s, self.initial_s * self.factor ** max(0, consecutive_failures - 1))


@dataclass(frozen=True)
class HealthPolicy:
    startup_timeout_s: float = 900.0  # large models take minutes to load
    interval_s: float = 5.0
    failures_to_restart: int = 3  # consecutive failed probes on a running server


class Supervisor:
    """Supervises one process; ``run()`` returns once ``stop()`` was called and the child is gone."""

    def __init__(
        self,
        spec: LaunchSpec,
        backoff: Backoff | None = None,
        health: HealthPolicy | None = None,
        stop_grace_s: float = 30.0,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.spec = spec
        self.backoff = backoff or Backoff()
        self.health = health or HealthPolicy()
        self.stop_grace_s = stop_grace_s
        self.starts = 0
        self.healthy = False
        self.process: asyncio.subprocess.Process | None = None
        self._stopping = asyncio.Event()
        self._on_event = on_event or (lambda message: log.info("%s", message))

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        try:
            await self._supervise()
        finally:
            # Also on cancellation or an error: never leave a model server orphaned.
            await asyncio.shield(self._terminate())

    async def _supervise(self) -> None:
        failures = 0
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            while not self._stopping.is_set():
                started = time.monotonic()
                await self._start()
                outcome = await self._watch(http)
                if outcome == "stopped":
                    return
                failures = 1 if time.monotonic() - started > self.backoff.reset_after_s else failures + 1
                delay = self.backoff.delay(failures)
                self._on_event(f"{self.spec.name}: {outcome}; restarting in {delay:.1f}s")
                await self._terminate()
                if await self._sleep_or_stop(delay):
                    return

    async def _start(self) -> None:
        self.starts += 1
        self.healthy = False
        env = {**os.environ, **self.spec.env}
        # A new session makes the child a process-group leader, so stop() reaches its workers too.
        self.process = await asyncio.create_subprocess_exec(*self.spec.argv, env=env, start_new_session=True)
        self._on_event(f"{self.spec.name}: started pid {self.process.pid} (start #{self.starts})")

    async def _watch(self, http: aiohttp.ClientSession) -> str:
        """Wait until the process exits, turns unhealthy, fails to start in time, or stop() is called."""
        assert self.process is not None
        deadline = time.monotonic() + self.health.startup_timeout_s
        bad_probes = 0
        while True:
            # Poll quickly while starting; once healthy, probe every interval but notice an exit at once.
            event = await self._wait(self.health.interval_s if self.healthy else 0.5)
            if event != "timeout":
                return event
            ok = await self._probe(http)
            if ok:
                bad_probes = 0
                if not self.healthy:
                    self.healthy = True
                    self._on_event(f"{self.spec.name}: healthy on port {self.spec.port}")
            elif self.healthy:
                bad_probes += 1
                if bad_probes >= self.health.failures_to_restart:
                    return f"failed {bad_probes} health checks"
            elif time.monotonic() > deadline:
                return f"not healthy after {self.health.startup_timeout_s:.0f}s"

    async def _wait(self, seconds: float) -> str:
        """'stopped', 'exited with code N' or 'timeout', whichever comes first."""
        assert self.process is not None
        exited = asyncio.ensure_future(self.process.wait())
        stopping = asyncio.ensure_future(self._stopping.wait())
        done, pending = await asyncio.wait(
            {exited, stopping}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        if stopping in done:
            return "stopped"
        if exited in done:
            return f"exited with code {self.process.returncode}"
        return "timeout"

    async def _probe(self, http: aiohttp.ClientSession) -> bool:
        try:
            async with http.get(self.spec.health_url) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def _sleep_or_stop(self, seconds: float) -> bool:
        """True if stop() was called before ``seconds`` passed."""
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True

    async def _terminate(self) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        self._signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=self.stop_grace_s)
        except TimeoutError:
            self._on_event(f"{self.spec.name}: did not stop in {self.stop_grace_s:.0f}s; killing")
            self._signal_group(process.pid, signal.SIGKILL)
            await process.wait()
        self.healthy = False

    @staticmethod
    def _signal_group(pid: int, sig: signal.Signals) -> None:
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass


async def supervise_all(
    specs: list[LaunchSpec], backoff: Backoff | None = None, health: HealthPolicy | None = None
) -> None:
    """Run one supervisor per spec until SIGTERM or SIGINT, then stop every child cleanly."""
    supervisors = [Supervisor(spec, backoff, health) for spec in specs]
    loop = asyncio.get_running_loop()

    def stop_all() -> None:
        for supervisor in supervisors:
            supervisor.stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop_all)
    await asyncio.gather(*(s.run() for s in supervisors))
