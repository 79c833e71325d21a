"""The audit decision index leaves out `allow`: nearly every record is allowed, and a search for
allowed records reads the table newest first anyway; every allowed record then writes one index
page less per commit. Searches for block, repair and redaction still go through the index.

Revision ID: 0007_partial_decision_index
Revises: 0006_policy_snapshots
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_partial_decision_index"
down_revision = "0006_policy_snapshots"
branch_labels = None
depends_on = None

# Spelled out, not imported from the models: a migration keeps meaning what it meant when written.
_NOT_ALLOW = "decision <> 'allow'"


def upgrade() -> None:
    op.drop_index("ix_audit_records_decision", table_name="audit_records")
    op.create_index("ix_audit_records_decision_not_allow", "audit_records", ["decision"],
                    sqlite_where=sa.text(_NOT_ALLOW), postgresql_where=sa.text(_NOT_ALLOW))


def downgrade() -> None:
    op.drop_index("ix_audit_records_decision_not_allow", table_name="audit_records")
    op.create_index("ix_audit_records_decision", "audit_records", ["decision"])
