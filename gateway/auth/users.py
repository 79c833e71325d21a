"""Dashboard users: argon2id password hashes, uniform failures, tenant scoping."""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.admin import AdminError, require_tenant
from gateway.auth.models import DashboardUser, Tenant

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{2,63}")  # fullmatch: `$` would accept a trailing newline
MIN_PASSWORD_CHARS = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both paths cost one argon2 verification.
_DUMMY_HASH = _hasher.hash("sluice-no-such-user")


@dataclass(frozen=True, slots=True)
class UserIdentity:
    username: str
    tenant_id: int | None
    tenant_name: str | None

    @property
    def is_admin(self) -> bool:
        return self.tenant_id is None


async def create_user(session: AsyncSession, username: str, password: str, tenant_name: str | None) -> UserIdentity:
    if not _USERNAME.fullmatch(username):
        raise AdminError(f"invalid username {username!r}: 3-64 of lowercase letters, digits and . _ @ -")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AdminError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    existing = await session.execute(select(DashboardUser.id).where(DashboardUser.username == username))
    if existing.first() is not None:
        raise AdminError(f"user {username!r} already exists")
    tenant = await require_tenant(session, tenant_name) if tenant_name else None
    session.add(
        DashboardUser(username=username, password_hash=_hasher.hash(password),
                      tenant_id=tenant.id if tenant else None, disabled=False)
    )
    await session.flush()
    return UserIdentity(username, tenant.id if tenant else None, tenant.name if tenant else None)


async def set_user_disabled(session: AsyncSession, username: str, disabled: bool) -> None:
    user = (await session.execute(select(DashboardUser).where(DashboardUser.username == username))).scalar_one_or_none()
    if user is None:
        raise AdminError(f"no user named {username!r}")
    user.disabled = disabled


async def find_active_user(session: AsyncSession, username: str) -> UserIdentity | None:
    """The user if it exists, is enabled and its tenant (if any) is enabled; no password check."""
    if not _USERNAME.fullmatch(username):  # cannot exist; a NUL byte would fail on PostgreSQL
        return None
    row = (
        await session.execute(
            select(DashboardUser.username, DashboardUser.tenant_id, DashboardUser.disabled, Tenant.name,
                   Tenant.disabled)
            .outerjoin(Tenant, Tenant.id == DashboardUser.tenant_id)
            .where(DashboardUser.username == username)
        )
    ).first()
    if row is None or row[2] or row[4]:
        return None
    return UserIdentity(row[0], row[1], row[3])


async def verify_user(session: AsyncSession, username: str, password: str) -> UserIdentity | None:
    stored = None
    if _USERNAME.fullmatch(username):  # any other name cannot exist (and NUL would fail on PostgreSQL)
        stored = (
            await session.execute(select(DashboardUser.password_hash).where(DashboardUser.username == username))
        ).scalar_one_or_none()
    ok: bool
    try:
        ok = _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or stored is None:
        return None
    return await find_active_user(session, username)
