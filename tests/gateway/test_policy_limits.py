"""Rate limits set in a tenant's policy apply to that tenant only, with OpenAI-style 429s."""

from __future__ import annotations

import httpx

from tests.support import db
from tests.support.scripted_upstream import Reply


def test_policy_rate_limit(gateway, upstream, db_url: str, backend: str) -> None:
    db.create_tenant(db_url, "limited")
    keys = [db.create_key(db_url, "limited") for _ in range(2)]  # the limit is per tenant: keys share it
    upstream.script(*[Reply(content="ok") for _ in range(6)])
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]}
    answers = [httpx.post(gateway.url + "/v1/chat/completions", json=body, timeout=60,
                          headers={"authorization": f"Bearer {keys[i % 2]}"}) for i in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[2]
    assert refused.json()["error"]["type"] == "rate_limit_error"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-ratelimit-limit-requests"] == "2"
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"
    assert answers[0].headers["x-ratelimit-limit-requests"] == "2"
    [row] = db.audit_rows(db_url, request_id=refused.headers["x-request-id"])
    assert row.status_code == 429 and row.tenant_name == "limited"
    # Another tenant (default policy, no limits) is not affected.
    db.create_tenant(db_url, "unlimited")
    other = db.create_key(db_url, "unlimited")
    assert httpx.post(gateway.url + "/v1/chat/completions", json=body, timeout=60,
                      headers={"authorization": f"Bearer {other}"}).status_code == 200
