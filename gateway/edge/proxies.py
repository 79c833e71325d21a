"""Which peer is the client: forwarded headers count only when a trusted proxy sent them.

uvicorn's own proxy-header middleware trusts X-Forwarded-For from loopback by default, so
any local process (or anything a loopback reverse proxy relays verbatim) could choose the
`client_addr` written to the audit trail and dodge the dashboard's sign-in lock-out. Sluice
turns that off and trusts `X-Forwarded-For`, `Forwarded` (RFC 7239) and `X-Real-IP` only
when the TCP peer is listed in `server.trusted_proxies`.

With a trusted peer the client is found as proxies append: the forwarded chain is read from
the right, skipping addresses that are themselves trusted proxies; the first other address
is the client. Every entry must be a valid IP address, the header is bounded in size, and
anything malformed leaves the peer address in place (never a guess).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Any

from litestar.types import ASGIApp, Receive, Scope, Send

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_FORWARDED_HEADER_BYTES = 1024  # a few proxies' worth; more is not a real chain
_FORWARDED_FOR = re.compile(r'(?:^|[;,\s])for\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> IPAddress | None:
    """An IP from a forwarded entry: bare, `[v6]`, `v4:port` or `[v6]:port`; None if it is not one."""
    text = text.strip().strip('"')
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def _chain(headers: Iterable[tuple[bytes, bytes]]) -> list[str] | None:
    """The forwarded chain, nearest proxy last; None when no header names one or one is too long."""
    forwarded_for: list[str] = []
    forwarded: list[str] = []
    real_ip: str | None = None
    for name, value in headers:
        if name not in (b"x-forwarded-for", b"forwarded", b"x-real-ip"):
            continue
        if len(value) > MAX_FORWARDED_HEADER_BYTES:
            return None
        text = value.decode("latin-1")
        if name == b"x-forwarded-for":
            forwarded_for.extend(part for part in text.split(","))
        elif name == b"forwarded":
            forwarded.extend(match.group(1) for match in _FORWARDED_FOR.finditer(text))
        else:
            real_ip = text
    # One source, the most standard present: mixing them would let a client pick the one it forged.
    if forwarded:
        return forwarded
    if forwarded_for:
        return forwarded_for
    return [real_ip] if real_ip is not None else None


def client_from_forwarded(peer: str, headers: Iterable[tuple[bytes, bytes]],
                          trusted: tuple[IPNetwork, ...]) -> str:
    """The client's address for a request from `peer` (unchanged unless `peer` is trusted)."""
    peer_address = _address(peer)
    if peer_address is None or not _trusted(peer_address, trusted):
        return peer
    chain = _chain(headers)
    if not chain:
        return peer
    client = peer_address
    for entry in reversed(chain):
        address = _address(entry)
        if address is None:
            return peer  # a malformed hop: trust nothing from this chain
        client = address
        if not _trusted(address, trusted):
            break
    return str(client)


class TrustedProxies:
    """ASGI middleware: rewrites `scope["client"]` from forwarded headers sent by a trusted peer."""

    def __init__(self, app: ASGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = parse_networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if self.trusted and scope["type"] in ("http", "websocket") and client:
            host = client_from_forwarded(client[0], scope["headers"], self.trusted)
            if host != client[0]:
                scope = _with_client(scope, host)
        await self.app(scope, receive, send)


def _with_client(scope: Scope, host: str) -> Any:
    return {**scope, "client": (host, 0)}
