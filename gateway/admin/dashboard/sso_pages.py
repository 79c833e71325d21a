"""Single sign-on pages: /admin/sso/login sends the browser to the OpenID provider, /admin/sso/callback
takes it back, checks everything (state, code with PKCE, ID token, nonce), maps the person's claims
to a role and opens a dashboard session. Every sign-in, refusal and role decision is an admin event.

The pending sign-in (state, nonce, PKCE verifier) lives in a signed cookie scoped to /admin/sso and
good for 10 minutes, SameSite=Lax because the provider's redirect back is a cross-site navigation.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from sqlalchemy import select

from gateway.admin.dashboard.access import (
    client_address,
    dashboard_state,
    secure_cookies,
    services,
    session_cookie,
)
from gateway.admin.dashboard.rendering import page, redirect
from gateway.admin.dashboard.security import SSO_PREFIX
from gateway.admin.dashboard.sign_in import sign_in_page
from gateway.admin.sso.oidc import OidcError, PendingSignIn
from gateway.admin.sso.roles import RoleDecision, clean, decide, recorded_groups, username
from gateway.audit.admin_events import record_admin_event
from gateway.auth.models import Tenant
from gateway.db.engine import session_factory

PENDING_COOKIE = "sluice_sso"
PENDING_PATH = "/admin/sso"
PENDING_TTL_S = 600
MAX_PARAM_CHARS = 4096  # code and state: far above what providers send, far below anything costly


def _pending_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(key=PENDING_COOKIE, value=value, path=PENDING_PATH, httponly=True, samesite="lax",
                  secure=secure_cookies(request), max_age=max_age)


def _redirect_uri(request: Request[Any, Any, Any]) -> str:
    configured = dashboard_state(request).settings.sso
    if configured is not None and configured.redirect_uri:
        return configured.redirect_uri
    return str(request.base_url).rstrip("/") + "/admin/sso/callback"


class SsoController(Controller):
    path = "/sso"

    async def _refuse(
        self,
        request: Request[Any, Any, Any],
        error: OidcError,
        details: dict[str, Any] | None = None,
    ) -> Response[str]:
        """Audit the refusal (why, and for whom when known), then the sign-in page with the message."""
        await record_admin_event(
            services(request).audit,
            "dashboard.login_failed",
            actor="dashboard",
            client_addr=client_address(request),
            status_code=error.status,
            details={"method": "sso", "reason": error.reason, **(details or {})},
        )
        return sign_in_page(request, error.message, error.status,
                            extra_cookies=[_pending_cookie(request, "", 0)])

    @get("/login")
    async def start(self, request: Request[Any, Any, Any]) -> Response[str]:
        state = dashboard_state(request)
        if state.oidc is None:
            raise NotFoundException("Single sign-on is not configured.")
        try:
            url, pending = await state.oidc.begin(_redirect_uri(request))
        except OidcError as error:
            return await self._refuse(request, error)
        sealed = state.signer.seal("sso", pending.to_dict(), PENDING_TTL_S)
        return redirect(url, cookies=[_pending_cookie(request, sealed, PENDING_TTL_S)])

    @get("/callback")
    async def callback(self, request: Request[Any, Any, Any]) -> Response[str]:
        state = dashboard_state(request)
        oidc = state.oidc
        if oidc is None:
            raise NotFoundException("Single sign-on is not configured.")
        params = request.query_params
        raw = state.signer.unseal("sso", request.cookies.get(PENDING_COOKIE))
        pending = PendingSignIn.from_dict(raw) if raw is not None else None
        if pending is None:
            return await self._refuse(request, OidcError(
                "no_pending_sign_in",
                "This sign-in has expired or was started in another browser. Please sign in again.", 400))
        returned_state = str(params.get("state") or "")[:MAX_PARAM_CHARS]
        if not hmac.compare_digest(returned_state.encode(), pending.state.encode()):
            return await self._refuse(request, OidcError(
                "state_mismatch",
                "The identity provider's answer does not belong to this sign-in (state mismatch). "
                "Please sign in again.", 400))
        if params.get("error"):
            error = clean(str(params.get("error")), 60)
            return await self._refuse(request, OidcError(
                "provider_error", f"The identity provider did not sign you in ({error}).", 401),
                {"provider_error": error})
        code = str(params.get("code") or "")
        if not code or len(code) > MAX_PARAM_CHARS:
            return await self._refuse(request, OidcError(
                "no_code", "The identity provider's answer carried no authorization code.", 400))
        try:
            tokens = await oidc.exchange(code, pending)
            claims = await oidc.verify_id_token(tokens.id_token, pending.nonce)
            claims = await oidc.userinfo(tokens.access_token, claims)
        except OidcError as error:
            return await self._refuse(request, error)
        assert state.settings.sso is not None
        config = state.settings.sso
        who = username(config, claims)
        identity = {"user": who, "subject": clean(str(claims["sub"]), 200), "groups": recorded_groups(config, claims)}
        decision = decide(config.roles, claims)
        if decision.role is None:
            return await self._refuse(request, OidcError(
                "no_role",
                f"You signed in as {who}, but none of your groups gives access to this dashboard. "
                "Ask your administrator to map one of them to a role (dashboard.sso.roles).", 403),
                {**identity, "role_decision": decision.audit()})
        tenant = await self._tenant(request, decision)
        if decision.role == "auditor" and tenant is None:
            return await self._refuse(request, OidcError(
                "tenant_unavailable",
                f"Your group makes you an auditor of tenant {decision.tenant}, which does not exist or is "
                "disabled on this gateway.", 403), {**identity, "role_decision": decision.audit()})
        is_admin = decision.role == "admin"
        tenant_id, tenant_name = tenant if tenant is not None else (None, "*")
        value, session = state.signer.issue(SSO_PREFIX + who, tenant_id, tenant_name, is_admin,
                                            logout_hint=tokens.id_token)
        await record_admin_event(
            services(request).audit,
            "dashboard.login",
            actor=session.actor,
            tenant_id=tenant_id,
            tenant_name=tenant_name if tenant_id is not None else None,
            client_addr=client_address(request),
            details={"method": "sso", "scope": session.scope_label, "issuer": config.issuer, **identity,
                     "role_decision": decision.audit()},
        )
        cookies = [session_cookie(request, value, state.signer.ttl_s), _pending_cookie(request, "", 0)]
        # A page rather than a redirect: after the provider's cross-site redirect, Chromium would not
        # send the SameSite=Strict session cookie along a redirect chain; a page's own navigation does.
        return page("continue.html", title="Signed in", target="/admin/overview", session=None, active="",
                    message=f"Signed in as {who}. Opening the dashboard…", cookies=cookies)

    async def _tenant(self, request: Request[Any, Any, Any], decision: RoleDecision) -> tuple[int, str] | None:
        if decision.role != "auditor" or decision.tenant is None:
            return None
        async with session_factory(services(request).engine)() as db:
            row = (await db.execute(select(Tenant.id, Tenant.name, Tenant.disabled)
                                    .where(Tenant.name == decision.tenant))).first()
        return (row[0], row[1]) if row is not None and not row[2] else None
