"""Hot reload: hold the current PolicySet and swap it atomically when files change.

A request reads `store.current` once and uses that PolicySet (immutable) from start
to end, so it never sees a mix of versions. A change is picked up by polling file
stamps every `poll_interval_s` and on SIGHUP. An invalid new version is rejected:
the last good one stays, and the reason (file, line, field) is logged.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from gateway.policy.errors import PolicyError
from gateway.policy.loader import PolicySet, load_policy_set

log = logging.getLogger("sluice.policy")

OnReload = Callable[[str, str], Awaitable[None] | None]
Fingerprint = tuple[tuple[str, int, int, int], ...]


class PolicyStore:
    def __init__(
        self,
        directory: Path,
        *,
        poll_interval_s: float = 1.0,
        on_reload: OnReload | None = None,
    ) -> None:
        """Loads the directory now; raises PolicyError if it is invalid (refuse to start)."""
        self.directory = Path(directory)
        self.poll_interval_s = poll_interval_s
        self.on_reload = on_reload
        self.last_error: PolicyError | None = None
        self._fingerprint = self._stamp_files()
        self._current = load_policy_set(self.directory)
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._sighup_installed = False
        self._pending: set[asyncio.Task[bool]] = set()  # SIGHUP reloads, kept alive until done

    @property
    def current(self) -> PolicySet:
        """The PolicySet to use for one whole request; read it once."""
        return self._current

    @property
    def version(self) -> str:
        return self._current.version

    def reload(self) -> bool:
        """Reload now (synchronously; the callback must not be async here). True if the version changed."""
        stamp = self._stamp_files()
        loaded = self._load()
        result = self._apply(loaded, stamp)
        if result is not None:
            outcome = self._notify(*result)
            if inspect.isawaitable(outcome):
                raise TypeError("reload() cannot await an async on_reload callback; use reload_async()")
        return result is not None

    async def reload_async(self) -> bool:
        """Reload on the event loop: a few ms per reload, and reloads are rare.

        A worker thread looked kinder but is not: its many small file reads each wait for
        the GIL, and under a busy loop a 1 ms load took over 4 s (GIL convoy).
        """
        async with self._lock:
            stamp = self._stamp_files()
            loaded = self._load()
            result = self._apply(loaded, stamp)
            if result is None:
                return False
            outcome = self._notify(*result)
            if inspect.isawaitable(outcome):
                try:
                    await outcome
                except Exception:
                    log.exception("policy on_reload callback failed")
            return True

    async def start(self) -> None:
        """Start polling for changes and listen for SIGHUP (where the platform allows)."""
        if self._task is None:
            self._task = asyncio.create_task(self._poll(), name="policy-reload")
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_sighup)
            self._sighup_installed = True
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            log.info("SIGHUP policy reload unavailable here; file polling still active")

    async def aclose(self) -> None:
        if self._sighup_installed:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._sighup_installed = False
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def _on_sighup(self) -> None:
        log.info("SIGHUP: reloading policies from %s", self.directory)
        task = asyncio.get_running_loop().create_task(self.reload_async())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval_s)
            try:
                stamp = self._stamp_files()
                if stamp != self._fingerprint:
                    # Debounce: a file caught mid-write (truncated, half written) would
                    # parse as a different, valid policy. Reload once the stamps settle.
                    await asyncio.sleep(min(0.2, self.poll_interval_s))
                    if self._stamp_files() == stamp:
                        await self.reload_async()
            except Exception:  # the watcher must outlive any one bad reload
                log.exception("policy reload check failed")

    def _load(self) -> PolicySet | PolicyError:
        try:
            return load_policy_set(self.directory)
        except PolicyError as exc:
            return exc

    def _apply(self, loaded: PolicySet | PolicyError, stamp: Fingerprint) -> tuple[str, str] | None:
        old = self._current
        # Stamps taken before loading: a write during the load is seen by the next poll.
        # For a broken version they also stop the same files being reloaded every second.
        self._fingerprint = stamp
        if isinstance(loaded, PolicyError):
            self.last_error = loaded
            log.warning("policy reload rejected; keeping version %s: %s", old.version[:12], loaded)
            return None
        self.last_error = None
        if loaded.version == old.version:
            return None
        self._current = loaded
        log.info("policy reloaded: %s -> %s", old.version[:12], loaded.version[:12])
        return old.version, loaded.version

    def _notify(self, old: str, new: str) -> Awaitable[None] | None:
        if self.on_reload is None:
            return None
        try:
            return self.on_reload(old, new)
        except Exception:
            log.exception("policy on_reload callback failed")
            return None

    def _stamp_files(self) -> Fingerprint:
        """mtime, size and inode of every policy file (tenant files, and `extends` targets)."""
        tenants = self.directory / "tenants"
        paths = {self.directory / "default.yaml", tenants}
        if tenants.is_dir():
            paths.update(p for p in tenants.iterdir() if p.suffix in {".yaml", ".yml"})
        current = getattr(self, "_current", None)
        if current is not None:
            for policy in (current.default, *current.tenants.values()):
                paths.update(policy.sources)
        stamps = []
        for path in sorted(paths):
            try:
                st = path.stat()
            except OSError:
                stamps.append((str(path), -1, -1, -1))
                continue
            stamps.append((str(path), st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(stamps)
