"""Sign-in with an API key (scope `admin`: every tenant; `audit:read`: the key's tenant) or as a dashboard
user, sign-out (also at the OpenID provider for single sign-on sessions), lock-out after repeated
failures, and the static files. Single sign-on itself is in `sso_pages`."""

from __future__ import annotations

import mimetypes
import secrets
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from gateway.admin.dashboard.access import (
    USER_PREFIX,
    cleared,
    client_address,
    current_session,
    dashboard_state,
    login_cookie,
    services,
    session_cookie,
    session_end_reason,
)
from gateway.admin.dashboard.common import checked_form, viewer
from gateway.admin.dashboard.rendering import SECURITY_HEADERS, STATIC_DIR, page, redirect
from gateway.admin.dashboard.security import LOGIN_COOKIE, SESSION_COOKIE
from gateway.admin.sso.oidc import OidcError
from gateway.audit.admin_events import record_admin_event
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure
from gateway.db.engine import session_factory

SIGNED_OUT_NOTICE = "You are signed out."


async def _authenticate(request: Request[Any, Any, Any], key: str) -> Principal | None:
    """The key's principal when it may use the dashboard (admin first, then audit:read)."""
    auth = services(request).auth
    headers = {"authorization": f"Bearer {key}"}
    for scope in ("admin", "audit:read"):
        try:
            return await auth.authenticate(headers, scope)
        except AuthFailure as failure:
            if failure.code != "insufficient_scope":
                return None
    return None


async def _authenticate_user(request: Request[Any, Any, Any], username: str, password: str) -> Principal | None:
    """A dashboard user (argon2id password) as a principal whose key id is `user:<name>`."""
    from gateway.auth.users import verify_user

    async with session_factory(services(request).engine)() as db:
        user = await verify_user(db, username, password)
    if user is None:
        return None
    scopes = frozenset({"admin"} if user.is_admin else {"audit:read"})
    return Principal(user.tenant_id or 0, user.tenant_name or "*", USER_PREFIX + user.username, scopes, None)


def _ended_notice(request: Request[Any, Any, Any]) -> str | None:
    """Why the viewer is back at the sign-in page, when their session ended rather than never began."""
    if request.query_params.get("signed_out"):
        return SIGNED_OUT_NOTICE
    config = dashboard_state(request).settings
    return {
        "idle": f"You were signed out after {_duration(config.idle_timeout_s)} without activity. "
                "Please sign in again.",
        "expired": f"Your session reached its maximum length of {_duration(config.session_lifetime_s)}. "
                   "Please sign in again.",
        "revoked": "Your session has ended: the key, user or tenant it was opened with is no longer allowed "
                   "to use the dashboard.",
    }.get(session_end_reason(request) or "")


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    if seconds % 60 == 0:
        return f"{seconds // 60} minute{'s' if seconds != 60 else ''}"
    return f"{seconds} seconds"


def sign_in_page(
    request: Request[Any, Any, Any],
    error: str | None = None,
    status: int = 200,
    notice: str | None = None,
    extra_cookies: list[Any] | None = None,
) -> Response[str]:
    """The sign-in page with the methods the config enables (and a fresh CSRF nonce for its forms)."""
    state = dashboard_state(request)
    nonce = secrets.token_hex(16)
    cookies = [login_cookie(request, nonce), *(extra_cookies or [])]
    if request.cookies.get(SESSION_COOKIE):  # a session that ended: drop its cookie
        cookies.append(cleared(request, SESSION_COOKIE))
    config = state.settings
    return page(
        "login.html",
        status=status,
        error=error,
        notice=notice,
        csrf=state.signer.csrf_token(nonce),
        session=None,
        active="login",
        sso_label=config.sso.label if config.sso else None,
        api_keys=config.api_key_sign_in,
        local_users=config.user_sign_in,
        cookies=cookies,
    )


class SignInController(Controller):
    path = "/"

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Response[str]:
        return redirect("/admin/overview" if await current_session(request) else "/admin/login")

    @get("/login")
    async def login_form(self, request: Request[Any, Any, Any]) -> Response[str]:
        if await current_session(request):
            return redirect("/admin/overview")
        return sign_in_page(request, notice=_ended_notice(request))

    @post("/login", status_code=200)
    async def login(self, request: Request[Any, Any, Any]) -> Response[str]:
        state = dashboard_state(request)
        client = client_address(request)
        form = await request.form()
        if not state.signer.csrf_ok(request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
            return sign_in_page(request, "The sign-in form expired. Please try again.", 403)
        wait = state.throttle.locked_for(client)
        if wait:
            return sign_in_page(request, f"Too many failed sign-ins. Try again in {int(wait // 60) + 1} minutes.", 429)
        username = str(form.get("username", "")).strip().lower()
        audit = services(request).audit
        enabled = state.settings.user_sign_in if username else state.settings.api_key_sign_in
        if not enabled:
            method = "user" if username else "api_key"
            await record_admin_event(audit, "dashboard.login_failed", actor="dashboard", client_addr=client,
                                     status_code=403, details={"method": method, "reason": "method_disabled"})
            what = "with a username and password" if username else "with an API key"
            return sign_in_page(request, f"Signing in {what} is switched off on this gateway.", 403)
        if username:
            principal = await _authenticate_user(request, username, str(form.get("password", "")))
        else:
            principal = await _authenticate(request, str(form.get("api_key", "")).strip())
        if principal is None:
            locked = state.throttle.failed(client)
            await record_admin_event(
                audit,
                "dashboard.login_failed",
                actor="dashboard",
                client_addr=client,
                status_code=401,
                details={"locked_out": locked, **({"user": username} if username else {})},
            )
            message = (
                "Too many failed sign-ins. Try again in 15 minutes."
                if locked
                else "Wrong username or password."
                if username
                else "That key was not accepted: it must be valid and have the 'admin' or 'audit:read' scope."
            )
            return sign_in_page(request, message, 429 if locked else 401)
        state.throttle.succeeded(client)
        is_admin = "admin" in principal.scopes
        value, session = state.signer.issue(
            principal.key_id, None if is_admin else principal.tenant_id, principal.tenant_name, is_admin
        )
        await record_admin_event(
            audit,
            "dashboard.login",
            actor=session.actor,
            key_id=session.api_key_id,
            tenant_id=principal.tenant_id,
            tenant_name=principal.tenant_name,
            client_addr=client,
            details={"scope": session.scope_label, "method": session.method},
        )
        return redirect(
            "/admin/overview",
            cookies=[session_cookie(request, value, state.signer.ttl_s), cleared(request, LOGIN_COOKIE)],
        )

    @post("/logout", status_code=200)
    async def logout(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        await checked_form(request, session)
        state = dashboard_state(request)
        state.sign_out(session)
        provider_logout = None
        if session.method == "sso" and state.oidc is not None:
            back = state.settings.sso.post_logout_redirect_uri if state.settings.sso else None
            try:
                provider_logout = await state.oidc.end_session_url(
                    session.logout_hint, back or str(request.base_url).rstrip("/") + "/admin/login?signed_out=1"
                )
            except OidcError:  # signed out here; the provider's own session is left to expire
                provider_logout = None
        await record_admin_event(
            services(request).audit,
            "dashboard.logout",
            actor=session.actor,
            key_id=session.api_key_id,
            tenant_id=session.tenant_id,
            tenant_name=session.tenant_name if session.tenant_id is not None else None,
            client_addr=client_address(request),
            details={"method": session.method, "provider_logout": provider_logout is not None},
        )
        gone = [cleared(request, SESSION_COOKIE)]
        if provider_logout is None:
            return redirect("/admin/login", cookies=gone)
        # A page that moves on by itself rather than a redirect: the sign-out form's CSP (form-action
        # 'self') would stop a redirect to the provider.
        return page("continue.html", title="Signing out", target=provider_logout, session=None, active="",
                    message="Signing you out at your identity provider…", cookies=gone)

    @get("/static/{name:path}")
    async def static(self, name: FromPath[str]) -> Response[bytes]:
        path = (STATIC_DIR / name.lstrip("/")).resolve()
        if not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
            raise NotFoundException(f"No static file {name!r}.")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {**SECURITY_HEADERS, "cache-control": "public, max-age=3600"}
        return Response(content=path.read_bytes(), media_type=media_type, headers=headers)
