"""Requests outside the generation pipeline (`/v1/models`, `/v1/guard/scan`), each answered with
exactly one audit record, refusals included.

The handler does its work and returns a response or raises `APIError`; what it learns goes into
the request's `Ledger` as typed results (the caller, the policy, the screened code, the decision),
and `recorded` builds the record from them with `pipeline.record.build_record` - the function
every generation record is built by - once the request's `Outcome` is known, then answers only
once it is committed (fail closed, as generation does: a record that cannot be written turns the
answer into `503 audit_unavailable`). A database outage during authentication is a retryable
503 `database_unavailable`, a bug a 500, both recorded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response

from gateway.api.record_fields import client_address
from gateway.audit import AuditWriter
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure, AuthService
from gateway.db.errors import is_database_outage
from gateway.errors import APIError, database_unavailable, internal_error, new_request_id
from gateway.pipeline.record import answer_error, commit, unrecorded
from gateway.pipeline.results import Identified, Ledger, Outcome, RecordStart

log = logging.getLogger("sluice.api")


class RecordedCall:
    """One request while its handler runs: the results its record will be built from."""

    def __init__(self, request: Request[Any, Any, Any], endpoint: str) -> None:
        self.request = request
        self.started = time.perf_counter()
        self.ledger = Ledger(RecordStart(
            request_id=new_request_id(),
            created_at=datetime.now(UTC),
            endpoint=endpoint,
            client_addr=client_address(request.client.host if request.client else None),
            trace_id=None,
            stage_ms=None,
        ))

    async def authenticate(self, auth: AuthService, scope: str) -> Principal:
        """The caller, named in the record (also when refused for a known key)."""
        try:
            principal = await auth.authenticate(self.request.headers, scope)
        except AuthFailure as failure:
            if failure.principal is not None:
                self.ledger.identified = Identified.of(failure.principal)
            raise
        self.ledger.identified = Identified.of(principal)
        return principal


Handler = Callable[[RecordedCall], Awaitable[Response[bytes]]]


async def recorded(audit: AuditWriter, request: Request[Any, Any, Any], endpoint: str,
                   handler: Handler) -> Response[bytes]:
    call = RecordedCall(request, endpoint)
    ledger = call.ledger
    try:
        response = await handler(call)
    except APIError as error:
        return await answer_error(audit, ledger, error, call.started)
    except Exception as error:
        if is_database_outage(error):
            log.error("database unavailable for request %s: %s", ledger.request_id, type(error).__name__)
            return await answer_error(audit, ledger, database_unavailable(), call.started)
        log.exception("unhandled error in request %s", ledger.request_id)
        return await answer_error(audit, ledger, internal_error(), call.started)
    if not await commit(audit, ledger, Outcome.ok(response.status_code or 200), call.started):
        return unrecorded(ledger)
    response.headers["x-request-id"] = ledger.request_id
    return response
