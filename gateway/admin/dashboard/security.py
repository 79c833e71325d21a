"""Dashboard sessions, CSRF tokens and sign-in lock-out.

The session is an HMAC-SHA256-signed cookie carrying the signed-in key id, its tenant
scope and an expiry; nothing secret is in it and it cannot be altered without the
signing secret. The key is re-checked against the database on every request, so
revoking or disabling it ends its dashboard sessions at once.

The signing secret comes from SLUICE_DASHBOARD_SECRET (at least 32 characters); without
it a random one is made per process, which is fine for one worker but signs every user
out on restart and does not work across several workers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections import deque
from dataclasses import dataclass, field

log = logging.getLogger("sluice.dashboard")

SESSION_COOKIE = "sluice_dash"
LOGIN_COOKIE = "sluice_dash_login"  # pre-session nonce: CSRF protection for the sign-in form
DEFAULT_TTL_S = 8 * 3600


@dataclass(frozen=True, slots=True)
class Session:
    key_id: str
    tenant_id: int | None  # None: an admin who sees every tenant
    tenant_name: str
    is_admin: bool
    expires_at: float
    nonce: str

    @property
    def scope_label(self) -> str:
        return "all tenants" if self.tenant_id is None else f"tenant {self.tenant_name}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(environ: dict[str, str] | None = None) -> bytes:
    env = os.environ if environ is None else environ
    configured = env.get("SLUICE_DASHBOARD_SECRET", "")
    if configured:
        if len(configured) < 32:
            raise ValueError("SLUICE_DASHBOARD_SECRET must be at least 32 characters")
        return configured.encode()
    log.warning("SLUICE_DASHBOARD_SECRET is not set: dashboard sessions are valid in this process only")
    return secrets.token_bytes(32)


class SessionSigner:
    def __init__(self, secret: bytes, ttl_s: int = DEFAULT_TTL_S) -> None:
        self._secret = secret
        self.ttl_s = ttl_s

    def _mac(self, purpose: str, payload: str) -> str:
        return _b64(hmac.new(self._secret, f"{purpose}:{payload}".encode(), hashlib.sha256).digest())

    def issue(self, key_id: str, tenant_id: int | None, tenant_name: str, is_admin: bool) -> tuple[str, Session]:
        session = Session(key_id, tenant_id, tenant_name, is_admin, time.time() + self.ttl_s, secrets.token_hex(16))
        body = {
            "k": key_id,
            "t": tenant_id,
            "n": tenant_name,
            "a": is_admin,
            "e": session.expires_at,
            "x": session.nonce,
        }
        payload = _b64(json.dumps(body, separators=(",", ":")).encode())
        return f"{payload}.{self._mac('session', payload)}", session

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session in a cookie, or None if it is absent, forged, malformed or expired."""
        if not cookie or cookie.count(".") != 1:
            return None
        payload, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac("session", payload)):
            return None
        try:
            body = json.loads(_unb64(payload))
            session = Session(
                str(body["k"]), body["t"], str(body["n"]), bool(body["a"]), float(body["e"]), str(body["x"])
            )
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None
        return session if session.expires_at > (time.time() if now is None else now) else None

    def csrf_token(self, nonce: str) -> str:
        """Bound to one session (or one sign-in form nonce): a token from another session fails."""
        return self._mac("csrf", nonce)

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce and token) and hmac.compare_digest(str(token), self.csrf_token(str(nonce)))


@dataclass(slots=True)
class LoginThrottle:
    """Locks a client out after `max_failures` failed sign-ins within `window_s`.

    In-process: with several workers each keeps its own count (the limit is per worker).
    """

    max_failures: int = 5
    window_s: float = 600.0
    lockout_s: float = 900.0
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)

    def locked_for(self, client: str, now: float | None = None) -> float:
        """Seconds the client must still wait (0: may try)."""
        now = time.monotonic() if now is None else now
        until = self._locked_until.get(client, 0.0)
        if until <= now:
            self._locked_until.pop(client, None)
            return 0.0
        return until - now

    def failed(self, client: str, now: float | None = None) -> bool:
        """Count one failure; True when it locks the client out."""
        now = time.monotonic() if now is None else now
        recent = self._failures.setdefault(client, deque())
        recent.append(now)
        while recent and recent[0] < now - self.window_s:
            recent.popleft()
        if len(recent) >= self.max_failures:
            self._locked_until[client] = now + self.lockout_s
            recent.clear()
            return True
        if len(self._failures) > 10_000:  # bound memory under a spray of addresses
            self._failures = {k: v for k, v in self._failures.items() if v and v[-1] >= now - self.window_s}
        return False

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)
