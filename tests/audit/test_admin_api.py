"""The audit admin API over real HTTP: filters, pages, detail, export, stats, verify, tenant isolation."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.admin.api import AuditAdminController
from gateway.audit.config import AuditSettings
from gateway.audit.crypto import Keyring
from gateway.auth import admin
from tests.audit.helpers import EVAL_FINDING, SQLI_FINDING, entry, write
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.servers import GatewayServer

ENDPOINTS = ("/records", "/export", "/stats")


@dataclass
class World:
    url: str
    base: str
    server: GatewayServer
    admin_key: str
    acme_key: str
    globex_key: str
    generate_key: str
    acme_id: int
    globex_id: int
    acme_requests: list[str]
    globex_requests: list[str]
    keyring: Keyring

    def get(self, path: str, key: str | None, **query: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {key}"} if key else {}
        return httpx.get(self.base + path, params=query, headers=headers, timeout=20)


def tenant_id(url: str, name: str) -> int:
    tenant = db.run(url, lambda s: admin.get_tenant(s, name))
    return int(tenant.id)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, fresh_database: Any, upstream: Any, policies_dir: Path
) -> Iterator[World]:
    url = str(fresh_database(request.param))
    for name in ("acme", "globex", "ops"):
        db.create_tenant(url, name)
    keys = {
        "admin": db.create_key(url, "ops", scopes=("admin",)),
        "acme": db.create_key(url, "acme", scopes=("audit:read", "generate")),
        "globex": db.create_key(url, "globex", scopes=("audit:read",)),
        "generate": db.create_key(url, "acme", scopes=("generate",)),
    }
    acme, globex = tenant_id(url, "acme"), tenant_id(url, "globex")
    ring = Keyring([("k1", os.urandom(32))])
    day_ago = datetime.now(UTC) - timedelta(days=1)
    acme_entries = [
        entry(
            tenant_id=acme,
            tenant_name="acme",
            key_id="acmekey",
            model="codellama-7b",
            decision="block",
            status_code=200,
            findings=[EVAL_FINDING, SQLI_FINDING],
            prompt="build a parser for invoices",
        ),
        entry(
            tenant_id=acme,
            tenant_name="acme",
            model="codellama-7b",
            decision="allow",
            created_at=day_ago,
            prompt="plain request",
        ),
        entry(
            tenant_id=acme,
            tenant_name="acme",
            model="other-model",
            decision="annotate",
            status_code=403,
            findings=[SQLI_FINDING],
        ),
    ]
    globex_entries = [
        entry(
            tenant_id=globex,
            tenant_name="globex",
            decision="block",
            findings=[EVAL_FINDING],
            prompt="globex secret invoices plan",
        ),
        entry(tenant_id=globex, tenant_name="globex", decision="allow"),
    ]
    write(url, acme_entries + globex_entries, AuditSettings(keyring=ring))
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir))
    if not any(route.path.startswith("/admin/api/audit") for route in server.app.routes):
        server.app.register(AuditAdminController)  # until gateway.app registers it
    server.start()
    server.services.audit.keyring = ring
    # One request through the real pipeline as well.
    reply = httpx.post(
        server.url + "/v1/chat/completions",
        headers={"authorization": f"Bearer {keys['acme']}"},
        json={"model": "codellama-7b", "messages": [{"role": "user", "content": "hello pipeline"}]},
    )
    assert reply.status_code == 200
    try:
        yield World(
            url,
            server.url + "/admin/api/audit",
            server,
            keys["admin"],
            keys["acme"],
            keys["globex"],
            keys["generate"],
            acme,
            globex,
            [e.request_id for e in acme_entries] + [reply.headers["x-request-id"]],
            [e.request_id for e in globex_entries],
            ring,
        )
    finally:
        server.stop()


def all_pages(world: World, key: str, **query: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {**query, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = world.get("/records", key, **params)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["data"]) <= 2
        items += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


# -- tenant isolation, every endpoint ------------------------------------------------------------
def test_a_tenant_key_sees_only_its_own_records_on_every_endpoint(world: World) -> None:
    mine = all_pages(world, world.acme_key)
    ids = {item["request_id"] for item in mine}
    assert set(world.acme_requests) <= ids and not ids & set(world.globex_requests)
    assert {item["tenant_name"] for item in mine} == {"acme"}

    # Detail: another tenant's record is indistinguishable from a missing one.
    other = world.get(f"/records/{world.globex_requests[0]}", world.acme_key)
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    assert world.get(f"/records/{world.acme_requests[0]}", world.acme_key).status_code == 200

    exported = world.get("/export", world.acme_key, bodies="1")
    assert exported.status_code == 200
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert lines and {line["tenant_id"] for line in lines} == {world.acme_id}
    assert "globex secret" not in exported.text

    stats = world.get("/stats", world.acme_key, group_by="tenant").json()["data"]
    assert [row["key"] for row in stats] == ["acme"]

    # Naming another tenant is refused outright, not silently narrowed.
    for path in ENDPOINTS:
        refused = world.get(path, world.acme_key, tenant="globex")
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "tenant_forbidden", path
    # Free text cannot reach across tenants either.
    assert world.get("/records", world.acme_key, q="globex secret").json()["data"] == []
    assert world.get("/verify", world.acme_key).status_code == 403


def test_keys_without_audit_scopes_and_missing_keys_are_refused(world: World) -> None:
    for path in (*ENDPOINTS, "/verify", f"/records/{world.acme_requests[0]}"):
        assert world.get(path, world.generate_key).json()["error"]["code"] == "insufficient_scope", path
        assert world.get(path, None).status_code == 401, path


def test_admin_sees_every_tenant_and_can_narrow(world: World) -> None:
    everything = {item["request_id"] for item in all_pages(world, world.admin_key)}
    assert set(world.acme_requests + world.globex_requests) <= everything
    globex = world.get("/records", world.admin_key, tenant="globex").json()["data"]
    assert {item["request_id"] for item in globex} == set(world.globex_requests)
    unknown = world.get("/records", world.admin_key, tenant="nobody")
    assert unknown.status_code == 400 and unknown.json()["error"]["param"] == "tenant"


# -- search ------------------------------------------------------------------------------------
def ids_for(world: World, key: str, **query: Any) -> set[str]:
    response = world.get("/records", key, **query)
    assert response.status_code == 200, response.text
    # Admin events (reads, refusals made by other tests) are not what these filters are about.
    return {item["request_id"] for item in response.json()["data"] if not item["request_id"].startswith("adm_")}


def test_filters(world: World) -> None:
    a = world.acme_requests
    assert ids_for(world, world.acme_key, rule_id="python.eval") == {a[0]}
    assert ids_for(world, world.acme_key, cwe="CWE-89") == {a[0], a[2]}
    assert ids_for(world, world.acme_key, severity="medium", action="annotate") == {a[0], a[2]}
    assert (
        ids_for(world, world.acme_key, severity="medium", action="block") == set()
    )  # one finding must match both
    assert ids_for(world, world.acme_key, scanner="bandit", decision="annotate") == {a[2]}
    assert ids_for(world, world.acme_key, status="403") == {a[2]}
    assert ids_for(world, world.acme_key, model="other-model") == {a[2]}
    assert ids_for(world, world.acme_key, key_id="acmekey") == {a[0]}
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert a[1] not in ids_for(world, world.acme_key, since=hour_ago)
    assert ids_for(world, world.acme_key, until=hour_ago) == {a[1]}
    # Free text inside encrypted bodies (decrypted in the gateway) and plaintext ones (pipeline record).
    assert ids_for(world, world.acme_key, q="PARSER for") == {a[0]}
    assert ids_for(world, world.admin_key, q="invoices") == {a[0], world.globex_requests[0]}
    assert ids_for(world, world.acme_key, q="hello pipeline") == {a[3]}
    assert ids_for(world, world.acme_key, q="100%_") == set()  # LIKE wildcards are literal
    # Part of a rule id finds it (issue 16), case-insensitively; its LIKE wildcards stay literal.
    assert ids_for(world, world.acme_key, rule_id="Python.ev") == {a[0]}
    assert ids_for(world, world.acme_key, rule_id="python_eval") == set()


def test_bad_parameters_are_named(world: World) -> None:
    cases = [
        ({"status": "abc"}, "status"),
        ({"since": "yesterday"}, "since"),
        ({"limit": "0"}, "limit"),
        ({"cursor": "!!"}, "cursor"),
        ({"colour": "red"}, "colour"),
        ({"sort": "size"}, "sort"),
        ({"sort": "latency", "cursor": "cjE"}, "cursor"),  # a time cursor does not fit a latency order
    ]
    for query, param in cases:
        response = world.get("/records", world.admin_key, **query)
        assert response.status_code == 400 and response.json()["error"]["param"] == param, query
    assert world.get("/stats", world.admin_key, group_by="weekday").json()["error"]["param"] == "group_by"
    assert world.get("/export", world.admin_key, format="xml").status_code == 400


def test_server_side_sorts_page_through_every_record_once(world: World) -> None:
    everything = all_pages(world, world.admin_key)
    assert [item["id"] for item in everything] == sorted((item["id"] for item in everything), reverse=True)
    for sort, key in (("latency", "latency_ms"), ("status", "status_code"), ("findings", "findings_count")):
        for descending in (False, True):
            pages = all_pages(world, world.admin_key, sort=("-" if descending else "") + sort)
            assert sorted(item["id"] for item in pages) == sorted(item["id"] for item in everything)
            keys = [(item[key] or 0, item["id"]) for item in pages]
            assert keys == sorted(keys, reverse=descending), (sort, descending)
    oldest_first = [item["request_id"] for item in all_pages(world, world.acme_key, sort="time")]
    assert [rid for rid in oldest_first if not rid.startswith("adm_")] == world.acme_requests


# -- detail, export, stats, verify -----------------------------------------------------------
def test_record_detail_has_bodies_findings_and_chain_status(world: World) -> None:
    detail = world.get(f"/records/{world.acme_requests[0]}", world.acme_key).json()
    assert detail["prompt"] == "build a parser for invoices" and detail["prompt_stored"] == "encrypted"
    assert [f["rule_id"] for f in detail["findings"]] == ["python.eval", "B608"]
    assert detail["findings"][0]["cwe"] == "CWE-95" and detail["findings_count"] == 2
    assert detail["chain"]["ok"] is True and detail["body_key_id"] == "k1"
    piped = world.get(f"/records/{world.acme_requests[3]}", world.acme_key).json()
    assert piped["prompt"] == "user: hello pipeline" and piped["status_code"] == 200 and piped["chain"]["ok"]


def test_export_csv_streams_with_findings(world: World) -> None:
    with httpx.stream(
        "GET",
        world.base + "/export",
        params={"format": "csv", "tenant": "globex"},
        headers={"authorization": f"Bearer {world.admin_key}"},
    ) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "chunked" in response.headers.get("transfer-encoding", "")
        text = "".join(response.iter_text())
    rows = list(csv.DictReader(io.StringIO(text)))
    data = [r for r in rows if not r["endpoint"].startswith("admin:")]
    assert {r["request_id"] for r in data} == set(world.globex_requests)
    assert "prompt" not in rows[0]  # bodies only on request
    assert any(r["findings"] == "semgrep:python.eval" for r in data)
    events = db.audit_rows(world.url, endpoint="admin:audit.export")
    assert events and events[-1].details is not None and events[-1].details["format"] == "csv"


def test_finding_statistics(world: World) -> None:
    by_rule = {
        row["key"]: row for row in world.get("/stats", world.admin_key, group_by="rule").json()["data"]
    }
    assert by_rule["python.eval"]["findings"] == 2 and by_rule["B608"]["findings"] == 2
    by_cwe = {
        row["key"]: row["findings"]
        for row in world.get("/stats", world.acme_key, group_by="cwe").json()["data"]
    }
    assert by_cwe == {"CWE-89": 2, "CWE-95": 1}
    by_day = world.get("/stats", world.acme_key, group_by="day").json()["data"]
    assert by_day[0]["key"] == datetime.now(UTC).strftime("%Y-%m-%d") and by_day[0]["findings"] == 3
    by_decision = world.get("/stats", world.admin_key, group_by="decision", severity="high").json()["data"]
    assert by_decision == [{"key": "block", "findings": 2, "records": 2}]


def test_verify_endpoint(world: World) -> None:
    report = world.get("/verify", world.admin_key).json()
    assert report["ok"] is True and report["checked"] >= 6 and report["bodies_unchecked"] == 0
    ranged = world.get("/verify", world.admin_key, **{"from": 2, "to": 3}).json()
    assert ranged["ok"] and ranged["checked"] == 2
    assert world.get("/verify", world.admin_key, **{"from": 3, "to": 2}).status_code == 400


def test_verify_through_the_api_is_an_admin_event_like_the_dashboards(world: World) -> None:
    """Issue 16: the dashboard chained `audit.verify`, the API did not; who checked the chain is on it."""
    response = world.get("/verify", world.admin_key, **{"from": 1, "to": 4})
    assert response.status_code == 200
    events = [e for e in db.audit_rows(world.url, endpoint="admin:audit.verify")
              if e.details and e.details.get("request_id") == response.headers["x-request-id"]]
    assert len(events) == 1
    event = events[0]
    admin_key_id = world.admin_key.split("_")[0].removeprefix("sk-sluice-")
    assert event.key_id == admin_key_id and event.outcome == "admin" and event.status_code == 200
    assert event.tenant_id is None and event.tenant_name is None  # the whole trail: the admin's all-tenant scope
    assert event.details == {"actor": f"key:{admin_key_id}", "ok": True, "checked": 4, "first_bad_id": None,
                             "from": 1, "to": 4, "via": "api", "request_id": response.headers["x-request-id"]}
    # A refused verification is an access.denied event, not a verification.
    before = len(db.audit_rows(world.url, endpoint="admin:audit.verify"))
    assert world.get("/verify", world.acme_key).status_code == 403
    assert len(db.audit_rows(world.url, endpoint="admin:audit.verify")) == before


# -- hostile parameters (issue 12, observation 5) --------------------------------------------------
def _b64(raw: str) -> str:
    import base64

    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


HOSTILE_RECORDS_QUERIES = [
    ({"limit": "²"}, "limit"),
    ({"status": "²"}, "status"),
    ({"cursor": _b64("r" + "9" * 23)}, "cursor"),
    ({"cursor": _b64("r²")}, "cursor"),
    ({"cursor": _b64("k5:" + "9" * 30), "sort": "latency"}, "cursor"),
    ({"cursor": _b64("k" + "9" * 20 + ":5"), "sort": "status"}, "cursor"),
    ({"since": "0001-01-01T00:00:00+14:00"}, "since"),
    ({"until": "9999-12-31T23:59:59-14:00"}, "until"),
    ({"q": "a\x00b"}, "q"),
    ({"model": "m\x00"}, "model"),
    ({"key_id": "\x00"}, "key_id"),
    ({"rule_id": "r\x00"}, "rule_id"),
    ({"endpoint": "/v1\x00"}, "endpoint"),
    ({"scanner": "\x00"}, "scanner"),
    ({"tenant": "acme\x00"}, "tenant"),
    ({"model": "m" * 129}, "model"),
    ({"q": "x" * 501}, "q"),
    ({"cwe": "xx"}, "cwe"),
    ({"decision": "maybe"}, "decision"),
    ({"input_action": "maybe"}, "input_action"),
]


@pytest.mark.parametrize(("query", "param"), HOSTILE_RECORDS_QUERIES, ids=lambda v: repr(v)[:40])
def test_hostile_parameters_get_400_naming_the_field(world: World, query: dict[str, str], param: str) -> None:
    for path in ("/records", "/export", "/stats"):
        if path != "/records" and param in ("limit", "cursor"):
            continue
        response = world.get(path, world.admin_key, **query)
        assert response.status_code == 400, (path, query, response.status_code, response.text[:300])
        assert response.json()["error"]["param"] == param, (path, response.text[:300])


def test_undecodable_percent_escapes_are_refused_or_harmless(world: World) -> None:
    headers = {"authorization": f"Bearer {world.admin_key}"}
    for raw in ("q=%ff", "model=%c3%28", "q=%00", "key_id=%ed%a0%80"):
        response = httpx.get(f"{world.base}/records?{raw}", headers=headers, timeout=20)
        assert response.status_code in (200, 400), (raw, response.status_code, response.text[:200])


def test_every_bad_parameter_is_reported_at_once(world: World) -> None:
    response = world.get("/records", world.admin_key, limit="²", status="x", cwe="xx", since="soon")
    assert response.status_code == 400
    named = {item["param"] for item in response.json()["error"]["invalid_params"]}
    assert named == {"limit", "status", "cwe", "since"}


def test_hostile_record_ids_and_verify_ranges(world: World) -> None:
    for rid in ("req%00x", "x" * 65, "%C3%BC" * 10, "%ff"):
        response = world.get(f"/records/{rid}", world.admin_key)
        assert response.status_code == 400 and response.json()["error"]["param"] == "record_request_id", rid
    assert world.get("/records/req_nope", world.admin_key).status_code == 404
    for query in ({"from": "²"}, {"to": "9" * 30}):
        response = world.get("/verify", world.admin_key, **query)
        assert response.status_code == 400 and response.json()["error"]["param"] in query


def test_cwe_accepts_the_bare_number(world: World) -> None:
    assert ids_for(world, world.acme_key, cwe="89") == ids_for(world, world.acme_key, cwe="CWE-89")


def test_a_5xx_is_logged_with_its_request_id(world: World, caplog: pytest.LogCaptureFixture) -> None:
    """A failure nobody expected still answers in the API's shape, and the log line carries the
    request id the client got, so an operator can find it."""
    import gateway.admin.api.audit as audit_api

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("simulated defect")

    original = audit_api.finding_stats
    audit_api.finding_stats = broken  # type: ignore[assignment]
    try:
        with caplog.at_level("ERROR", logger="sluice.admin"):
            response = world.get("/stats", world.admin_key)
    finally:
        audit_api.finding_stats = original  # type: ignore[assignment]
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    request_id = response.headers["x-request-id"]
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert logged and logged[0].exc_info is not None


# -- reads and refusals are on the record (issue 12, observation 8) -------------------------------
def test_reads_of_records_and_bodies_are_audited(world: World) -> None:
    wanted = world.acme_requests[0]
    response = world.get(f"/records/{wanted}", world.acme_key)
    assert response.status_code == 200
    events = [e for e in db.audit_rows(world.url, endpoint="admin:audit.read")
              if e.details and e.details.get("request_id") == response.headers["x-request-id"]]
    assert len(events) == 1
    event = events[0]
    assert event.details is not None and event.details["record_request_id"] == wanted
    assert event.details["bodies"] == ["prompt", "response"] or "prompt" in event.details["bodies"]
    assert event.key_id == world.acme_key.split("_")[0].removeprefix("sk-sluice-")
    assert event.tenant_id == world.acme_id  # the tenant whose record was read sees who read it

    searched = world.get("/records", world.admin_key, q="invoices")
    assert searched.status_code == 200
    searches = [e for e in db.audit_rows(world.url, endpoint="admin:audit.search")
                if e.details and e.details.get("request_id") == searched.headers["x-request-id"]]
    assert len(searches) == 1 and searches[0].details is not None
    assert searches[0].details["filters"] == {"q": "invoices"}


def test_refused_admin_calls_are_audited(world: World) -> None:
    before = len(db.audit_rows(world.url, endpoint="admin:access.denied"))
    assert world.get("/records", None).status_code == 401
    assert world.get("/export", world.generate_key).status_code == 403
    assert world.get("/verify", world.acme_key).status_code == 403
    assert world.get("/records", world.acme_key, tenant="globex").status_code == 403
    events = db.audit_rows(world.url, endpoint="admin:access.denied")[before:]
    assert [e.status_code for e in events] == [401, 403, 403, 403]
    assert all(e.outcome == "refused" for e in events)
    assert events[0].key_id is None and events[2].tenant_id == world.acme_id
    assert events[1].details is not None and events[1].details["path"] == "/admin/api/audit/export"
