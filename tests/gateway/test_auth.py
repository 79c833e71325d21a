"""The authentication matrix: every failure mode, its status, its body, its audit record."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.support import db

BODY = {"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]}


def post(gateway, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(gateway.url + "/v1/chat/completions", json=BODY, headers=headers)


def assert_refused(response: httpx.Response, status: int, code: str, db_url: str, tenant: str | None) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["type"] == ("authentication_error" if status == 401 else "permission_error")
    [row] = db.audit_rows(db_url, request_id=response.headers["x-request-id"])
    assert row.status_code == status and row.tenant_name == tenant and row.outcome == "refused"


def test_missing_key(gateway, db_url: str) -> None:
    assert_refused(post(gateway, {}), 401, "invalid_api_key", db_url, None)


@pytest.mark.parametrize("value", ["Bearer", "Bearer nonsense", "Basic abc", "Bearer sk-sluice-short"])
def test_malformed_key(gateway, db_url: str, value: str) -> None:
    assert_refused(post(gateway, {"authorization": value}), 401, "invalid_api_key", db_url, None)


def test_unknown_key_id_and_wrong_secret_look_the_same(gateway, db_url: str, api_key: str) -> None:
    key_id, secret = api_key.removeprefix("sk-sluice-").split("_", 1)
    wrong_secret = f"sk-sluice-{key_id}_{'A' * len(secret)}"
    unknown_id = f"sk-sluice-ffffffffffff_{secret}"
    a = post(gateway, {"authorization": f"Bearer {wrong_secret}"})
    b = post(gateway, {"authorization": f"Bearer {unknown_id}"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json()
    assert_refused(a, 401, "invalid_api_key", db_url, None)


def test_api_key_header_accepted(gateway, api_key: str, upstream) -> None:
    assert post(gateway, {"api-key": api_key}).status_code == 200


def test_revoked_key_refused_on_next_request(gateway, db_url: str, tenant: str, api_key: str) -> None:
    assert post(gateway, {"authorization": f"Bearer {api_key}"}).status_code == 200
    key_id = api_key.removeprefix("sk-sluice-").split("_", 1)[0]
    from gateway.auth import admin

    db.run(db_url, lambda s: admin.revoke_key(s, key_id))
    assert_refused(post(gateway, {"authorization": f"Bearer {api_key}"}), 401, "invalid_api_key", db_url, tenant)


def test_expired_key(gateway, db_url: str, tenant: str) -> None:
    key = db.create_key(db_url, tenant, expires_in=timedelta(seconds=-1))
    assert_refused(post(gateway, {"authorization": f"Bearer {key}"}), 401, "invalid_api_key", db_url, tenant)


def test_wrong_scope(gateway, db_url: str, tenant: str) -> None:
    key = db.create_key(db_url, tenant, scopes=("audit:read",))
    assert_refused(post(gateway, {"authorization": f"Bearer {key}"}), 403, "insufficient_scope", db_url, tenant)


def test_disabled_tenant(gateway, db_url: str, tenant: str, api_key: str) -> None:
    from gateway.auth import admin

    db.run(db_url, lambda s: admin.set_tenant_disabled(s, tenant, True))
    assert_refused(post(gateway, {"authorization": f"Bearer {api_key}"}), 403, "tenant_disabled", db_url, tenant)


def test_disabled_key(gateway, db_url: str, tenant: str, api_key: str) -> None:
    key_id = api_key.removeprefix("sk-sluice-").split("_", 1)[0]
    db.execute(db_url, f"UPDATE api_keys SET disabled = true WHERE id = '{key_id}'")
    assert_refused(post(gateway, {"authorization": f"Bearer {api_key}"}), 403, "key_disabled", db_url, tenant)


def test_models_endpoint_requires_key(gateway) -> None:
    response = httpx.get(gateway.url + "/v1/models")
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_api_key"


def test_secret_never_stored(db_url: str, api_key: str) -> None:
    secret = api_key.split("_", 1)[1]

    async def dump(session) -> str:  # type: ignore[no-untyped-def]
        from sqlalchemy import text

        rows = (await session.execute(text("SELECT * FROM api_keys"))).all()
        return repr(rows)

    assert secret not in db.run(db_url, dump)
