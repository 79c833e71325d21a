"""The `sluice` command as an operator uses it: real subprocesses against a real database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support import db
from tests.support.postgres import free_port

SLUICE = [sys.executable, "-m", "gateway.cli"]


def sluice(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SLUICE_DATABASE_URL": url}
    result = subprocess.run([*SLUICE, *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    sluice(url, "db", "upgrade")
    return url


def test_tenant_and_key_lifecycle(cli_db: str) -> None:
    assert "created tenant bank" in sluice(cli_db, "tenant", "create", "bank").stdout
    assert sluice(cli_db, "tenant", "create", "bank", check=False).returncode == 1
    created = sluice(cli_db, "key", "create", "--tenant", "bank", "--scopes", "generate,audit:read", "--expires", "30d")
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("sk-sluice-") and "_" in key
    key_id = key.removeprefix("sk-sluice-").split("_")[0]
    listing = sluice(cli_db, "key", "list", "--tenant", "bank").stdout
    assert key_id in listing and "active" in listing
    assert key.split("_", 1)[1] not in listing, "the secret is shown only once"
    assert f"revoked key {key_id}" in sluice(cli_db, "key", "revoke", key_id).stdout
    assert "revoked" in sluice(cli_db, "key", "list").stdout
    sluice(cli_db, "tenant", "disable", "bank")
    assert "disabled" in sluice(cli_db, "tenant", "list").stdout
    # Every management action is in the audit chain, in order, without the secret.
    events = db.rows(cli_db, "SELECT endpoint, details FROM audit_records WHERE endpoint LIKE 'admin:%' ORDER BY id")
    assert [e[0] for e in events] == ["admin:tenant.create", "admin:key.create", "admin:key.revoke",
                                      "admin:tenant.disable"]
    assert key.split("_", 1)[1] not in repr(events)


@pytest.mark.parametrize(
    "args",
    [
        ("key", "create", "--tenant", "nobody"),
        ("key", "create", "--tenant", "bank", "--scopes", "root"),
        ("key", "create", "--tenant", "bank", "--expires", "soon"),
        ("tenant", "create", "Bad Name!"),
        ("key", "revoke", "doesnotexist"),
    ],
)
def test_bad_cli_input_is_a_clear_error(cli_db: str, args: tuple[str, ...]) -> None:
    result = sluice(cli_db, *args, check=False)
    assert result.returncode in (1, 2)
    assert "Error" in result.stderr and "Traceback" not in result.stderr


def test_invalid_config_file_is_reported(tmp_path: Path, cli_db: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("models:\n  - name: x\n    upstream: ftp://nope\n")
    result = sluice(cli_db, "--config", str(config), "tenant", "list", check=False)
    assert result.returncode == 1 and "models[0].upstream" in result.stderr


def test_serve_with_minimal_config(tmp_path: Path, cli_db: str, upstream) -> None:
    port = free_port()
    config = tmp_path / "sluice.yaml"
    config.write_text(
        "models:\n"
        "  - name: codellama-7b\n"
        f"    upstream: {upstream.base_url}\n"
        "    api_key_env: SLUICE_UPSTREAM_KEY\n"
    )
    sluice(cli_db, "tenant", "create", "served")
    key = sluice(cli_db, "key", "create", "--tenant", "served").stdout.strip().splitlines()[-1]
    env = {**os.environ, "SLUICE_DATABASE_URL": cli_db, "SLUICE_UPSTREAM_KEY": "upstream-secret"}
    process = subprocess.Popen([*SLUICE, "serve", "--config", str(config), "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        response = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions",
                              headers={"authorization": f"Bearer {key}"},
                              json={"model": "codellama-7b", "messages": [{"role": "user", "content": "ping"}]})
        assert response.status_code == 200, response.text
        sent = httpx.get(upstream.base_url.removesuffix("/v1") + "/_requests").json()["requests"][-1]
        assert sent["headers"]["Authorization"] == "Bearer upstream-secret"
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert "upstream-secret" not in output and key not in output


def test_keys_expire_in_90_days_unless_never_is_asked_for(cli_db: str) -> None:
    """Issue 20: a forgotten key used to stay valid for ever by default."""
    from datetime import UTC, datetime, timedelta

    sluice(cli_db, "tenant", "create", "lifetimes")
    default = sluice(cli_db, "key", "create", "--tenant", "lifetimes").stdout
    forever = sluice(cli_db, "key", "create", "--tenant", "lifetimes", "--expires", "never").stdout
    assert "never expires" in forever and "expires 20" in default
    expiry = {row[0]: row[1] for row in db.rows(
        cli_db, "SELECT k.id, k.expires_at FROM api_keys k JOIN tenants t ON t.id = k.tenant_id "
                "WHERE t.name = 'lifetimes'")}
    default_id = default.strip().splitlines()[-1].removeprefix("sk-sluice-").split("_")[0]
    forever_id = forever.strip().splitlines()[-1].removeprefix("sk-sluice-").split("_")[0]
    assert expiry[forever_id] is None
    expires_at = datetime.fromisoformat(str(expiry[default_id])).replace(tzinfo=UTC)
    assert abs(expires_at - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=5)
    assert "or 'never'" in sluice(cli_db, "key", "create", "--tenant", "lifetimes", "--expires", "soon",
                                  check=False).stderr
