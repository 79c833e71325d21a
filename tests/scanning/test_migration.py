from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect

from gateway.db.base import Base
from gateway.db.migrate import downgrade, upgrade
from gateway.scanning.license import models  # noqa: F401

TABLES = ("license_sources", "license_fingerprints")


def test_0002_upgrade_matches_the_models_and_downgrades(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    upgrade(url, "0002_license_index")
    sync = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        with sync.connect() as conn:
            assert set(TABLES) <= set(inspect(conn).get_table_names())
            ours = MetaData(naming_convention=Base.metadata.naming_convention)
            for name in TABLES:
                Base.metadata.tables[name].to_metadata(ours)
            diffs = compare_metadata(MigrationContext.configure(conn), ours)
            # Other teams' tables show up as "remove_*" (they are not in `ours`); ours must have no diff.
            assert [d for d in diffs if "license_" in repr(d)] == []
        downgrade(url, "0001_initial")
        with sync.connect() as conn:
            assert not set(TABLES) & set(inspect(conn).get_table_names())
    finally:
        sync.dispose()
