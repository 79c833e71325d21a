"""Requests outside the generation pipeline (`/v1/models`, `/v1/guard/scan`), each answered with
exactly one audit record, refusals included.

The handler does its work and returns a response or raises `APIError`; `recorded` writes the
record and answers only once it is committed (fail closed, as generation does: a record that
cannot be written turns the answer into `503 audit_unavailable`). A database outage during
authentication is a retryable 503 `database_unavailable`, a bug a 500, both recorded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response

from gateway.api.record_fields import client_address
from gateway.audit import AuditEntry, AuditUnavailable, AuditWriter
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure, AuthService
from gateway.db.errors import is_database_outage
from gateway.errors import (
    APIError,
    audit_unavailable,
    database_unavailable,
    error_response,
    internal_error,
    new_request_id,
)

log = logging.getLogger("sluice.api")


class RecordedCall:
    """The record of one request while its handler runs."""

    def __init__(self, request: Request[Any, Any, Any], endpoint: str) -> None:
        self.request = request
        self.started = time.perf_counter()
        self.entry = AuditEntry(
            request_id=new_request_id(),
            created_at=datetime.now(UTC),
            endpoint=endpoint,
            client_addr=client_address(request.client.host if request.client else None),
        )

    async def authenticate(self, auth: AuthService, scope: str) -> Principal:
        """The caller, named in the record (also when refused for a known key)."""
        try:
            principal = await auth.authenticate(self.request.headers, scope)
        except AuthFailure as failure:
            if failure.principal is not None:
                self._identify(failure.principal)
            raise
        self._identify(principal)
        return principal

    def _identify(self, principal: Principal) -> None:
        self.entry.tenant_id = principal.tenant_id
        self.entry.tenant_name = principal.tenant_name
        self.entry.key_id = principal.key_id


Handler = Callable[[RecordedCall], Awaitable[Response[bytes]]]


async def recorded(audit: AuditWriter, request: Request[Any, Any, Any], endpoint: str,
                   handler: Handler) -> Response[bytes]:
    call = RecordedCall(request, endpoint)
    entry = call.entry
    try:
        response = await handler(call)
    except APIError as error:
        response = _refusal(entry, error)
    except Exception as error:
        if is_database_outage(error):
            log.error("database unavailable for request %s: %s", entry.request_id, type(error).__name__)
            response = _refusal(entry, database_unavailable())
        else:
            log.exception("unhandled error in request %s", entry.request_id)
            response = _refusal(entry, internal_error())
    else:
        entry.status_code = response.status_code or 200
    entry.latency_ms = (time.perf_counter() - call.started) * 1000
    try:
        await audit.write(entry)
    except AuditUnavailable:
        return error_response(audit_unavailable(), entry.request_id)
    response.headers["x-request-id"] = entry.request_id
    return response


def _refusal(entry: AuditEntry, error: APIError) -> Response[bytes]:
    entry.status_code = error.status
    entry.outcome = "refused" if error.status < 500 else "error"
    entry.error_code = error.code
    entry.error_message = error.message
    return error_response(error, entry.request_id)
