"""Who is looking at the dashboard: the signed session, re-checked against the key store, the user
table or (single sign-on) the tenant and the sign-in methods still enabled in the config."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from litestar import Request
from litestar.datastructures import Cookie
from sqlalchemy import select

from gateway.admin.dashboard.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SSO_PREFIX,
    USER_PREFIX,
    LoginThrottle,
    Session,
    SessionSigner,
    load_secret,
)
from gateway.admin.sso.config import DashboardSettings
from gateway.admin.sso.oidc import OidcClient
from gateway.auth.lookup import KeyRecord, SqlAlchemyKeyLookup
from gateway.auth.models import Tenant
from gateway.db.engine import session_factory
from gateway.services import Services

COOKIE_PATH = "/admin"
# Kept in the request's ASGI scope by current_session: the session cookie with its idle deadline moved
# on, added to the response by `renew_session_cookie` (unless the handler sets or clears the cookie).
RENEWED_COOKIE = "dashboard_renewed_cookie"
ENDED_REASON = "dashboard_session_ended"

__all__ = ["SSO_PREFIX", "USER_PREFIX"]


@dataclass(slots=True)
class DashboardState:
    """Per-process dashboard state, made on first use (the app factory knows nothing of it)."""

    signer: SessionSigner
    throttle: LoginThrottle
    keys: SqlAlchemyKeyLookup
    settings: DashboardSettings = field(default_factory=DashboardSettings)
    oidc: OidcClient | None = None
    last_chain_report: dict[str, Any] | None = None
    # Sessions signed out in this process (nonce -> expiry): a copied cookie dies with sign-out.
    signed_out: dict[str, float] = field(default_factory=dict)
    # Keys just created, by session nonce, shown once on the page the POST redirects to.
    created_keys: dict[str, Any] = field(default_factory=dict)

    def sign_out(self, session: Session) -> None:
        now = time.time()
        self.signed_out = {n: exp for n, exp in self.signed_out.items() if exp > now}
        self.signed_out[session.nonce] = session.expires_at


def services(request: Request[Any, Any, Any]) -> Services:
    svc: Services = request.app.state.services
    return svc


def dashboard_state(request: Request[Any, Any, Any]) -> DashboardState:
    state: DashboardState | None = request.app.state.get("dashboard")
    if state is None:
        svc = services(request)
        config = svc.settings.dashboard
        state = DashboardState(
            SessionSigner(load_secret(config.secret), ttl_s=config.session_lifetime_s, idle_s=config.idle_timeout_s),
            LoginThrottle(),
            SqlAlchemyKeyLookup(session_factory(svc.engine)),
            config,
            OidcClient(config.sso) if config.sso is not None else None,
        )
        request.app.state.dashboard = state
    return state


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def key_allows(record: KeyRecord | None, *, admin: bool) -> bool:
    """Whether a key may (still) hold a dashboard session of this kind."""
    if record is None or record.revoked_at is not None or record.disabled or record.tenant_disabled:
        return False
    if record.expires_at is not None and record.expires_at <= datetime.now(UTC):
        return False
    scopes = set(record.scopes.split())
    return "admin" in scopes if admin else "audit:read" in scopes


async def _still_allowed(request: Request[Any, Any, Any], state: DashboardState, session: Session) -> bool:
    """Whatever opened the session must still be allowed to: its method enabled, key/user/tenant active."""
    config = state.settings
    if session.method == "sso":
        if config.sso is None:
            return False
        if session.tenant_id is None:
            return True
        async with session_factory(services(request).engine)() as db:
            row = (await db.execute(select(Tenant.id, Tenant.disabled).where(Tenant.id == session.tenant_id))).first()
        return row is not None and not row[1]
    if session.method == "user":
        if not config.user_sign_in:
            return False
        from gateway.auth.users import find_active_user

        async with session_factory(services(request).engine)() as db:
            user = await find_active_user(db, session.key_id.removeprefix(USER_PREFIX))
        return user is not None and user.is_admin == session.is_admin
    if not config.api_key_sign_in:
        return False
    return key_allows(await state.keys.find(session.key_id), admin=session.is_admin)


async def current_session(request: Request[Any, Any, Any]) -> Session | None:
    """The viewer's session, or None (and why, in request.state, for the sign-in page's message)."""
    state = dashboard_state(request)
    session, reason = state.signer.inspect(request.cookies.get(SESSION_COOKIE))
    if session is not None and session.nonce in state.signed_out:
        session, reason = None, "signed_out"
    if session is not None and not await _still_allowed(request, state, session):
        session, reason = None, "revoked"
    scope = cast(dict[str, Any], request.scope)
    scope[ENDED_REASON] = reason
    if session is None:
        return None
    value, renewed = state.signer.touched(session)  # activity: the idle deadline moves on
    scope[RENEWED_COOKIE] = session_cookie(request, value, max(1, int(renewed.expires_at - time.time())))
    return renewed


def session_end_reason(request: Request[Any, Any, Any]) -> str | None:
    """Why current_session found no session: absent, invalid, expired, idle, signed_out or revoked."""
    reason = cast(dict[str, Any], request.scope).get(ENDED_REASON)
    return str(reason) if reason else None


def renew_session_cookie(app: Any) -> Any:
    """ASGI middleware: responses to a signed-in request carry the session cookie with a new idle deadline.

    Handlers build their own responses (and some set or clear the session cookie themselves, which
    then wins); this adds the renewed cookie without every page having to.
    """

    async def middleware(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_renewed(message: Any) -> None:
            cookie = scope.get(RENEWED_COOKIE)
            if message["type"] == "http.response.start" and cookie is not None:
                headers = list(message.get("headers") or [])
                prefix = SESSION_COOKIE.encode() + b"="
                if not any(k.lower() == b"set-cookie" and v.startswith(prefix) for k, v in headers):
                    headers.append(cookie.to_encoded_header())
                    message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_renewed)

    return middleware


def secure_cookies(request: Request[Any, Any, Any]) -> bool:
    """TLS seen by the gateway, or declared: behind a TLS-terminating proxy set SLUICE_DASHBOARD_SECURE_COOKIE=1
    (the settings tree's `dashboard.secure_cookie`, read once at start-up)."""
    return request.url.scheme == "https" or services(request).settings.dashboard.secure_cookie


def session_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        max_age=max_age,
    )


def login_cookie(request: Request[Any, Any, Any], value: str) -> Cookie:
    return Cookie(
        key=LOGIN_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        max_age=3600,
    )


def cleared(request: Request[Any, Any, Any], name: str) -> Cookie:
    return Cookie(
        key=name,
        value="",
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        max_age=0,
    )
