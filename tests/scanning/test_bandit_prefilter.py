"""The Bandit prefilter (gateway/scanning/bandit_prefilter.py) skips Bandit only where it finds nothing.

Each check runs the real Bandit without the prefilter beside the scanner with it: every snippet the
prefilter lets through must give identical findings, and every snippet it skips must be one where
Bandit finds nothing. The evasions are the ways a name or string value can hide from a text search.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.bandit_prefilter import BanditPrefilter
from gateway.scanning.bandit_scanner import BanditScanner
from gateway.scanning.base import Snippet
from gateway.scanning.settings import ScanCapacity
from tests.pipeline.insecure_corpus import CORPUS

ROOT = Path(__file__).resolve().parents[2]
CORPORA = Path(os.environ.get("SLUICE_CORPORA", Path.home() / ".cache" / "sluice-corpora"))

# The short harmless answer of benchmarks/load.py: the case the prefilter exists for.
HARMLESS = (
    '# answer 17\ndef add(a, b):\n    """Return the sum of a and b."""\n    total = a + b\n    return total\n\n\n'
    "print(add(2, 3))\n"
)

# "pickle" in fullwidth letters: the parser reads the identifier as `pickle` (NFKC).
WIDE_PICKLE = "".join(chr(ord(c) + 0xFEE0) for c in "pickle")

# Each has a Bandit finding that a plain search for the obvious word would miss.
EVASIONS = {
    "alias import": "import subprocess as sp\nsp.check_output(cmd, shell=True)\n",
    "from-import alias": "from os import system as run_it\nrun_it(cmd)\n",
    "import by prefix": "import pickletools\n",
    "dunder import": "m = __import__('telnetlib')\n",
    "bind all, concatenated": "HOST = ('0.0' '.0.0')\nserver.bind((HOST, 80))\n",
    "bind all, escaped": "HOST = '0.0.0\\x2e0'\n",
    "tmp, concatenated over a comment": "path = ('/t'  # where\n        'mp/cache')\nuse(path)\n",
    "tmp, inside an f-string": "def path(name):\n    return f'{name}/tmp/x'\n",
    "tmp, after a docstring": 'def f():\n    """Doc."""\n    return ("/var/" """tmp/x""")\n',
    "sql, split in an f-string": "def q(t):\n    return cur.execute(f'SEL{\"\"}ECT * FROM {t}')\n",
    "sql, escaped keyword": "q = 'sel\\x65ct * from t where id = ' + uid\n",
    "sql, + chain": "q = 'SELECT * FROM users WHERE name = ' + name\n",
    "password dict key, escaped": "conf = {'pass\\x77ord': 'hunter2'}\n",
    "password dict key, concatenated": "conf = {'to' 'ken': 'abc123'}\n",
    "password argument": "def login(user, passwd='hunter2'):\n    return user\n",
    "password keyword": "connect(host='db', db_password='hunter2')\n",
    "try except pass": "try:\n    go()\nexcept Exception:\n    pass\n",
    "try except continue": "for x in xs:\n    try:\n        go(x)\n    except Exception:\n        continue\n",
    "exec": "exec(source)\n",
    "chmod inside a name": "import os\nos.lchmod('f', 0o777)\n",
    "ssl version as a string": "ctx = make_context(method='PROTOCOL_SSLv2')\n",
    "shell keyword on any call": "launch(cmd, shell=True)\n",
    "non-ASCII identifier": f"import {WIDE_PICKLE}\n{WIDE_PICKLE}.loads(blob)\n",
    "coding declaration": "# -*- coding: utf-7 -*-\nimport +AHA-ickle\n",
    "trojan source": "access = 'user\u202e \u2066# admin\u2069 \u2066'\n",
    "does not parse": "def broken(:\n    return 1\n",
}


@pytest.fixture(scope="module")
def scanners() -> tuple[BanditScanner, BanditScanner]:
    full, filtered = BanditScanner(prefilter=False), BanditScanner()
    asyncio.run(full.start())
    asyncio.run(filtered.start())
    assert filtered._prefilter is not None, "the installed Bandit's test set should be understood"
    return full, filtered


def _ids(findings: list) -> list[tuple[str, int]]:
    return sorted((f.rule_id, f.start_line) for f in findings)


def _same(scanners: tuple[BanditScanner, BanditScanner], code: str) -> tuple[list, list]:
    full, filtered = scanners
    return _ids(full._scan_sync(code)), _ids(filtered._scan_sync(code))


def test_the_short_harmless_answer_skips_bandit(scanners: tuple[BanditScanner, BanditScanner]) -> None:
    full, filtered = scanners
    assert full._scan_sync(HARMLESS) == []
    assert filtered._prefilter is not None and not filtered._prefilter.may_report(HARMLESS)


@pytest.mark.parametrize("name", sorted(EVASIONS))
def test_no_evasion_loses_a_finding(scanners: tuple[BanditScanner, BanditScanner], name: str) -> None:
    code = EVASIONS[name]
    before, after = _same(scanners, code)
    assert before, f"{name}: the sample should have a Bandit finding (or parse error)"
    assert after == before


def test_the_shared_parse_gives_the_same_answer(scanners: tuple[BanditScanner, BanditScanner]) -> None:
    import ast

    _, filtered = scanners
    assert filtered._prefilter is not None
    for code in [HARMLESS, *EVASIONS.values()]:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        assert filtered._prefilter.may_report(code, tree) == filtered._prefilter.may_report(code)


def test_an_unknown_test_turns_the_prefilter_off(scanners: tuple[BanditScanner, BanditScanner]) -> None:
    _, filtered = scanners
    template = filtered._template
    assert template is not None

    def plugin(context: object) -> None:
        return None

    plugin._test_id = "B999"  # type: ignore[attr-defined]

    class TestSet:
        tests = {**template.b_ts.tests, "Call": [*template.b_ts.tests["Call"], plugin]}

    assert BanditPrefilter.from_test_set(TestSet()) is None
    TestSet.tests = {**template.b_ts.tests, "Lambda": [plugin]}
    assert BanditPrefilter.from_test_set(TestSet()) is None


def _external_samples() -> Iterator[tuple[str, str]]:
    """Bandit's own examples (when a checkout is named), semgrep-rules' and SVEN's Python (when cached)."""
    examples = os.environ.get("SLUICE_BANDIT_EXAMPLES")
    if examples:
        for path in sorted(Path(examples).rglob("*.py")):
            yield str(path), path.read_text(encoding="utf-8", errors="replace")
    for root in sorted(CORPORA.glob("semgrep+semgrep-rules@*")):
        for path in sorted(root.rglob("*.py")):
            yield str(path), path.read_text(encoding="utf-8", errors="replace")
    for root in sorted(CORPORA.glob("eth-sri+sven@*")):
        for path in sorted(root.rglob("*.jsonl")):
            for i, line in enumerate(path.read_text().splitlines()):
                item = json.loads(line)
                if str(item.get("file_name", "")).endswith(".py"):
                    yield f"{path}:{i}", item["func_src_before"]
                    yield f"{path}:{i}:after", item["func_src_after"]


def _own_samples() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "tests" / "data" / "scanning").rglob("*.py")):
        try:
            yield str(path), path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:  # a corpus being edited while this runs
            continue
    for i, answer in enumerate(CORPUS):
        yield f"insecure corpus {i}", answer


def test_own_corpus_loses_nothing(scanners: tuple[BanditScanner, BanditScanner]) -> None:
    for name, code in _own_samples():
        before, after = _same(scanners, code)
        assert after == before, name


def test_external_corpora_lose_nothing(scanners: tuple[BanditScanner, BanditScanner]) -> None:
    samples = list(_external_samples())
    if not samples:
        pytest.skip("no cached semgrep-rules / SVEN corpus (benchmarks/corpora) and no SLUICE_BANDIT_EXAMPLES")
    skipped = 0
    for name, code in samples:
        before, after = _same(scanners, code)
        assert after == before, name
        skipped += scanners[1]._prefilter is not None and not scanners[1]._prefilter.may_report(code)
    print(f"{len(samples)} samples, Bandit skipped on {skipped}")


def test_engine_findings_unchanged_on_the_insecure_corpus() -> None:
    """Through the engine (shared parse, repair, calibration): with and without the prefilter."""

    async def run(prefilter: bool) -> list[list[dict[str, object]]]:
        settings = ScanSettings(capacity=ScanCapacity(cache_entries=0), enabled_scanners=frozenset({"bandit"}))
        engine = ScanEngine(settings, [BanditScanner(prefilter=prefilter)])
        async with engine:
            results = [await engine.scan_text(answer) for answer in CORPUS]
            method = "    def run(self, cmd):\n        import os\n        os.system(cmd)\n"  # repaired first
            results.append(await engine.scan(method, "python"))
        return [[f.to_dict() for f in r.findings] for r in results]

    with_prefilter, without = asyncio.run(run(True)), asyncio.run(run(False))
    assert with_prefilter == without
    assert any(with_prefilter), "the corpus should give Bandit findings"


def test_snippet_tree_is_not_compared() -> None:
    import ast

    assert Snippet("x = 1\n", "python", ast.parse("x = 1\n")) == Snippet("x = 1\n", "python")


class _TreeRecorder:
    """A scanner that records the parse the engine hands it (Snippet.tree)."""

    name = "recorder"

    def __init__(self) -> None:
        self.seen: list[Snippet] = []

    def supports(self, language: str | None) -> bool:
        return language == "python"

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    async def scan(self, snippet: Snippet) -> list:
        self.seen.append(snippet)
        return []


def test_the_engine_parses_once_and_shares_the_tree() -> None:
    import ast

    recorder = _TreeRecorder()

    async def run() -> None:
        engine = ScanEngine(ScanSettings(capacity=ScanCapacity(cache_entries=0)), [recorder])  # type: ignore[list-item]
        async with engine:
            await engine.scan(HARMLESS, "python")
            await engine.scan("    def run(self, cmd):\n        return cmd\n", "python")  # dedented first
            await engine.scan("def broken(:\n", "python")

    asyncio.run(run())
    whole, repaired, broken = recorder.seen
    assert whole.tree is not None and ast.dump(whole.tree) == ast.dump(ast.parse(HARMLESS))
    assert repaired.tree is not None and ast.dump(repaired.tree) == ast.dump(ast.parse(repaired.code))
    assert repaired.code.startswith("def run")
    assert broken.tree is None
