"""Policy snapshots: the effective text of every policy version the gateway has loaded, so a record's
policy version (a hash) can be shown as text and diffed against the version before it.

Revision ID: 0006_policy_snapshots
Revises: 0005_signed_chain_head
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_policy_snapshots"
down_revision = "0005_signed_chain_head"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("policy_name", sa.String(128), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("set_version", sa.String(64), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_snapshots")),
        sa.UniqueConstraint("policy_name", "version", name=op.f("uq_policy_snapshots_policy_name")),
    )
    op.create_index(op.f("ix_policy_snapshots_version"), "policy_snapshots", ["version"])


def downgrade() -> None:
    op.drop_index(op.f("ix_policy_snapshots_version"), table_name="policy_snapshots")
    op.drop_table("policy_snapshots")
