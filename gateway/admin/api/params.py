"""The admin API's view of `gateway.admin.params`: parameter errors as OpenAI-style 400s."""

from __future__ import annotations

from gateway.admin.params import ParamErrors
from gateway.errors import APIError

FILTER_PARAMS = frozenset(
    {
        "since",
        "until",
        "tenant",
        "key_id",
        "model",
        "decision",
        "outcome",
        "status",
        "endpoint",
        "rule_id",
        "cwe",
        "severity",
        "scanner",
        "action",
        "q",
        "input_action",
    }
)


def invalid(errors: ParamErrors) -> APIError:
    """400 naming the first bad parameter in `param`, and every one in `invalid_params`."""
    first = errors.errors[0]
    code = "unknown_parameter" if first.message.startswith("Unknown query parameter") else "invalid_request"
    return APIError(
        400,
        str(errors),
        param=first.param,
        code=code,
        extra={"invalid_params": [{"param": e.param, "message": e.message} for e in errors.errors]},
    )


def tenant_mismatch(name: str) -> APIError:
    return APIError(
        403,
        f"This key may only read its own tenant's records, not '{name}'.",
        type="permission_error",
        code="tenant_forbidden",
        param="tenant",
    )
