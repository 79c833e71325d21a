"""The scan engine: every scanner for one output at once, with timeouts and crash isolation."""

from __future__ import annotations

import ast
import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from gateway.scanning.bandit_scanner import BanditScanner
from gateway.scanning.base import Scanner, ScannerError, Snippet
from gateway.scanning.calibration import calibrate, merge_across_engines
from gateway.scanning.capacity import AdmissionGate, NoObserver, ScanObserver, ScanOverloaded
from gateway.scanning.extraction import CodeBlock, extract_code_blocks
from gateway.scanning.findings import SCAN_INCOMPLETE, Finding, Severity
from gateway.scanning.fragments import Repair, repair_python, wrap_fragment
from gateway.scanning.languages import detect_language, normalize_language
from gateway.scanning.license.scanner import LicenseScanner
from gateway.scanning.pyast import run_python_ast
from gateway.scanning.pyflow import PyflowScanner
from gateway.scanning.scan_cache import ScanCache
from gateway.scanning.secrets_scanner import SecretsScanner
from gateway.scanning.semgrep_scanner import SemgrepScanner
from gateway.scanning.settings import ScanSettings
from gateway.scanning.spans import map_to_generated
from gateway.telemetry import stage

log = logging.getLogger(__name__)

# Scanners that make sense on prose around code blocks (no parser involved).
_PROSE_SCANNERS = frozenset({"secrets"})


@dataclass(slots=True)
class ScanResult:
    language: str | None
    findings: list[Finding]
    incomplete: list[str]  # names of scanners that failed or timed out
    duration_ms: float
    blocks: list[CodeBlock] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "findings": [f.to_dict() for f in self.findings],
            "incomplete": list(self.incomplete),
            "duration_ms": round(self.duration_ms, 3),
        }


def _incomplete(scanner: str, reason: str, lines: int) -> Finding:
    return Finding(
        scanner,
        SCAN_INCOMPLETE,
        Severity.HIGH,
        f"{scanner} scan incomplete: {reason}",
        1,
        max(lines, 1),
        confidence="high",
        extra={"reason": reason},
    )


def _sorted_unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for f in findings:
        key = (f.scanner, f.rule_id, f.start_line, f.end_line, f.start_col, f.block_index)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return sorted(unique, key=lambda f: (f.block_index or 0, f.start_line, -f.severity.rank, f.rule_id))


def _blank_blocks(text: str, blocks: list[CodeBlock]) -> str:
    """`text` with code replaced by spaces (newlines kept), so prose keeps its offsets and lines."""
    chars = list(text)
    for block in blocks:
        for i in range(block.start, block.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _parse_or_repair(code: str) -> tuple[ast.Module | None, Repair | None]:
    """The parse every scanner shares (`Snippet.tree`), of the code as written or as repaired.

    Code that parses needs no repair (`repair_python` would parse it again to find that out).
    Runs under the AST lock (`run_python_ast`).
    """
    try:
        return ast.parse(code), None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    repair = repair_python(code)
    if repair is None:
        return None, None
    try:
        return ast.parse(repair.code), repair
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # repair_python checked it parses
        return None, repair


class ScanEngine:
    def __init__(self, settings: ScanSettings, scanners: list[Scanner], observer: ScanObserver | None = None) -> None:
        self.settings = settings
        self.scanners = {s.name: s for s in scanners}
        self.observer: ScanObserver = observer or NoObserver()
        capacity = settings.capacity
        # Every snippet takes a slot first (capacity.py): the scanner timeouts then measure the scan, not
        # the queue, and a full queue is `ScanOverloaded` (retryable), never `scan_incomplete`.
        self.admission = AdmissionGate("scan", slots=capacity.concurrent_scans(), max_waiting=capacity.max_queued_scans,
                                       max_wait_s=capacity.max_queue_wait_s, retry_after_s=capacity.retry_after_s)
        self.cache = ScanCache(capacity.cache_entries, capacity.cache_ttl_s)
        self._started = False
        self._start_lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings: ScanSettings, observer: ScanObserver | None = None) -> ScanEngine:
        enabled = settings.enabled_scanners
        scanners: list[Scanner] = []
        if "semgrep" in enabled:
            scanners.append(SemgrepScanner(settings))
        if "bandit" in enabled:
            scanners.append(BanditScanner())
        if "secrets" in enabled:
            scanners.append(SecretsScanner())
        if "license" in enabled:
            scanners.append(LicenseScanner(settings))
        if "pyflow" in enabled:
            scanners.append(PyflowScanner())
        return cls(settings, scanners, observer)

    async def start(self) -> None:
        async with self._start_lock:
            if not self._started:
                await asyncio.gather(*(s.start() for s in self.scanners.values()))
                self._started = True

    async def aclose(self) -> None:
        await asyncio.gather(*(s.aclose() for s in self.scanners.values()), return_exceptions=True)
        self._started = False

    async def __aenter__(self) -> ScanEngine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def scan(
        self,
        code: str,
        language: str | None = None,
        *,
        prefix: str = "",
        suffix: str = "",
        scanners: frozenset[str] | None = None,
    ) -> ScanResult:
        """Scan one generated snippet; with prefix/suffix (FIM), report only what touches `code`."""
        began = time.perf_counter()
        lang = normalize_language(language) if language else detect_language(prefix + code + suffix)
        findings, incomplete = await self._scan_snippet(prefix + code + suffix, lang, scanners)
        if prefix or suffix:
            findings = map_to_generated(findings, prefix, code)
        return ScanResult(lang, _sorted_unique(findings), incomplete, (time.perf_counter() - began) * 1000)

    async def scan_text(
        self, text: str, default_language: str | None = None, *, scanners: frozenset[str] | None = None
    ) -> ScanResult:
        """Scan a chat answer: every code block at once; prose only for secrets.

        Findings in blocks carry `block_index` and lines relative to their block; findings in prose
        have `block_index=None` and lines relative to the whole text.
        """
        began = time.perf_counter()
        blocks = extract_code_blocks(text, default_language)
        if not blocks:
            lang = normalize_language(default_language) or detect_language(text)
            if lang is not None:  # a raw completion or an unfenced answer that is code
                blocks = [CodeBlock(lang, text, 0, len(text), 0, closed=True)]
        jobs = [self._scan_snippet(b.code, b.language, scanners) for b in blocks]
        prose = _blank_blocks(text, blocks) if blocks else text
        prose_scanners = (scanners or frozenset(self.scanners)) & _PROSE_SCANNERS
        if prose.strip() and (not blocks or blocks[0].code is not text):
            jobs.append(self._scan_snippet(prose, None, prose_scanners))
        # One snippet (a streamed block, most answers): awaited as is, not wrapped in a task.
        outcomes = [await jobs[0]] if len(jobs) == 1 else await asyncio.gather(*jobs)
        findings: list[Finding] = []
        incomplete: set[str] = set()
        for i, (found, failed) in enumerate(outcomes):
            in_block = i < len(blocks)
            findings.extend(f.moved(block_index=i) if in_block else f for f in found)
            incomplete.update(failed)
        language = next((b.language for b in blocks if b.language), None)
        duration = (time.perf_counter() - began) * 1000
        return ScanResult(language, _sorted_unique(findings), sorted(incomplete), duration, blocks)

    async def _scan_snippet(
        self, code: str, language: str | None, only: frozenset[str] | None
    ) -> tuple[list[Finding], list[str]]:
        if not self._started:
            await self.start()
        chosen = [s for name, s in self.scanners.items() if (only is None or name in only) and s.supports(language)]
        if not chosen:
            return [], []
        key = self.cache.key(code, language, frozenset(s.name for s in chosen))
        cached = self.cache.get(key)
        if cached is not None:
            return cached, []
        try:
            async with self.admission.admit():
                findings = await self._scan_admitted(code, language, chosen)
        except ScanOverloaded as exc:
            self.observer.scan_overloaded(exc.lane, exc.reason)
            raise
        incomplete = sorted({f.scanner for f in findings if f.rule_id == SCAN_INCOMPLETE})
        if not incomplete:
            self.cache.put(key, findings)
        return findings, incomplete

    async def _scan_admitted(self, code: str, language: str | None, chosen: list[Scanner]) -> list[Finding]:
        # A fragment (method body, statements outside a function, truncated end) is scanned in a
        # form that parses; findings are mapped back onto the lines the model wrote.
        repair: Repair | None = None
        tree: ast.Module | None = None
        if chosen and language == "python":
            tree, repair = await run_python_ast(len(code), _parse_or_repair, code)
        elif chosen:
            repair = wrap_fragment(code, language)
        snippet = Snippet(repair.code if repair else code, language, tree)
        results = await asyncio.gather(*(self._run_one(s, snippet) for s in chosen))
        raw = [f for found in results for f in found]
        if repair is not None:
            raw = repair.relocate(raw, code.count("\n") + 1)
        if repair is not None and repair.dropped_lines:
            # A trim hides the dropped lines from the repaired scan, and a broken line in the middle
            # can make a trim "work" by cutting real code away: the original, as written, is scanned
            # too (semgrep recovers from syntax errors), so trimming can only add findings.
            original = await asyncio.gather(*(self._run_one(s, Snippet(code, language)) for s in chosen))
            seen = {(f.scanner, f.rule_id, f.start_line) for f in raw}
            raw.extend(f for found in original for f in found if (f.scanner, f.rule_id, f.start_line) not in seen)
        return merge_across_engines(calibrate(raw, code))

    async def _run_one(self, scanner: Scanner, snippet: Snippet) -> list[Finding]:
        timeout = self.settings.timeout_for(scanner.name)
        lines = snippet.code.count("\n") + 1
        try:
            # asyncio.timeout, not wait_for: no extra task per scanner (each snippet runs four).
            with stage(f"scan.{scanner.name}"):
                async with asyncio.timeout(timeout):
                    return await scanner.scan(snippet)
        except ScanOverloaded:  # a queue inside the scanner is full: not a failure of the scan
            raise
        except TimeoutError:
            self.observer.scan_incomplete(scanner.name, "timeout")
            return [_incomplete(scanner.name, f"timed out after {timeout:g} s", lines)]
        except ScannerError as exc:
            self.observer.scan_incomplete(scanner.name, "error")
            return [_incomplete(scanner.name, str(exc), lines)]
        except Exception as exc:  # a scanner bug must not take the request down
            log.exception("scanner %s crashed", scanner.name)
            self.observer.scan_incomplete(scanner.name, "crash")
            return [_incomplete(scanner.name, f"crashed ({type(exc).__name__})", lines)]
