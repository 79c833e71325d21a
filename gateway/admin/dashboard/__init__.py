"""The admin web dashboard under /admin: server-rendered pages, small progressive-enhancement scripts.

Register with one line in the app factory: `route_handlers=[..., dashboard_router]`.
"""

from litestar import Router

from gateway.admin.dashboard.access import renew_session_cookie
from gateway.admin.dashboard.admin_pages import AdminPagesController
from gateway.admin.dashboard.audit_pages import AuditPagesController
from gateway.admin.dashboard.common import EXCEPTION_HANDLERS
from gateway.admin.dashboard.policy_versions import PolicyVersionsController
from gateway.admin.dashboard.preferences import PreferencesController
from gateway.admin.dashboard.sign_in import SignInController
from gateway.admin.dashboard.sso_pages import SsoController

dashboard_router = Router(
    path="/admin",
    route_handlers=[SignInController, SsoController, AuditPagesController, AdminPagesController,
                    PolicyVersionsController, PreferencesController],
    exception_handlers=EXCEPTION_HANDLERS,
    middleware=[renew_session_cookie],  # activity moves the session's idle deadline on
    include_in_schema=False,
)

__all__ = ["dashboard_router"]
