"""Issue 16: a record's policy version links to that version's text and its diff against the previous one.

The snapshot store on SQLite and PostgreSQL (insert-if-absent from several workers, order, secrets kept
out), and the page over real HTTP from a real gateway whose policy is reloaded from disk: the record's
link, the diff, escaping, tenant scoping (refusals audited), hostile version values.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from gateway.db.engine import create_engine
from gateway.policy.loader import load_policy_set
from gateway.policy.snapshots import PolicySnapshotRow, history, neighbours, record_snapshots, snapshots_of
from tests.conftest import gateway_settings
from tests.dashboard.conftest import SAFE
from tests.dashboard.test_dashboard_hostile import sign_in
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

pytestmark = pytest.mark.timeout(180)

# Markup in a policy's description: the version page must show it as text.
ACME_V1 = 'description: "Acme <script>alert(1)</script>"\noutput:\n  default_action: annotate\n'
ACME_V2 = ACME_V1 + "models:\n  max_tokens: 2048\n"
FAKE_TOKEN = "ghp_" + "Zq8xW2mN4vB6cT1rY3uI5oP7aS9dF0gH2jK4"  # a GitHub token's shape, not a real one


def _policies(base: Path, root: Path, acme: str) -> Path:
    shutil.copytree(base, root, dirs_exist_ok=True)
    (root / "tenants" / "acme.yaml").write_text(acme)
    return root


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_snapshots_are_kept_once_in_order_and_without_secrets(
    backend: str, fresh_database: Any, policies_dir: Path, tmp_path: Path
) -> None:
    url = str(fresh_database(backend))
    root = _policies(policies_dir, tmp_path / "p", ACME_V1)
    (root / "tenants" / "tokened.yaml").write_text(
        f"output:\n  scanners:\n    semgrep:\n      options:\n        token: {FAKE_TOKEN}\n")
    first = load_policy_set(root)
    (root / "tenants" / "acme.yaml").write_text(ACME_V2)
    second = load_policy_set(root)
    acme_v1, acme_v2 = first.tenants["acme"].version, second.tenants["acme"].version
    assert acme_v1 != acme_v2 and first.default.version == second.default.version

    async def main() -> Any:
        workers = [create_engine(url), create_engine(url)]  # two gateway workers start at once
        try:
            assert all(await asyncio.gather(*(record_snapshots(e, first) for e in workers)))
            assert await record_snapshots(workers[0], first)  # and a restart: still one row each
            assert await record_snapshots(workers[1], second)
            async with workers[0].connect() as conn:
                rows = (await conn.execute(select(PolicySnapshotRow.policy_name, PolicySnapshotRow.version))).all()
                [v1] = await snapshots_of(conn, acme_v1)
                [v2] = await snapshots_of(conn, acme_v2)
                before, after = await neighbours(conn, v2)
                first_before, _ = await neighbours(conn, v1)
                kept = await history(conn, ["acme", "default"])
                tokened = (await conn.execute(select(PolicySnapshotRow.text)
                                              .where(PolicySnapshotRow.policy_name == "tokened"))).scalar_one()
            return rows, v1, v2, before, after, first_before, kept, tokened
        finally:
            for engine in workers:
                await engine.dispose()

    rows, v1, v2, before, after, first_before, kept, tokened = asyncio.run(main())
    names = [name for name, _ in rows]
    assert sorted(names) == sorted(["default", *first.tenants, "acme"])  # one new row: acme's second version
    assert len(set(rows)) == len(rows)
    assert v1.set_version == first.version and v2.set_version == second.version
    assert "max_tokens: 2048" in v2.text and "max_tokens: 2048" not in v1.text
    assert before is not None and before.version == acme_v1 and after is None and first_before is None
    assert [s.version for s in kept["acme"]] == [acme_v2, acme_v1] and len(kept["default"]) == 1
    assert FAKE_TOKEN not in tokened and "[REDACTED" in tokened


def test_a_database_without_the_table_does_not_stop_a_load(tmp_path: Path, policies_dir: Path) -> None:
    """Best effort: the policy is in force whether or not its text could be kept."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'unmigrated.db'}"

    async def main() -> bool:
        engine = create_engine(url)
        try:
            return await record_snapshots(engine, load_policy_set(policies_dir))
        finally:
            await engine.dispose()

    assert asyncio.run(main()) is False


@dataclass
class Site:
    server: GatewayServer
    db_url: str
    policies: Path
    admin: httpx.Client
    other_reader: httpx.Client  # audit:read of tenant "other" (default policy)
    acme_reader: httpx.Client  # audit:read of tenant "acme" (its own policy file)
    before: str  # a record of acme's made under its first policy version
    after: str  # and one made after the reload
    v1: str
    v2: str


def _wait_for(check: Any, what: str, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_site(db_url: str, upstream: ScriptedUpstream, root: Path) -> Site:
    """A gateway whose tenant `acme` answers once, has its policy file changed (reloaded), answers again."""
    for tenant in ("ops", "acme", "other"):
        db.create_tenant(db_url, tenant)
    admin_key = db.create_key(db_url, "ops", scopes=("admin",))
    keys = {t: db.create_key(db_url, t, scopes=("audit:read",)) for t in ("acme", "other")}
    generate = db.create_key(db_url, "acme")
    server = GatewayServer(gateway_settings(db_url, upstream.base_url, root)).start()

    def ask() -> str:
        upstream.script(Reply(content=SAFE))
        reply = httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {generate}"},
                           json={"model": "codellama-7b", "messages": [{"role": "user", "content": "sort"}]},
                           timeout=60)
        assert reply.status_code == 200, reply.text
        return reply.headers["x-request-id"]

    store = server.services.policies
    v1 = store.current.tenants["acme"].version
    before = ask()
    (root / "tenants" / "acme.yaml").write_text(ACME_V2)  # picked up by the store's file polling
    _wait_for(lambda: store.current.tenants["acme"].version != v1, "the policy reload")
    v2 = store.current.tenants["acme"].version
    after = ask()
    _wait_for(lambda: len(db.audit_rows(db_url, endpoint="admin:policy.reload")) == 1, "the reload event")
    return Site(server, db_url, root, sign_in(server, admin_key), sign_in(server, keys["other"]),
                sign_in(server, keys["acme"]), before, after, v1, v2)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def site(request: pytest.FixtureRequest, fresh_database: Any, upstream: ScriptedUpstream, policies_dir: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = _policies(policies_dir, tmp_path_factory.mktemp("versions"), ACME_V1)
    site = start_site(str(fresh_database(request.param)), upstream, root)
    try:
        yield site
    finally:
        for client in (site.admin, site.other_reader, site.acme_reader):
            client.close()
        site.server.stop()


def _link(html: str) -> str:
    found = re.search(r'<a href="(/admin/policies/versions/[0-9a-f]{64}[^"]*)" data-testid="policy-version-link"', html)
    assert found, html
    return found.group(1).replace("&amp;", "&")


def test_records_link_to_the_version_they_were_decided_under(site: Site) -> None:
    old = site.acme_reader.get(f"/admin/records/{site.before}")
    new = site.acme_reader.get(f"/admin/records/{site.after}")
    assert old.status_code == new.status_code == 200
    assert _link(old.text) == f"/admin/policies/versions/{site.v1}?policy=acme"
    assert _link(new.text) == f"/admin/policies/versions/{site.v2}?policy=acme"

    first = site.acme_reader.get(_link(old.text))
    assert first.status_code == 200, first.text
    assert 'data-testid="version-previous-none"' in first.text  # the first version kept: nothing to diff
    assert f'href="/admin/policies/versions/{site.v2}?policy=acme"' in first.text  # its next version
    assert "max_tokens: 2048" not in first.text

    second = site.acme_reader.get(_link(new.text))
    assert second.status_code == 200, second.text
    assert f'href="/admin/policies/versions/{site.v1}?policy=acme"' in second.text  # its previous version
    diff = re.search(r'data-testid="version-diff">(.*?)</section>', second.text, re.S)
    assert diff, second.text
    assert re.search(r'<span class="add">\+\s+max_tokens: 2048</span>', diff.group(1))
    assert re.search(r'<span class="del">-\s+max_tokens: \d+</span>', diff.group(1))
    assert 'data-testid="version-state">in force now' in second.text
    assert 'data-testid="version-state">replaced' in first.text
    # The description's markup is text on the page, never markup.
    assert "<script>alert(1)" not in second.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in second.text


def test_policies_page_links_every_version(site: Site) -> None:
    page = site.admin.get("/admin/policies")
    assert page.status_code == 200
    assert f'href="/admin/policies/versions/{site.v2}?policy=acme"' in page.text
    history = re.search(r'data-testid="policy-history">(.*?)</p>', page.text[page.text.index('data-tenant="acme"'):])
    assert history and site.v1[:12] in history.group(1) and site.v2[:12] in history.group(1)


def test_tenant_viewers_read_only_their_own_and_the_default_policy(site: Site) -> None:
    default = site.server.services.policies.current.default.version
    assert site.other_reader.get(f"/admin/policies/versions/{default}").status_code == 200
    assert site.acme_reader.get(f"/admin/policies/versions/{default}?policy=default").status_code == 200
    assert site.admin.get(f"/admin/policies/versions/{site.v1}").status_code == 200

    before = len(db.audit_rows(site.db_url, endpoint="admin:access.denied"))
    refused = site.other_reader.get(f"/admin/policies/versions/{site.v1}?policy=acme")
    assert refused.status_code == 403
    assert "max_tokens" not in refused.text and "Acme" not in refused.text
    events = db.audit_rows(site.db_url, endpoint="admin:access.denied")[before:]
    assert len(events) == 1 and events[0].tenant_name == "other"
    assert events[0].details and events[0].details["path"] == f"/admin/policies/versions/{site.v1}"

    # Asking for another tenant's name where the version is the default's shows the default's text.
    shown = site.other_reader.get(f"/admin/policies/versions/{default}?policy=acme")
    assert shown.status_code == 200 and 'data-testid="version-policy">default<' in shown.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/policies/versions/" + "0" * 64, 404),  # well formed, never kept
        ("/admin/policies/versions/" + "A" * 64, 400),  # upper case is no sha256 hex digest here
        ("/admin/policies/versions/abc123", 400),
        ("/admin/policies/versions/" + "a" * 5000, 400),
        ("/admin/policies/versions/%00", 400),
        ("/admin/policies/versions/" + "a" * 64 + "?policy=%00", 400),
        ("/admin/policies/versions/" + "a" * 64 + "?policy=" + "x" * 500, 400),
        ("/admin/policies/versions/" + "a" * 64 + "?policy=../default", 400),
    ],
)
def test_hostile_version_values_get_a_clear_4xx(site: Site, path: str, status: int) -> None:
    response = site.admin.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")


def test_a_version_in_force_whose_text_was_not_kept_is_kept_on_view(site: Site) -> None:
    """The database was away when the set loaded: the page keeps the text in force then and there."""
    db.execute(site.db_url, f"DELETE FROM policy_snapshots WHERE version = '{site.v2}'")
    response = site.acme_reader.get(f"/admin/policies/versions/{site.v2}")
    assert response.status_code == 200 and "max_tokens: 2048" in response.text
    # A replaced version cannot be rebuilt from memory: it says so instead of guessing.
    db.execute(site.db_url, f"DELETE FROM policy_snapshots WHERE version = '{site.v1}'")
    gone = site.acme_reader.get(f"/admin/policies/versions/{site.v1}")
    assert gone.status_code == 404 and "Only its hash is on record" in gone.text
