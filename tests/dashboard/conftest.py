"""A real gateway with the dashboard, real audit data made through the API, and one Chromium per module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.admin.dashboard import dashboard_router
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

INSECURE = "```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"
SAFE = "```python\ndef run(args):\n    return sorted(args)\n```\n"
ANSWER = "Here you go:\n" + INSECURE + "Call it with a command."
INSECURE_LINE = 4  # `subprocess.call(cmd, shell=True)` within its code block


@dataclass
class Dashboard:
    url: str
    db_url: str
    server: GatewayServer
    admin_key: str
    reader_key: str  # audit:read for tenant "blocker"
    generate_keys: dict[str, str]
    request_ids: dict[str, list[str]] = field(default_factory=dict)  # tenant -> its requests' ids

    def call(
        self,
        tenant: str,
        content: str = "write a function that runs a shell command",
        model: str = "codellama-7b",
    ) -> httpx.Response:
        response = httpx.post(
            self.url + "/v1/chat/completions",
            timeout=60,
            headers={"authorization": f"Bearer {self.generate_keys[tenant]}"},
            json={"model": model, "messages": [{"role": "user", "content": content}]},
        )
        self.request_ids.setdefault(tenant, []).append(response.headers["x-request-id"])
        return response


def _with_dashboard(server: GatewayServer) -> GatewayServer:
    """Until the app factory registers the dashboard, add it to the app under test."""
    if not any(route.path.startswith("/admin/login") for route in server.app.routes):
        server.app.register(dashboard_router)
    return server


@pytest.fixture(scope="module")
def dash(fresh_database: Any, upstream: ScriptedUpstream, policies_dir: Path) -> Iterator[Dashboard]:
    url = str(fresh_database("sqlite"))
    tenants = ("ops", "blocker", "redactor", "annotator", "plain", "shadow")
    for name in tenants:
        db.create_tenant(url, name)
    server = _with_dashboard(GatewayServer(gateway_settings(url, upstream.base_url, policies_dir))).start()
    dashboard = Dashboard(
        url=server.url,
        db_url=url,
        server=server,
        admin_key=db.create_key(url, "ops", scopes=("admin",)),
        reader_key=db.create_key(url, "blocker", scopes=("audit:read",)),
        generate_keys={name: db.create_key(url, name) for name in tenants},
    )
    try:
        upstream.script(
            Reply(content=ANSWER),
            Reply(content=ANSWER),
            Reply(content=ANSWER),
            Reply(content=SAFE),
            Reply(content=SAFE),
            Reply(content=ANSWER),
        )
        assert dashboard.call("blocker").status_code == 403
        assert dashboard.call("redactor").status_code == 200
        assert dashboard.call("annotator").status_code == 200
        assert dashboard.call("plain").status_code == 200
        assert dashboard.call("plain", "sort a list").status_code == 200
        assert dashboard.call("plain", model="dead-model").status_code >= 500
        assert dashboard.call("shadow").status_code == 200  # would block, but shadow mode only logs
        yield dashboard
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(dash: Dashboard) -> Iterator[Any]:
    """Starts after `dash`: its setup uses asyncio.run, which Playwright's running loop would forbid."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})
    ctx.set_default_timeout(10_000)  # fail fast: every page here answers in well under a second
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SLUICE_SCREENSHOT_DIR=docs/img refreshes the documentation's screenshots."""
    target = os.environ.get("SLUICE_SCREENSHOT_DIR")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
