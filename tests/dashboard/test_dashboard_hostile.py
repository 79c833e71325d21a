"""Hostile input to the dashboard over real HTTP, on SQLite and PostgreSQL (issue 12, observations 5 and 8).

Every bad query value, path id or form field gets a 4xx page naming the field (all of them at
once in the log's filter form), never a 500 or a false "Database unavailable" 503; reads of
records and refused pages leave admin events, and the record page shows who read it.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer


@dataclass
class Site:
    server: GatewayServer
    url: str
    admin: httpx.Client
    reader: httpx.Client  # audit:read of tenant "acme"
    record_id: str


def sign_in(server: GatewayServer, key: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, follow_redirects=False, timeout=60)
    form = client.get("/admin/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    response = client.post("/admin/login", data={"csrf": csrf.group(1), "api_key": key})
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def site(request: pytest.FixtureRequest, fresh_database: Any, upstream: ScriptedUpstream,
         policies_dir: Path) -> Iterator[Site]:
    url = str(fresh_database(request.param))
    for tenant in ("ops", "acme"):
        db.create_tenant(url, tenant)
    admin_key = db.create_key(url, "ops", scopes=("admin",))
    reader_key = db.create_key(url, "acme", scopes=("audit:read",))
    generate_key = db.create_key(url, "acme")
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    upstream.script(Reply(content="fine"))
    reply = httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {generate_key}"},
                       json={"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]}, timeout=60)
    assert reply.status_code == 200
    admin, reader = sign_in(server, admin_key), sign_in(server, reader_key)
    try:
        yield Site(server, url, admin, reader, reply.headers["x-request-id"])
    finally:
        admin.close()
        reader.close()
        server.stop()


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


HOSTILE_LOG_QUERIES = [
    ("status=%C2%B2", "status"),
    ("cwe=%C2%B2", "cwe"),
    ("cwe=xx", "cwe"),
    ("text=a%00b", "text"),
    ("model=m%00", "model"),
    ("key=%00", "key"),
    ("rule=r%00", "rule"),
    ("endpoint=%00", "endpoint"),
    ("tenant=ops%00", "tenant"),
    ("since=0001-01-01T00:00:00%2B14:00", "since"),
    ("until=9999-12-31T23:59:59-14:00", "until"),
    ("model=" + "m" * 129, "model"),
    ("sort=size", "sort"),
    ("cursor=" + _b64("r" + "9" * 23), "cursor"),
    ("cursor=" + _b64("r²"), "cursor"),
    ("sort=latency&cursor=" + _b64("k1:" + "9" * 30), "cursor"),
]


@pytest.mark.parametrize(("query", "field"), HOSTILE_LOG_QUERIES)
def test_bad_log_filters_are_a_400_page_naming_the_field(site: Site, query: str, field: str) -> None:
    response = site.admin.get(f"/admin/log?{query}")
    assert response.status_code == 400, (query, response.status_code, response.text[-500:])
    assert 'data-testid="filter-error"' in response.text and f"&#39;{field}&#39;" in response.text, query
    assert 'data-testid="log-table"' not in response.text and 'data-testid="empty-log"' not in response.text


def test_every_bad_filter_is_reported_not_only_the_first(site: Site) -> None:
    response = site.admin.get("/admin/log?status=%C2%B2&cwe=xx&decision=maybe&since=soon")
    assert response.status_code == 400
    alert = response.text.split('data-testid="filter-error"', 1)[1].split("</div>", 1)[0]
    assert "4 problems" in alert
    for field in ("status", "cwe", "decision", "since"):
        assert f"&#39;{field}&#39;" in alert, field


def test_bad_values_elsewhere_are_4xx_pages(site: Site) -> None:
    for path, status in (
        ("/admin/records/req%00x", 400),
        ("/admin/records/" + "x" * 65, 400),
        ("/admin/records/req_nope", 404),
        ("/admin/overview?range=%C2%B2", 400),
        ("/admin/log/export/csv?status=%C2%B2", 400),
        ("/admin/log/export/jsonl?text=%00", 400),
    ):
        response = site.admin.get(path)
        assert response.status_code == status, (path, response.status_code, response.text[-300:])
        assert "Database unavailable" not in response.text


def _csrf(client: httpx.Client, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


def test_hostile_form_fields_and_path_ids_are_refused_cleanly(site: Site) -> None:
    csrf = _csrf(site.admin, "/admin/tenants")
    for path, data in (
        ("/admin/tenants", {"name": "bad\x00name"}),
        ("/admin/tenants", {"name": "x" * 65}),
        ("/admin/keys", {"tenant": "acme", "name": "k\x00", "scopes": "generate", "expires": "30d"}),
        ("/admin/keys", {"tenant": "ac\x00me", "scopes": "generate", "expires": "30d"}),
        ("/admin/keys", {"tenant": "acme", "scopes": "generate", "expires": "²d"}),
        ("/admin/keys", {"tenant": "acme", "scopes": "generate", "expires": "99999999w"}),
        ("/admin/keys/%00abc/revoke", {}),
        ("/admin/tenants/ac%00me/state", {"disabled": "1"}),
    ):
        response = site.admin.post(path, data={"csrf": csrf, **data})
        assert 400 <= response.status_code < 500, (path, data, response.status_code, response.text[-300:])
    # Sign-in with a NUL in the username: a refusal, not a database error.
    anonymous = httpx.Client(base_url=site.server.url, timeout=60)
    token = _csrf(anonymous, "/admin/login")
    response = anonymous.post("/admin/login", data={"csrf": token, "username": "of\x00ficer", "password": "x" * 12})
    assert response.status_code == 401 and "Database unavailable" not in response.text


def test_a_5xx_page_is_logged_with_the_id_it_shows(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    import gateway.admin.dashboard.audit_pages as pages

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("simulated defect")

    original = pages.load_overview
    pages.load_overview = broken  # type: ignore[assignment]
    try:
        with caplog.at_level(logging.ERROR, logger="sluice.dashboard"):
            response = site.admin.get("/admin/overview")
    finally:
        pages.load_overview = original
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert request_id in response.text
    assert [r for r in caplog.records if getattr(r, "request_id", None) == request_id and r.exc_info]


def test_record_reads_are_audited_and_shown_on_the_record(site: Site) -> None:
    first = site.admin.get(f"/admin/records/{site.record_id}")
    assert first.status_code == 200
    second = site.reader.get(f"/admin/records/{site.record_id}")
    assert second.status_code == 200
    events = [e for e in db.audit_rows(site.url, endpoint="admin:audit.read")
              if e.details and e.details.get("record_request_id") == site.record_id]
    assert len(events) >= 2 and {e.details["via"] for e in events if e.details} == {"dashboard"}
    assert all(e.tenant_name == "acme" for e in events)  # the tenant whose record was read
    reads = second.text.split('data-testid="record-reads"', 1)[1].split("</section>", 1)[0]
    assert "key:" in reads and "prompt" in reads  # the admin's earlier read, with the bodies it showed
    # The tenant's own auditor can list every read of its records.
    listed = site.reader.get("/admin/log?endpoint=admin:audit.read")
    assert listed.status_code == 200 and "admin:audit.read" in listed.text


def test_a_refused_page_is_an_admin_event(site: Site) -> None:
    before = len(db.audit_rows(site.url, endpoint="admin:access.denied"))
    assert site.reader.get("/admin/tenants").status_code == 403
    assert site.admin.post("/admin/tenants", data={"csrf": "forged", "name": "x"}).status_code == 403
    events = db.audit_rows(site.url, endpoint="admin:access.denied")[before:]
    assert [e.status_code for e in events] == [403, 403]
    assert events[0].tenant_name == "acme" and events[0].details and events[0].details["path"] == "/admin/tenants"


def test_admin_redirect_is_html_not_empty_json(site: Site) -> None:
    response = httpx.get(site.server.url + "/admin", follow_redirects=False, timeout=20)
    if response.status_code in (301, 302, 307, 308) and response.headers["location"].rstrip("/") == "/admin":
        response = httpx.get(site.server.url + "/admin/", follow_redirects=False, timeout=20)
    assert response.status_code == 303 and response.headers["location"] == "/admin/login"
    assert response.headers["content-type"].startswith("text/html")
    assert "/admin/login" in response.text
