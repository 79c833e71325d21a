"""pyflow on its own pairs: every category, several propagators each, vulnerable vs look-alike."""

from __future__ import annotations

import asyncio

from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.pyflow import CLEARED_RULE, analyze, findings_of
from gateway.scanning.pyflow.categories import CATEGORIES
from tests.scanning.pyflow.cases import flagged, load_cases, score

CASES = load_cases()


def test_the_pairs_cover_every_category_with_several_propagators() -> None:
    assert len(CASES) >= 150
    assert {c.category for c in CASES} == set(CATEGORIES)
    for category in CATEGORIES:
        propagators = {c.propagator for c in CASES if c.category == category and c.vulnerable}
        assert len(propagators) >= 5, category
        assert any(not c.vulnerable for c in CASES if c.category == category)


def test_pyflow_alone_tells_every_vulnerable_case_from_its_look_alike() -> None:
    total, per_category = score((case, flagged(case, findings_of(analyze(case.code)))) for case in CASES)
    assert total.wrong == []
    for category, s in per_category.items():
        assert (s.tpr, s.fpr) == (1.0, 0.0), category


def test_findings_carry_the_standard_cwe_rule_id_and_confidence() -> None:
    for case in CASES:
        if not case.vulnerable:
            continue
        found = [f for f in findings_of(analyze(case.code)) if f.rule_id != CLEARED_RULE and f.cwe == case.cwe]
        assert found, case.file
        assert all(f.scanner == "pyflow" and f.rule_id == f"pyflow.{case.category}" for f in found)
        # every propagator in the pairs is modelled exactly: request data provably reaches the sink
        assert all(f.confidence == "high" for f in found), case.file


def test_a_call_pyflow_cannot_see_gives_medium_confidence() -> None:
    code = (
        "from flask import request\nimport os\nimport helpers\n\n"
        "@app.route('/x')\ndef x():\n    bar = helpers.thing().do_something(request.args['a'])\n"
        "    os.system(bar)\n    return 'ok'\n"
    )
    (finding,) = [f for f in findings_of(analyze(code)) if f.rule_id == "pyflow.command-injection"]
    assert (finding.confidence, finding.severity.value, finding.start_line) == ("medium", "medium", 8)


def test_messages_never_quote_the_code() -> None:
    code = ("from flask import request\nimport os\n\n@app.route('/x')\ndef x():\n"
            "    os.system('curl -H token:sk-live-0123456789abcdef ' + request.args['a'])\n    return 'ok'\n")
    (finding,) = [f for f in findings_of(analyze(code)) if f.rule_id == "pyflow.command-injection"]
    assert "sk-live" not in finding.message and "curl" not in finding.message


def test_through_the_scan_engine_with_every_scanner() -> None:
    """semgrep and Bandit too: their findings on look-alikes are cleared by pyflow's proof."""

    async def main() -> list[tuple[object, bool]]:
        async with ScanEngine.from_settings(ScanSettings(max_concurrent_semgrep=1)) as engine:
            assert "pyflow" in engine.scanners
            out = []
            for case in CASES:
                result = await engine.scan(case.code, "python")
                assert CLEARED_RULE not in {f.rule_id for f in result.findings}
                out.append((case, flagged(case, result.findings)))
            return out

    total, per_category = score(asyncio.run(main()))  # type: ignore[arg-type]
    assert total.tpr == 1.0, total.wrong
    assert total.fpr <= 0.05, total.wrong
    for category, s in per_category.items():
        assert s.tpr == 1.0 and s.false_positives <= 1, (category, s.wrong)
