"""Dashboard sessions, CSRF tokens and sign-in lock-out.

The session is an HMAC-SHA256-signed cookie carrying the signed-in key id (or user), its
tenant scope, an absolute expiry (lifetime) and an idle deadline that every page view moves
on; nothing secret is in it and it cannot be altered without the signing secret. The key is
re-checked against the database on every request, so revoking or disabling it ends its
dashboard sessions at once.

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
import secrets
import time
from collections import deque
from dataclasses import dataclass, field, replace

log = logging.getLogger("sluice.dashboard")

SESSION_COOKIE = "sluice_dash"
LOGIN_COOKIE = "sluice_dash_login"  # pre-session nonce: CSRF protection for the sign-in form
DEFAULT_TTL_S = 8 * 3600


@dataclass(frozen=True, slots=True)
class Session:
    key_id: str  # an API key's id, "user:<name>" (dashboard user) or "sso:<name>" (single sign-on)
    tenant_id: int | None  # None: every tenant (an admin, or a read-only auditor of all tenants)
    tenant_name: str
    is_admin: bool
    expires_at: float  # the session's lifetime ends here, whatever the activity
    nonce: str
    idle_until: float = float("inf")  # no request before this: the session has been idle too long
    logout_hint: str | None = None  # SSO: the ID token, sent back to the provider on sign-out

    @property
    def method(self) -> str:
        """How the session was opened: api_key, user or sso."""
        if self.key_id.startswith(USER_PREFIX):
            return "user"
        if self.key_id.startswith(SSO_PREFIX):
            return "sso"
        return "api_key"

    @property
    def actor(self) -> str:
        """Who did it, as admin events name them: `key:<id>`, `user:<name>` or `sso:<name>`."""
        return f"key:{self.key_id}" if self.method == "api_key" else self.key_id

    @property
    def api_key_id(self) -> str | None:
        """The API key behind the session, for the audit record's key_id column (None for people)."""
        return self.key_id if self.method == "api_key" else None

    @property
    def role(self) -> str:
        if self.is_admin:
            return "admin"
        return "read_only" if self.tenant_id is None else "auditor"

    @property
    def who(self) -> str:
        """The viewer as the page header shows it."""
        return f"key {self.key_id}" if self.method == "api_key" else self.key_id

    @property
    def scope_label(self) -> str:
        if self.tenant_id is not None:
            return f"tenant {self.tenant_name}"
        return "all tenants" if self.is_admin else "all tenants, read-only"


USER_PREFIX = "user:"  # sessions of dashboard users carry "user:<name>" where keys carry their id
SSO_PREFIX = "sso:"  # sessions opened through the OpenID provider carry "sso:<username>"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(configured: bytes | None) -> bytes:
    """The settings tree's `dashboard.secret` (SLUICE_DASHBOARD_SECRET, length checked at start-up by
    gateway/settings.py); None: a random secret, so sessions die with the process."""
    if configured:
        return configured
    log.warning("SLUICE_DASHBOARD_SECRET is not set: dashboard sessions are valid in this process only")
    return secrets.token_bytes(32)


MAX_COOKIE_CHARS = 3800  # browsers keep 4096 bytes per cookie, name and attributes included


class SessionSigner:
    """Signs sessions (lifetime and idle deadline inside) and other short-lived values with one secret."""

    def __init__(self, secret: bytes, ttl_s: int = DEFAULT_TTL_S, idle_s: int | None = None) -> None:
        self._secret = secret
        self.ttl_s = ttl_s
        self.idle_s = ttl_s if idle_s is None else min(idle_s, ttl_s)

    def _mac(self, purpose: str, payload: str) -> str:
        return _b64(hmac.new(self._secret, f"{purpose}:{payload}".encode(), hashlib.sha256).digest())

    def issue(
        self, key_id: str, tenant_id: int | None, tenant_name: str, is_admin: bool, *, logout_hint: str | None = None
    ) -> tuple[str, Session]:
        now = time.time()
        expires = now + self.ttl_s
        session = Session(key_id, tenant_id, tenant_name, is_admin, expires, secrets.token_hex(16),
                          min(now + self.idle_s, expires), logout_hint)
        value = self.encode(session)
        if len(value) > MAX_COOKIE_CHARS and logout_hint:  # a huge ID token: sign out without the hint
            return self.issue(key_id, tenant_id, tenant_name, is_admin)
        return value, session

    def encode(self, session: Session) -> str:
        body: dict[str, object] = {
            "k": session.key_id,
            "t": session.tenant_id,
            "n": session.tenant_name,
            "a": session.is_admin,
            "e": session.expires_at,
            "x": session.nonce,
            "i": session.idle_until,
        }
        if session.logout_hint:
            body["h"] = session.logout_hint
        payload = _b64(json.dumps(body, separators=(",", ":")).encode())
        return f"{payload}.{self._mac('session', payload)}"

    def touched(self, session: Session, now: float | None = None) -> tuple[str, Session]:
        """The same session with its idle deadline moved on: activity keeps it alive, up to its lifetime."""
        now = time.time() if now is None else now
        renewed = replace(session, idle_until=min(now + self.idle_s, session.expires_at))
        return self.encode(renewed), renewed

    def inspect(self, cookie: str | None, now: float | None = None) -> tuple[Session | None, str]:
        """The session in a cookie and "ok", or None and why: absent, invalid, expired or idle.

        "expired" and "idle" are only said of a cookie this gateway signed, so the sign-in page
        can tell the user their session ended (and a forged cookie learns nothing).
        """
        if not cookie:
            return None, "absent"
        if cookie.count(".") != 1 or len(cookie) > MAX_COOKIE_CHARS:
            return None, "invalid"
        payload, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac("session", payload)):
            return None, "invalid"
        try:
            body = json.loads(_unb64(payload))
            expires = float(body["e"])
            hint = body.get("h")
            session = Session(
                str(body["k"]), body["t"], str(body["n"]), bool(body["a"]), expires, str(body["x"]),
                float(body.get("i", expires)), str(hint) if hint else None,
            )
        except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
            return None, "invalid"
        now = time.time() if now is None else now
        if session.expires_at <= now:
            return None, "expired"
        if session.idle_until <= now:
            return None, "idle"
        return session, "ok"

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session in a cookie, or None if it is absent, forged, malformed, expired or idle too long."""
        return self.inspect(cookie, now)[0]

    def seal(self, purpose: str, value: dict[str, object], ttl_s: float) -> str:
        """A signed (not encrypted) value that expires: e.g. the state of a sign-in in progress."""
        payload = _b64(json.dumps({"v": value, "e": time.time() + ttl_s}, separators=(",", ":")).encode())
        return f"{payload}.{self._mac(purpose, payload)}"

    def unseal(self, purpose: str, sealed: str | None) -> dict[str, object] | None:
        if not sealed or sealed.count(".") != 1 or len(sealed) > MAX_COOKIE_CHARS:
            return None
        payload, mac = sealed.split(".")
        if not hmac.compare_digest(mac, self._mac(purpose, payload)):
            return None
        try:
            body = json.loads(_unb64(payload))
            if float(body["e"]) <= time.time() or not isinstance(body["v"], dict):
                return None
            value: dict[str, object] = body["v"]
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None
        return value

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
