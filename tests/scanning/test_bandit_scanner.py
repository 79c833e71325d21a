"""Bandit's test set is built once and shared (bandit_scanner._manager): nothing carries over between snippets."""

from __future__ import annotations

import asyncio

from gateway.scanning.bandit_scanner import BanditScanner
from gateway.scanning.base import Snippet

FLAGGED = "import pickle, subprocess\nsubprocess.call(cmd, shell=True)\npickle.loads(blob)\n"
HARMLESS = "def add(a, b):\n    return a + b\n"
BROKEN = "def add(a, b:\n    return a + b\n"


def _scans(scanner: BanditScanner, snippets: list[str], *, share: bool) -> list[list[dict[str, object]]]:
    async def main() -> list[list[dict[str, object]]]:
        await scanner.start()
        assert scanner._template is not None  # this Bandit's manager fields are all known
        if not share:
            scanner._template = None  # a new BanditManager per snippet, as before
        return [[f.to_dict() for f in await scanner.scan(Snippet(code, "python"))] for code in snippets]

    return asyncio.run(main())


def test_a_shared_test_set_finds_what_a_fresh_manager_finds_and_forgets_each_snippet() -> None:
    order = [FLAGGED, HARMLESS, BROKEN, FLAGGED, HARMLESS]
    with_template = _scans(BanditScanner(), order, share=True)
    without = _scans(BanditScanner(), order, share=False)

    assert with_template == without
    assert {f["rule_id"] for f in with_template[0]} >= {"bandit.B602", "bandit.B301"}
    assert with_template[1] == [] and with_template[4] == []  # no result of an earlier snippet carried over
    assert [f["rule_id"] for f in with_template[2]] == ["scanner.parse_error"]
    assert with_template[3] == with_template[0]
