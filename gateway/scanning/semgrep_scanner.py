"""The Semgrep scanner: prefilter, batched semgrep-core, normalized findings."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from gateway.scanning.base import ScannerError, Snippet
from gateway.scanning.findings import PARSE_ERROR, Finding, Severity
from gateway.scanning.semgrep_batch import SemgrepBatcher
from gateway.scanning.semgrep_lsp import SemgrepLspServer
from gateway.scanning.semgrep_rules import RuleLoadError, RulePack, codeshield_rule_files, find_semgrep_core
from gateway.scanning.settings import ScanSettings

log = logging.getLogger(__name__)

# Loading validates every rule with semgrep-core (~0.3 s): engines in one process share packs
# while the rule files are unchanged.
_PACKS: dict[tuple[object, ...], RulePack] = {}


def _load_pack(binary: Path, sources: list[tuple[str, list[Path]]]) -> RulePack:
    stamps: list[tuple[str, int]] = []
    for _, paths in sources:
        for path in paths:
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            stamps.extend((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())
    key = (str(binary), tuple((pack, tuple(map(str, paths))) for pack, paths in sources), tuple(stamps))
    if key not in _PACKS:
        _PACKS[key] = RulePack.load(binary, sources)
    return _PACKS[key]


class SemgrepScanner:
    name = "semgrep"

    def __init__(self, settings: ScanSettings) -> None:
        self._settings = settings
        self._pack: RulePack | None = None
        self._batcher: SemgrepBatcher | None = None
        self._broken: str | None = None  # why the scanner cannot run; every scan reports it
        self._servers: list[SemgrepLspServer] = []
        self._binary: Path | None = None
        self._restarting: set[SemgrepLspServer] = set()
        self._recycling: set[SemgrepLspServer] = set()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def pack(self) -> RulePack | None:
        return self._pack

    @property
    def batcher(self) -> SemgrepBatcher | None:
        return self._batcher

    def supports(self, language: str | None) -> bool:
        if language is None:
            return False
        return self._broken is not None or (self._pack is not None and language in self._pack.languages())

    async def start(self) -> None:
        s = self._settings
        sources: list[tuple[str, list[Path]]] = [("sluice", [s.rules_dir, *s.extra_rule_paths])]
        if s.codeshield_pack:
            sources.append(("codeshield", codeshield_rule_files()))
        try:
            binary = find_semgrep_core(s.semgrep_core_path)
            self._pack = await asyncio.to_thread(_load_pack, binary, sources)
        except (RuleLoadError, OSError, ValueError) as exc:
            self._broken = f"semgrep unavailable: {exc}"
            log.error("%s", self._broken)
            return
        self._batcher = SemgrepBatcher(
            binary,
            window_s=s.batch_window_ms / 1000,
            max_batch=s.max_batch,
            max_concurrent=s.max_concurrent_semgrep,
            timeout_s=s.timeout_for(self.name),
        )
        if s.semgrep_mode == "lsp" and self._pack.rules:
            await self._start_servers(binary)

    async def _start_servers(self, binary: Path) -> None:
        self._binary = binary
        s = self._settings
        servers = [self._new_server() for _ in range(max(1, s.max_concurrent_semgrep))]
        results = await asyncio.gather(*(server.start() for server in servers), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:  # the per-batch engine still works: degrade, do not break
            log.warning("semgrep: language server unavailable (%s); using per-batch semgrep-core", failed[0])
            await asyncio.gather(*(server.aclose() for server in servers))
            return
        self._servers = servers

    def _new_server(self) -> SemgrepLspServer:
        assert self._pack is not None and self._binary is not None
        s = self._settings
        return SemgrepLspServer(
            self._binary,
            [r.body for r in self._pack.rules.values()],
            self._pack.languages(),
            max_in_flight=s.lsp_max_in_flight,
            timeout_s=s.timeout_for(self.name),
        )

    @property
    def servers(self) -> list[SemgrepLspServer]:
        return self._servers

    async def aclose(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await asyncio.gather(*(server.aclose() for server in self._servers), return_exceptions=True)
        self._servers = []
        if self._batcher is not None:
            await self._batcher.aclose()

    async def scan(self, snippet: Snippet) -> list[Finding]:
        if self._broken is not None:
            raise ScannerError(self._broken)
        if self._pack is None or self._batcher is None or snippet.language is None:
            raise ScannerError("semgrep scanner not started")
        rules = self._pack.candidates(snippet.language, snippet.code)
        if not rules:  # the prefilter proved no rule can match: skip the process entirely
            return []
        if self._servers:
            return await self._scan_resident(snippet.code, snippet.language)
        outcome = await self._batcher.submit(snippet.code, snippet.language, rules)
        findings = [self._finding(r) for r in outcome.results]
        findings.extend(self._parse_errors(outcome.errors))
        return findings

    async def _scan_resident(self, code: str, language: str) -> list[Finding]:
        alive = [s for s in self._servers if s.alive and s not in self._restarting]
        if not alive:
            self._restart_dead()
            raise ScannerError("semgrep language servers restarting")
        server = min(alive, key=lambda s: s.in_flight)
        # A little under the engine's budget, so a hung server is noticed and replaced here.
        budget = self._settings.timeout_for(self.name) * 0.9
        try:
            diagnostics = await asyncio.wait_for(server.scan(code, language), budget)
        except TimeoutError:
            # A busy server (long queue) is not a hung one: replace it only if it stopped answering.
            if time.monotonic() - server.last_progress > budget:
                self._restart(server)
            raise ScannerError(f"semgrep language server timed out after {budget:.2g} s") from None
        except ScannerError:
            self._restart(server)
            raise
        if server.scans >= self._settings.lsp_max_scans:
            self._recycle(server)
        findings = [self._from_diagnostic(d) for d in diagnostics]
        # The server picks rules by file extension (javascript rules also run on .ts files);
        # keep the per-batch semantics: only rules written for the snippet's language.
        assert self._pack is not None
        return [f for f in findings if (r := self._pack.rules.get(f.rule_id)) is None or language in r.languages]

    def _recycle(self, old: SemgrepLspServer) -> None:
        """Replace a server that has served its quota without failing the scans it holds."""
        if old in self._recycling:
            return
        self._recycling.add(old)  # it keeps serving until the replacement is ready

        async def run() -> None:
            fresh = self._new_server()
            try:
                await fresh.start()
            except ScannerError as exc:
                log.error("semgrep: replacement language server failed: %s", exc)
                self._recycling.discard(old)
                return
            self._servers = [fresh if s is old else s for s in self._servers]
            for _ in range(100):  # let in-flight scans finish
                if old.in_flight == 0:
                    break
                await asyncio.sleep(0.05)
            await old.aclose()
            self._recycling.discard(old)

        task = asyncio.create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _restart_dead(self) -> None:
        for server in self._servers:
            if not server.alive:
                self._restart(server)

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

        task = asyncio.create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _rule_for(self, code: str) -> str:
        """Rule id from a diagnostic code (the server may prefix ids with the rules file's path)."""
        assert self._pack is not None
        if code in self._pack.rules:
            return code
        return next((rid for rid in self._pack.rules if code.endswith("." + rid)), code)

    def _from_diagnostic(self, diagnostic: dict[str, Any]) -> Finding:
        rng = diagnostic.get("range", {})
        start, end = rng.get("start", {}), rng.get("end", {})
        result = {
            "check_id": self._rule_for(str(diagnostic.get("code", "unknown"))),
            "start": {"line": int(start.get("line", 0)) + 1, "col": int(start.get("character", 0)) + 1},
            "end": {"line": int(end.get("line", 0)) + 1, "col": int(end.get("character", 0)) + 1},
            "extra": {"message": diagnostic.get("message", "")},
        }
        return self._finding(result)

    def _finding(self, result: dict[str, Any]) -> Finding:
        assert self._pack is not None
        rule = self._pack.rules.get(result.get("check_id", ""))
        extra = result.get("extra", {})
        start, end = result.get("start", {}), result.get("end", {})
        return Finding(
            scanner=self.name,
            rule_id=result.get("check_id", "unknown"),
            severity=rule.severity if rule else Severity.MEDIUM,
            confidence=rule.confidence if rule else "medium",
            cwe=rule.cwe if rule else None,
            message=str(extra.get("message", "")).strip(),
            start_line=int(start.get("line", 1)),
            end_line=int(end.get("line", start.get("line", 1))),
            start_col=start.get("col"),
            end_col=end.get("col"),
            remediation=rule.remediation if rule else None,
            extra={"pack": rule.pack} if rule else {},
        )

    def _parse_errors(self, errors: list[dict[str, Any]]) -> list[Finding]:
        findings = []
        for error in errors:
            kind = str(error.get("error_type", ""))
            if "parse" not in kind.lower() and "syntax" not in kind.lower():
                continue
            line = int(((error.get("location") or {}).get("start") or {}).get("line", 1))
            findings.append(
                Finding(
                    self.name,
                    PARSE_ERROR,
                    Severity.INFO,
                    f"semgrep could not fully parse: {kind}",
                    line,
                    line,
                    confidence="high",
                )
            )
        return findings
