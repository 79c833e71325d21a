"""CWE families: findings of one weakness under sibling CWEs merge on a line and score as each other."""

from __future__ import annotations

import pytest

from gateway.scanning.calibration import CWE_FAMILIES, cwe_family


@pytest.mark.parametrize(("reported", "labelled"), [
    ("CWE-917", "CWE-94"),  # expression language injection (SpEL/EL/OGNL) is code injection
    ("CWE-1336", "CWE-917"),
    ("CWE-347", "CWE-345"),  # an unverified signature is unverified authenticity
    ("CWE-78", "CWE-88"),
    ("CWE-409", "CWE-400"),  # a decompression bomb is uncontrolled resource consumption
])
def test_siblings_share_a_family(reported: str, labelled: str) -> None:
    assert labelled in cwe_family(reported)
    assert reported in cwe_family(labelled)


def test_unrelated_weaknesses_stay_apart_and_a_cwe_is_in_one_family() -> None:
    assert "CWE-89" not in cwe_family("CWE-94")
    assert cwe_family("CWE-999999") == frozenset({"CWE-999999"})
    seen: set[str] = set()
    for group in CWE_FAMILIES:
        assert not (group & seen), group & seen
        seen |= group
