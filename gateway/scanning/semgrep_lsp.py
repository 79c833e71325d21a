"""A resident semgrep engine: `osemgrep lsp` with the rules loaded once.

semgrep-core costs 70-90 ms just to start. Its language server keeps the parsed rules in
memory and scans one file per `textDocument/didSave` in a few milliseconds. Only files that
existed when the server started are scan targets, so each server owns a pool of slot files
per language: a scan takes a free slot, writes the snippet there, saves it, and gets the slot
back with the `publishDiagnostics` for that file. The server runs with a private HOME, no
registry rules, no CI rules and no metrics, so it never touches the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gateway.scanning.base import ScannerError
from gateway.scanning.languages import EXTENSIONS

log = logging.getLogger(__name__)

_READY_TIMEOUT_S = 60.0
_SETTLE_S = 0.2  # the first scan after start-up can publish a stale extra result; wait it out


class LspProtocolError(Exception):
    pass


def _consume(future: asyncio.Future[Any]) -> None:
    """Mark a failure as seen when the waiting caller already gave up (no asyncio warning)."""
    if not future.cancelled():
        future.exception()


class SemgrepLspServer:
    def __init__(
        self, binary: Path, rules: list[str], languages: set[str], *, slots: int = 8, timeout_s: float = 2.0
    ) -> None:
        self._binary = binary
        self._rules = rules  # rule bodies as JSON strings
        self._languages = sorted(lang for lang in languages if lang in EXTENSIONS)
        self._slots_per_language = slots
        self._timeout_s = timeout_s
        self._root = Path(tempfile.mkdtemp(prefix="sluice-semgrep-lsp-"))
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._free: dict[str, asyncio.Queue[Path]] = {}
        self._pending: dict[str, tuple[asyncio.Future[list[dict[str, Any]]], str, Path]] = {}
        self._requests: dict[int, asyncio.Future[Any]] = {}
        self._rules_ready = asyncio.Event()
        self._next_id = 0
        self.scans = 0  # completed scans, for tests and metrics
        self.starts = 0

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self) -> None:
        self.starts += 1
        workspace = self._root / "workspace"
        shutil.rmtree(workspace, ignore_errors=True)
        self._free = {}
        for lang in self._languages:
            folder = workspace / lang
            folder.mkdir(parents=True)
            queue: asyncio.Queue[Path] = asyncio.Queue()
            for j in range(self._slots_per_language):
                slot = folder / f"s{j}{EXTENSIONS[lang]}"
                slot.write_text("")
                queue.put_nowait(slot)
            self._free[lang] = queue
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
        queue = self._free.get(language)
        if queue is None:
            return []
        slot = await queue.get()
        try:
            slot.write_text(code, encoding="utf-8")
        except OSError as exc:
            queue.put_nowait(slot)
            raise ScannerError(f"cannot write scan slot: {exc.strerror}") from exc
        uri = slot.as_uri()
        future: asyncio.Future[list[dict[str, Any]]] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_consume)
        # The slot returns to the pool only when its diagnostics arrive, even if the caller gave up:
        # a late publish must never be read as the answer for the next snippet in the same slot.
        self._pending[uri] = (future, language, slot)
        self._notify("textDocument/didSave", {"textDocument": {"uri": uri}})
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
        if method == "textDocument/publishDiagnostics":
            params = message.get("params", {})
            entry = self._pending.pop(params.get("uri", ""), None)
            if entry is not None:
                future, language, slot = entry
                self._free[language].put_nowait(slot)
                if not future.done():
                    future.set_result(list(params.get("diagnostics", [])))
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
        for future, _language, _slot in self._pending.values():
            if not future.done():
                future.set_exception(error)
        self._pending.clear()
        for request in self._requests.values():
            if not request.done():
                request.set_exception(error)
        self._requests.clear()
        self._rules_ready.set()  # wake start() so it notices the failure
