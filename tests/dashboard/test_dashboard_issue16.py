"""Issue 16: every record tells its whole story, and the console behaves as Grafana/LiteLLM users expect.

Real gateway, real traffic through the OpenAI-compatible API, Debian's Chromium. Each test names the
defect it covers; each failed before its fix.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from gateway.audit.models import AuditRecord
from tests.dashboard.conftest import ANSWER, SAFE, Dashboard
from tests.dashboard.test_dashboard_browser import db_run, in_thread, sign_in
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream

pytestmark = pytest.mark.timeout(180)

AWS_KEY = "AKIAZ7Q3LKDWXWP2MV4T"  # not the documented example key, which counts as a placeholder
SECRET_PROMPT = f"my key is {AWS_KEY} and my mail is jane.doe@example.com; write a sort function"


@pytest.fixture(scope="module")
def policies_dir(tmp_path_factory: pytest.TempPathFactory, policies_dir: Path) -> Path:
    """The suite's policies plus a tenant whose policy keeps only hashes of bodies."""
    root = tmp_path_factory.mktemp("policies16")
    shutil.copytree(policies_dir, root, dirs_exist_ok=True)
    (root / "tenants" / "hasher.yaml").write_text(
        "# Blocks what the scanners find and keeps only hashes of bodies.\n"
        "extends: blocker\naudit:\n  store: hash_only\n"
    )
    return root


def _key(dash: Dashboard, tenant: str, scopes: tuple[str, ...] = ("generate",)) -> str:
    in_thread(lambda: db.create_tenant(dash.db_url, tenant))
    key = in_thread(lambda: db.create_key(dash.db_url, tenant, scopes=scopes))
    dash.generate_keys[tenant] = key
    return key


@pytest.fixture(scope="module")
def extra(dash: Dashboard, upstream: ScriptedUpstream) -> Iterator[dict[str, str]]:
    """Traffic for this module: a redacted prompt, a hash-only block, a repair that gave up, a blocked stream."""
    ids: dict[str, str] = {}
    for tenant in ("hasher", "repairer"):
        _key(dash, tenant)
    upstream.script(Reply(content=SAFE))
    answer = dash.call("plain", SECRET_PROMPT)
    assert answer.status_code == 200
    ids["redacted"] = answer.headers["x-request-id"]
    upstream.script(Reply(content=ANSWER))
    answer = dash.call("hasher")
    assert answer.status_code == 403
    ids["hashed"] = answer.headers["x-request-id"]
    upstream.script(Reply(content=ANSWER), Reply(content=ANSWER), Reply(content=ANSWER))
    answer = dash.call("repairer")
    assert answer.status_code == 403 and "after 2 repair attempt(s)" in answer.text
    ids["repaired"] = answer.headers["x-request-id"]
    upstream.script(Reply(content=ANSWER))
    with httpx.stream(
        "POST", dash.url + "/v1/chat/completions", timeout=60,
        headers={"authorization": f"Bearer {dash.generate_keys['blocker']}"},
        json={"model": "codellama-7b", "stream": True, "messages": [{"role": "user", "content": "shell"}]},
    ) as stream:
        assert stream.status_code == 200
        body = "".join(stream.iter_text())
        ids["stream"] = stream.headers["x-request-id"]
    assert '"error"' in body  # the stream ends with an error event (its record: outcome "blocked")
    yield ids


def _rows(page: Any) -> list[str]:
    return [r.get_attribute("data-request-id") for r in page.locator("[data-testid=log-table] tbody tr").all()]


def test_admin_events_open_to_their_detail_and_belong_to_the_target_tenant(
    context: Any, dash: Dashboard, browser: Any
) -> None:
    """Defects 2 and 3: key.revoke opens to what was revoked, by whom; the key's tenant sees it."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/tenants")
    form = page.locator("[data-testid=create-key]")
    form.locator("select[name=tenant]").select_option("blocker")
    form.locator("input[name=name]").fill("to-revoke")
    form.locator("button[type=submit]").click()
    key_id = page.locator("[data-testid=new-key]").input_value().removeprefix("sk-sluice-").split("_")[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"tr[data-key='{key_id}'] button").click()
    page.wait_for_url("**done=key.revoke")
    page.goto(dash.url + "/admin/log?endpoint=admin:key.revoke")
    page.locator("[data-testid=log-table] tbody tr a").first.click()
    page.wait_for_url("**/admin/records/adm_*")
    event = page.locator("[data-testid=admin-event]")
    assert event.locator("[data-detail=revoked_key_id]").inner_text() == key_id
    assert event.locator("[data-detail=actor]").inner_text().startswith("key:")
    assert "No output findings" not in page.inner_text("main")
    assert page.locator("[data-testid=decision]").inner_text() == "admin event"
    # The reader of tenant "blocker" sees that a key of theirs was created and revoked.
    reader = browser.new_context()
    try:
        view = sign_in(reader, dash, dash.reader_key)
        for action in ("key.create", "key.revoke"):
            view.goto(dash.url + f"/admin/log?endpoint=admin:{action}")
            assert view.locator("[data-testid=log-table] tbody tr").count() >= 1, action
        view.locator("[data-testid=log-table] tbody tr a").first.click()
        assert view.locator("[data-detail=revoked_key_id]").inner_text() == key_id
    finally:
        reader.close()
    rows = db_run(dash.db_url, select(AuditRecord.endpoint, AuditRecord.tenant_name)
                  .where(AuditRecord.endpoint.in_(("admin:key.create", "admin:key.revoke")))
                  .order_by(AuditRecord.id.desc()).limit(2))
    assert {tenant for _, tenant in rows} == {"blocker"}


def test_prompt_redactions_count_and_can_be_filtered(context: Any, dash: Dashboard, extra: dict[str, str]) -> None:
    """Defect 4: a prompt whose AWS key and email were redacted counts as redacted."""
    stored = in_thread(lambda: db.audit_rows(dash.db_url, request_id=extra["redacted"]))[0]
    assert stored.decision == "allow"  # the answer passed; the prompt was redacted
    assert {a["action"] for a in stored.input_actions} == {"redact"}
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?decision=redact&tenant=plain")
    assert extra["redacted"] in _rows(page)
    page.goto(dash.url + "/admin/log?input=redact")
    assert extra["redacted"] in _rows(page)
    page.goto(dash.url + "/admin/log?decision=allow&tenant=plain")
    assert extra["redacted"] not in _rows(page)
    page.goto(dash.url + "/admin/overview")
    assert int(page.locator("[data-testid=stat-redact] .value").inner_text()) >= 2  # redactor's answer + this prompt
    page.goto(dash.url + "/admin/records/" + extra["redacted"])
    assert "[REDACTED" in page.locator("[data-testid=prompt]").inner_text()
    assert AWS_KEY not in page.content()
    assert page.locator("[data-testid=prompt-redacted]").count() == 1


def test_hash_only_records_say_so_and_show_what_is_kept(context: Any, dash: Dashboard, extra: dict[str, str]) -> None:
    """Defects 5 and 9: the store mode is shown; a hash-only record explains the missing code."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/records/" + extra["hashed"])
    assert "hash only" in page.locator("[data-testid=store-mode]").inner_text()
    notice = page.locator("[data-testid=hash-only]").inner_text()
    assert "hash_only" in notice and re.search(r"[0-9a-f]{64}", notice)
    fixes = page.locator("[data-testid=finding-fix]").all_inner_texts()
    assert fixes and any(fix != "—" for fix in fixes), "the fix hint is kept even when the code is not"
    page.goto(dash.url + "/admin/records/" + dash.request_ids["plain"][0])
    assert page.locator("[data-testid=store-mode]").inner_text().startswith("redacted")
    assert "not encrypted" in page.locator("[data-testid=bodies-state]").inner_text()


def test_repair_count_matches_the_error_and_the_last_answer_is_shown(
    context: Any, dash: Dashboard, extra: dict[str, str]
) -> None:
    """Defect 8: "after 2 repair attempt(s)" reads 2, and the stored body appears in its pane."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/records/" + extra["repaired"])
    assert page.locator("[data-testid=repair-count]").inner_text().startswith("2 ")
    panes = page.locator("[data-testid=attempt-pane]")
    assert panes.count() == 3
    assert panes.nth(2).get_attribute("data-stored") == "yes"
    assert "shell=True" in panes.nth(2).inner_text()
    assert "SHA-256" in panes.nth(0).inner_text()  # earlier answers: only their hash is chained


def test_a_blocked_stream_reads_as_blocked(context: Any, dash: Dashboard, extra: dict[str, str]) -> None:
    """Defect 11: a stream cut by policy after its 200 is not a green success."""
    stored = in_thread(lambda: db.audit_rows(dash.db_url, request_id=extra["stream"]))[0]
    assert (stored.status_code, stored.outcome) == (200, "blocked")
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?tenant=blocker")
    cell = page.locator(f"tr[data-request-id='{extra['stream']}'] [data-testid=status]")
    assert "s2" not in (cell.get_attribute("class") or "")
    assert "stream cut" in page.locator(f"tr[data-request-id='{extra['stream']}']").inner_text()
    page.goto(dash.url + "/admin/records/" + extra["stream"])
    assert "s2" not in (page.locator("[data-testid=record-status] [data-testid=status]").get_attribute("class") or "")


def test_stage_timings_never_read_as_more_than_the_total(context: Any, dash: Dashboard, extra: dict[str, str]) -> None:
    """Defect 10: the stage table shows each stage's share of the total, capped, with busy time marked."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/records/" + extra["stream"])
    stored = in_thread(lambda: db.audit_rows(dash.db_url, request_id=extra["stream"]))[0]
    meters = page.locator("[data-testid=stages] meter").all()
    assert meters and all(float(m.get_attribute("value") or 0) <= 100 for m in meters)
    over = [name for name, ms in (stored.stage_ms or {}).items() if ms > stored.latency_ms]
    for name in over:
        assert page.locator(f"tr[data-stage='{name}'] [data-testid=busy-note]").count() == 1


def test_filters_name_every_bad_value_and_rules_match_in_part(context: Any, dash: Dashboard) -> None:
    """Defect 12: 400 naming both bad fields and no empty card; part of a rule id matches; a rule list."""
    page = sign_in(context, dash, dash.admin_key)
    answer = page.goto(dash.url + "/admin/log?cwe=xx&status=abc")
    assert answer is not None and answer.status == 400
    errors = page.locator("[data-testid=filter-error] li").all_inner_texts()
    assert len(errors) == 2 and any("'cwe'" in e for e in errors) and any("'status'" in e for e in errors)
    assert page.locator("[data-testid=log-table]").count() == 0 and page.locator("[data-testid=empty-log]").count() == 0
    page.goto(dash.url + "/admin/log?rule=shell")
    assert dash.request_ids["blocker"][0] in _rows(page)
    options = page.locator("[data-testid=known-rules] option").evaluate_all("els => els.map(e => e.value)")
    assert any("shell" in rule for rule in options)
    assert page.locator("input[name=rule]").get_attribute("list") == "known-rules"


def test_sort_headers_say_their_scope_and_answer_space(context: Any, dash: Dashboard) -> None:
    """Defects 13 and 15: server and page sorts told apart in words; page sorts are buttons that answer Space."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?outcome=ok")
    assert "all" in page.locator("th:has-text('Latency') .sort-scope").inner_text()
    tenant = page.locator("th:has-text('Tenant')")
    assert "page" in tenant.locator(".sort-scope").inner_text()
    assert tenant.get_attribute("role") == "button"
    tenant.focus()
    page.keyboard.press("Space")
    assert tenant.get_attribute("aria-sort") == "ascending"
    assert page.evaluate("window.scrollY") == 0, "Space sorts, it does not scroll"
    names = page.locator("[data-testid=log-table] tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.lower)


def test_smaller_defects(context: Any, dash: Dashboard, browser: Any) -> None:
    """Defect 15: the rest."""
    page = sign_in(context, dash, dash.admin_key)
    # Admin rows show no latency; the date fields are ISO 8601 text in UTC, not a locale picker.
    page.goto(dash.url + "/admin/log?endpoint=admin:dashboard.login")
    assert page.locator("[data-testid=log-table] tbody tr td:last-child").first.inner_text() == "—"
    for name in ("since", "until"):
        field = page.locator(f"input[name={name}]")
        assert field.get_attribute("type") == "text" and "T" in (field.get_attribute("placeholder") or "")
    # The chain is not green without a verified signed checkpoint.
    page.goto(dash.url + "/admin/chain")
    page.click("[data-testid=verify]")
    report = page.locator("[data-testid=chain-report]")
    assert report.get_attribute("data-state") == "unanchored"
    assert "ok" not in (report.get_attribute("class") or "").split()
    # Policies: every real tenant (those on the default too), none that does not exist.
    page.goto(dash.url + "/admin/policies")
    listed = {p.get_attribute("data-tenant") for p in page.locator("[data-testid=policy]").all()}
    tenants = {name for (name,) in db_run(dash.db_url, select(func.distinct(AuditRecord.tenant_name))) if name}
    assert "ops" in listed and "plain" in listed and tenants <= listed
    assert "passthrough" not in listed and "passthrough" in page.locator("[data-testid=policy-orphans]").inner_text()
    assert page.locator("[data-testid=policy][data-tenant=plain] [data-testid=uses-default]").count() == 1
    # A skip link first in the tab order; a favicon that loads.
    page.goto(dash.url + "/admin/log")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert httpx.get(dash.url + str(icon)).status_code == 200
    # Line numbers readable: contrast of at least 4.5:1 against their row.
    page.goto(dash.url + "/admin/records/" + dash.request_ids["blocker"][0])
    ratios = page.evaluate(_CONTRAST_JS)
    assert ratios and min(ratios) >= 4.5, ratios
    # A tenant's viewer does not see where the server keeps its policy files.
    reader = browser.new_context()
    try:
        view = sign_in(reader, dash, dash.reader_key)
        view.goto(dash.url + "/admin/policies")
        assert view.locator("[data-testid=policy-directory]").count() == 0
        assert "/tmp" not in view.inner_text("main") and "policies16" not in view.inner_text("main")
    finally:
        reader.close()


_CONTRAST_JS = """() => {
  const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && !c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") return rgb(c);
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll("table.hl td.ln")).map((td) => {
    const a = lum(rgb(getComputedStyle(td).color)), b = lum(background(td));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


def test_no_sideways_scroll_at_390_px(browser: Any, dash: Dashboard, extra: dict[str, str]) -> None:
    """Defect 15: a phone-width viewport never scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = sign_in(context, dash, dash.admin_key)
        for path in ("/admin/overview", "/admin/log", "/admin/records/" + dash.request_ids["blocker"][0],
                     "/admin/tenants", "/admin/policies", "/admin/chain"):
            page.goto(dash.url + path)
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1], (path, width)
    finally:
        context.close()


def test_relative_presets_and_result_counts(context: Any, dash: Dashboard) -> None:
    """What Grafana users expect: last 15 min / 1 h / 24 h / 7 d, and how many records match."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/log?tenant=plain")
    page.click("[data-testid=presets] a:has-text('1h')")
    assert "range=1h" in page.url and "tenant=plain" in page.url
    since = datetime.now(UTC) - timedelta(hours=1, minutes=1)
    expected = db_run(dash.db_url, select(func.count()).select_from(AuditRecord)
                      .where(AuditRecord.tenant_name == "plain", AuditRecord.created_at >= since))[0][0]
    count = page.locator("[data-testid=result-count]").inner_text()
    assert int(re.search(r"([\d,]+) records? match", count).group(1).replace(",", "")) == expected  # type: ignore[union-attr]
    bad = page.goto(dash.url + "/admin/log?range=forever")
    assert bad is not None and bad.status == 400 and "'range'" in page.inner_text("main")


def test_overview_drills_down_and_draws_bars(context: Any, dash: Dashboard) -> None:
    """Every tile, bucket and row on the overview opens the log filtered to it; counts are bars."""
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(dash.url + "/admin/login")
    page.fill("#api_key", dash.admin_key)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/overview")
    blocked = int(page.locator("[data-testid=stat-block] .value").inner_text())
    page.wait_for_selector("#chart canvas")
    page.click("[data-testid=stat-block]")
    page.wait_for_url("**/admin/log?**decision=block**")
    count = page.locator("[data-testid=result-count]").inner_text()
    # The tile counts enforced blocks; the log also lists the shadow tenant's logged-only block.
    assert int(re.search(r"(\d+) records? match", count).group(1)) >= blocked  # type: ignore[union-attr]
    page.go_back()
    page.click("[data-testid=by-tenant] a:has-text('blocker')")
    page.wait_for_url("**tenant=blocker**")
    assert set(dash.request_ids["blocker"]) <= set(_rows(page))
    page.go_back()
    link = page.locator("[data-testid=bucket-link]").last.get_attribute("href")
    assert link is not None and "since=" in link and "until=" in link
    chart = json.loads(page.locator("#chart-data").inner_text())
    assert len(chart["links"]) == len(chart["x"])
    assert page.evaluate("typeof uPlot.paths.bars") == "function"


def test_key_list_has_owners_expiry_and_search(context: Any, dash: Dashboard) -> None:
    """What LiteLLM users expect: key names, owners and expiry, with search."""
    page = sign_in(context, dash, dash.admin_key)
    page.goto(dash.url + "/admin/tenants")
    form = page.locator("[data-testid=create-key]")
    form.locator("select[name=tenant]").select_option("annotator")
    form.locator("input[name=name]").fill("ci-pipeline-key")
    form.locator("button[type=submit]").click()
    key_id = page.locator("[data-testid=new-key]").input_value().removeprefix("sk-sluice-").split("_")[0]
    page.goto(dash.url + "/admin/tenants?q=ci-pipeline")
    rows = page.locator("[data-testid=keys-table] tbody tr")
    assert rows.count() == 1 and rows.first.get_attribute("data-key") == key_id
    own = dash.admin_key.removeprefix("sk-sluice-").split("_")[0]
    assert rows.first.locator("[data-testid=key-creator]").inner_text() == f"key:{own}"
    assert "20" in rows.first.inner_text()  # the expiry date (90 days by default)
    assert "1 of" in page.locator("[data-testid=key-count]").inner_text()
    page.goto(dash.url + "/admin/tenants?q=no-such-key-anywhere")
    assert page.locator("[data-testid=keys-table]").count() == 0
