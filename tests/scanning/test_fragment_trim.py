"""A trimmed fragment never hides the lines the trim cut away.

The fragment repair drops up to three trailing lines when that makes the code parse. A broken line in
the middle (here an indented fence that smuggles code past the hold-back) can make a trim "succeed"
by cutting the insecure code itself; the engine then also scans the original as written.
"""

from __future__ import annotations

import asyncio

from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.fragments import repair_python

BROKEN_THEN_INSECURE = "ok = 1\n    ```\nimport subprocess\nsubprocess.call(cmd, shell=True)\n"


def test_the_repair_trims_the_insecure_tail_away() -> None:
    repair = repair_python(BROKEN_THEN_INSECURE)
    assert repair is not None and repair.how == "trim" and repair.dropped_lines == 3
    assert "subprocess.call" not in repair.code


def test_the_engine_still_reports_code_a_trim_cut_away() -> None:
    async def scan() -> list[tuple[str, int]]:
        engine = ScanEngine.from_settings(ScanSettings(timeout_s=30))
        try:
            result = await engine.scan(BROKEN_THEN_INSECURE, "python")
        finally:
            await engine.aclose()
        return [(f.rule_id, f.start_line) for f in result.findings]

    found = asyncio.run(scan())
    assert ("python.command-injection-shell", 4) in found
