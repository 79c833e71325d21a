"""Tenant and key management, shared by the CLI and the admin API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.keys import generate_key, hash_secret
from gateway.auth.models import ApiKey, Tenant
from gateway.auth.principal import SCOPES

# Matched with fullmatch (`$` would accept a trailing newline) and ASCII digits only (`\d` also
# matches '²', which int() refuses): a bad value is an AdminError, never a crash or a database error.
_TENANT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_DURATION = re.compile(r"(?P<n>[0-9]{1,9})(?P<unit>[smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_KEY_LIFETIME = timedelta(days=3660)  # ten years: any longer is "never", which must be said explicitly
_KEY_ID = re.compile(r"[0-9a-f]{1,32}")


class AdminError(ValueError):
    """A management request that cannot be carried out; the message says why."""


@dataclass(frozen=True, slots=True)
class CreatedKey:
    key_id: str
    tenant: str
    scopes: tuple[str, ...]
    expires_at: datetime | None
    full_key: str  # shown exactly once


def parse_duration(value: str) -> timedelta:
    match = _DURATION.fullmatch(value.strip())
    if not match:
        raise AdminError(f"invalid duration {value[:40]!r}: use e.g. 30d, 12h, 90m, 2w")
    duration = timedelta(seconds=int(match.group("n")) * _UNITS[match.group("unit")])
    if not timedelta(0) < duration <= MAX_KEY_LIFETIME:
        raise AdminError(f"invalid duration {value[:40]!r}: from 1s to {MAX_KEY_LIFETIME.days} days")
    return duration


def parse_scopes(value: str) -> tuple[str, ...]:
    scopes = tuple(dict.fromkeys(s.strip() for s in value.replace(" ", ",").split(",") if s.strip()))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise AdminError(f"unknown scope(s) {', '.join(unknown) or '(none given)'}; valid: {', '.join(sorted(SCOPES))}")
    return scopes


async def create_tenant(session: AsyncSession, name: str, allowed_models: list[str] | None = None) -> Tenant:
    if not _TENANT_NAME.fullmatch(name):
        raise AdminError(f"invalid tenant name {name[:80]!r}: lowercase letters, digits, '-' and '_', at most 64")
    if await get_tenant(session, name) is not None:
        raise AdminError(f"tenant {name!r} already exists")
    tenant = Tenant(name=name, disabled=False, allowed_models=allowed_models)
    session.add(tenant)
    await session.flush()
    return tenant


async def get_tenant(session: AsyncSession, name: str) -> Tenant | None:
    if not _TENANT_NAME.fullmatch(name):  # no such tenant can exist; NUL would fail on PostgreSQL
        return None
    return (await session.execute(select(Tenant).where(Tenant.name == name))).scalar_one_or_none()


async def require_tenant(session: AsyncSession, name: str) -> Tenant:
    tenant = await get_tenant(session, name)
    if tenant is None:
        raise AdminError(f"no tenant named {name[:80]!r}")
    return tenant


async def list_tenants(session: AsyncSession) -> list[Tenant]:
    return list((await session.execute(select(Tenant).order_by(Tenant.name))).scalars())


async def set_tenant_disabled(session: AsyncSession, name: str, disabled: bool) -> Tenant:
    tenant = await require_tenant(session, name)
    tenant.disabled = disabled
    return tenant


async def create_key(
    session: AsyncSession,
    tenant_name: str,
    *,
    scopes: tuple[str, ...] = ("generate",),
    expires_in: timedelta | None = None,
    name: str | None = None,
) -> CreatedKey:
    tenant = await require_tenant(session, tenant_name)
    parsed, full = generate_key()
    expires_at = datetime.now(UTC) + expires_in if expires_in else None
    session.add(
        ApiKey(
            id=parsed.key_id,
            tenant_id=tenant.id,
            name=name,
            secret_sha256=hash_secret(parsed.secret),
            scopes=" ".join(scopes),
            disabled=False,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return CreatedKey(parsed.key_id, tenant.name, scopes, expires_at, full)


async def list_keys(session: AsyncSession, tenant_name: str | None = None) -> list[tuple[ApiKey, str]]:
    query = (
        select(ApiKey, Tenant.name)
        .join(Tenant, Tenant.id == ApiKey.tenant_id)
        .order_by(Tenant.name, ApiKey.created_at)
    )
    if tenant_name is not None:
        query = query.where(Tenant.name == tenant_name)
    return [(key, tenant) for key, tenant in (await session.execute(query)).all()]


async def revoke_key(session: AsyncSession, key_id: str) -> ApiKey:
    wanted = key_id.removeprefix("sk-sluice-").split("_")[0]
    key = await session.get(ApiKey, wanted) if _KEY_ID.fullmatch(wanted) else None
    if key is None:
        raise AdminError(f"no key with id {key_id[:40]!r}")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
    return key
