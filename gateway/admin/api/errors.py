"""How the admin API answers failures: one request id per request, every 5xx logged with it.

A handler's own errors go through `respond_error`; anything it did not expect reaches
`ERROR_HANDLERS` (registered on the controller), which tells a lost database (503) from a
bug (500) and logs both with the request id the client got in `x-request-id`, so an
operator can find the line a user reports.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from gateway.api.controllers import api_error_handler
from gateway.audit import AuditUnavailable
from gateway.db.errors import is_database_outage
from gateway.errors import APIError, error_response, new_request_id

log = logging.getLogger("sluice.admin")
AnyRequest = Request[Any, Any, Any]


def api_request_id(request: AnyRequest) -> str:
    """This request's id: made once, shared by its audit event, its log lines and its response."""
    request_id: str | None = request.state.get("request_id")
    if request_id is None:
        request_id = new_request_id()
        request.state.request_id = request_id
    return request_id


def audit_unavailable() -> APIError:
    return APIError(
        503,
        "The audit store is unavailable.",
        type="server_error",
        code="audit_unavailable",
        headers={"retry-after": "1"},
    )


def database_unavailable() -> APIError:
    return APIError(
        503,
        "The audit database is unavailable.",
        type="server_error",
        code="database_unavailable",
        headers={"retry-after": "1"},
    )


def respond_error(request: AnyRequest, error: APIError, exc: BaseException | None = None) -> Response[bytes]:
    request_id = api_request_id(request)
    if error.status >= 500:
        log.error(
            "admin api: %s %s answered %d %s",
            request.method,
            request.url.path[:200],
            error.status,
            error.code,
            exc_info=exc,
            extra={"request_id": request_id, "status": error.status, "code": error.code},
        )
    return error_response(error, request_id)


def handle_unexpected(request: AnyRequest, exc: Exception) -> Response[bytes]:
    if isinstance(exc, APIError):
        return respond_error(request, exc)
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return api_error_handler(request, exc)  # unknown routes, wrong methods: the app's shape
    if isinstance(exc, AuditUnavailable):
        return respond_error(request, audit_unavailable(), exc)
    if is_database_outage(exc):
        return respond_error(request, database_unavailable(), exc)
    error = APIError(500, "Internal gateway error.", type="server_error", code="internal_error")
    return respond_error(request, error, exc)


ERROR_HANDLERS: dict[int | type[Exception], Any] = {Exception: handle_unexpected}
