"""Who is looking at the dashboard: the signed session, re-checked against the key store."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from gateway.admin.dashboard.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    LoginThrottle,
    Session,
    SessionSigner,
    load_secret,
)
from gateway.auth.lookup import KeyRecord, SqlAlchemyKeyLookup
from gateway.db.engine import session_factory
from gateway.services import Services

COOKIE_PATH = "/admin"
USER_PREFIX = "user:"  # sessions of dashboard users carry "user:<name>" where keys carry their id


@dataclass(slots=True)
class DashboardState:
    """Per-process dashboard state, made on first use (the app factory knows nothing of it)."""

    signer: SessionSigner
    throttle: LoginThrottle
    keys: SqlAlchemyKeyLookup
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
        state = DashboardState(
            SessionSigner(load_secret()), LoginThrottle(), SqlAlchemyKeyLookup(session_factory(svc.engine))
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


async def current_session(request: Request[Any, Any, Any]) -> Session | None:
    state = dashboard_state(request)
    session = state.signer.read(request.cookies.get(SESSION_COOKIE))
    if session is None or session.nonce in state.signed_out:
        return None
    if session.key_id.startswith(USER_PREFIX):  # a dashboard user: still enabled, same scope
        from gateway.auth.users import find_active_user

        async with session_factory(services(request).engine)() as db:
            user = await find_active_user(db, session.key_id.removeprefix(USER_PREFIX))
        return session if user is not None and user.is_admin == session.is_admin else None
    record = await state.keys.find(session.key_id)
    return session if key_allows(record, admin=session.is_admin) else None


def _secure(request: Request[Any, Any, Any]) -> bool:
    """TLS seen by the gateway, or declared: behind a TLS-terminating proxy set SLUICE_DASHBOARD_SECURE_COOKIE=1."""
    return request.url.scheme == "https" or os.environ.get("SLUICE_DASHBOARD_SECURE_COOKIE") == "1"


def session_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=max_age,
    )


def login_cookie(request: Request[Any, Any, Any], value: str) -> Cookie:
    return Cookie(
        key=LOGIN_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
    )


def cleared(request: Request[Any, Any, Any], name: str) -> Cookie:
    return Cookie(
        key=name,
        value="",
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=0,
    )
