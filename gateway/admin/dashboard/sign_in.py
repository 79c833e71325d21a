"""Sign-in with an API key (scope `admin`: every tenant; `audit:read`: the key's tenant), sign-out,
lock-out after repeated failures, and the static files."""

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
)
from gateway.admin.dashboard.common import checked_form, viewer
from gateway.admin.dashboard.rendering import SECURITY_HEADERS, STATIC_DIR, page, redirect
from gateway.admin.dashboard.security import LOGIN_COOKIE, SESSION_COOKIE
from gateway.audit.admin_events import record_admin_event
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure
from gateway.db.engine import session_factory


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


class SignInController(Controller):
    path = "/"

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Response[str]:
        return redirect("/admin/overview" if await current_session(request) else "/admin/login")

    @get("/login")
    async def login_form(self, request: Request[Any, Any, Any]) -> Response[str]:
        if await current_session(request):
            return redirect("/admin/overview")
        return self._form(request)

    def _form(self, request: Request[Any, Any, Any], error: str | None = None, status: int = 200) -> Response[str]:
        nonce = secrets.token_hex(16)
        csrf = dashboard_state(request).signer.csrf_token(nonce)
        return page(
            "login.html",
            status=status,
            error=error,
            csrf=csrf,
            session=None,
            active="login",
            cookies=[login_cookie(request, nonce)],
        )

    @post("/login", status_code=200)
    async def login(self, request: Request[Any, Any, Any]) -> Response[str]:
        state = dashboard_state(request)
        client = client_address(request)
        form = await request.form()
        if not state.signer.csrf_ok(request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
            return self._form(request, "The sign-in form expired. Please try again.", 403)
        wait = state.throttle.locked_for(client)
        if wait:
            return self._form(request, f"Too many failed sign-ins. Try again in {int(wait // 60) + 1} minutes.", 429)
        username = str(form.get("username", "")).strip().lower()
        if username:
            principal = await _authenticate_user(request, username, str(form.get("password", "")))
        else:
            principal = await _authenticate(request, str(form.get("api_key", "")).strip())
        audit = services(request).audit
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
            return self._form(request, message, 429 if locked else 401)
        state.throttle.succeeded(client)
        is_admin = "admin" in principal.scopes
        value, session = state.signer.issue(
            principal.key_id, None if is_admin else principal.tenant_id, principal.tenant_name, is_admin
        )
        is_user = principal.key_id.startswith(USER_PREFIX)
        await record_admin_event(
            audit,
            "dashboard.login",
            actor=principal.key_id if is_user else f"key:{principal.key_id}",
            key_id=None if is_user else principal.key_id,
            tenant_id=principal.tenant_id,
            tenant_name=principal.tenant_name,
            client_addr=client,
            details={"scope": session.scope_label},
        )
        return redirect(
            "/admin/overview",
            cookies=[session_cookie(request, value, state.signer.ttl_s), cleared(request, LOGIN_COOKIE)],
        )

    @post("/logout", status_code=200)
    async def logout(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        await checked_form(request, session)
        dashboard_state(request).sign_out(session)
        return redirect("/admin/login", cookies=[cleared(request, SESSION_COOKIE)])

    @get("/static/{name:path}")
    async def static(self, name: FromPath[str]) -> Response[bytes]:
        path = (STATIC_DIR / name.lstrip("/")).resolve()
        if not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
            raise NotFoundException(f"No static file {name!r}.")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {**SECURITY_HEADERS, "cache-control": "public, max-age=3600"}
        return Response(content=path.read_bytes(), media_type=media_type, headers=headers)
