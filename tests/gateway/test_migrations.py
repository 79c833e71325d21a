"""Alembic: upgrade, downgrade and no drift between models and migrations, on both backends."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command
from sqlalchemy import inspect

from gateway.db.engine import create_engine
from gateway.db.migrate import alembic_config, downgrade, upgrade


def tables(url: str) -> set[str]:
    async def main() -> set[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await engine.dispose()

    return asyncio.run(main())


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_upgrade_downgrade_and_check(kind: str, fresh_database) -> None:  # type: ignore[no-untyped-def]
    url = fresh_database(kind)  # migrated to head
    assert {"tenants", "api_keys", "audit_records", "audit_chain_head"} <= tables(url)
    command.check(alembic_config(url))  # raises if models and migrations drift apart
    downgrade(url, "base")
    assert tables(url) <= {"alembic_version"}
    upgrade(url)
    assert "audit_records" in tables(url)
