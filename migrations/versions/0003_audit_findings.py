"""Audit trail: findings rows, signed checkpoints, per-record policy/storage fields.

Revision ID: 0003_audit_findings
Revises: 0002_license_index
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_audit_findings"
down_revision = "0002_license_index"
branch_labels = None
depends_on = None

_RECORD_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_NEW_COLUMNS = (
    ("replica", sa.String(128)),
    ("policy_mode", sa.String(16)),
    ("store_bodies", sa.String(16)),
    ("input_actions", sa.JSON()),
    ("repair_attempts", sa.Integer()),
    ("stage_ms", sa.JSON()),
    ("findings_count", sa.Integer()),
    ("findings_sha256", sa.String(64)),
    ("body_key_id", sa.String(32)),
)
_FINDING_INDEXES = ("created_at", "scanner", "rule_id", "severity", "cwe", "action")


def upgrade() -> None:
    for name, type_ in _NEW_COLUMNS:
        op.add_column("audit_records", sa.Column(name, type_, nullable=True))
    op.create_table(
        "audit_findings",
        sa.Column("record_id", _RECORD_ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scanner", sa.String(32), nullable=False),
        sa.Column("rule_id", sa.String(200), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("cwe", sa.String(16), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=True),
        sa.Column("end_line", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["audit_records.id"],
                                name=op.f("fk_audit_findings_record_id_audit_records"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_audit_findings")),
    )
    for column in _FINDING_INDEXES:
        op.create_index(op.f(f"ix_audit_findings_{column}"), "audit_findings", [column])
    op.create_index("ix_audit_findings_tenant_created", "audit_findings", ["tenant_id", "created_at"])
    op.create_table(
        "audit_checkpoints",
        sa.Column("record_id", _RECORD_ID, autoincrement=False, nullable=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("public_key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_audit_checkpoints")),
    )


def downgrade() -> None:
    op.drop_table("audit_checkpoints")
    op.drop_index("ix_audit_findings_tenant_created", table_name="audit_findings")
    for column in _FINDING_INDEXES:
        op.drop_index(op.f(f"ix_audit_findings_{column}"), table_name="audit_findings")
    op.drop_table("audit_findings")
    with op.batch_alter_table("audit_records") as batch:
        for name, _ in reversed(_NEW_COLUMNS):
            batch.drop_column(name)
