"""Signed chain head: the writer signs (last_id, last_hash) with every batch, so moving the head
back after deleting records at the end is detected by `sluice audit verify`.

Revision ID: 0005_signed_chain_head
Revises: 0004_dashboard_users
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_signed_chain_head"
down_revision = "0004_dashboard_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.add_column(sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("public_key_id", sa.String(16), nullable=True))
        batch.add_column(sa.Column("signature", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.drop_column("signature")
        batch.drop_column("public_key_id")
        batch.drop_column("signed_at")
