"""The engine end to end with real semgrep-core and real Bandit."""

import asyncio
import os
import stat
from pathlib import Path

from gateway.scanning import PARSE_ERROR, SCAN_INCOMPLETE, ScanEngine, Severity
from gateway.scanning.settings import ScanCapacity
from tests.scanning.conftest import run_with_engine

VULNERABLE = """import subprocess

def run(cmd):
    subprocess.call(cmd, shell=True)
    return eval(cmd)
"""


def _ids(result):
    return {(f.scanner, f.rule_id, f.start_line) for f in result.findings}


def test_semgrep_and_bandit_find_real_issues_with_normalized_fields():
    result = run_with_engine(lambda e: e.scan(VULNERABLE, "python"))
    ids = _ids(result)
    assert ("semgrep", "test.python.subprocess-shell-true", 4) in ids
    assert ("semgrep", "test.python.eval", 5) in ids
    # Bandit's B602 (subprocess with shell=True, CWE-78) is the same weakness on the same line:
    # merged into the semgrep finding, which names it.
    assert not any(f.rule_id == "bandit.B602" for f in result.findings)
    shell = next(f for f in result.findings if f.rule_id == "test.python.subprocess-shell-true")
    assert shell.extra["also"] == ["bandit.B602"]
    assert shell.severity is Severity.HIGH
    assert shell.cwe == "CWE-78"
    assert shell.confidence == "high"
    assert shell.remediation == "Pass an argument list and drop shell=True."
    assert (shell.start_col, shell.end_col) == (5, 37)
    assert result.incomplete == []
    assert result.language == "python"


def test_language_is_detected_when_not_given_and_other_languages_use_their_rules():
    js = run_with_engine(lambda e: e.scan("const x = require('x');\nconsole.log(eval(userInput));\n"))
    assert js.language == "javascript"
    assert ("semgrep", "test.javascript.eval", 2) in _ids(js)
    java = "class A {\n  void f(String c) throws Exception {\n    Runtime.getRuntime().exec(c);\n  }\n}\n"
    assert ("semgrep", "test.java.runtime-exec", 3) in _ids(run_with_engine(lambda e: e.scan(java, "java")))


def test_safe_code_yields_nothing_and_skips_semgrep_via_prefilter():
    async def body(engine: ScanEngine):
        result = await engine.scan("def add(a, b):\n    return a + b\n", "python")
        return result, engine.scanners["semgrep"].batcher.invocations

    result, invocations = run_with_engine(body, semgrep_mode="batch")
    assert result.findings == []
    assert invocations == 0  # no rule's required identifiers occur: no process started


def test_concurrent_scans_share_one_semgrep_invocation():
    async def body(engine: ScanEngine):
        snippets = [f"import subprocess\nsubprocess.call(c{i}, shell=True)\n" for i in range(8)]
        results = await asyncio.gather(*(engine.scan(s, "python") for s in snippets))
        return results, engine.scanners["semgrep"].batcher

    results, batcher = run_with_engine(body, batch_window_ms=20.0, semgrep_mode="batch")
    assert batcher.invocations == 1
    assert batcher.snippets == 8
    for result in results:  # each snippet got its own findings back, nobody else's
        hits = [f for f in result.findings if f.rule_id == "test.python.subprocess-shell-true"]
        assert [(f.start_line, f.start_col) for f in hits] == [(2, 1)]


def test_fim_reports_only_findings_in_the_generated_span_with_relative_lines():
    prefix = "import subprocess\n\ndef a(x):\n    return eval(x)\n\ndef b(cmd):\n    "
    code = "subprocess.call(cmd, shell=True)\n    return 1\n"
    suffix = "\ndef c(y):\n    return eval(y)\n"
    result = run_with_engine(lambda e: e.scan(code, "python", prefix=prefix, suffix=suffix))
    rules = {(f.rule_id, f.start_line, f.start_col) for f in result.findings}
    assert ("test.python.subprocess-shell-true", 1, 1) in rules  # line 7 col 5 of the whole file
    assert not any(f.rule_id == "test.python.eval" for f in result.findings)  # in prefix/suffix only
    assert not any(f.rule_id == "bandit.B404" for f in result.findings)  # the import is in the prefix


def test_fim_partial_code_parses_only_with_context():
    prefix = "def f(cmd):\n    if cmd:\n"
    code = "        return eval(cmd)\n"
    result = run_with_engine(lambda e: e.scan(code, "python", prefix=prefix))
    assert ("semgrep", "test.python.eval", 1) in _ids(result)
    assert not any(f.rule_id == PARSE_ERROR for f in result.findings)


def test_parse_failure_is_an_info_finding_not_an_exception():
    result = run_with_engine(lambda e: e.scan("def broken(:\n    eval(x)\n", "python"))
    errors = [f for f in result.findings if f.rule_id == PARSE_ERROR]
    assert len(errors) == 1 and errors[0].severity is Severity.INFO and errors[0].start_line == 1
    assert result.incomplete == []


def test_missing_semgrep_binary_yields_scan_incomplete(tmp_path: Path):
    result = run_with_engine(lambda e: e.scan(VULNERABLE, "python"), semgrep_core_path=tmp_path / "nope")
    incomplete = [f for f in result.findings if f.rule_id == SCAN_INCOMPLETE]
    assert [f.scanner for f in incomplete] == ["semgrep"]
    assert incomplete[0].severity is Severity.HIGH
    assert result.incomplete == ["semgrep"]
    assert any(f.scanner == "bandit" for f in result.findings)  # the others still ran


def _fake_core(tmp_path: Path, script: str) -> Path:
    """A wrapper that validates rules with the real binary but misbehaves when scanning."""
    from gateway.scanning.semgrep_rules import find_semgrep_core

    real = find_semgrep_core()
    path = tmp_path / "semgrep-core"
    path.write_text(
        f'#!/bin/sh\nif [ "$3" = "-targets" ] && grep -q CodeTarget "$4"; then {script}; fi\nexec {real} "$@"\n'
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_crashing_semgrep_yields_scan_incomplete(tmp_path: Path):
    core = _fake_core(tmp_path, "echo boom >&2; exit 3")
    result = run_with_engine(lambda e: e.scan(VULNERABLE, "python"), semgrep_core_path=core, semgrep_mode="batch")
    assert result.incomplete == ["semgrep"]
    assert "no output" in next(f.message for f in result.findings if f.rule_id == SCAN_INCOMPLETE)


def test_hanging_semgrep_times_out_into_scan_incomplete(tmp_path: Path):
    core = _fake_core(tmp_path, "exec sleep 30")
    result = run_with_engine(
        lambda e: e.scan(VULNERABLE, "python"),
        semgrep_core_path=core,
        scanner_timeouts_s={"semgrep": 0.5},
        semgrep_mode="batch",
    )
    assert result.incomplete == ["semgrep"]
    assert result.duration_ms < 5000
    message = next(f.message for f in result.findings if f.rule_id == SCAN_INCOMPLETE)
    assert "timed out" in message


def test_scan_text_scans_blocks_concurrently_with_block_relative_lines():
    text = (
        "Here you go:\n\n```python\nimport os\n\nos.system(cmd)\n```\n\n"
        "And in JS:\n```javascript\nconst a = 1;\neval(a);\n```\n"
        "Your token is ghp_abcdefghijklmnopqrstuvwxyz0123456789 by the way.\n"
    )
    result = run_with_engine(lambda e: e.scan_text(text))
    found = {(f.block_index, f.rule_id, f.start_line) for f in result.findings}
    assert (0, "bandit.B605", 3) in found  # os.system, line 3 of block 0
    assert (1, "test.javascript.eval", 2) in found
    assert (None, "secrets.github_token", 14) in found  # prose: lines of the whole text
    assert [b.language for b in result.blocks] == ["python", "javascript"]


def test_unfenced_code_answer_is_scanned_whole():
    result = run_with_engine(lambda e: e.scan_text(VULNERABLE, default_language="python"))
    assert ("semgrep", "test.python.eval", 5) in _ids(result)


def test_scanner_selection_and_unknown_language_runs_language_free_scanners_only():
    result = run_with_engine(lambda e: e.scan(VULNERABLE, "python", scanners=frozenset({"semgrep"})))
    assert {f.scanner for f in result.findings} == {"semgrep"}
    text = 'password = "x"\naws = "AKIAQWERTYUIOPASDFGHJ"[:-1]\nAKIAQWERTYUIOPASDFGH\n'
    prose = run_with_engine(lambda e: e.scan(text, "text"))
    assert prose.language is None
    assert {f.rule_id for f in prose.findings} == {"secrets.aws_access_key_id"}


def test_codeshield_pack_loads_and_skips_its_broken_rule():
    async def body(engine: ScanEngine):
        result = await engine.scan("import pickle\npickle.loads(data)\n", "python")
        return result, engine.scanners["semgrep"].pack

    result, pack = run_with_engine(body, codeshield_pack=True)
    assert any(rule_id == "codeshield.ssrf_insecure_patterns" for rule_id, _ in pack.skipped)
    # Found by CodeShield's rule, possibly merged with Bandit's on the same line and CWE.
    assert any(
        f.cwe == "CWE-502" and any(r.startswith("codeshield.") for r in [f.rule_id, *f.extra.get("also", [])])
        for f in result.findings
    )


def test_invalid_rules_in_a_pack_are_skipped_not_fatal(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(
        "rules:\n- id: broken\n  languages: [python]\n  severity: ERROR\n  message: x\n  pattern: 'foo(('\n"
        "- id: fine\n  languages: [python]\n  severity: ERROR\n  message: y\n  pattern: dangerous(...)\n"
    )
    (tmp_path / "garbage.yaml").write_text(": not yaml : [")

    async def body(engine: ScanEngine):
        return await engine.scan("dangerous(1)\n", "python"), engine.scanners["semgrep"].pack

    result, pack = run_with_engine(body, rules_dir=tmp_path)
    assert {r for r, _ in pack.skipped} >= {"broken", str(tmp_path / "garbage.yaml")}
    assert ("semgrep", "fine", 1) in _ids(result)


def test_product_rule_packs_load_when_present():
    rules_dir = Path(__file__).resolve().parents[2] / "policies" / "rules" / "semgrep"
    if not rules_dir.is_dir():
        return

    async def body(engine: ScanEngine):
        await engine.start()
        return engine.scanners["semgrep"].pack

    pack = run_with_engine(body, rules_dir=rules_dir)
    assert pack is not None and len(pack.rules) > 0  # rule quality itself: semgrep --test in CI


CYCLE = ["import subprocess\nsubprocess.call(c, shell=True)\n", "eval(x)\n", "x = 1\n"]
EXPECTED = [{"test.python.subprocess-shell-true"}, {"test.python.eval"}, set()]


def test_resident_language_server_scans_concurrently_without_new_processes():
    async def body(engine: ScanEngine):
        scanner = engine.scanners["semgrep"]
        concurrent = await asyncio.gather(*(engine.scan(CYCLE[i % 3], "python") for i in range(21)))
        # semgrep keeps per-file state: sequential snippets with different content must not
        # inherit anything from earlier ones (this lost findings when files were reused).
        sequential = [await engine.scan(CYCLE[i % 3], "python") for i in range(30)]
        return concurrent + sequential, scanner.batcher.invocations, sum(s.scans for s in scanner.servers)

    results, invocations, scans = run_with_engine(body, capacity=ScanCapacity(cache_entries=0))  # every scan runs
    assert invocations == 0
    assert scans >= 34  # the 16 safe snippets never reach semgrep (prefilter)
    for i, result in enumerate(results):
        assert {f.rule_id for f in result.findings if f.scanner == "semgrep"} == EXPECTED[i % 3], i


def test_language_server_is_replaced_after_its_quota_without_failing_scans():
    async def body(engine: ScanEngine):
        scanner = engine.scanners["semgrep"]
        first = scanner.servers[0]
        results = []
        for i in range(12):
            results.append(await engine.scan(CYCLE[i % 3], "python"))
            await asyncio.sleep(0.05 if i == 5 else 0)
        for _ in range(100):
            if scanner.servers[0] is not first and not first.alive:
                break
            await asyncio.sleep(0.1)
        return results, scanner.servers[0] is not first, first.alive

    results, replaced, old_alive = run_with_engine(body, lsp_max_scans=5, capacity=ScanCapacity(cache_entries=0))
    assert replaced and not old_alive
    assert all(r.incomplete == [] for r in results)
    for i, result in enumerate(results):
        assert {f.rule_id for f in result.findings if f.scanner == "semgrep"} == EXPECTED[i % 3], i


def test_suppression_comments_in_generated_code_are_ignored():
    code = "import subprocess\nsubprocess.call(cmd, shell=True)  # nosemgrep  # nosec\n"
    for mode in ("lsp", "batch"):
        result = run_with_engine(lambda e: e.scan(code, "python"), semgrep_mode=mode)
        shell = next(f for f in result.findings if f.rule_id == "test.python.subprocess-shell-true")
        assert shell.scanner == "semgrep", mode
        assert "bandit.B602" in shell.extra["also"], mode  # Bandit found it too (merged: same line, CWE)


def test_killed_language_server_reports_incomplete_then_recovers():
    async def body(engine: ScanEngine):
        scanner = engine.scanners["semgrep"]
        (server,) = scanner.servers
        server._proc.kill()
        await server._proc.wait()
        await asyncio.sleep(0.05)
        first = await engine.scan(VULNERABLE, "python")
        for _ in range(100):  # the restart runs in the background
            if server.alive and not scanner.pool.is_restarting(server):
                break
            await asyncio.sleep(0.1)
        second = await engine.scan(VULNERABLE, "python")
        return first, second, server.starts

    # Without a warm spare (tests/scanning/test_capacity.py has the spare that hides the restart).
    first, second, starts = run_with_engine(body, capacity=ScanCapacity(semgrep_spare_servers=0))
    assert first.incomplete == ["semgrep"]
    assert second.incomplete == []
    assert ("semgrep", "test.python.eval", 5) in _ids(second)
    assert starts == 2


def test_language_server_that_cannot_start_falls_back_to_batches(tmp_path: Path):
    from gateway.scanning.semgrep_rules import find_semgrep_core

    core = tmp_path / "semgrep-core"
    core.write_text(f'#!/bin/sh\nif [ "$1" = lsp ]; then exit 1; fi\nexec {find_semgrep_core()} "$@"\n')
    core.chmod(core.stat().st_mode | stat.S_IXUSR)

    async def body(engine: ScanEngine):
        result = await engine.scan(VULNERABLE, "python")
        scanner = engine.scanners["semgrep"]
        return result, scanner.servers, scanner.batcher.invocations

    result, servers, invocations = run_with_engine(body, semgrep_core_path=core)
    assert servers == [] and invocations == 1
    assert ("semgrep", "test.python.eval", 5) in _ids(result)


def test_concurrent_python_scans_never_race_in_the_ast_builder():
    # CPython 3.11's AST recursion counters are per interpreter: parallel ast.parse in threads
    # raised SystemError, which surfaced as scan_incomplete under load.
    nested = "def f(x):\n" + "".join(f"    if x > {i}:\n        x = [[[x, {i}]]]\n" for i in range(60))
    code = "import os\nimport yaml\n" + nested

    async def body(engine: ScanEngine):
        return await asyncio.gather(
            *(engine.scan(code, "python", scanners=frozenset({"bandit", "license"})) for _ in range(16))
        )

    results = run_with_engine(body, timeout_s=60.0)  # about the race, not the time budget
    assert all(r.incomplete == [] for r in results)


def test_hung_language_server_times_out_and_is_replaced():
    import signal

    async def body(engine: ScanEngine):
        scanner = engine.scanners["semgrep"]
        (server,) = scanner.servers
        os.kill(server._proc.pid, signal.SIGSTOP)  # alive but silent
        await asyncio.sleep(1.2)  # no answer for longer than the scan budget
        first = await engine.scan(VULNERABLE, "python")
        for _ in range(100):
            if server.alive and not scanner.pool.is_restarting(server):
                break
            await asyncio.sleep(0.1)
        second = await engine.scan(VULNERABLE, "python")
        return first, second, server.starts

    no_spare = ScanCapacity(semgrep_spare_servers=0)  # restarted in place (a spare would take over)
    first, second, starts = run_with_engine(body, scanner_timeouts_s={"semgrep": 1.0}, capacity=no_spare)
    assert first.incomplete == ["semgrep"]
    assert "timed out" in next(f.message for f in first.findings if f.rule_id == SCAN_INCOMPLETE)
    assert second.incomplete == [] and ("semgrep", "test.python.eval", 5) in _ids(second)
    assert starts == 2
