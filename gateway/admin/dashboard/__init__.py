"""The admin web dashboard under /admin: server-rendered pages, small progressive-enhancement scripts.

Register with one line in the app factory: `route_handlers=[..., dashboard_router]`.
"""

from litestar import Router

from gateway.admin.dashboard.admin_pages import AdminPagesController
from gateway.admin.dashboard.audit_pages import AuditPagesController
from gateway.admin.dashboard.common import EXCEPTION_HANDLERS
from gateway.admin.dashboard.sign_in import SignInController

dashboard_router = Router(
    path="/admin",
    route_handlers=[SignInController, AuditPagesController, AdminPagesController],
    exception_handlers=EXCEPTION_HANDLERS,
    include_in_schema=False,
)

__all__ = ["dashboard_router"]
