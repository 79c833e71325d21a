"""Synchronous helpers over the async database layer, for assertions in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text

from gateway.audit.models import AuditRecord
from gateway.auth import admin
from gateway.db.engine import create_engine, session_factory


def run(url: str, work: Any) -> Any:
    async def main() -> Any:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def create_tenant(url: str, name: str, models: list[str] | None = None) -> None:
    run(url, lambda s: admin.create_tenant(s, name, models))


def create_key(
    url: str, tenant: str, scopes: Sequence[str] = ("generate",), expires_in: timedelta | None = None
) -> str:
    async def work(session: Any) -> str:
        created = await admin.create_key(session, tenant, scopes=tuple(scopes), expires_in=expires_in)
        return created.full_key

    return str(run(url, work))


def audit_rows(url: str, **where: Any) -> list[AuditRecord]:
    async def work(session: Any) -> list[AuditRecord]:
        query = select(AuditRecord).order_by(AuditRecord.id)
        for column, value in where.items():
            query = query.where(getattr(AuditRecord, column) == value)
        return list((await session.execute(query)).scalars())

    return list(run(url, work))


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    async def work(session: Any) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in (await session.execute(text(sql))).all()]

    return list(run(url, work))


def execute(url: str, sql: str) -> None:
    async def work(session: Any) -> None:
        await session.execute(text(sql))

    run(url, work)
