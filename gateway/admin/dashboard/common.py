"""What every dashboard page needs: the signed-in viewer, CSRF checks, the page frame, errors."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.datastructures import FormMultiDict
from litestar.exceptions import HTTPException
from sqlalchemy.exc import SQLAlchemyError

from gateway.admin.dashboard.access import current_session, dashboard_state
from gateway.admin.dashboard.rendering import page, redirect
from gateway.admin.dashboard.security import Session
from gateway.audit import AuditUnavailable

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


async def viewer(request: Request[Any, Any, Any], *, admin: bool = False) -> Session:
    session = await current_session(request)
    if session is None:
        raise NotSignedIn
    if admin and not session.is_admin:
        raise forbidden("This page needs a key with the 'admin' scope; you are signed in for one tenant.")
    return session


async def checked_form(request: Request[Any, Any, Any], session: Session) -> FormMultiDict:
    """The posted form, once its CSRF token is verified for this session."""
    form = await request.form()
    if not dashboard_state(request).signer.csrf_ok(session.nonce, form.get("csrf")):
        raise PageError(
            403,
            "Form expired",
            "The form's security token is missing or invalid. Reload the page and try again.",
        )
    return form


def frame(request: Request[Any, Any, Any], session: Session, active: str, **context: Any) -> dict[str, Any]:
    return {
        "session": session,
        "csrf": dashboard_state(request).signer.csrf_token(session.nonce),
        "active": active,
        **context,
    }


def _error_page(request: Request[Any, Any, Any], status: int, title: str, message: str) -> Response[str]:
    return page("error.html", status=status, title=title, message=message, session=None, active="")


def handle_not_signed_in(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    return redirect("/admin/login")


def handle_page_error(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    assert isinstance(exc, PageError)
    return _error_page(request, exc.status, exc.title, exc.message)


def handle_http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    assert isinstance(exc, HTTPException)
    title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Request refused")
    return _error_page(request, exc.status_code, title, str(exc.detail))


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    if isinstance(exc, AuditUnavailable):
        return _error_page(
            request,
            503,
            "Audit trail unavailable",
            "The audit database is unavailable, so this action could not be recorded. Try again in a moment.",
        )
    if isinstance(exc, SQLAlchemyError):
        log.error("dashboard: database error: %s", type(exc).__name__)
        return _error_page(
            request,
            503,
            "Database unavailable",
            "The audit database could not be reached. Try again in a moment.",
        )
    log.exception("dashboard: unexpected error")
    return _error_page(request, 500, "Something went wrong", "The dashboard hit an internal error.")


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    NotSignedIn: handle_not_signed_in,
    PageError: handle_page_error,
    HTTPException: handle_http_error,
    Exception: handle_unexpected,
}
