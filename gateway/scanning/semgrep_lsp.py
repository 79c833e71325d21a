"""A resident semgrep engine: `osemgrep lsp` with the rules loaded once.

semgrep-core costs 70-90 ms just to start. Its language server keeps the parsed rules in
memory and scans one file per `textDocument/didSave` in a few milliseconds.

Two quirks shape the protocol. (1) semgrep keeps per-path state between scans (a file saved
again with new content is prefiltered against the old content and can lose findings), so every
snippet gets a new file that is never reused. (2) Only known targets are scanned; saving an
unknown file makes the server re-list its workspace and answer with empty diagnostics. So each
snippet is written to a fresh file and saved twice: scans run one at a time in order, and the
second answer for that file is always a real scan of it. The file is deleted afterwards; the
path-keyed state still grows, so a server is replaced after `max_scans` snippets. The server
runs with a private HOME, no registry rules, no CI rules and no metrics: no network.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.scanning.base import ScannerError
from gateway.scanning.languages import EXTENSIONS, semgrep_extension

log = logging.getLogger(__name__)

_READY_TIMEOUT_S = 60.0
_SETTLE_S = 0.2  # the first scan after start-up can publish a stale extra result; wait it out


class LspProtocolError(Exception):
    pass


@dataclass(slots=True)
class _Pending:
    future: asyncio.Future[list[dict[str, Any]]]
    path: Path
    answers: int = 0


def _consume(future: asyncio.Future[Any]) -> None:
    """Mark a failure as seen when the waiting caller already gave up (no asyncio warning)."""
    if not future.cancelled():
        future.exception()


class SemgrepLspServer:
    def __init__(
        self,
        binary: Path,
        rules: list[str],
        languages: set[str],
        *,
        max_in_flight: int = 16,
        timeout_s: float = 2.0,
    ) -> None:
        self._binary = binary
        self._rules = rules  # rule bodies as JSON strings
        self._languages = sorted(lang for lang in languages if lang in EXTENSIONS)
        self._max_in_flight = asyncio.Semaphore(max(1, max_in_flight))
        self._counter = 0
        self._timeout_s = timeout_s
        self._root = Path(tempfile.mkdtemp(prefix="sluice-semgrep-lsp-"))
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, _Pending] = {}
        self._idle = asyncio.Event()  # set while no scan is in flight
        self._idle.set()
        self._requests: dict[int, asyncio.Future[Any]] = {}
        self._rules_ready = asyncio.Event()
        self._next_id = 0
        self.scans = 0  # completed scans, for tests and metrics
        self.last_progress = time.monotonic()  # when the server last answered anything
        self.starts = 0

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def wait_idle(self) -> None:
        await self._idle.wait()

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self) -> None:
        self.starts += 1
        workspace = self._root / "workspace"
        shutil.rmtree(workspace, ignore_errors=True)
        for lang in self._languages:
            (workspace / lang).mkdir(parents=True)
        rules_file = self._root / "rules.json"
        rules_file.write_text('{"rules": [' + ",".join(self._rules) + "]}")
        link = self._root / "bin" / "osemgrep"  # semgrep-core acts as osemgrep when so named
        link.parent.mkdir(exist_ok=True)
        if not link.exists():
            link.symlink_to(self._binary)
        home = self._root / "home"
        home.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEMGREP_")}
        env.update(HOME=str(home), SEMGREP_SEND_METRICS="off", SEMGREP_ENABLE_VERSION_CHECK="0")
        self._rules_ready = asyncio.Event()
        try:
            self._proc = await asyncio.create_subprocess_exec(
                str(link), "lsp", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL, env=env, cwd=str(workspace),
            )  # fmt: skip
        except OSError as exc:
            raise ScannerError(f"cannot start semgrep language server: {exc.strerror or exc}") from exc
        self._reader = asyncio.create_task(self._read_loop())
        options = {
            "scan": {"configuration": [str(rules_file)], "onlyGitDirty": False, "ci": False, "jobs": 1,
                     "timeout": max(1, round(self._timeout_s)), "timeoutThreshold": 0},
            "metrics": {"enabled": False},
        }  # fmt: skip
        params = {"processId": os.getpid(), "rootUri": workspace.as_uri(), "capabilities": {},
                  "initializationOptions": options}  # fmt: skip
        try:
            await asyncio.wait_for(self._request("initialize", params), _READY_TIMEOUT_S)
            self._notify("initialized", {})
            await asyncio.wait_for(self._rules_ready.wait(), _READY_TIMEOUT_S)
            if self._languages:  # warm-up scan, then let stray start-up publishes drain
                await asyncio.wait_for(self.scan("", self._languages[0]), _READY_TIMEOUT_S)
                await asyncio.sleep(_SETTLE_S)
        except (TimeoutError, LspProtocolError, ScannerError) as exc:
            await self.aclose(remove_files=False)
            raise ScannerError(f"semgrep language server did not start: {exc or type(exc).__name__}") from exc

    async def restart(self) -> None:
        await self.aclose(remove_files=False)
        await self.start()

    async def aclose(self, remove_files: bool = True) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
            self._reader = None
        self._fail_all(ScannerError("semgrep language server stopped"))
        if remove_files:
            shutil.rmtree(self._root, ignore_errors=True)

    async def scan(self, code: str, language: str) -> list[dict[str, Any]]:
        """LSP diagnostics for `code` (0-based ranges, `code` = rule id)."""
        if not self.alive:
            raise ScannerError("semgrep language server is not running")
        if language not in self._languages:
            return []
        async with self._max_in_flight:
            self._counter += 1
            path = self._root / "workspace" / language / f"n{self._counter}{semgrep_extension(language, code)}"
            try:
                path.write_text(code, encoding="utf-8")
            except OSError as exc:
                raise ScannerError(f"cannot write scan file: {exc.strerror}") from exc
            uri = path.as_uri()
            future: asyncio.Future[list[dict[str, Any]]] = asyncio.get_running_loop().create_future()
            future.add_done_callback(_consume)
            self._pending[uri] = _Pending(future, path)
            self._idle.clear()
            message = {"textDocument": {"uri": uri}}
            self._notify("textDocument/didSave", message)  # registers the new file as a target
            self._notify("textDocument/didSave", message)  # scans it
            diagnostics = await asyncio.shield(future)
        self.scans += 1
        return diagnostics

    # --- protocol -------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        if self._proc is None or self._proc.stdin is None:
            raise ScannerError("semgrep language server is not running")
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    async def _request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._requests[self._next_id] = future
        self._send({"id": self._next_id, "method": method, "params": params})
        return await future

    async def _read_loop(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = await stdout.readline()
                    if not line:
                        raise LspProtocolError("semgrep language server exited")
                    text = line.decode("ascii", "replace").strip()
                    if not text:
                        break
                    name, _, value = text.partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    raise LspProtocolError("message without Content-Length")
                self._dispatch(json.loads(await stdout.readexactly(length)))
        except (LspProtocolError, asyncio.IncompleteReadError, ValueError, ConnectionError) as exc:
            if self._proc is not None:  # not a shutdown we asked for
                log.warning("semgrep language server: %s", exc)
            self._fail_all(ScannerError(f"semgrep language server failed: {exc}"))

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method is not None and "id" in message:  # a request from the server: acknowledge it
            self._send({"id": message["id"], "result": None})
            return
        self.last_progress = time.monotonic()
        if method == "textDocument/publishDiagnostics":
            params = message.get("params", {})
            uri = params.get("uri", "")
            entry = self._pending.get(uri)
            if entry is not None:
                entry.answers += 1
                if entry.answers == 2:  # the second answer is the real scan (see module docstring)
                    del self._pending[uri]
                    if not self._pending:
                        self._idle.set()
                    entry.path.unlink(missing_ok=True)
                    if not entry.future.done():
                        entry.future.set_result(list(params.get("diagnostics", [])))
            return
        if method == "$/progress":
            value = message.get("params", {}).get("value", {})
            if value.get("kind") == "end":
                self._rules_ready.set()
            return
        if method is None and "id" in message:
            request = self._requests.pop(message["id"], None)
            if request is not None and not request.done():
                if "error" in message:
                    request.set_exception(LspProtocolError(str(message["error"])[:200]))
                else:
                    request.set_result(message.get("result"))

    def _fail_all(self, error: Exception) -> None:
        for entry in self._pending.values():
            if not entry.future.done():
                entry.future.set_exception(error)
        self._pending.clear()
        self._idle.set()
        for request in self._requests.values():
            if not request.done():
                request.set_exception(error)
        self._requests.clear()
        self._rules_ready.set()  # wake start() so it notices the failure
