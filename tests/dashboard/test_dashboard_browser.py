"""The dashboard in a real Chromium against the real gateway and its audit data.

One browser for the module; each test gets a fresh context (its own cookies).
`SLUICE_SCREENSHOT_DIR=docs/img` saves the screenshots the docs show.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from gateway.audit.models import AuditFinding, AuditRecord
from gateway.auth import admin
from tests.dashboard.conftest import INSECURE_LINE, Dashboard
from tests.support import db

pytestmark = pytest.mark.timeout(120)


def in_thread(work: Any) -> Any:
    """Database checks run off the main thread: Playwright's sync API owns its event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def db_run(url: str, query: Any) -> Any:
    async def work(session: Any) -> Any:
        return (await session.execute(query)).all()

    return in_thread(lambda: db.run(url, work))


def sign_in(context: Any, dash: Dashboard, key: str) -> Any:
    page = context.new_page()
    page.goto(dash.url + "/admin/login")
    page.fill("#api_key", key)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/overview")
    return page


def shot(page: Any, screenshots: Path, name: str) -> None:
    """The documentation's screenshots are 1440 px wide (the full page, however long)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_wrong_key_refused_and_sign_in_page(context: Any, dash: Dashboard, screenshots: Path) -> None:
    page = context.new_page()
    page.goto(dash.url + "/admin/overview")
    assert page.url.endswith("/admin/login"), "pages need a session"
    page.fill("#api_key", "sk-sluice-000000000000_" + "x" * 43)
    page.click("button[type=submit]")
    assert "not accepted" in page.locator("[data-testid=login-error]").inner_text()
    shot(page, screenshots, "sign-in")
    page.fill("#api_key", dash.generate_keys["plain"])  # valid, but only the 'generate' scope
    page.click("button[type=submit]")
    assert "not accepted" in page.locator("[data-testid=login-error]").inner_text()
    assert not any(c["name"] == "sluice_dash" for c in context.cookies())


def test_session_cookie_flags_and_csp(context: Any, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.admin_key)
    cookie = next(c for c in context.cookies() if c["name"] == "sluice_dash")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/admin"
    response = page.goto(dash.url + "/admin/log")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_csrf_less_post_refused(context: Any, dash: Dashboard) -> None:
    sign_in(context, dash, dash.admin_key)
    # The browser's own cookies, but no CSRF token: refused, and nothing is created.
    response = context.request.post(dash.url + "/admin/tenants", form={"name": "sneaky"})
    assert response.status == 403 and "security token" in response.text()
    forged = context.request.post(dash.url + "/admin/tenants", form={"name": "sneaky", "csrf": "forged"})
    assert forged.status == 403
    assert not db_run(
        dash.db_url,
        select(func.count()).select_from(AuditRecord).where(AuditRecord.endpoint == "admin:tenant.create"),
    )[0][0]
    # Sign-in form without its token is refused too.
    with httpx.Client(base_url=dash.url) as client:
        refused = client.post("/admin/login", data={"api_key": dash.admin_key})
    assert refused.status_code == 403 and "sluice_dash=" not in refused.headers.get("set-cookie", "")


def test_overview_numbers_match_database(context: Any, dash: Dashboard, screenshots: Path) -> None:
    messages: list[str] = []
    page = context.new_page()
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(dash.url + "/admin/login")
    page.fill("#api_key", dash.admin_key)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/overview")
    rows = db_run(
        dash.db_url,
        select(AuditRecord.decision, AuditRecord.policy_mode, func.count())
        .where(AuditRecord.endpoint.not_like("admin:%"))
        .group_by(AuditRecord.decision, AuditRecord.policy_mode),
    )
    counts: dict[str | None, int] = {}
    for decision, mode, n in rows:  # shadow mode decides but does not enforce
        key = "shadow" if mode == "shadow" and decision not in (None, "allow") else decision
        counts[key] = counts.get(key, 0) + n
    total = sum(counts.values())
    assert total >= 6

    def stat(name: str) -> int:
        return int(page.locator(f"[data-testid=stat-{name}] .value").inner_text().replace(",", ""))

    assert stat("requests") == total
    for decision in ("block", "redact", "annotate", "repair"):
        assert stat(decision) == counts.get(decision, 0), decision
    assert stat("block") == 1 and stat("redact") == 1 and stat("annotate") == 1 and stat("shadow") == 1
    assert stat("upstream-errors") >= 1  # the dead model
    findings = db_run(dash.db_url, select(AuditFinding.rule_id, func.count()).group_by(AuditFinding.rule_id))
    if findings:
        table = page.locator("[data-testid=top-rules]").inner_text()
        assert all(rule in table for rule, _ in findings)
    tenants = page.locator("[data-testid=by-tenant]").inner_text()
    assert "blocker" in tenants and "plain" in tenants
    page.wait_for_selector("#chart canvas")  # the vendored chart library ran under the CSP
    assert not [m for m in messages if "Content Security Policy" in m], messages
    shot(page, screenshots, "overview")


def test_filter_log_without_javascript(browser: Any, dash: Dashboard, screenshots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1360, "height": 900})
    try:
        page = sign_in(context, dash, dash.admin_key)
        page.goto(dash.url + "/admin/log")
        assert page.locator("[data-testid=log-table] tbody tr").count() >= 6
        page.select_option("select[name=decision]", "block")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**decision=block**")
        rows = page.locator("[data-testid=log-table] tbody tr")
        ids = {r.get_attribute("data-request-id") for r in rows.all()}
        assert ids == {dash.request_ids["blocker"][0], dash.request_ids["shadow"][0]}, "shadow mode decided block too"
        shadow_row = page.locator(f"tr[data-request-id='{dash.request_ids['shadow'][0]}']")
        assert "shadow" in shadow_row.inner_text()
        page.goto(dash.url + "/admin/log?tenant=plain")
        ids = {r.get_attribute("data-request-id") for r in page.locator("[data-testid=log-table] tbody tr").all()}
        assert ids == set(dash.request_ids["plain"])
        page.goto(dash.url + "/admin/log?status=abc")
        assert "status" in page.locator("[data-testid=filter-error]").inner_text()
        page.goto(dash.url + "/admin/log?text=nothing-matches-this")
        assert page.locator("[data-testid=empty-log]").is_visible()
        page.goto(dash.url + "/admin/log")
        shot(page, screenshots, "audit-log")
    finally:
        context.close()


def test_export_current_filter(context: Any, dash: Dashboard) -> None:
    sign_in(context, dash, dash.admin_key)
    jsonl = context.request.get(dash.url + "/admin/log/export/jsonl?tenant=plain")
    assert jsonl.status == 200 and "attachment" in jsonl.headers["content-disposition"]
    records = [json.loads(line) for line in jsonl.text().splitlines()]
    assert {r["request_id"] for r in records} == set(dash.request_ids["plain"])
    csv_text = context.request.get(dash.url + "/admin/log/export/csv?decision=block&tenant=blocker").text()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("id,request_id,") and len(lines) == 2 and dash.request_ids["blocker"][0] in lines[1]


def test_blocked_record_shows_finding_on_its_line(context: Any, dash: Dashboard, screenshots: Path) -> None:
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?decision=block")
    page.click("[data-testid=log-table] tbody tr a")
    page.wait_for_url("**/admin/records/**")
    assert page.locator("[data-testid=decision]").inner_text() == "block"
    assert page.locator("[data-testid=chain-status]").inner_text() == "chain verified"
    notes = page.locator("[data-testid=response] [data-testid=finding-note]").all()
    stored = in_thread(lambda: db.audit_rows(dash.db_url, request_id=dash.request_ids["blocker"][0]))[0]
    expected = {(str(f["start_line"]), f["rule_id"]) for f in stored.details["output"]["findings"]}
    assert {(n.get_attribute("data-line"), n.get_attribute("data-rule")) for n in notes} == expected
    # The shell=True call is flagged on its line (one finding per line and CWE family across
    # engines: Bandit's B602 or Semgrep's shell rule, whichever the scanner kept).
    where = {n.get_attribute("data-rule"): n.get_attribute("data-line") for n in notes}
    shell = {rule for rule in where if rule in ("bandit.B602", "python.command-injection-shell")}
    assert shell and all(where[rule] == str(INSECURE_LINE) for rule in shell), where
    marked = page.locator(f"[data-testid=response] tr.marked[data-line='{INSECURE_LINE}']")
    assert "shell=True" in marked.inner_text()
    assert page.locator("[data-testid=policy-version]").inner_text() != "—"
    shot(page, screenshots, "record-detail")


def test_create_and_revoke_key(context: Any, dash: Dashboard, screenshots: Path) -> None:
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/tenants")
    form = page.locator("[data-testid=create-key]")
    form.locator("select[name=tenant]").select_option("plain")
    form.locator("input[name=name]").fill("browser-test")
    form.locator("button[type=submit]").click()
    key = page.locator("[data-testid=new-key]").input_value()
    assert key.startswith("sk-sluice-")
    shot(page, screenshots, "tenants-keys")
    models = httpx.get(dash.url + "/v1/models", headers={"authorization": f"Bearer {key}"})
    assert models.status_code == 200
    key_id = key.removeprefix("sk-sluice-").split("_")[0]
    page.goto(dash.url + "/admin/tenants")
    assert page.locator(f"tr[data-key='{key_id}']").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"tr[data-key='{key_id}'] button").click()
    page.wait_for_url("**done=key.revoke")
    assert "revoked" in page.locator(f"tr[data-key='{key_id}']").inner_text()
    refused = httpx.get(dash.url + "/v1/models", headers={"authorization": f"Bearer {key}"})
    assert refused.status_code == 401 and "revoked" in refused.json()["error"]["message"]


def test_tenant_scoped_reader_sees_only_its_tenant(context: Any, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.reader_key)
    assert page.locator("[data-testid=scope]").inner_text() == "tenant blocker"
    page.goto(dash.url + "/admin/log")
    ids = {r.get_attribute("data-request-id") for r in page.locator("[data-testid=log-table] tbody tr").all()}
    assert set(dash.request_ids["blocker"]) <= ids
    assert not ids & set(dash.request_ids["redactor"] + dash.request_ids["plain"])
    own = page.goto(dash.url + "/admin/records/" + dash.request_ids["blocker"][0])
    assert own is not None and own.status == 200
    other = page.goto(dash.url + "/admin/records/" + dash.request_ids["redactor"][0])
    assert other is not None and other.status == 404
    assert "allowed to see" in page.inner_text("main")
    # Even asking for another tenant by name keeps the reader in its own tenant.
    page.goto(dash.url + "/admin/log?tenant=redactor")
    ids = {r.get_attribute("data-request-id") for r in page.locator("[data-testid=log-table] tbody tr").all()}
    assert not ids & set(dash.request_ids["redactor"])
    export = context.request.get(dash.url + "/admin/log/export/jsonl")
    assert {json.loads(line)["tenant_name"] for line in export.text().splitlines()} <= {"blocker"}
    tenants = page.goto(dash.url + "/admin/tenants")
    assert tenants is not None and tenants.status == 403


def test_chain_verification_and_policies(context: Any, dash: Dashboard, screenshots: Path) -> None:
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/chain")
    page.click("[data-testid=verify]")
    report = page.locator("[data-testid=chain-report]")
    # Green "Chain verified" needs a verified signed checkpoint; this gateway signs none.
    assert report.get_attribute("data-state") == "unanchored" and "Chain verified" not in report.inner_text()
    checked = int(re.search(r"(\d+) records checked", report.inner_text()).group(1))  # type: ignore[union-attr]
    assert checked == db_run(dash.db_url, select(func.count()).select_from(AuditRecord))[0][0] - 1  # + this verify
    shot(page, screenshots, "chain")
    page.goto(dash.url + "/admin/policies")
    assert "Valid" in page.locator("[data-testid=policy-status]").inner_text()
    assert page.locator("[data-testid=policy][data-tenant=blocker]").count() == 1
    shadow_row = page.locator("[data-testid=shadow-results] tr", has_text="shadow")
    assert shadow_row.locator("td").nth(1).inner_text() == "1", "one answer the shadow policy would have blocked"
    page.click("[data-testid=policy][data-tenant=blocker] summary")
    assert "default_action: block" in page.locator("[data-testid=policy][data-tenant=blocker] pre.yaml").inner_text()
    page.click("[data-testid=policy][data-tenant=blocker] [data-testid=policy-diff] summary")
    diff = page.locator("[data-testid=policy][data-tenant=blocker] pre.diff")
    assert "+  default_action: block" in diff.locator(".add").all_inner_texts()
    assert "-  default_action: annotate" in diff.locator(".del").all_inner_texts()
    shot(page, screenshots, "policies")


def test_logout_ends_session(context: Any, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.admin_key)
    copied = next(c for c in context.cookies() if c["name"] == "sluice_dash")["value"]
    page.click("text=Sign out")
    page.wait_for_url("**/admin/login")
    page.goto(dash.url + "/admin/overview")
    assert page.url.endswith("/admin/login")
    replay = httpx.get(dash.url + "/admin/overview", cookies={"sluice_dash": copied})
    assert replay.status_code == 303 and replay.headers["location"] == "/admin/login", "a copied cookie dies too"


def test_revoking_the_signed_in_key_ends_its_session(context: Any, dash: Dashboard) -> None:
    key = in_thread(lambda: db.create_key(dash.db_url, "ops", scopes=("admin",)))
    page = sign_in(context, dash, key)
    key_id = key.removeprefix("sk-sluice-").split("_")[0]
    in_thread(lambda: db.run(dash.db_url, lambda s: admin.revoke_key(s, key_id)))
    page.goto(dash.url + "/admin/log")
    assert page.url.endswith("/admin/login"), "the cookie is still signed, but the key behind it is revoked"


def test_lockout_after_repeated_failures(dash: Dashboard) -> None:
    throttle = dash.server.app.state.dashboard.throttle
    try:
        with httpx.Client(base_url=dash.url) as client:
            for attempt in range(throttle.max_failures):
                form = client.get("/admin/login")
                csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
                answer = client.post("/admin/login", data={"csrf": csrf, "api_key": f"sk-sluice-bad{attempt}"})
                assert answer.status_code == (429 if attempt == throttle.max_failures - 1 else 401)
            form = client.get("/admin/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
            locked = client.post("/admin/login", data={"csrf": csrf, "api_key": dash.admin_key})
            assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
    finally:
        throttle._locked_until.clear()


def test_stored_markup_is_shown_as_text(context: Any, dash: Dashboard, upstream: Any) -> None:
    upstream.script()  # no scripted reply: the upstream echoes the prompt
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    assert dash.call("plain", attack).status_code == 200
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/records/" + dash.request_ids["plain"][-1])
    assert attack in page.locator("[data-testid=prompt]").inner_text()
    assert attack in page.locator("[data-testid=response]").inner_text()
    assert page.evaluate("window.pwned") is None


def test_log_sorts_on_the_server_across_pages(context: Any, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?outcome=ok")

    def latencies() -> list[float]:
        cells = page.locator("[data-testid=log-table] tbody tr td:last-child").all_inner_texts()
        return [float(c.replace(",", "").removesuffix(" ms")) for c in cells]

    with page.expect_navigation():
        page.click("th:has-text('Latency')")  # anywhere on the header, not only its link
    assert "sort=latency" in page.url
    assert latencies() == sorted(latencies()) and len(latencies()) >= 3
    assert page.locator("th:has-text('Latency')").get_attribute("aria-sort") == "ascending"
    with page.expect_navigation():
        page.click("th:has-text('Latency') a")
    assert "sort=-latency" in page.url
    assert latencies() == sorted(latencies(), reverse=True)
    # The order is the whole log's: the first page holds the slowest answers of all.
    with ThreadPoolExecutor(1) as pool:  # Playwright's loop runs in this thread
        records = pool.submit(db.audit_rows, dash.db_url).result()
    slowest = max(record.latency_ms for record in records if record.outcome == "ok")
    assert abs(latencies()[0] - slowest) <= 0.5
    # Columns without a server order still sort the page in place.
    page.click("th:has-text('Tenant')")
    tenants = page.locator("[data-testid=log-table] tbody tr td:nth-child(2)").all_inner_texts()
    assert tenants == sorted(tenants, key=str.lower)


def test_static_files_stay_in_their_folder(dash: Dashboard) -> None:
    css = httpx.get(dash.url + "/admin/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    chart = httpx.get(dash.url + "/admin/static/vendor/uplot/uPlot.iife.min.js")
    assert chart.status_code == 200 and "uPlot" in chart.text
    for path in ("/admin/static/..%2fsecurity.py", "/admin/static/%2e%2e/%2e%2e/services.py", "/admin/static/nope.js"):
        assert httpx.get(dash.url + path).status_code == 404, path


def test_bad_input_answers_in_place_never_a_crash(context: Any, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.admin_key)
    bad_cursor = page.goto(dash.url + "/admin/log?cursor=%%%not-a-cursor")
    assert bad_cursor is not None and bad_cursor.status == 400
    assert "cursor" in page.locator("[data-testid=filter-error]").inner_text()
    odd_range = page.goto(dash.url + "/admin/overview?range=forever")
    # Refused with the field named (it used to fall back to 24h silently, hiding the typo).
    assert odd_range is not None and odd_range.status == 400 and "'range'" in page.inner_text("main")
    missing = page.goto(dash.url + "/admin/records/req_does_not_exist")
    assert missing is not None and missing.status == 404 and "Record not found" in page.inner_text("main")
    with httpx.Client(base_url=dash.url) as client:
        for body, headers in (
            (b"{not json", {"content-type": "application/json"}),
            (b"\xff\xfe\x00", {"content-type": "application/x-www-form-urlencoded"}),
            (b"--x\r\n", {"content-type": "multipart/form-data; boundary=x"}),
        ):
            answer = client.post("/admin/login", content=body, headers=headers)
            assert answer.status_code in (400, 403), (body, answer.status_code)
            assert answer.headers["content-type"].startswith("text/html")


def test_key_form_defaults_to_90_days_and_a_reload_creates_no_second_key(context: Any, dash: Dashboard) -> None:
    """Issue 16, defects 1, 14 and 15: Post/Redirect/Get, the signed-in key marked and not revocable
    from its own session, a bounded lifetime by default with an explicit "never"."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/tenants")
    form = page.locator("[data-testid=create-key]")
    assert form.locator("select[name=expires]").input_value() == "90d"
    assert "never expires" in form.locator("select[name=expires]").inner_text()
    count = lambda: in_thread(lambda: len(db.run(dash.db_url, lambda s: admin.list_keys(s, "plain"))))  # noqa: E731
    before = count()
    form.locator("select[name=tenant]").select_option("plain")
    form.locator("input[name=name]").fill("prg-test")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/tenants?done=key.create")
    key = page.locator("[data-testid=new-key]").input_value()
    assert key.startswith("sk-sluice-") and "expires 20" in page.locator("[data-testid=created-key]").inner_text()
    page.reload()
    assert page.locator("[data-testid=new-key]").count() == 0, "shown once"
    assert count() == before + 1, "reloading the page must not create a second key"
    own_id = dash.admin_key.removeprefix("sk-sluice-").split("_")[0]
    own_row = page.locator(f"tr[data-key='{own_id}']")
    assert own_row.locator("[data-testid=own-key]").count() == 1 and own_row.locator("button").count() == 0
    # Even a hand-made POST cannot revoke the session's own key.
    csrf = page.locator("input[name=csrf]").first.input_value()
    refused = context.request.post(dash.url + f"/admin/keys/{own_id}/revoke", form={"csrf": csrf})
    assert refused.status == 409 and "signed in with" in refused.text()
    assert page.goto(dash.url + "/admin/overview") is not None and page.url.endswith("/admin/overview")
