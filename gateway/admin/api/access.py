"""Who may read which tenant's audit records.

A key with `admin` reads every tenant; a key with `audit:read` only its own tenant.
The tenant scope is decided here, once, and every query takes it from `Access`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request

from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure
from gateway.errors import forbidden


@dataclass(frozen=True, slots=True)
class Access:
    principal: Principal
    is_admin: bool

    @property
    def tenant_scope(self) -> int | None:
        """None: every tenant. Otherwise the only tenant this caller may see."""
        return None if self.is_admin else self.principal.tenant_id

    def require_admin(self) -> None:
        if not self.is_admin:
            raise forbidden("This endpoint needs the 'admin' scope.", code="insufficient_scope")


async def authorize(request: Request[Any, Any, Any]) -> Access:
    """Raises AuthFailure (401/403) for a bad key or one with neither scope."""
    auth = request.app.state.services.auth
    try:
        principal: Principal = await auth.authenticate(request.headers, "audit:read")
    except AuthFailure as failure:
        # One lookup serves both scopes: an admin key without `audit:read` is let through.
        if failure.code == "insufficient_scope" and failure.principal and "admin" in failure.principal.scopes:
            return Access(failure.principal, True)
        raise
    return Access(principal, "admin" in principal.scopes)
