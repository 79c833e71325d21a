"""Admin JSON API under /admin/api/."""

from gateway.admin.api.audit import AuditAdminController

__all__ = ["AuditAdminController"]
