"""Dashboard users: `sluice admin create-user`, argon2 password sign-in, tenant scoping, disabling."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

PASSWORD = "correct horse battery staple"


def sluice(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, "SLUICE_DATABASE_URL": url}, timeout=120)


@pytest.fixture(scope="module")
def site(fresh_database: Any, upstream: ScriptedUpstream, policies_dir: Path) -> Iterator[tuple[GatewayServer, str]]:
    url = str(fresh_database("sqlite"))
    for tenant in ("acme", "globex"):
        db.create_tenant(url, tenant)
    assert sluice(url, "admin", "create-user", "officer", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    created = sluice(url, "admin", "create-user", "acme-auditor", "--tenant", "acme", "--password-stdin",
                     stdin=PASSWORD + "\n")
    assert created.returncode == 0 and "tenant acme" in created.stdout
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        yield server, url
    finally:
        server.stop()


def sign_in(server: GatewayServer, username: str, password: str) -> tuple[httpx.Client, httpx.Response]:
    client = httpx.Client(base_url=server.url, follow_redirects=False, timeout=60)
    form = client.get("/admin/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    response = client.post("/admin/login", data={"csrf": csrf.group(1), "username": username, "password": password})
    return client, response


def request_id_for(server: GatewayServer, url: str, tenant: str, upstream: ScriptedUpstream) -> str:
    key = db.create_key(url, tenant)
    upstream.script(Reply(content="fine"))
    response = httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                          json={"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]}, timeout=60)
    return response.headers["x-request-id"]


def test_short_password_and_duplicate_user_refused(site: tuple[GatewayServer, str]) -> None:
    _, url = site
    short = sluice(url, "admin", "create-user", "shorty", "--password-stdin", stdin="tooshort\n")
    assert short.returncode == 1 and "at least 12" in short.stderr
    again = sluice(url, "admin", "create-user", "officer", "--password-stdin", stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    stored = db.rows(url, "SELECT password_hash FROM dashboard_users WHERE username = 'officer'")[0][0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_password_sign_in_and_wrong_password(site: tuple[GatewayServer, str]) -> None:
    server, url = site
    client, response = sign_in(server, "officer", PASSWORD)
    assert response.status_code in (302, 303) and response.headers["location"] == "/admin/overview"
    overview = client.get("/admin/overview")
    assert overview.status_code == 200
    assert '<span class="muted mono" data-testid="who">user:officer</span>' in overview.text  # not "key user:officer"
    _, wrong = sign_in(server, "officer", PASSWORD + "x")
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    _, unknown = sign_in(server, "nobody", PASSWORD)
    assert unknown.status_code == 401
    events = [r[0] for r in db.rows(url, "SELECT endpoint FROM audit_records WHERE endpoint LIKE 'admin:dashboard%'")]
    assert "admin:dashboard.login" in events and "admin:dashboard.login_failed" in events


def test_tenant_user_sees_only_its_tenant(site: tuple[GatewayServer, str], upstream: ScriptedUpstream) -> None:
    server, url = site
    own = request_id_for(server, url, "acme", upstream)
    other = request_id_for(server, url, "globex", upstream)
    client, response = sign_in(server, "acme-auditor", PASSWORD)
    assert response.status_code in (302, 303)
    assert client.get(f"/admin/records/{own}").status_code == 200
    assert client.get(f"/admin/records/{other}").status_code in (403, 404)
    officer, _ = sign_in(server, "officer", PASSWORD)
    assert officer.get(f"/admin/records/{other}").status_code == 200


def test_disabled_user_loses_session(site: tuple[GatewayServer, str]) -> None:
    server, url = site
    assert sluice(url, "admin", "create-user", "temp-user", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    client, _ = sign_in(server, "temp-user", PASSWORD)
    assert client.get("/admin/overview").status_code == 200
    assert sluice(url, "admin", "disable-user", "temp-user").returncode == 0
    after = client.get("/admin/overview")
    assert after.status_code in (302, 303, 401) and "/admin/login" in after.headers.get("location", "/admin/login")
    _, again = sign_in(server, "temp-user", PASSWORD)
    assert again.status_code == 401
