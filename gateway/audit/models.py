"""Audit tables.

`audit_records.id` is the chain position, assigned by the writer while it holds the
chain head's row lock, so ids are gap-free and in commit order on every backend.
`audit_findings` holds one row per finding (queryable by rule, CWE, severity,
scanner); the record commits to them through `findings_sha256`.
`audit_checkpoints` holds optional Ed25519 signatures over the chain head.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base
from gateway.db.types import UTCDateTime

GENESIS_HASH = "0" * 64

_RecordId = BigInteger().with_variant(Integer, "sqlite")

# The decision index leaves out `allow`, what nearly every record says: searching for allowed
# records walks the table newest first (most rows match, so a page fills at once), while a
# search for a block, repair or redaction finds the few among millions through the index. Every
# record that is not refused saves an index page written per commit (migration 0007). A query
# uses it only when its WHERE clause repeats this condition (`query.decision_is`).
UNINDEXED_DECISION = "allow"
DECISION_INDEXED = f"decision <> '{UNINDEXED_DECISION}'"


class AuditRecord(Base):
    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_records_decision_not_allow", "decision",
              sqlite_where=text(DECISION_INDEXED), postgresql_where=text(DECISION_INDEXED)),
    )

    id: Mapped[int] = mapped_column(_RecordId, primary_key=True, autoincrement=False)
    request_id: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    trace_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, nullable=False)
    tenant_id: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    tenant_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)
    client_addr: Mapped[str | None] = mapped_column(String(64), nullable=True)
    endpoint: Mapped[str] = mapped_column(String(64), nullable=False)
    model: Mapped[str | None] = mapped_column(String(128), index=True, nullable=True)
    stream: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    latency_ms: Mapped[float] = mapped_column(Float, nullable=False)
    upstream_ttft_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    upstream_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    prompt_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    completion_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    policy_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decision: Mapped[str | None] = mapped_column(String(32), nullable=True)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Bodies are committed to by their hashes, so retention can purge them
    # without breaking the chain.
    prompt: Mapped[str | None] = mapped_column(Text, nullable=True)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)
    prompt_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    response_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    record_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # Added in 0003. Null values are left out of the canonical form, so records
    # written before the migration still verify.
    replica: Mapped[str | None] = mapped_column(String(128), nullable=True)
    policy_mode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    store_bodies: Mapped[str | None] = mapped_column(String(16), nullable=True)
    input_actions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    repair_attempts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stage_ms: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    findings_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    findings_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Which key encrypted the bodies (None: plaintext). Storage detail, not chained,
    # so bodies could be re-encrypted under a new key.
    body_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AuditFinding(Base):
    """One finding of one record. tenant_id and created_at are copied for filters and stats."""

    __tablename__ = "audit_findings"
    __table_args__ = (Index("ix_audit_findings_tenant_created", "tenant_id", "created_at"),)

    record_id: Mapped[int] = mapped_column(
        _RecordId, ForeignKey("audit_records.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, nullable=False)
    scanner: Mapped[str] = mapped_column(String(32), index=True, nullable=False)
    rule_id: Mapped[str] = mapped_column(String(200), index=True, nullable=False)
    severity: Mapped[str] = mapped_column(String(16), index=True, nullable=False)
    cwe: Mapped[str | None] = mapped_column(String(16), index=True, nullable=True)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    start_line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end_line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str | None] = mapped_column(String(16), index=True, nullable=True)


class AuditCheckpoint(Base):
    """An Ed25519 signature over (record_id, record_hash): rewriting history needs the key."""

    __tablename__ = "audit_checkpoints"

    record_id: Mapped[int] = mapped_column(_RecordId, primary_key=True, autoincrement=False)
    record_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    public_key_id: Mapped[str] = mapped_column(String(16), nullable=False)
    signature: Mapped[str] = mapped_column(String(128), nullable=False)


class AuditChainHead(Base):
    """One row: the chain's tail. Writers lock it, so chaining is serial across hosts; with a signing
    key they sign it, so the tail cannot be cut off unnoticed."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), nullable=False, default=GENESIS_HASH)
    # Added in 0005: the writer's Ed25519 signature over (last_id, last_hash, signed_at), renewed with
    # every batch. Moving the head back (after deleting records at the end) needs the private key.
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    public_key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
