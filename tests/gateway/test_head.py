"""HEAD is answered wherever GET is: GET's status and headers, no body (issue 20).

Before, the router answered 405 to HEAD on /healthz, /readyz, /admin and every other GET
route, and `curl -I`, load balancers and uptime checkers that ask with HEAD saw failures.
"""

from __future__ import annotations

import socket

import pytest

from tests.support.servers import GatewayServer


def _raw(server: GatewayServer, method: str, path: str, key: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection; everything the server sent until it closed."""
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: gateway\r\n{auth}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.mark.parametrize(("path", "auth"), [
    ("/healthz", False), ("/readyz", False), ("/admin", False), ("/admin/login", False),
    ("/v1/models", True), ("/v1/models", False), ("/openapi.json", False),
])
def test_head_answers_like_get_without_a_body(gateway: GatewayServer, api_key: str, path: str, auth: bool) -> None:
    key = api_key if auth else None
    get_status, get_headers, get_body = _raw(gateway, "GET", path, key)
    head_status, head_headers, head_body = _raw(gateway, "HEAD", path, key)
    assert head_status == get_status != 405
    assert head_body == b""
    assert head_headers.get("content-type") == get_headers.get("content-type")
    # The sign-in page embeds a fresh token and /readyz the current time: their lengths vary per answer.
    if "content-length" in get_headers and path not in {"/admin/login", "/readyz"}:
        assert head_headers["content-length"] == get_headers["content-length"] == str(len(get_body))
    elif "content-length" in get_headers:
        assert head_headers["content-length"].isdigit() and int(head_headers["content-length"]) > 0
    assert "transfer-encoding" not in head_headers


def test_head_on_a_post_only_route_is_still_405(gateway: GatewayServer) -> None:
    status, _, body = _raw(gateway, "HEAD", "/v1/chat/completions")
    assert status == 405
    assert body == b""
