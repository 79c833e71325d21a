"""Snippets semgrep cannot parse still meet the regex-only rules, run in-process line by line.

Real semgrep (both engines), the product rule packs and CodeShield's converted line regexes. Each
snippet here was checked to be rejected by semgrep's parser: before the fallback the Rust and PHP
ones got no finding but `scanner.parse_error` (batch) or nothing at all (language server).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.findings import PARSE_ERROR

TRUNCATED_RUST = (
    "fn copy(src: *const u8, n: usize) -> Vec<u8> {\n"
    "    let mut v = Vec::with_capacity(n);\n"
    "    unsafe {\n"
    "        std::ptr::copy_nonoverlapping(src, v.as_mut_ptr(), n);\n"
)
# The signature's ")" is missing: PHP's parser gives up on the function.
TRUNCATED_PHP = "<?php\nfunction run($a, $b\n{\n    eval($_GET['code']);\n"
HARMLESS_TRUNCATED_RUST = "fn add(a: u32, b: u32) -> u32 {\n    let total = a + b;\n    // unsafe { is not used\n"


def _scan_all(snippets: list[tuple[str, str]], mode: str):
    async def main():
        settings = ScanSettings(max_concurrent_semgrep=1, semgrep_mode=mode)  # type: ignore[arg-type]
        async with ScanEngine.from_settings(settings) as engine:
            results = []
            for code, language in snippets:
                started = time.perf_counter()
                result = await engine.scan(code, language, scanners=frozenset({"semgrep"}))
                results.append((result, time.perf_counter() - started))
            return results

    return asyncio.run(main())


@pytest.mark.parametrize("mode", ["batch", "lsp"])
def test_unparsable_snippets_get_their_line_rule_findings(mode: str) -> None:
    rust, php, harmless = _scan_all(
        [(TRUNCATED_RUST, "rust"), (TRUNCATED_PHP, "php"), (HARMLESS_TRUNCATED_RUST, "rust")], mode
    )
    unsafe = [f for f in rust[0].findings if f.rule_id == "codeshield.regex.RUST-R-003"]
    assert [(f.start_line, f.extra.get("fallback")) for f in unsafe] == [(3, "line")]
    assert unsafe[0].cwe is not None and unsafe[0].confidence in {"low", "medium"}
    assert any(f.rule_id == PARSE_ERROR for f in rust[0].findings)

    injection = [f for f in php[0].findings if f.rule_id == "codeshield.regex.potential-code-injection"]
    assert [(f.start_line, f.extra.get("fallback")) for f in injection] == [(4, "line")]
    assert any(f.rule_id == PARSE_ERROR for f in php[0].findings)

    # The only "unsafe {" is in a comment: skipped as the rule itself skips it.
    assert not [f for f in harmless[0].findings if f.rule_id != PARSE_ERROR]


def test_a_hostile_megabyte_line_that_does_not_parse_finishes_fast() -> None:
    hostile = "fn f() { " + "unsafe { /* unsafe { // " * 40_000  # ~1 MB, one line, never closed
    ((result, seconds),) = _scan_all([(hostile, "rust")], "batch")
    assert len(hostile) > 900_000
    fallback = [f for f in result.findings if f.extra.get("fallback") == "line"]
    assert fallback and len(fallback) <= 20
    assert seconds < 10, seconds  # semgrep's own parse of 1 MB included; the stalls were minutes
