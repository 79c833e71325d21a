"""The semgrep engine is missing or crashes: the policy's `on_error` decides, nothing passes unscanned silently.

`on_error: block` (the shipped default) refuses an answer whose scan is incomplete;
`on_error: allow_with_warning` releases it, annotated with a scan-incomplete finding.
The crash is real: a `semgrep-core` wrapper that SIGSEGVs itself while a flag file exists.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import httpx
import pytest

from gateway.guard.output import OutputGuard
from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.findings import SCAN_INCOMPLETE
from gateway.scanning.semgrep_rules import find_semgrep_core
from gateway.scanning.settings import ScanCapacity
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer

# Harmless, yet semgrep must run on it: a credential-named variable and a string literal keep the credential
# rules past the prefilter (code no rule could match skips semgrep, and so its crash).
CODE = ("Here:\n```python\nimport os\n\n\ndef api_token():\n"
        "    token = os.environ[\"API_TOKEN\"]\n    return token\n```\n")


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory, policies_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("scanner-fault-policies")
    shutil.copytree(policies_dir, root, dirs_exist_ok=True)
    (root / "tenants" / "lenient.yaml").write_text("on_error: allow_with_warning\n")
    return root


def start_gateway(url: str, upstream, policies: Path, core: Path) -> GatewayServer:
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies))
    # Batch mode: every scan runs the binary, so a crash shows on the next request; no scan cache, or the
    # repeated answer would be served from memory and never reach the crashing binary.
    capacity = ScanCapacity(cache_entries=0)
    engine = ScanEngine.from_settings(ScanSettings(semgrep_core_path=core, semgrep_mode="batch", timeout_s=20.0,
                                                   capacity=capacity))
    server.services.scanner = engine
    server.services.generation.guard = OutputGuard(engine)
    return server.start()


def keys(url: str) -> dict[str, str]:
    out = {}
    for tenant in ("strict", "lenient"):  # "strict" has no file: the shipped default (on_error: block)
        db.create_tenant(url, tenant)
        out[tenant] = db.create_key(url, tenant)
    return out


def ask(server: GatewayServer, key: str, upstream) -> httpx.Response:
    upstream.script(Reply(content=CODE))
    return httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"}, timeout=60,
                      json={"model": "codellama-7b", "messages": [{"role": "user", "content": "add"}]})


def incomplete_semgrep(findings: list[dict]) -> bool:
    return any(f["scanner"] == "semgrep" and f["rule_id"] == SCAN_INCOMPLETE for f in findings)


def assert_on_error_applies(server: GatewayServer, tenant_keys: dict[str, str], upstream, url: str) -> None:
    strict = ask(server, tenant_keys["strict"], upstream)
    assert strict.status_code == 403 and strict.json()["error"]["code"] == "cyber_policy"
    assert incomplete_semgrep(strict.json()["error"]["findings"])
    lenient = ask(server, tenant_keys["lenient"], upstream)
    assert lenient.status_code == 200, lenient.text
    assert lenient.json()["choices"][0]["message"]["content"] == CODE
    assert lenient.headers["x-sluice-decision"] == "annotate"
    assert incomplete_semgrep(lenient.json()["sluice"]["findings"])
    for response in (strict, lenient):
        [row] = db.audit_rows(url, request_id=response.headers["x-request-id"])
        assert row.status_code == response.status_code and row.findings_count
        rules = db.rows(url, f"SELECT f.rule_id FROM audit_findings f WHERE f.record_id = {row.id}")
        assert (SCAN_INCOMPLETE,) in rules, rules


def test_semgrep_missing(fresh_database, upstream, policies: Path) -> None:
    url = fresh_database("sqlite")
    tenant_keys = keys(url)
    server = start_gateway(url, upstream, policies, Path("/nonexistent/semgrep-core"))
    try:
        assert_on_error_applies(server, tenant_keys, upstream, url)
    finally:
        server.stop()


def test_semgrep_crashing_then_recovering(fresh_database, upstream, policies: Path, tmp_path: Path) -> None:
    flag = tmp_path / "crash"
    wrapper = tmp_path / "semgrep-core"
    wrapper.write_text(f"#!/bin/sh\nif [ -e {flag} ]; then kill -SEGV $$; fi\nexec {find_semgrep_core()} \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    url = fresh_database("sqlite")
    tenant_keys = keys(url)
    server = start_gateway(url, upstream, policies, wrapper)
    try:
        healthy = ask(server, tenant_keys["strict"], upstream)
        assert healthy.status_code == 200 and not incomplete_semgrep(healthy.json()["sluice"]["findings"])
        flag.touch()  # from now on every semgrep-core run dies of SIGSEGV
        assert_on_error_applies(server, tenant_keys, upstream, url)
        flag.unlink()
        recovered = ask(server, tenant_keys["strict"], upstream)
        assert recovered.status_code == 200 and not incomplete_semgrep(recovered.json()["sluice"]["findings"])
    finally:
        server.stop()
