"""Java and C# answers cut off by the token limit (blocks left open, a half last line) are scanned.

semgrep's Java and C# parsers give up on a file whose class or method never closes: before
`wrap_fragment` closed the open blocks, such an answer was scanned by no rule at all (on our own
Java/C# look-alike snippets, recall fell from ~95 % to 5 % once the closing braces were cut).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity
from gateway.scanning.fragments import wrap_fragment

JAVA_CUT = """import java.sql.*;

public class UserDao {
    public ResultSet find(Connection conn, String name) throws SQLException {
        Statement stmt = conn.createStatement();
        String query = "SELECT * FROM users WHERE name = '" + name + "'";
        ResultSet rs = stmt.executeQuery(query);
        while (rs.next()) {
            System.out.println(rs.getStr"""

CSHARP_CUT = """public class Repo
{
    public int Delete(SqlConnection conn, string id)
    {
        var cmd = new SqlCommand("DELETE FROM Orders WHERE Id = '" + id + "'", conn);
        return cmd.ExecuteNonQuery();
"""


def _findings(code: str, language: str) -> list[tuple[int, str | None]]:
    async def main():
        async with ScanEngine.from_settings(ScanSettings(max_concurrent_semgrep=1)) as engine:
            return await engine.scan(code, language)

    result = asyncio.run(main())
    return sorted((f.start_line, f.cwe) for f in result.findings if f.severity >= Severity.MEDIUM and f.cwe)


def test_open_blocks_are_closed_and_a_half_line_dropped() -> None:
    repair = wrap_fragment(JAVA_CUT, "java")
    assert repair is not None and repair.how == "close-blocks" and repair.line_offset == 0
    assert repair.dropped_lines == 1 and "getStr" not in repair.code
    assert repair.code.rstrip().endswith("}}}")


def test_braces_in_strings_chars_and_comments_do_not_count() -> None:
    balanced = 'class A {\n  String s = "{{"; char c = \'{\'; // {\n  /* { */ String v = @"x"; \n}\n'
    assert wrap_fragment(balanced, "java") is None


@pytest.mark.parametrize(("code", "language", "line"), [(JAVA_CUT, "java", 7), (CSHARP_CUT, "csharp", 5)])
def test_truncated_sql_injection_is_reported_on_its_line(code: str, language: str, line: int) -> None:
    assert (line, "CWE-89") in _findings(code, language)


def test_brace_counting_is_linear_on_hostile_text() -> None:
    for text in ("{" * 200_000, '"' * 200_000, '@"' + "x" * 200_000, "/*" + "{" * 200_000, "'{" * 100_000):
        began = time.perf_counter()
        wrap_fragment(text, "java")
        assert time.perf_counter() - began < 1.0
