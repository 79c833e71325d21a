"""A fresh, migrated database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def audit_db(request: pytest.FixtureRequest, fresh_database: Any) -> str:
    return str(fresh_database(request.param))
