"""Authentication: header -> key -> Principal, with uniform failures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.auth.keys import parse_key, secret_matches
from gateway.auth.models import ApiKey, Tenant
from gateway.auth.principal import Principal
from gateway.errors import APIError, forbidden, unauthorized


class AuthFailure(APIError):
    """401/403 that still knows which tenant/key it was about (for the audit record)."""

    def __init__(self, error: APIError, *, key_id: str | None = None, principal: Principal | None = None) -> None:
        super().__init__(
            error.status, error.message, type=error.type, code=error.code, param=error.param, headers=error.headers
        )
        self.key_id = key_id
        self.principal = principal


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """`Authorization: Bearer <key>` (OpenAI SDKs) or `api-key: <key>` (Azure-style clients)."""
    auth = headers.get("authorization")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
        return None
    api_key = headers.get("api-key")
    return api_key.strip() if api_key else None


class AuthService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._query = (
            select(ApiKey.secret_sha256, ApiKey.scopes, ApiKey.disabled, ApiKey.expires_at, ApiKey.revoked_at,
                   Tenant.id, Tenant.name, Tenant.disabled, Tenant.allowed_models)
            .join(Tenant, Tenant.id == ApiKey.tenant_id)
        )

    async def authenticate(self, headers: Mapping[str, str], scope: str) -> Principal:
        token = bearer_token(headers)
        if token is None:
            raise AuthFailure(unauthorized("Missing API key: send 'Authorization: Bearer sk-sluice-...'."))
        parsed = parse_key(token)
        if parsed is None:
            raise AuthFailure(unauthorized("Malformed API key."))
        async with self._sessions() as session:
            row = (await session.execute(self._query.where(ApiKey.id == parsed.key_id))).first()
        # Same work and the same answer for an unknown id and a wrong secret.
        if not secret_matches(parsed.secret, row[0] if row else None) or row is None:
            raise AuthFailure(unauthorized("Invalid API key."), key_id=None)
        _, scopes, key_disabled, expires_at, revoked_at, tenant_id, tenant_name, tenant_disabled, models = row
        principal = Principal(
            tenant_id=tenant_id,
            tenant_name=tenant_name,
            key_id=parsed.key_id,
            scopes=frozenset(scopes.split()),
            allowed_models=tuple(models) if models is not None else None,
        )
        now = datetime.now(UTC)
        if revoked_at is not None:
            raise AuthFailure(unauthorized("This API key has been revoked."), key_id=parsed.key_id, principal=principal)
        if expires_at is not None and expires_at <= now:
            raise AuthFailure(unauthorized("This API key has expired."), key_id=parsed.key_id, principal=principal)
        if key_disabled:
            raise AuthFailure(
                forbidden("This API key is disabled.", code="key_disabled"), key_id=parsed.key_id, principal=principal
            )
        if tenant_disabled:
            raise AuthFailure(
                forbidden("This tenant is disabled.", code="tenant_disabled"), key_id=parsed.key_id, principal=principal
            )
        if scope not in principal.scopes:
            raise AuthFailure(
                forbidden(f"This API key lacks the '{scope}' scope.", code="insufficient_scope"),
                key_id=parsed.key_id,
                principal=principal,
            )
        return principal
