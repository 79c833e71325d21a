"""What every dashboard page needs: the signed-in viewer, CSRF checks, the page frame, errors."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.datastructures import FormMultiDict
from litestar.exceptions import HTTPException

from gateway.admin.dashboard.access import client_address, current_session, dashboard_state, services
from gateway.admin.dashboard.rendering import page, redirect
from gateway.admin.dashboard.security import Session
from gateway.admin.dashboard.time_display import zone, zone_name
from gateway.audit import AuditUnavailable
from gateway.audit.admin_events import record_admin_event
from gateway.db.errors import is_database_outage
from gateway.errors import new_request_id

log = logging.getLogger("sluice.dashboard")


class NotSignedIn(Exception):
    """No valid session: send the browser to the sign-in page."""


class PageError(Exception):
    """An error page with a status and a message for the viewer."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def forbidden(message: str = "Your key's scope does not allow this page.") -> PageError:
    return PageError(403, "Not allowed", message)


async def refused(request: Request[Any, Any, Any], session: Session | None, error: PageError) -> PageError:
    """A 401/403 in the admin area is an admin event (who tried what), then the error to raise."""
    await record_admin_event(
        services(request).audit,
        "access.denied",
        actor=session.actor if session else "anonymous",
        key_id=session.api_key_id if session else None,
        tenant_id=session.tenant_id if session else None,
        tenant_name=session.tenant_name if session else None,
        client_addr=client_address(request),
        status_code=error.status,
        details={"path": request.url.path[:200], "reason": error.title, "via": "dashboard"},
    )
    return error


async def viewer(request: Request[Any, Any, Any], *, admin: bool = False) -> Session:
    session = await current_session(request)
    if session is None:
        raise NotSignedIn
    if admin and not session.is_admin:
        raise await refused(
            request, session,
            forbidden("This page needs a key with the 'admin' scope; you are signed in for one tenant."),
        )
    return session


async def checked_form(request: Request[Any, Any, Any], session: Session) -> FormMultiDict:
    """The posted form, once its CSRF token is verified for this session."""
    form = await request.form()
    if not dashboard_state(request).signer.csrf_ok(session.nonce, form.get("csrf")):
        raise await refused(request, session, PageError(
            403,
            "Form expired",
            "The form's security token is missing or invalid. Reload the page and try again.",
        ))
    return form


def frame(request: Request[Any, Any, Any], session: Session, active: str, **context: Any) -> dict[str, Any]:
    tz_name = zone_name(request)
    return {
        "session": session,
        "csrf": dashboard_state(request).signer.csrf_token(session.nonce),
        "active": active,
        "tz_name": tz_name,  # the viewer's time zone: labels say it, the `when` filter uses `tz`
        "tz": zone(tz_name),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        **context,
    }


def _error_page(
    request: Request[Any, Any, Any], status: int, title: str, message: str, request_id: str | None = None
) -> Response[str]:
    response = page("error.html", status=status, title=title, message=message, session=None, active="",
                    request_id=request_id)
    if request_id:
        response.headers["x-request-id"] = request_id
    return response


def _server_error(
    request: Request[Any, Any, Any], exc: Exception, status: int, title: str, message: str
) -> Response[str]:
    """Every 5xx of the dashboard is logged with an id that the page shows, so a report can be traced."""
    request_id = new_request_id()
    log.error(
        "dashboard: %s %s answered %d (%s)",
        request.method,
        request.url.path[:200],
        status,
        type(exc).__name__,
        exc_info=exc if status == 500 or not isinstance(exc, AuditUnavailable) else None,
        extra={"request_id": request_id, "status": status},
    )
    return _error_page(request, status, title, message, request_id)


def handle_not_signed_in(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    return redirect("/admin/login")


def handle_page_error(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    assert isinstance(exc, PageError)
    return _error_page(request, exc.status, exc.title, exc.message)


def handle_http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    assert isinstance(exc, HTTPException)
    if exc.status_code >= 500:
        return _server_error(request, exc, exc.status_code, "Something went wrong", "The dashboard hit an error.")
    title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Request refused")
    return _error_page(request, exc.status_code, title, str(exc.detail))


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    if isinstance(exc, AuditUnavailable):
        return _server_error(
            request,
            exc,
            503,
            "Audit trail unavailable",
            "The audit database is unavailable, so this action could not be recorded. Try again in a moment.",
        )
    # Only a lost or refusing database is a 503; a statement the database rejected is our bug (500).
    if is_database_outage(exc):
        return _server_error(
            request,
            exc,
            503,
            "Database unavailable",
            "The audit database could not be reached. Try again in a moment.",
        )
    return _server_error(request, exc, 500, "Something went wrong", "The dashboard hit an internal error.")


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    NotSignedIn: handle_not_signed_in,
    PageError: handle_page_error,
    HTTPException: handle_http_error,
    Exception: handle_unexpected,
}
