"""License fingerprint index: indexed reference sources and their winnowing fingerprints.

Revision ID: 0002_license_index
Revises: 0001_initial
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_license_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "license_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("package", sa.String(255), nullable=True),
        sa.Column("license", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("window_size", sa.Integer(), nullable=False),
        sa.Column("normalized", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_license_sources")),
        sa.UniqueConstraint("sha256", name=op.f("uq_license_sources_sha256")),
    )
    op.create_table(
        "license_fingerprints",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["license_sources.id"],
            name=op.f("fk_license_fingerprints_source_id_license_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "position", name=op.f("pk_license_fingerprints")),
    )
    op.create_index("ix_license_fingerprints_hash", "license_fingerprints", ["hash"])


def downgrade() -> None:
    op.drop_index("ix_license_fingerprints_hash", table_name="license_fingerprints")
    op.drop_table("license_fingerprints")
    op.drop_table("license_sources")
