"""Import every ORM model so `Base.metadata` is complete (Alembic, `alembic check`)."""

from gateway.audit import models as audit_models
from gateway.auth import models as auth_models
from gateway.db.base import Base
from gateway.policy import snapshots as policy_snapshots

__all__ = ["Base", "audit_models", "auth_models", "policy_snapshots"]

try:  # the license index ships with the scanning engine
    from gateway.scanning.license import models as license_models  # noqa: F401
except ImportError:  # pragma: no cover - before the scanning package exists
    pass
