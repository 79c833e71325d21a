"""The asyncpg key lookup returns exactly what the SQLAlchemy one does, and survives a lost connection."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from gateway.auth.keys import parse_key
from gateway.auth.lookup import PostgresKeyLookup, SqlAlchemyKeyLookup
from gateway.db.engine import create_engine, session_factory
from tests.support import db


def test_asyncpg_lookup_matches_the_orm_lookup(fresh_database: Any) -> None:
    url = str(fresh_database("postgres"))
    db.create_tenant(url, "plain")
    db.create_tenant(url, "restricted", models=["codellama-7b", "codellama-13b"])
    keys = [
        db.create_key(url, "plain"),
        db.create_key(url, "restricted", scopes=("generate", "audit:read"), expires_in=timedelta(days=3)),
    ]
    revoked = db.create_key(url, "plain")
    db.execute(url, f"UPDATE api_keys SET revoked_at = now() WHERE id = '{parse_key(revoked).key_id}'")
    db.execute(url, "UPDATE tenants SET disabled = true WHERE name = 'plain'")
    ids = [parse_key(k).key_id for k in [*keys, revoked]] + ["no-such-key"]

    async def main() -> None:
        engine = create_engine(url)
        fast, orm = PostgresKeyLookup(engine, connections=2), SqlAlchemyKeyLookup(session_factory(engine))
        try:
            for key_id in ids:
                assert await fast.find(key_id) == await orm.find(key_id)
            record = await fast.find(ids[1])
            assert record is not None and record.allowed_models == ["codellama-7b", "codellama-13b"]
            assert record.expires_at is not None and record.expires_at.tzinfo is not None
            assert (await fast.find(ids[2])).revoked_at is not None  # type: ignore[union-attr]
            # Lookups in parallel share the held connections.
            found = await asyncio.gather(*(fast.find(ids[i % 2]) for i in range(20)))
            assert all(found)
            # Held connections killed under it (a restart, a proxy's idle timeout): each lookup that
            # meets one reconnects and still answers.
            async with engine.connect() as admin:
                await admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            for _ in range(3):
                assert await fast.find(ids[0]) == await orm.find(ids[0])
        finally:
            await fast.aclose()
            await engine.dispose()

    asyncio.run(main())
