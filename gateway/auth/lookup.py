"""Key lookup by id: one implementation per backend, chosen by the database URL.

Every request looks its key up (revocation takes effect on the next request, so
there is no cache to go stale); this is the per-request cost to keep small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.auth.models import ApiKey, Tenant
from gateway.db import sqlite


@dataclass(frozen=True, slots=True)
class KeyRecord:
    secret_sha256: str
    scopes: str
    disabled: bool
    expires_at: datetime | None
    revoked_at: datetime | None
    tenant_id: int
    tenant_name: str
    tenant_disabled: bool
    allowed_models: list[str] | None


class KeyLookup(Protocol):
    async def find(self, key_id: str) -> KeyRecord | None: ...

    def close(self) -> None: ...


class SqlAlchemyKeyLookup:
    """Any SQLAlchemy backend (PostgreSQL in production)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._query = select(
            ApiKey.secret_sha256, ApiKey.scopes, ApiKey.disabled, ApiKey.expires_at, ApiKey.revoked_at,
            Tenant.id, Tenant.name, Tenant.disabled, Tenant.allowed_models,
        ).join(Tenant, Tenant.id == ApiKey.tenant_id)

    async def find(self, key_id: str) -> KeyRecord | None:
        async with self._sessions() as session:
            row = (await session.execute(self._query.where(ApiKey.id == key_id))).first()
        return KeyRecord(*row) if row is not None else None

    def close(self) -> None:
        pass


class SqliteKeyLookup:
    """SQLite: a read on a local connection, run inline (WAL readers never wait for the writer)."""

    _SQL = (
        "SELECT k.secret_sha256, k.scopes, k.disabled, k.expires_at, k.revoked_at, "
        "t.id, t.name, t.disabled, t.allowed_models "
        "FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = ?"
    )

    def __init__(self, path: str) -> None:
        self._conn = sqlite.connect(path)

    async def find(self, key_id: str) -> KeyRecord | None:
        row = self._conn.execute(self._SQL, (key_id,)).fetchone()
        if row is None:
            return None
        secret, scopes, disabled, expires, revoked, tenant_id, tenant, tenant_disabled, models = row
        return KeyRecord(
            secret_sha256=secret,
            scopes=scopes,
            disabled=bool(disabled),
            expires_at=sqlite.datetime_from_db(expires),
            revoked_at=sqlite.datetime_from_db(revoked),
            tenant_id=tenant_id,
            tenant_name=tenant,
            tenant_disabled=bool(tenant_disabled),
            allowed_models=json.loads(models) if models is not None else None,
        )

    def close(self) -> None:
        self._conn.close()
