"""ORM models of the license fingerprint index (migration 0002_license_index)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base


class LicenseSource(Base):
    """One indexed reference file: where it came from, its license, its normalized text."""

    __tablename__ = "license_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String(1024))
    package: Mapped[str | None] = mapped_column(String(255), nullable=True)
    license: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    k: Mapped[int] = mapped_column(Integer)
    window_size: Mapped[int] = mapped_column(Integer)
    normalized: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LicenseFingerprint(Base):
    __tablename__ = "license_fingerprints"
    __table_args__ = (Index("ix_license_fingerprints_hash", "hash"),)

    source_id: Mapped[int] = mapped_column(ForeignKey("license_sources.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)
