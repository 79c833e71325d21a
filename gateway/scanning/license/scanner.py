"""The license scanner: signals in the text, reuse of indexed code, denied imports."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from gateway.scanning.base import ScannerError, Snippet
from gateway.scanning.findings import Finding, Severity
from gateway.scanning.license.classify import LicenseCategory, find_license_signals
from gateway.scanning.license.imports import imported_packages, license_of
from gateway.scanning.pyast import run_python_ast
from gateway.scanning.settings import ScanSettings

if TYPE_CHECKING:
    from gateway.scanning.license.index import LicenseIndex

_SEVERITY = {
    LicenseCategory.PERMISSIVE: Severity.INFO,
    LicenseCategory.WEAK_COPYLEFT: Severity.MEDIUM,
    LicenseCategory.STRONG_COPYLEFT: Severity.HIGH,
    LicenseCategory.UNKNOWN: Severity.LOW,
}


# Below this many characters a thread hop costs more than the work it moves.
OFF_LOOP_CHARS = 4096


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class LicenseScanner:
    name = "license"

    def __init__(self, settings: ScanSettings, index: LicenseIndex | None = None) -> None:
        self._settings = settings
        self._index = index
        self._owns_index = False

    def supports(self, language: str | None) -> bool:
        return True  # notices and reuse are language-independent

    async def start(self) -> None:
        if self._index is None and self._settings.license_db_url:
            from gateway.scanning.license.index import LicenseIndex

            self._index = LicenseIndex.from_url(self._settings.license_db_url)
            self._owns_index = True
        # Loading the SPDX index takes ~0.3 s; do it now rather than inside the first scan.
        from gateway.scanning.license.classify import classify_expression

        await asyncio.to_thread(classify_expression, "MIT")

    async def aclose(self) -> None:
        if self._index is not None and self._owns_index:
            await self._index.aclose()

    async def scan(self, snippet: Snippet) -> list[Finding]:
        imports: list[Finding] = []
        if snippet.language == "python" and "import" in snippet.code:  # no import statement without the word
            imports = await run_python_ast(len(snippet.code), self._imports, snippet)
        # Long texts (a completion's prompt is scanned as context) leave the event loop.
        off_loop = len(snippet.code) > OFF_LOOP_CHARS
        if snippet.language in {"javascript", "typescript"}:
            imports = await asyncio.to_thread(self._imports, snippet) if off_loop else self._imports(snippet)
        signals = await asyncio.to_thread(self._signals, snippet.code) if off_loop else self._signals(snippet.code)
        findings = signals + imports
        if self._index is not None and self._could_reach_match(snippet.code):
            try:
                findings += await self._reuse(snippet.code)
            except Exception as exc:  # database trouble: incomplete, not crashed
                raise ScannerError(f"license index unavailable: {type(exc).__name__}") from exc
        return findings

    def _could_reach_match(self, code: str) -> bool:
        """Matches count whitespace-free characters: a snippet with fewer than the threshold cannot
        match anything, so the fingerprinting and the database round trip are skipped."""
        minimum = self._settings.license_min_match_chars
        return len(code) >= minimum and len("".join(code.split())) >= minimum

    def _signals(self, code: str) -> list[Finding]:
        findings = []
        for s in find_license_signals(code):
            if s.kind == "copyright":
                rule, severity, message = (
                    "license.copyright_notice",
                    Severity.INFO,
                    "Copyright notice in generated code",
                )
            else:
                rule = f"license.{s.kind}.{s.category.value}"
                severity = _SEVERITY[s.category]
                label = "SPDX identifier" if s.kind == "spdx" else "License text"
                message = f"{label} {s.expression} ({s.category.value.replace('_', ' ')}) in generated code"
            line_end = _line(code, s.end)
            findings.append(
                Finding(
                    self.name,
                    rule,
                    severity,
                    message,
                    s.line,
                    line_end,
                    confidence="high",
                    extra={"license": s.expression, "category": s.category.value},
                )
            )
        return findings

    def _imports(self, snippet: Snippet) -> list[Finding]:
        denied = self._settings.denied_license_categories
        findings = []
        for imp in imported_packages(snippet.code, snippet.language, snippet.tree):
            lic = license_of(imp.module, self._settings.package_licenses)
            if lic is None or lic.category.value not in denied:
                continue
            findings.append(
                Finding(
                    self.name,
                    "license.denied_import",
                    Severity.HIGH,
                    f"Imports '{imp.module}' (package {lic.package}, {lic.license}, "
                    f"{lic.category.value.replace('_', ' ')}), a license the policy denies",
                    imp.line,
                    imp.line,
                    confidence="high" if lic.source == "policy" else "medium",
                    remediation="Use a package under an allowed license or ask for an exception.",
                    extra={
                        "package": lic.package,
                        "license": lic.license,
                        "category": lic.category.value,
                        "license_source": lic.source,
                    },
                )
            )
        return findings

    async def _reuse(self, code: str) -> list[Finding]:
        assert self._index is not None
        findings = []
        for m in await self._index.search(code, self._settings.license_min_match_chars):
            findings.append(
                Finding(
                    self.name,
                    "license.verbatim_reuse",
                    max(_SEVERITY[m.category], Severity.MEDIUM),
                    f"{m.matched_chars} characters match {m.source_path}"
                    f"{f' (package {m.package})' if m.package else ''}, licensed {m.license}",
                    _line(code, m.start),
                    _line(code, max(m.start, m.end - 1)),
                    confidence="high",
                    remediation="Rewrite the fragment or comply with its license (attribution, copyleft).",
                    extra={
                        "source": m.source_path,
                        "package": m.package,
                        "license": m.license,
                        "category": m.category.value,
                        "matched_chars": m.matched_chars,
                        "longest_run": m.longest_run,
                    },
                )
            )
        return findings
