"""Every answered request has its audit record (issue 12, observation 8), on SQLite and PostgreSQL:
`/v1/models` and `/v1/guard/scan`, refusals included (no key, a wrong key, a key without the
scope, a body that does not parse). Before, neither endpoint wrote a record at all.
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support import db

SECRET = "AKIAZ7VQ3XKQ4PLM2N6T"
INSECURE = f"import subprocess\n\nKEY = '{SECRET}'\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"


def the_record(db_url: str, response: httpx.Response):  # type: ignore[no-untyped-def]
    request_id = response.headers["x-request-id"]
    deadline = time.monotonic() + 10
    while not (rows := db.audit_rows(db_url, request_id=request_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rows) == 1, f"{len(rows)} audit records for {request_id}"
    assert rows[0].status_code == response.status_code
    return rows[0]


@pytest.fixture
def reader_key(db_url: str, tenant: str) -> str:
    """A key of the same tenant without the `generate` scope."""
    return db.create_key(db_url, tenant, scopes=("audit:read",))


def test_models_answers_are_recorded(gateway, db_url: str, api_key: str, tenant: str) -> None:  # type: ignore[no-untyped-def]
    ok = httpx.get(gateway.url + "/v1/models", headers={"authorization": f"Bearer {api_key}"})
    assert ok.status_code == 200 and ok.json()["data"]
    row = the_record(db_url, ok)
    assert (row.endpoint, row.outcome, row.tenant_name) == ("/v1/models", "ok", tenant)
    assert row.key_id and api_key.startswith(f"sk-sluice-{row.key_id}_")
    for headers in ({}, {"authorization": "Bearer sk-sluice-00000000_" + "x" * 40}):
        refused = httpx.get(gateway.url + "/v1/models", headers=headers)
        assert refused.status_code == 401
        row = the_record(db_url, refused)
        assert (row.endpoint, row.outcome, row.error_code) == ("/v1/models", "refused", "invalid_api_key")


def test_guard_scan_answers_are_recorded(gateway, db_url: str, api_key: str, tenant: str) -> None:  # type: ignore[no-untyped-def]
    auth = {"authorization": f"Bearer {api_key}"}
    scanned = httpx.post(gateway.url + "/v1/guard/scan", json={"code": INSECURE, "language": "python"},
                         headers=auth, timeout=60)
    assert scanned.status_code == 200, scanned.text[:300]
    row = the_record(db_url, scanned)
    assert (row.endpoint, row.tenant_name, row.outcome) == ("/v1/guard/scan", tenant, "ok")
    assert row.decision == scanned.json()["decision"] == scanned.headers["x-sluice-decision"]
    assert row.findings_count == len(scanned.json()["findings"]) > 0
    assert row.policy_version == scanned.json()["policy_version"]
    assert row.prompt_sha256 is not None
    assert row.prompt is None or SECRET not in row.prompt, "scanned code is never kept with its secrets"


@pytest.mark.parametrize(("body", "status", "code"), [
    (b'{"code": ', 400, "invalid_json"),
    (b"", 400, "invalid_json"),
    (b'{"code": "x = 1", "lang": "py"}', 400, "invalid_value"),
    (b'{"code": 5}', 400, "invalid_value"),
], ids=["truncated", "empty", "unknown-field", "wrong-type"])
def test_guard_scan_bad_bodies_are_recorded(gateway, db_url: str, api_key: str, tenant: str,  # type: ignore[no-untyped-def]
                                            body: bytes, status: int, code: str) -> None:
    response = httpx.post(gateway.url + "/v1/guard/scan", content=body,
                          headers={"authorization": f"Bearer {api_key}", "content-type": "application/json"})
    assert response.status_code == status and response.json()["error"]["code"] == code
    row = the_record(db_url, response)
    assert (row.endpoint, row.tenant_name, row.outcome, row.error_code) == ("/v1/guard/scan", tenant, "refused", code)


def test_guard_scan_refused_callers_are_recorded(gateway, db_url: str, reader_key: str, tenant: str) -> None:  # type: ignore[no-untyped-def]
    body = {"code": "x = 1"}
    for headers in ({}, {"authorization": "Bearer nonsense"},
                    {"authorization": "Bearer sk-sluice-00000000_" + "x" * 40}):
        response = httpx.post(gateway.url + "/v1/guard/scan", json=body, headers=headers)
        assert response.status_code == 401
        row = the_record(db_url, response)
        assert (row.endpoint, row.error_code, row.tenant_name) == ("/v1/guard/scan", "invalid_api_key", None)
    response = httpx.post(gateway.url + "/v1/guard/scan", json=body, headers={"authorization": f"Bearer {reader_key}"})
    assert response.status_code == 403
    row = the_record(db_url, response)
    assert (row.error_code, row.tenant_name) == ("insufficient_scope", tenant)
    assert reader_key.startswith(f"sk-sluice-{row.key_id}_")


def test_guard_scan_oversized_body_is_a_recorded_413(gateway, db_url: str, api_key: str) -> None:  # type: ignore[no-untyped-def]
    limit = gateway.settings.server.max_body_bytes
    response = httpx.post(gateway.url + "/v1/guard/scan", json={"code": "x" * (limit + 1)},
                          headers={"authorization": f"Bearer {api_key}"}, timeout=60)
    assert response.status_code == 413 and response.json()["error"]["code"] == "request_too_large"
    assert the_record(db_url, response).error_code == "request_too_large"
