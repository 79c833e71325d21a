"""Java and C# statements whose last call the token limit cut in half are still scanned.

With no block left open there was nothing to close, so the half statement stayed in the method the
wrapper builds around the statements; semgrep's parser then dropped the whole method and no rule saw
any line of the answer. `wrap_fragment` now drops the unfinished lines (at most three) first.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity
from gateway.scanning.fragments import wrap_fragment

JAVA_CUT_STATEMENTS = """Random rnd = new Random();
String token = Long.toHexString(rnd.nextLong());
Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
cipher.init(Cipher.ENCRYPT_MODE,
            ke"""

CSHARP_CUT_STATEMENTS = """var des = DES.Create();
var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = '" + name + "'", conn);
var reader = cmd.ExecuteRea"""


def _medium_plus(code: str, language: str) -> set[tuple[int, str | None]]:
    async def main():
        settings = ScanSettings(enabled_scanners=frozenset({"semgrep"}), codeshield_languages=frozenset())
        async with ScanEngine.from_settings(settings) as engine:
            return await engine.scan(code, language)

    return {(f.start_line, f.cwe) for f in asyncio.run(main()).findings if f.severity >= Severity.MEDIUM}


def test_the_half_statement_is_dropped_and_the_rest_wrapped() -> None:
    repair = wrap_fragment(JAVA_CUT_STATEMENTS, "java")
    assert repair is not None and repair.how == "method-body" and repair.dropped_lines == 2
    assert "cipher.init" not in repair.code and 'Cipher.getInstance("AES/ECB/PKCS5Padding");' in repair.code


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        (JAVA_CUT_STATEMENTS, "java", {(2, "CWE-338"), (3, "CWE-327")}),
        (CSHARP_CUT_STATEMENTS, "csharp", {(1, "CWE-327"), (2, "CWE-89")}),
    ],
)
def test_findings_before_the_cut_are_reported_on_their_lines(
    code: str, language: str, expected: set[tuple[int, str]]
) -> None:
    assert expected <= _medium_plus(code, language)


@pytest.mark.parametrize(
    "code",
    [
        "int a = 1;\nint b = 2; // the end",  # a trailing comment
        'String u = "http://example.com";\nlog(u);',  # `//` inside a string
        "int a = 1;\n@Override",  # an annotation
        "int a = 1;\n// a closing comment",
    ],
)
def test_complete_last_lines_are_kept(code: str) -> None:
    repair = wrap_fragment(code, "java")
    assert repair is not None and repair.dropped_lines == 0


def test_a_statement_longer_than_the_limit_is_left_alone() -> None:
    code = "int a = 1;\nfoo(a,\n  b,\n  c,\n  d"
    repair = wrap_fragment(code, "java")
    assert repair is not None and repair.dropped_lines == 0


def test_line_end_checks_are_linear_on_hostile_text() -> None:
    for text in ("a;\n" + " " * 200_000 + "x", "a;\n" + "/" * 200_000, "a;\n" + '"//' * 70_000):
        began = time.perf_counter()
        wrap_fragment(text, "java")
        wrap_fragment(text, "csharp")
        assert time.perf_counter() - began < 1.0
