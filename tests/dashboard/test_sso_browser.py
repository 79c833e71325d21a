"""Single sign-on in Chromium against a real OpenID provider (npm's oidc-provider, run with node).

One provider and one gateway for the module: the gateway signs people in with OpenID Connect
(confidential client, PKCE), maps the provider's `groups` claim to dashboard roles, has API-key
sign-in switched off and dashboard users left on, and a short idle timeout so the idle test is quick.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from gateway.admin.dashboard.security import SessionSigner
from gateway.admin.sso.config import parse_dashboard
from gateway.audit.models import AuditRecord
from tests.conftest import gateway_settings
from tests.dashboard.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support import db
from tests.support.oidc import OidcProvider, ProviderUser
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

IDLE_TIMEOUT_S = 4
SECRET = "s" * 40  # the dashboard's signing secret, so one test can present a session past its lifetime
CLIENT_SECRET = "test-client-secret-0123456789"
USERS = {
    "alice": ProviderUser("alice-pass", {"preferred_username": "alice", "email": "alice@bank.test",
                                     "groups": ["sluice-admins", "staff"]}),
    "bob": ProviderUser("bob-pass", {"preferred_username": "bob", "groups": ["acme-auditors"]}),
    "carol": ProviderUser("carol-pass", {"preferred_username": "carol", "groups": ["compliance"]}),
    "mallory": ProviderUser("mallory-pass", {"preferred_username": "mallory", "groups": ["marketing"]}),
}


@dataclass
class Site:
    url: str
    db_url: str
    server: GatewayServer
    provider: OidcProvider
    request_ids: dict[str, str]  # tenant -> one of its requests

    def events(self, action: str) -> list[AuditRecord]:
        return in_thread(lambda: db.audit_rows(self.db_url, endpoint=f"admin:{action}"))


def in_thread(work: Any) -> Any:
    """Database work runs off the main thread: Playwright's sync API owns its event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


@pytest.fixture(scope="module")
def site(fresh_database: Any, upstream: ScriptedUpstream, policies_dir: Path) -> Iterator[Site]:
    url = str(fresh_database("sqlite"))
    for tenant in ("acme", "globex"):
        db.create_tenant(url, tenant)
    keys = {tenant: db.create_key(url, tenant) for tenant in ("acme", "globex")}
    saved = {name: os.environ.get(name) for name in ("SLUICE_DASHBOARD_SECRET", "SLUICE_TEST_SSO_SECRET")}
    os.environ.update(SLUICE_DASHBOARD_SECRET=SECRET, SLUICE_TEST_SSO_SECRET=CLIENT_SECRET)
    provider = OidcProvider(clients=[], users=USERS).start()
    server = None
    try:
        dashboard = parse_dashboard({
            "sign_in": {"api_keys": False, "local_users": True},
            "session": {"lifetime_s": 3600, "idle_timeout_s": IDLE_TIMEOUT_S},
            "sso": {
                "issuer": provider.issuer,
                "client_id": "sluice-dashboard",
                "client_secret_env": "SLUICE_TEST_SSO_SECRET",
                "scopes": ["openid", "profile", "email", "groups"],
                "label": "Sign in with Bank SSO",
                "roles": [
                    {"groups": ["sluice-admins"], "role": "admin"},
                    {"groups": ["acme-auditors"], "role": "auditor", "tenant": "acme"},
                    {"groups": ["compliance"], "role": "read_only"},
                ],
            },
        })
        # The dashboard section carries the signing secret (SLUICE_DASHBOARD_SECRET, read by load_settings).
        settings = replace(gateway_settings(url, upstream.base_url, policies_dir),
                           dashboard=replace(dashboard, secret=SECRET.encode()))
        server = GatewayServer(settings).start()
        provider.set_clients([{
            "client_id": "sluice-dashboard",
            "client_secret": CLIENT_SECRET,
            "token_endpoint_auth_method": "client_secret_basic",
            "redirect_uris": [server.url + "/admin/sso/callback"],
            "post_logout_redirect_uris": [server.url + "/admin/login?signed_out=1"],
        }])
        request_ids = {}
        for tenant, key in keys.items():
            upstream.script(Reply(content=f"answer for {tenant}"))
            response = httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                                  json={"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]},
                                  timeout=60)
            assert response.status_code == 200, response.text
            request_ids[tenant] = response.headers["x-request-id"]
        yield Site(server.url, url, server, provider, request_ids)
    finally:
        if server is not None:
            server.stop()
        provider.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
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
    ctx.set_default_timeout(15_000)
    try:
        yield ctx
    finally:
        ctx.close()


def provider_sign_in(page: Any, site: Site, user: str) -> None:
    """From the gateway's sign-in page through the provider's login form."""
    page.goto(site.url + "/admin/login")
    page.click("[data-testid=sso-sign-in]")
    page.wait_for_url(site.provider.issuer + "/interaction/**")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", USERS[user].password)
    page.click("button[type=submit]")


def sso_sign_in(context: Any, site: Site, user: str) -> Any:
    page = context.new_page()
    provider_sign_in(page, site, user)
    page.wait_for_url("**/admin/overview")
    return page


def has_session(context: Any) -> bool:
    return any(c["name"] == "sluice_dash" and c["value"] for c in context.cookies())


def test_admin_signs_in_through_the_provider(context: Any, site: Site, screenshots: Path) -> None:
    page = context.new_page()
    page.goto(site.url + "/admin/login")
    assert page.locator("[data-testid=sso-sign-in]").inner_text() == "Sign in with Bank SSO"
    assert page.locator("#api_key").count() == 0, "API-key sign-in is switched off in this config"
    assert page.locator("[data-testid=user-login]").count() == 1, "dashboard users are still on"
    page.screenshot(path=str(screenshots / "sign-in-sso.png"))
    page = sso_sign_in(context, site, "alice")
    assert page.locator("[data-testid=scope]").inner_text() == "all tenants"
    assert page.locator("[data-testid=who]").inner_text() == "sso:alice", "a person, not 'key sso:alice'"
    assert page.goto(site.url + "/admin/tenants").status == 200, "admins manage tenants and keys"
    login = site.events("dashboard.login")[-1]
    assert login.details["actor"] == "sso:alice" and login.details["method"] == "sso"
    assert login.details["role_decision"]["role"] == "admin"
    assert login.details["role_decision"]["rule"].startswith("admin for groups")
    assert login.details["groups"] == ["sluice-admins", "staff"] and login.details["issuer"] == site.provider.issuer
    assert login.key_id is None and login.tenant_id is None
    page.goto(site.url + "/admin/chain")
    page.click("[data-testid=verify]")
    page.wait_for_url("**/admin/chain")
    verified = site.events("audit.verify")[-1]
    assert verified.details is not None and verified.details["actor"] == "sso:alice" and verified.key_id is None


def test_auditor_sees_only_their_tenant(context: Any, site: Site) -> None:
    page = sso_sign_in(context, site, "bob")
    assert page.locator("[data-testid=scope]").inner_text() == "tenant acme"
    page.goto(site.url + "/admin/log")
    body = page.locator("main").inner_text()
    assert site.request_ids["acme"] in body or "acme" in body
    assert "globex" not in body and site.request_ids["globex"] not in body
    own = page.goto(f"{site.url}/admin/records/{site.request_ids['acme']}")
    other = page.goto(f"{site.url}/admin/records/{site.request_ids['globex']}")
    assert own is not None and own.status == 200
    assert other is not None and other.status == 404, "another tenant's record does not exist for an auditor"
    denied = page.goto(site.url + "/admin/tenants")
    assert denied is not None and denied.status == 403
    login = site.events("dashboard.login")[-1]
    assert login.details["actor"] == "sso:bob" and login.tenant_name == "acme"
    assert login.details["role_decision"] == {"role": "auditor", "tenant": "acme",
                                              "rule": "auditor of tenant acme for groups in ['acme-auditors']",
                                              "matched_rules": ["auditor of tenant acme for groups in "
                                                                "['acme-auditors']"]}


def test_read_only_sees_every_tenant_and_changes_nothing(context: Any, site: Site) -> None:
    page = sso_sign_in(context, site, "carol")
    assert page.locator("[data-testid=scope]").inner_text() == "all tenants, read-only"
    for tenant in ("acme", "globex"):
        record = page.goto(f"{site.url}/admin/records/{site.request_ids[tenant]}")
        assert record is not None and record.status == 200
    for admin_page in ("/admin/tenants", "/admin/chain"):
        answer = page.goto(site.url + admin_page)
        assert answer is not None and answer.status == 403, admin_page
    # Issue 16: every tenant's policy, as an admin sees them (not one for a tenant named "*"),
    # but not where the server keeps its files.
    page.goto(site.url + "/admin/policies")
    shown = page.locator("[data-testid=policy]").evaluate_all("els => els.map(e => e.dataset.tenant)")
    assert shown == ["default", "acme", "globex"]
    assert page.locator("[data-testid=policy-directory]").count() == 0
    # Reads and exports are recorded as the person who made them, not as an API key.
    read = next(e for e in reversed(site.events("audit.read"))
                if e.details and e.details.get("record_request_id") == site.request_ids["globex"])
    export = page.request.get(site.url + "/admin/log/export/csv")
    assert export.status == 200
    exported = site.events("audit.export")[-1]
    for event in (read, exported):
        assert event.details is not None and event.details["actor"] == "sso:carol"
        assert event.key_id is None
    assert exported.tenant_id is None and exported.tenant_name is None


def test_user_without_a_mapped_group_is_refused_and_audited(context: Any, site: Site) -> None:
    page = context.new_page()
    provider_sign_in(page, site, "mallory")
    page.wait_for_url("**/admin/sso/callback**")
    error = page.locator("[data-testid=login-error]").inner_text()
    assert "signed in as mallory" in error and "none of your groups" in error
    assert not has_session(context)
    assert page.goto(site.url + "/admin/overview").url.endswith("/admin/login")  # type: ignore[union-attr]
    refusal = site.events("dashboard.login_failed")[-1]
    assert refusal.status_code == 403 and refusal.outcome == "refused"
    assert refusal.details["reason"] == "no_role" and refusal.details["user"] == "mallory"
    assert refusal.details["groups"] == ["marketing"] and refusal.details["role_decision"]["role"] is None


def test_logout_ends_the_session_here_and_at_the_provider(context: Any, site: Site) -> None:
    page = sso_sign_in(context, site, "alice")
    copied = next(c for c in context.cookies() if c["name"] == "sluice_dash")["value"]
    page.click("text=Sign out")
    page.wait_for_url(site.provider.issuer + "/session/end**")
    page.click("button[name=logout]")  # the provider asks before it ends its own session
    page.wait_for_url("**/admin/login?signed_out=1")
    assert page.locator("[data-testid=login-notice]").inner_text() == "You are signed out."
    replay = httpx.get(site.url + "/admin/overview", cookies={"sluice_dash": copied})
    assert replay.status_code == 303 and replay.headers["location"] == "/admin/login", "a copied cookie dies too"
    # The provider's session ended too: signing in again asks for the password.
    page.click("[data-testid=sso-sign-in]")
    page.wait_for_url(site.provider.issuer + "/interaction/**")
    assert page.locator("input[name=password]").count() == 1
    logout = site.events("dashboard.logout")[-1]
    assert logout.details == {"actor": "sso:alice", "method": "sso", "provider_logout": True}


def test_idle_session_goes_back_to_sign_in_with_a_message(context: Any, site: Site) -> None:
    page = sso_sign_in(context, site, "carol")
    for _ in range(2):  # activity moves the idle deadline on
        time.sleep(IDLE_TIMEOUT_S * 0.6)
        page.goto(site.url + "/admin/log")
        assert page.url.endswith("/admin/log"), "still active"
    time.sleep(IDLE_TIMEOUT_S + 0.5)
    page.goto(site.url + "/admin/log")
    assert page.url.endswith("/admin/login")
    assert "without activity" in page.locator("[data-testid=login-notice]").inner_text()
    assert not has_session(context), "the ended session's cookie is dropped"


def test_session_past_its_lifetime_goes_back_to_sign_in_with_a_message(context: Any, site: Site) -> None:
    # A cookie this gateway signed (same secret) whose lifetime is over, as a browser left open would hold.
    signer = SessionSigner(SECRET.encode(), ttl_s=60)
    _, session = signer.issue("sso:alice", None, "*", True)
    stale = signer.encode(replace(session, expires_at=time.time() - 5, idle_until=time.time() - 5))
    context.add_cookies([{"name": "sluice_dash", "value": stale, "url": site.url + "/admin"}])
    page = context.new_page()
    page.goto(site.url + "/admin/overview")
    assert page.url.endswith("/admin/login")
    assert "maximum length of 1 hour" in page.locator("[data-testid=login-notice]").inner_text()


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def tampered_sign_in(context: Any, site: Site, name: str, value: str) -> Any:
    """Start a sign-in in this browser, then reach the provider with one authorization parameter changed.

    (Playwright's routes do not see requests reached through redirects, so the browser is sent to
    the changed URL directly, holding the pending sign-in cookie the gateway gave it.)
    """
    start = context.request.get(site.url + "/admin/sso/login", max_redirects=0)
    assert start.status == 303
    page = context.new_page()
    page.goto(_with_param(start.headers["location"], name, value))
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", USERS["alice"].password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/sso/callback**")
    return page


def test_tampered_state_is_refused(context: Any, site: Site) -> None:
    page = tampered_sign_in(context, site, "state", "forged-state")
    assert "state mismatch" in page.locator("[data-testid=login-error]").inner_text()
    assert not has_session(context)
    assert site.events("dashboard.login_failed")[-1].details["reason"] == "state_mismatch"


def test_tampered_nonce_is_refused(context: Any, site: Site) -> None:
    # The provider is asked for a token with another nonce than the one this browser's sign-in holds.
    page = tampered_sign_in(context, site, "nonce", "forged-nonce")
    assert "nonce mismatch" in page.locator("[data-testid=login-error]").inner_text()
    assert not has_session(context)
    assert site.events("dashboard.login_failed")[-1].details["reason"] == "nonce_mismatch"


def test_provider_key_rotation_is_followed(browser: Any, site: Site) -> None:
    first = browser.new_context()
    try:
        sso_sign_in(first, site, "bob")
    finally:
        first.close()
    new_kid = site.provider.rotate_keys()
    oidc = site.server.app.state.dashboard.oidc
    assert new_kid not in oidc._keys.keys, "the gateway has not seen the new key yet"
    second = browser.new_context()
    try:
        page = sso_sign_in(second, site, "bob")
        assert page.locator("[data-testid=scope]").inner_text() == "tenant acme"
    finally:
        second.close()
    assert new_kid in oidc._keys.keys, "the unknown key id made the gateway fetch the provider's keys again"


def test_switched_off_api_key_sign_in_is_refused(site: Site) -> None:
    key = in_thread(lambda: db.create_key(site.db_url, "acme", scopes=("admin",)))
    with httpx.Client(base_url=site.url) as client:
        form = client.get("/admin/login")
        csrf = form.text.split('name="csrf" value="')[1].split('"')[0]
        refused = client.post("/admin/login", data={"csrf": csrf, "api_key": key})
    assert refused.status_code == 403 and "switched off" in refused.text
    assert "sluice_dash=" not in refused.headers.get("set-cookie", "").replace("sluice_dash=;", "")
    event = site.events("dashboard.login_failed")[-1]
    assert event.details["reason"] == "method_disabled" and event.details["method"] == "api_key"
