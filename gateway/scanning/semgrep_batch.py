"""One semgrep-core process for many snippets.

semgrep-core costs ~90 ms just to start, whatever the input, so concurrent scans share a
process: the first snippet waits `window` for company, and while all process slots are
busy the queue keeps growing, so load raises the batch size instead of the latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.scanning.base import ScannerError
from gateway.scanning.capacity import ScanOverloaded
from gateway.scanning.languages import semgrep_extension
from gateway.scanning.semgrep_rules import SEMGREP_LANGUAGE, CompiledRule


@dataclass(slots=True)
class TargetResult:
    results: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    code: str
    language: str
    rules: list[CompiledRule]
    future: asyncio.Future[TargetResult]


def _file_name(index: int, pending: _Pending) -> str:
    return f"s{index}{semgrep_extension(pending.language, pending.code)}"


class SemgrepBatcher:
    def __init__(
        self,
        binary: Path,
        *,
        window_s: float = 0.005,
        max_batch: int = 64,
        max_concurrent: int = 2,
        timeout_s: float = 2.0,
        max_queued: int = 1024,
    ) -> None:
        self._binary = binary
        self._window_s = window_s
        self._max_batch = max_batch
        self._slots = asyncio.Semaphore(max_concurrent)
        self._timeout_s = timeout_s
        self._max_queued = max_queued  # beyond: overloaded at once, rather than a timeout later
        self._queue: list[_Pending] = []
        self._drainer: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()
        self._workdir = Path(tempfile.mkdtemp(prefix="sluice-semgrep-"))
        self.invocations = 0  # processes started; tests and metrics read it
        self.snippets = 0

    async def submit(self, code: str, language: str, rules: list[CompiledRule]) -> TargetResult:
        if len(self._queue) >= self._max_queued:
            raise ScanOverloaded("semgrep", "queue_full")
        future: asyncio.Future[TargetResult] = asyncio.get_running_loop().create_future()
        self._queue.append(_Pending(code, language, rules, future))
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain())
        return await future

    async def aclose(self) -> None:
        tasks = [t for t in (self._drainer, *self._running) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for pending in self._queue:
            if not pending.future.done():
                pending.future.set_exception(ScannerError("scanner closed"))
        self._queue.clear()
        shutil.rmtree(self._workdir, ignore_errors=True)

    async def _drain(self) -> None:
        try:
            await asyncio.sleep(self._window_s)
            while self._queue:
                await self._slots.acquire()
                batch = [p for p in self._queue[: self._max_batch] if not p.future.done()]
                del self._queue[: self._max_batch]
                if not batch:
                    self._slots.release()
                    continue
                task = asyncio.create_task(self._run(batch))
                self._running.add(task)
                task.add_done_callback(self._running.discard)
        finally:
            self._drainer = None

    async def _run(self, batch: list[_Pending]) -> None:
        folder = Path(tempfile.mkdtemp(dir=self._workdir))
        try:
            outcome = await self._invoke(folder, batch)
            for i, pending in enumerate(batch):
                if not pending.future.done():
                    pending.future.set_result(outcome.get(str(folder / _file_name(i, pending)), TargetResult()))
        except BaseException as exc:  # one broken batch fails its own snippets only
            error = exc if isinstance(exc, ScannerError) else ScannerError(f"semgrep failed: {exc!r}")
            if isinstance(exc, TimeoutError):
                error = ScannerError("semgrep-core timed out")
            for pending in batch:
                if not pending.future.done():
                    pending.future.set_exception(error)
            if not isinstance(exc, Exception):
                raise
        finally:
            self._slots.release()
            shutil.rmtree(folder, ignore_errors=True)

    async def _invoke(self, folder: Path, batch: list[_Pending]) -> dict[str, TargetResult]:
        targets, rules = [], {}
        for i, pending in enumerate(batch):
            # Results map back by exact path. semgrep-core picks the TypeScript dialect (JSX or not)
            # by the file's own extension, not by the analyzer named here.
            path = folder / _file_name(i, pending)
            path.write_text(pending.code, encoding="utf-8")
            rel = f"/{path.name}"
            analyzer = SEMGREP_LANGUAGE[pending.language]
            targets.append(
                [
                    "CodeTarget",
                    {"path": {"fpath": str(path), "ppath": rel}, "analyzer": analyzer, "products": ["sast"]},
                ]
            )
            rules.update({r.id: r.body for r in pending.rules})
        (folder / "targets.json").write_text(json.dumps(["Targets", targets]))
        (folder / "rules.json").write_text('{"rules": [' + ",".join(rules.values()) + "]}")
        self.invocations += 1
        self.snippets += len(batch)
        args = [
            "-rules",
            str(folder / "rules.json"),
            "-targets",
            str(folder / "targets.json"),
            "-json",
            "-j",
            "1",
            "-disable_rule_paths",
            "-timeout",
            str(self._timeout_s),
        ]
        try:
            proc = await asyncio.create_subprocess_exec(
                str(self._binary), *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
        except OSError as exc:
            raise ScannerError(f"cannot start semgrep-core: {exc.strerror or exc}") from exc
        try:
            stdout, _ = await asyncio.wait_for(proc.communicate(), self._timeout_s + 1.0)
        except (TimeoutError, asyncio.CancelledError):
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            raise
        return self._parse(stdout.decode("utf-8", "replace"), proc.returncode)

    @staticmethod
    def _parse(stdout: str, returncode: int | None) -> dict[str, TargetResult]:
        # semgrep-core prints progress dots before its single JSON line.
        line = next((ln for ln in reversed(stdout.splitlines()) if ln.startswith("{")), None)
        if line is None:
            raise ScannerError(f"semgrep-core exited with {returncode} and no output")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScannerError("semgrep-core printed malformed JSON") from exc
        by_path: dict[str, TargetResult] = {}
        for result in data.get("results", []):
            by_path.setdefault(result.get("path", ""), TargetResult()).results.append(result)
        for error in data.get("errors", []):
            path = (error.get("location") or {}).get("path", "")
            if not path and error.get("error_type") == "Fatal error":
                raise ScannerError("semgrep-core fatal error: " + str(error.get("message", ""))[:200])
            by_path.setdefault(path, TargetResult()).errors.append(error)
        return by_path
