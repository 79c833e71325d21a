"""Tamper-evident audit trail: one hash-chained record per request."""

from gateway.audit.entry import AuditEntry
from gateway.audit.writer import AuditUnavailable, AuditWriter

__all__ = ["AuditEntry", "AuditUnavailable", "AuditWriter"]
