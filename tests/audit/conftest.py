"""A fresh, migrated database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def audit_db(request: pytest.FixtureRequest, fresh_database) -> str:  # type: ignore[no-untyped-def]
    return str(fresh_database(request.param))
