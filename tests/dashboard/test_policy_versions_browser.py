"""Issue 16 in Debian's Chromium: a tenant's policy is changed on disk and reloaded; records made before
and after it link to the version each was decided under, and the newer one shows what changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.dashboard.test_dashboard_browser import in_thread, shot
from tests.dashboard.test_policy_versions_parts import ACME_V1, Site, _policies, start_site
from tests.support import db
from tests.support.scripted_upstream import ScriptedUpstream

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def site(fresh_database: Any, upstream: ScriptedUpstream, policies_dir: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = _policies(policies_dir, tmp_path_factory.mktemp("versions-browser"), ACME_V1)
    site = start_site(str(fresh_database("sqlite")), upstream, root)
    try:
        yield site
    finally:
        for client in (site.admin, site.other_reader, site.acme_reader):
            client.close()
        site.server.stop()


@pytest.fixture(scope="module")
def chromium(site: Site) -> Iterator[Any]:
    """After `site`: its setup runs asyncio loops, which Playwright's running loop would forbid."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_follow_a_records_policy_version_to_its_text_and_diff(chromium: Any, site: Site, screenshots: Path) -> None:
    key = in_thread(lambda: db.create_key(site.db_url, "acme", scopes=("audit:read",)))  # beside Playwright's loop
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(site.server.url + "/admin/login")
        page.fill("#api_key", key)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/overview")

        # The record made before the reload: its version is the first kept, so no diff.
        page.goto(f"{site.server.url}/admin/records/{site.before}")
        page.click("[data-testid=policy-version-link]")
        page.wait_for_url(f"**/admin/policies/versions/{site.v1}?policy=acme")
        assert page.locator("[data-testid=version-hash]").inner_text() == site.v1
        assert page.locator("[data-testid=version-state]").inner_text() == "replaced"
        assert page.locator("[data-testid=version-diff]").count() == 0
        assert "Acme <script>alert(1)</script>" in page.locator("[data-testid=version-text]").inner_text()

        # The record made after it: the new text and, highlighted, what the reload changed.
        page.goto(f"{site.server.url}/admin/records/{site.after}")
        page.click("[data-testid=policy-version-link]")
        page.wait_for_url(f"**/admin/policies/versions/{site.v2}?policy=acme")
        assert page.locator("[data-testid=version-state]").inner_text() == "in force now"
        added = page.locator("[data-testid=version-diff] .add").all_inner_texts()
        removed = page.locator("[data-testid=version-diff] .del").all_inner_texts()
        assert any(line.strip() == "+  max_tokens: 2048" for line in added), added
        assert any("max_tokens:" in line for line in removed), removed
        green = page.locator("[data-testid=version-diff] .add").first.evaluate("e => getComputedStyle(e).color")
        red = page.locator("[data-testid=version-diff] .del").first.evaluate("e => getComputedStyle(e).color")
        assert green != red
        shot(page, screenshots, "policy-version")

        # And back to the version before, from the diff's page.
        page.click("[data-testid=version-previous]")
        page.wait_for_url(f"**/admin/policies/versions/{site.v1}?policy=acme")
        assert page.locator("[data-testid=version-next]").inner_text() == site.v2[:12]
    finally:
        context.close()
