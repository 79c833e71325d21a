"""Other languages: fragments wrapped so they parse, and CodeShield's pack on by default where measured.

Real semgrep with the product rule packs (policies/rules/semgrep) and the installed codeshield package.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity
from gateway.scanning.codeshield_pack import DEFAULT_LANGUAGES, adjust_rule, bundle_files
from gateway.scanning.fragments import wrap_fragment

PHP_WITHOUT_OPEN_TAG = """$host = $_GET['host'];
system("ping -c 1 " . $host);
"""

JAVA_STATEMENTS = """String cmd = request.getParameter("cmd");
Runtime.getRuntime().exec(cmd);
"""

JAVA_CLASS = """import java.io.*;
public class Ping {
    public void run(HttpServletRequest request) throws Exception {
        Runtime.getRuntime().exec(request.getParameter("cmd"));
    }
}
"""

C_STRCPY = """void copy(char *input) {
    char buf[16];
    strcpy(buf, input);
}
"""


def _scan(code: str, language: str, **changes: object):
    """The product's defaults (rule packs, CodeShield languages), one language server."""

    async def main():
        settings = ScanSettings(max_concurrent_semgrep=1, **changes)  # type: ignore[arg-type]
        async with ScanEngine.from_settings(settings) as engine:
            return await engine.scan(code, language), engine.scanners["semgrep"].pack

    return asyncio.run(main())


def test_php_without_open_tag_is_wrapped_and_findings_keep_the_models_lines():
    repair = wrap_fragment(PHP_WITHOUT_OPEN_TAG, "php")
    assert repair is not None and repair.code.startswith("<?php\n") and repair.line_offset == 1
    assert wrap_fragment("<?php\n" + PHP_WITHOUT_OPEN_TAG, "php") is None
    result, _ = _scan(PHP_WITHOUT_OPEN_TAG, "php")
    injections = [f for f in result.findings if f.cwe == "CWE-78"]
    # Without the wrapper the PHP parser reads the whole fragment as HTML and finds nothing.
    assert injections and {f.start_line for f in injections} == {2}


def test_java_statements_get_a_method_so_taint_flows():
    repair = wrap_fragment(JAVA_STATEMENTS, "java")
    assert repair is not None and repair.how == "method-body"
    result, _ = _scan(JAVA_STATEMENTS, "java")
    taint = [f for f in result.findings if f.rule_id == "java.command-injection-taint"]
    assert [f.start_line for f in taint] == [2]
    assert taint[0].severity >= Severity.HIGH


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (JAVA_CLASS, "java"),  # a whole class
        ("public void run(String c) throws Exception {\n  Runtime.getRuntime().exec(c);\n}\n", "java"),  # a method
        ("using System;\nProcess.Start(x);\n", "csharp"),  # using lines: leave the structure alone
        ("x + 1", "java"),  # no statements at all
        (C_STRCPY, "c"),  # semgrep parses C fragments as they are
    ],
)
def test_code_with_its_own_structure_is_not_wrapped(code: str, language: str):
    assert wrap_fragment(code, language) is None


def test_else_if_lines_are_not_mistaken_for_method_headers():
    code = "if (a) {\n  x = 1;\n} else if (b) {\n  x = 2;\n}\n"
    assert wrap_fragment(code, "java") is not None


def test_codeshield_pack_loads_by_default_for_measured_languages_only():
    result, pack = _scan(C_STRCPY, "c")
    assert pack is not None
    loaded = {lang for rule in pack.rules.values() if rule.pack == "codeshield" for lang in rule.languages}
    assert loaded and loaded <= DEFAULT_LANGUAGES and "python" not in loaded
    # Our c.strcpy and CodeShield's strcpy rule report one weakness on one line: one finding.
    on_line = [f for f in result.findings if f.start_line == 3 and f.cwe == "CWE-120"]
    assert len(on_line) == 1, on_line
    assert any(r.startswith("codeshield.") for r in [on_line[0].rule_id, *on_line[0].extra.get("also", [])])


def test_codeshield_pack_can_be_switched_off_per_language():
    _, pack = _scan(C_STRCPY, "c", codeshield_languages=frozenset())
    assert pack is not None and not any(r.pack == "codeshield" for r in pack.rules.values())


def test_codeshield_rules_get_their_cwe_and_misfiring_rules_are_dropped_or_demoted():
    rules = {}
    for path in bundle_files(None):
        for rule in json.loads(path.read_text())["rules"]:
            rules.setdefault(rule["id"], rule)
    assert adjust_rule(rules["dangerously-set-inner-html"], None) is None
    demoted = adjust_rule(rules["xxe-injection"], None)
    assert demoted is not None and demoted["metadata"]["sluice_severity"] == "low"
    sql = adjust_rule(rules["sql-injection"], None)
    assert sql is not None and sql["metadata"]["cwe"] == "CWE-89"  # was "CWE-89 Improper ..."
    strcpy = adjust_rule(rules["vulnerable-strcpy"], None)
    assert strcpy is not None and strcpy["metadata"]["cwe"] == "CWE-120"
    # Narrowed to the languages asked for: the C bundle's rules name both C and C++.
    only_c = adjust_rule(rules["vulnerable-strcpy"], frozenset({"c"}))
    assert only_c is not None and only_c["languages"] == ["c"]
    assert adjust_rule(rules["vulnerable-strcpy"], frozenset({"java"})) is None


def test_csharp_sql_built_from_strings_is_found_with_its_cwe():
    code = (
        "public void Find(string name) {\n"
        '    var cmd = new SqlCommand("SELECT * FROM users WHERE name = \'" + name + "\'", conn);\n'
        "    cmd.ExecuteReader();\n"
        "}\n"
    )
    result, _ = _scan(code, "csharp")
    assert any(f.cwe == "CWE-89" and f.severity >= Severity.MEDIUM for f in result.findings), result.findings
