"""Authentication: header -> key -> Principal, with uniform failures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from gateway.auth.keys import parse_key, secret_matches
from gateway.auth.lookup import KeyLookup
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
    def __init__(self, keys: KeyLookup) -> None:
        self._keys = keys

    async def aclose(self) -> None:
        await self._keys.aclose()

    async def authenticate(self, headers: Mapping[str, str], scope: str) -> Principal:
        token = bearer_token(headers)
        if token is None:
            raise AuthFailure(unauthorized("Missing API key: send 'Authorization: Bearer sk-sluice-...'."))
        parsed = parse_key(token)
        if parsed is None:
            raise AuthFailure(unauthorized("Malformed API key."))
        record = await self._keys.find(parsed.key_id)
        # Same work and the same answer for an unknown id and a wrong secret.
        if not secret_matches(parsed.secret, record.secret_sha256 if record else None) or record is None:
            raise AuthFailure(unauthorized("Invalid API key."), key_id=None)
        principal = Principal(
            tenant_id=record.tenant_id,
            tenant_name=record.tenant_name,
            key_id=parsed.key_id,
            scopes=frozenset(record.scopes.split()),
            allowed_models=tuple(record.allowed_models) if record.allowed_models is not None else None,
        )
        now = datetime.now(UTC)
        revoked_at, expires_at = record.revoked_at, record.expires_at
        key_disabled, tenant_disabled = record.disabled, record.tenant_disabled
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
