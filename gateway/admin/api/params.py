"""Query parameters of the audit endpoints: strict, with errors that name the parameter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from gateway.errors import APIError, bad_request

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
    }
)


def check_known(params: Mapping[str, str], allowed: frozenset[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise bad_request(
            f"Unknown query parameter(s): {', '.join(unknown)}.", param=unknown[0], code="unknown_parameter"
        )


def text(params: Mapping[str, str], name: str, max_len: int = 200) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if len(value) > max_len:
        raise bad_request(f"'{name}' is longer than {max_len} characters.", param=name)
    return value


def integer(
    params: Mapping[str, str], name: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
        raise bad_request(f"'{name}' must be an integer from {low} to {high}.", param=name)
    return int(value)


def timestamp(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(
            f"'{name}' must be an ISO 8601 date or time, e.g. 2026-01-31T00:00:00Z.", param=name
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def choice(params: Mapping[str, str], name: str, options: tuple[str, ...], default: str) -> str:
    value = params.get(name) or default
    if value not in options:
        raise bad_request(f"'{name}' must be one of: {', '.join(options)}.", param=name)
    return value


def tenant_mismatch(name: str) -> APIError:
    return APIError(
        403,
        f"This key may only read its own tenant's records, not '{name}'.",
        type="permission_error",
        code="tenant_forbidden",
        param="tenant",
    )
