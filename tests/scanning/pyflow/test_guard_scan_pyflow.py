"""The pairs through `POST /v1/guard/scan` on a real gateway (default policy, every scanner, real HTTP)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.scanning.pyflow.cases import flagged, load_cases, score
from tests.support.servers import GatewayServer


def test_guard_scan_tells_vulnerable_handlers_from_look_alikes(gateway: GatewayServer, api_key: str) -> None:
    cases = load_cases()
    headers = {"authorization": f"Bearer {api_key}"}

    def scan(code: str) -> dict:  # type: ignore[type-arg]
        response = httpx.post(gateway.url + "/v1/guard/scan", headers=headers, timeout=60,
                              json={"code": code, "language": "python"})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(scan, [case.code for case in cases]))
    total, per_category = score((case, flagged(case, body["findings"])) for case, body in zip(cases, bodies,
                                                                                              strict=True))
    assert total.tpr == 1.0, total.wrong
    assert total.fpr <= 0.05, total.wrong
    for category, s in per_category.items():
        assert s.tpr == 1.0 and s.false_positives <= 1, (category, s.wrong)
    for case, body in zip(cases, bodies, strict=True):
        rules = {f["rule_id"] for f in body["findings"]}
        assert "pyflow.cleared" not in rules  # calibration's markers never leave the engine
        if case.vulnerable:
            assert f"pyflow.{case.category}" in rules or any(f["cwe"] == case.cwe for f in body["findings"])
        if case.vulnerable and case.category in {"command-injection", "code-injection", "sql-injection"}:
            assert body["decision"] == "block", case.file  # high severity, high confidence, injection CWE
