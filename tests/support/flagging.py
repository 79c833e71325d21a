"""What the detection tests count as flagged, in one place.

A finding of severity medium or above that is a finding about the code: not scan coverage (a parse
error) and not an incomplete scan. The same rule as `benchmarks/scan_quality.py` and the evaluation
of issue 14 ("a snippet counts as flagged at medium severity or above").
"""

from __future__ import annotations

from collections.abc import Iterable

from gateway.scanning import PARSE_ERROR, SCAN_INCOMPLETE, Finding, Severity

_NOT_ABOUT_THE_CODE = frozenset({PARSE_ERROR, SCAN_INCOMPLETE})


def flagged(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity >= Severity.MEDIUM and f.rule_id not in _NOT_ABOUT_THE_CODE]
