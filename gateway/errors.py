"""OpenAI-style errors: every failure a client sees has the same body shape.

`{"error": {"message": ..., "type": ..., "param": ..., "code": ...}}`
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Response

JSON = "application/json"


class APIError(Exception):
    """An error answered to the client. Raise it anywhere in the request pipeline."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def payload(self) -> dict[str, object]:
        error: dict[str, object] = {
            "message": self.message,
            "type": self.type,
            "param": self.param,
            "code": self.code,
        }
        error.update(self.extra)
        return {"error": error}

    def body(self) -> bytes:
        return msgspec.json.encode(self.payload())


# The `code` of a refusal by content policy (a prompt the policy denies, an answer it blocks). It is
# OpenAI's code for a request refused by its cybersecurity policy, the one LiteLLM (and the clients built
# on it, aider among them) raises as a non-retryable ContentPolicyViolationError with the error body kept;
# other codes (`content_filter`, the former `policy_violation`) reach LiteLLM users as a generic, retried
# APIError. A blocked stream also ends its choice with OpenAI's `finish_reason: "content_filter"`.
CONTENT_POLICY_CODE = "cyber_policy"
# The audit record keeps its own name for the same outcome (the record format is stable).
AUDIT_POLICY_CODE = "policy_violation"
# The `code` of a request refused because the guarded path is at capacity (scanning queues full):
# 503 with `Retry-After`, or a stream's error event with `retry_after`. Nothing was judged: it is
# never a policy decision, and the request may be retried as it is.
OVERLOADED_CODE = "overloaded"

# The request id's time part: 48 bits of milliseconds (until the year 10889).
_MS_MASK = (1 << 48) - 1

# How much of a client-supplied value an error message quotes back (the message is also recorded).
_ECHO_CHARS = 200


def new_request_id() -> str:
    """The id of one request: its `x-request-id`, its audit record, its log lines.

    `req_` and 24 lowercase hex digits: 12 of the time in milliseconds, then 12 random (48 bits from
    `secrets`). Time first, so each new record's `request_id` lands at the end of the unique index
    instead of on a random page of it (a random insert touched a cold page per request once the index
    outgrew SQLite's cache); 48 random bits keep ids unguessable and distinct across processes and
    within a millisecond.
    """
    return f"req_{time.time_ns() // 1_000_000 & _MS_MASK:012x}{secrets.token_hex(6)}"


def error_response(error: APIError, request_id: str, headers: Mapping[str, str] | None = None) -> Response[bytes]:
    merged = {"x-request-id": request_id, **error.headers, **(headers or {})}
    return Response(content=error.body(), status_code=error.status, media_type=JSON, headers=merged)


def upstream_invalid_response() -> APIError:
    """The model runtime's answer (or one stream event) is not the JSON it must be."""
    return APIError(502, "The model runtime sent an invalid response.", type="upstream_error",
                    code="upstream_invalid_response")


def audit_unavailable() -> APIError:
    """No record, no answer (fail closed)."""
    return APIError(
        503,
        "The audit store is unavailable; requests are refused until it recovers.",
        type="server_error",
        code="audit_unavailable",
        headers={"retry-after": "1"},
    )


def database_unavailable() -> APIError:
    return APIError(503, "The database is unavailable; try again shortly.", type="server_error",
                    code="database_unavailable", headers={"retry-after": "1"})


def internal_error() -> APIError:
    return APIError(500, "Internal gateway error.", type="server_error", code="internal_error")


def policy_violation(message: str, findings: list[dict[str, Any]] | None = None) -> APIError:
    extra = {"findings": findings} if findings is not None else None
    return APIError(403, message, type="permission_error", code=CONTENT_POLICY_CODE, extra=extra)


def bad_request(message: str, *, param: str | None = None, code: str = "invalid_request") -> APIError:
    return APIError(400, message, param=param, code=code)


def unauthorized(message: str = "Invalid or missing API key.") -> APIError:
    return APIError(
        401,
        message,
        type="authentication_error",
        code="invalid_api_key",
        headers={"www-authenticate": 'Bearer realm="sluice"'},
    )


def forbidden(message: str, *, code: str = "permission_denied") -> APIError:
    return APIError(403, message, type="permission_error", code=code)


def model_not_found(model: str) -> APIError:
    shown = model if len(model) <= _ECHO_CHARS else model[:_ECHO_CHARS] + "…"  # a client value, bounded
    return APIError(
        404,
        f"The model '{shown}' does not exist or you do not have access to it.",
        param="model",
        code="model_not_found",
    )


def upstream_error(status: int, message: str, code: str) -> APIError:
    return APIError(status, message, type="upstream_error", code=code)


def status_type(status: int) -> str:
    """Error type for a bare HTTP status (routing errors, framework errors)."""
    if status == 401:
        return "authentication_error"
    if status == 403:
        return "permission_error"
    if status == 429:
        return "rate_limit_error"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"
