"""Issue 16, what Grafana users expect: a time-zone setting for displayed times (UTC by default, chosen
per browser) and auto-refresh of the overview and the log (off by default; 30 s, 1 min, 5 min).

Real gateway and traffic, Debian's Chromium; the refresh is driven by Playwright's clock, not by waiting.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from gateway.audit.models import AuditRecord
from tests.dashboard.conftest import Dashboard
from tests.dashboard.test_dashboard_browser import db_run, shot, sign_in

pytestmark = pytest.mark.timeout(180)
ZONE = "Asia/Kolkata"  # +05:30: no hour of it reads like UTC


def _created_at(dash: Dashboard, request_id: str) -> datetime:
    when = db_run(dash.db_url, select(AuditRecord.created_at).where(AuditRecord.request_id == request_id))[0][0]
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def test_times_follow_the_chosen_zone_utc_by_default(context: object, dash: Dashboard, screenshots: Path) -> None:
    page = sign_in(context, dash, dash.admin_key)
    page.set_viewport_size({"width": 1440, "height": 900})
    record_id = dash.request_ids["blocker"][0]
    when = _created_at(dash, record_id)
    page.goto(f"{dash.url}/admin/records/{record_id}")
    assert page.locator("[data-testid=tz]").inner_text() == "UTC"
    time_row = page.locator("dt:has-text('Time') + dd")
    assert time_row.inner_text() == when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    page.click("[data-testid=tz]")
    page.wait_for_url("**/admin/preferences?next=**")
    page.select_option("[data-testid=tz-select]", ZONE)
    shot(page, screenshots, "preferences")
    page.click("[data-testid=preferences] button[type=submit]")
    page.wait_for_url(f"**/admin/records/{record_id}")  # back where the viewer was
    assert page.locator("[data-testid=tz]").inner_text() == ZONE
    assert page.locator(f"dt:has-text('Time ({ZONE})')").count() == 1
    assert time_row.inner_text() == when.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M:%S")
    # The log's rows and its time header follow; the From/To filter fields stay UTC, as labelled.
    page.goto(f"{dash.url}/admin/log?tenant=blocker")
    assert f"Time ({ZONE})" in page.locator("[data-testid=log-table] thead").inner_text()
    assert "From (UTC" in page.locator("[data-testid=filters]").inner_text()
    # The chart's axis is labelled with the zone and its ticks are drawn in it.
    page.goto(f"{dash.url}/admin/overview")
    page.wait_for_selector("#chart canvas")
    assert page.locator("#chart").get_attribute("data-tz") == ZONE
    assert re.search(rf"Since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d {ZONE}\b", page.inner_text("main"))


def test_zone_cookie_and_form_refuse_what_is_not_offered(context: object, dash: Dashboard) -> None:
    page = sign_in(context, dash, dash.admin_key)
    context.add_cookies([{"name": "sluice_tz", "value": "../../etc/passwd", "url": dash.url}])  # type: ignore[attr-defined]
    page.goto(dash.url + "/admin/overview")
    assert page.locator("[data-testid=tz]").inner_text() == "UTC", "a forged cookie falls back to UTC"
    page.goto(dash.url + "/admin/preferences?next=//evil.example/x")
    page.evaluate("document.querySelector('[name=tz]').innerHTML = '<option value=\"Mars/Olympus\">x</option>'")
    with page.expect_navigation() as answer:
        page.click("[data-testid=preferences] button[type=submit]")
    assert answer.value.status == 400
    assert "Unknown time zone 'Mars/Olympus'" in page.locator("[data-testid=preferences-error]").inner_text()
    page.select_option("[data-testid=tz-select]", "UTC")
    page.click("[data-testid=preferences] button[type=submit]")
    page.wait_for_url(dash.url + "/admin/overview")  # not off-site


def test_auto_refresh_is_off_by_default_and_reloads_when_chosen(context: object, dash: Dashboard) -> None:
    context.clock.install()  # type: ignore[attr-defined]
    page = sign_in(context, dash, dash.admin_key)
    assert page.locator("main").get_attribute("data-refresh-seconds") is None
    assert page.locator("[data-testid=refresh] a[aria-current]").inner_text() == "off"
    page.click("[data-testid=refresh] a:has-text('30 s')")
    page.wait_for_url("**/admin/overview?range=24h&refresh=30s")
    assert page.locator("main").get_attribute("data-refresh-seconds") == "30"
    page.click("nav[aria-label='Time range'] a:has-text('1h')")  # other choices keep the refresh
    page.wait_for_url("**/admin/overview?range=1h&refresh=30s")
    page.evaluate("window.__before_reload = true")
    page.clock.run_for(25_000)
    assert page.evaluate("window.__before_reload === true"), "not before its interval"
    with page.expect_navigation():
        page.clock.run_for(6_000)
    assert page.evaluate("window.__before_reload === undefined") and "refresh=30s" in page.url

    page.goto(dash.url + "/admin/log?tenant=plain&refresh=1m")
    assert page.locator("main").get_attribute("data-refresh-seconds") == "60"
    page.click("[data-testid=presets] a:has-text('24h')")
    assert "refresh=1m" in page.url and "range=24h" in page.url
    assert "refresh" not in (page.locator("[data-testid=export-csv]").get_attribute("href") or "")
    # Typing in a filter field puts the reload off until the viewer leaves the field.
    page.evaluate("window.__before_reload = true")
    page.focus("input[name=model]")
    page.clock.run_for(65_000)
    assert page.evaluate("window.__before_reload === true"), "no reload while the viewer types"
    page.click("[data-testid=refresh] a:has-text('off')")
    assert "refresh" not in page.url and page.locator("main").get_attribute("data-refresh-seconds") is None

    bad = page.goto(dash.url + "/admin/log?refresh=7s")
    assert bad is not None and bad.status == 400 and "'refresh' must be one of" in page.inner_text("main")
    assert page.locator("main").get_attribute("data-refresh-seconds") is None
    bad = page.goto(dash.url + "/admin/overview?refresh=7s")
    assert bad is not None and bad.status == 400
