"""Forwarded headers are trusted only from `server.trusted_proxies` (issue 12, observation 10).

Before: uvicorn trusted X-Forwarded-For from loopback, so any local client chose the
`client_addr` of its audit record and escaped the dashboard's sign-in lock-out by sending a
new address with each attempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.edge.proxies import client_from_forwarded, parse_networks
from gateway.settings import ServerSettings, Settings
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.servers import GatewayServer

SPOOFED = "203.0.113.9"


def _served(url: str, upstream: Any, policies_dir: Path, trusted: tuple[str, ...]) -> GatewayServer:
    settings: Settings = gateway_settings(url, upstream.base_url, policies_dir)
    return GatewayServer(replace(settings, server=ServerSettings(trusted_proxies=trusted))).start()


@pytest.fixture(scope="module")
def database(fresh_database: Any) -> str:
    url = str(fresh_database("sqlite"))
    db.create_tenant(url, "proxied")
    return url


@pytest.fixture(scope="module")
def untrusting(database: str, upstream: Any, policies_dir: Path) -> Iterator[GatewayServer]:
    server = _served(database, upstream, policies_dir, ())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def behind_proxy(database: str, upstream: Any, policies_dir: Path) -> Iterator[GatewayServer]:
    server = _served(database, upstream, policies_dir, ("127.0.0.1",))
    try:
        yield server
    finally:
        server.stop()


def _recorded_client(server: GatewayServer, database: str, headers: dict[str, str]) -> str | None:
    key = db.create_key(database, "proxied")
    response = httpx.post(server.url + "/v1/chat/completions", timeout=30,
                          json={"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]},
                          headers={"authorization": f"Bearer {key}", **headers})
    assert response.status_code == 200, response.text
    request_id = response.headers["x-request-id"]
    rows = db.audit_rows(database, request_id=request_id)  # committed before the answer was released
    assert len(rows) == 1
    return rows[0].client_addr


@pytest.mark.parametrize("headers", [
    {"x-forwarded-for": SPOOFED},
    {"forwarded": f"for={SPOOFED}"},
    {"x-real-ip": SPOOFED},
    {"x-forwarded-for": "1" * 100},  # observation 1: a 100-character value once failed other tenants' batches
])
def test_forwarded_headers_from_an_untrusted_peer_are_ignored(untrusting: GatewayServer, database: str,
                                                              headers: dict[str, str]) -> None:
    assert _recorded_client(untrusting, database, headers) == "127.0.0.1"


def test_forwarded_for_from_a_trusted_proxy_names_the_client(behind_proxy: GatewayServer, database: str) -> None:
    assert _recorded_client(behind_proxy, database, {"x-forwarded-for": f"10.1.1.1, {SPOOFED}"}) == SPOOFED
    assert _recorded_client(behind_proxy, database, {"forwarded": 'for="[2001:db8::7]:4711"'}) == "2001:db8::7"
    # Malformed or oversized: the peer stays the client, nothing is guessed.
    assert _recorded_client(behind_proxy, database, {"x-forwarded-for": "not-an-ip"}) == "127.0.0.1"
    assert _recorded_client(behind_proxy, database, {"x-forwarded-for": ", ".join([SPOOFED] * 200)}) == "127.0.0.1"


def _sign_in_fails(client: httpx.Client, spoof: str) -> int:
    form = client.get("/admin/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    answer = client.post("/admin/login", data={"csrf": csrf, "api_key": "sk-sluice-wrong"},
                         headers={"x-forwarded-for": spoof})
    return answer.status_code


def test_spoofed_forwarded_for_does_not_escape_the_sign_in_lock_out(untrusting: GatewayServer) -> None:
    with httpx.Client(base_url=untrusting.url, timeout=30) as client:
        statuses = [_sign_in_fails(client, "198.51.100.0")]
        throttle = untrusting.app.state.dashboard.throttle  # made on the dashboard's first request
        try:
            statuses += [_sign_in_fails(client, f"198.51.100.{n}") for n in range(1, throttle.max_failures + 1)]
            assert statuses[-1] == 429, statuses
            assert "127.0.0.1" in throttle._locked_until
        finally:
            throttle._locked_until.clear()
            throttle._failures.clear()


@pytest.mark.parametrize(("peer", "headers", "expected"), [
    ("10.0.0.5", [(b"x-forwarded-for", b"198.51.100.1")], "10.0.0.5"),  # peer not trusted
    ("127.0.0.1", [(b"x-forwarded-for", b"198.51.100.1, 127.0.0.1")], "198.51.100.1"),  # trusted hops skipped
    ("127.0.0.1", [(b"x-forwarded-for", b"198.51.100.1"), (b"x-forwarded-for", b"198.51.100.2")], "198.51.100.2"),
    ("127.0.0.1", [(b"forwarded", b"for=192.0.2.60;proto=http;by=203.0.113.43")], "192.0.2.60"),
    ("127.0.0.1", [(b"forwarded", b"for=unknown")], "127.0.0.1"),
    ("127.0.0.1", [(b"x-real-ip", b"192.0.2.8:1234")], "192.0.2.8"),
    ("127.0.0.1", [(b"x-forwarded-for", b"192.0.2.1\x00")], "127.0.0.1"),
    ("127.0.0.1", [], "127.0.0.1"),
])
def test_client_from_forwarded(peer: str, headers: list[tuple[bytes, bytes]], expected: str) -> None:
    assert client_from_forwarded(peer, headers, parse_networks(["127.0.0.1"])) == expected
