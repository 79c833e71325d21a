"""The Semgrep scanner: prefilter, then resident language servers or batched semgrep-core; normalized findings."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from pathlib import Path
from typing import Any

from gateway.scanning import codeshield_pack
from gateway.scanning.base import ScannerError, Snippet
from gateway.scanning.findings import PARSE_ERROR, Finding, Severity, scrub_secrets
from gateway.scanning.line_fallback import LineFallback, LineMatch
from gateway.scanning.semgrep_batch import SemgrepBatcher
from gateway.scanning.semgrep_lsp import SemgrepLspServer
from gateway.scanning.semgrep_pool import SemgrepServerPool
from gateway.scanning.semgrep_rules import RuleLoadError, RulePack, find_semgrep_core
from gateway.scanning.settings import ScanSettings

log = logging.getLogger(__name__)

# Loading validates every rule with semgrep-core (~0.3 s): engines in one process share packs
# while the rule files are unchanged.
_PACKS: dict[tuple[object, ...], RulePack] = {}
# Snippets longer than this run the in-process line rules in a worker thread.
_LINE_FALLBACK_INLINE_CHARS = 64_000


def _load_pack(
    binary: Path, sources: list[tuple[str, list[Path]]], codeshield_languages: frozenset[str] | None
) -> RulePack:
    stamps: list[tuple[str, int]] = []
    for _, paths in sources:
        for path in paths:
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            stamps.extend((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())
    languages = None if codeshield_languages is None else tuple(sorted(codeshield_languages))
    key = (str(binary), tuple((pack, tuple(map(str, paths))) for pack, paths in sources), tuple(stamps), languages)
    if key not in _PACKS:
        adjusters = {"codeshield": partial(codeshield_pack.adjust_rule, languages=codeshield_languages)}
        _PACKS[key] = RulePack.load(binary, sources, adjusters)
    return _PACKS[key]


class SemgrepScanner:
    name = "semgrep"

    def __init__(self, settings: ScanSettings) -> None:
        self._settings = settings
        self._pack: RulePack | None = None
        self._batcher: SemgrepBatcher | None = None
        self._broken: str | None = None  # why the scanner cannot run; every scan reports it
        self._pool: SemgrepServerPool | None = None
        self._line_fallback = LineFallback()

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
        # CodeShield's bundles: every language when asked for, else the languages measured to gain.
        codeshield_languages = None if s.codeshield_pack else s.codeshield_languages
        codeshield_files = codeshield_pack.bundle_files(codeshield_languages)
        if codeshield_files:
            sources.append(("codeshield", codeshield_files))
        try:
            binary = find_semgrep_core(s.semgrep_core_path)
            self._pack = await asyncio.to_thread(_load_pack, binary, sources, codeshield_languages)
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
        assert self._pack is not None
        s = self._settings
        bodies, languages = [r.body for r in self._pack.rules.values()], self._pack.languages()

        def make_server() -> SemgrepLspServer:
            return SemgrepLspServer(
                binary, bodies, languages, max_in_flight=s.lsp_max_in_flight, timeout_s=s.timeout_for(self.name)
            )

        pool = SemgrepServerPool(
            make_server,
            size=s.max_concurrent_semgrep,
            budget_s=s.timeout_for(self.name) * 0.9,
            max_scans=s.lsp_max_scans,
            spares=s.capacity.semgrep_spare_servers,
            max_in_flight=s.lsp_max_in_flight,
            retry_after_s=s.capacity.retry_after_s,
        )
        try:
            await pool.start()
        except ScannerError as exc:  # the per-batch engine still works: degrade, do not break
            log.warning("semgrep: language server unavailable (%s); using per-batch semgrep-core", exc)
            return
        self._pool = pool

    @property
    def pool(self) -> SemgrepServerPool | None:
        return self._pool

    @property
    def servers(self) -> list[SemgrepLspServer]:
        return self._pool.servers if self._pool else []

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None
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
        if self._pool is not None:
            diagnostics = await self._pool.scan(snippet.code, snippet.language)
            findings = self._from_diagnostics(diagnostics, snippet.language, snippet.code)
        else:
            outcome = await self._batcher.submit(snippet.code, snippet.language, rules)
            findings = [self._finding(r, snippet.code) for r in outcome.results]
            findings.extend(self._parse_errors(outcome.errors))
        return findings + await self._unparsed_line_findings(rules, snippet.code, findings)

    async def _unparsed_line_findings(self, rules: list[Any], code: str, reported: list[Finding]) -> list[Finding]:
        """Regex-only rules semgrep skipped because the snippet did not parse, run in-process.

        On a snippet semgrep parsed, each regex-only candidate rule was run by semgrep: its matches
        are already reported, and the in-process search (RE2, microseconds per rule) finds the
        same. A match semgrep did not report therefore means semgrep never ran the rule: the
        snippet did not parse. That holds for both engines, and the language server publishes no
        parse errors at all, so the comparison is the detection, at no semgrep cost.
        """
        seen = {f.rule_id for f in reported}
        unreported = [r for r in rules if r.id not in seen]
        if not unreported:
            return []
        if len(code) > _LINE_FALLBACK_INLINE_CHARS:  # ~0.25 s per MB: off the event loop
            matches = await asyncio.to_thread(self._line_fallback.matches, unreported, code)
        else:
            matches = self._line_fallback.matches(unreported, code)
        if not matches:
            return []
        findings = [self._line_finding(m, code) for m in matches]
        if not any(f.rule_id == PARSE_ERROR for f in reported):
            line = min(m.start_line for m in matches)
            findings.append(
                Finding(
                    self.name,
                    PARSE_ERROR,
                    Severity.INFO,
                    "semgrep could not parse the snippet: regex-only rules ran line by line",
                    line,
                    line,
                    confidence="high",
                )
            )
        return findings

    def _line_finding(self, match: LineMatch, code: str) -> Finding:
        result = {
            "check_id": match.rule.id,
            "start": {"line": match.start_line, "col": match.start_col},
            "end": {"line": match.end_line, "col": match.end_col},
            "extra": {"message": match.message},
        }
        finding = self._finding(result, code)
        finding.extra["fallback"] = "line"
        return finding

    def _from_diagnostics(self, diagnostics: list[dict[str, Any]], language: str, code: str) -> list[Finding]:
        assert self._pack is not None
        findings = [self._from_diagnostic(d, code) for d in diagnostics]
        # The server picks rules by file extension (javascript rules also run on .ts files);
        # keep the per-batch semantics: only rules written for the snippet's language.
        return [f for f in findings if (r := self._pack.rules.get(f.rule_id)) is None or language in r.languages]

    def _rule_for(self, code: str) -> str:
        """Rule id from a diagnostic code (the server may prefix ids with the rules file's path)."""
        assert self._pack is not None
        if code in self._pack.rules:
            return code
        return next((rid for rid in self._pack.rules if code.endswith("." + rid)), code)

    def _from_diagnostic(self, diagnostic: dict[str, Any], code: str) -> Finding:
        rng = diagnostic.get("range", {})
        start, end = rng.get("start", {}), rng.get("end", {})
        result = {
            "check_id": self._rule_for(str(diagnostic.get("code", "unknown"))),
            "start": {"line": int(start.get("line", 0)) + 1, "col": int(start.get("character", 0)) + 1},
            "end": {"line": int(end.get("line", 0)) + 1, "col": int(end.get("character", 0)) + 1},
            "extra": {"message": diagnostic.get("message", "")},
        }
        return self._finding(result, code)

    def _finding(self, result: dict[str, Any], code: str) -> Finding:
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
            # Metavariables ($X) interpolate the scanned code into the message: scrub it here.
            message=scrub_secrets(str(extra.get("message", "")).strip(), code),
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
