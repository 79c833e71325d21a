"""Every query parameter of the admin area, parsed and bounded in one place.

The admin API (`/admin/api/...`) and the dashboard pages (`/admin/log`, `/admin/records/...`)
read the same audit filters under slightly different names; both come through here, so a
value is either turned into something the database accepts on every backend or refused
with the parameter named. Nothing that reaches SQL can overflow a column or an integer,
carry a NUL byte (PostgreSQL refuses those in text), or fall outside the dates the drivers
can convert. Errors are collected, not raised one at a time, so a form can show them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from gateway.audit.query import SORTS, AuditFilter, Order, QueryError, decode_cursor

T = TypeVar("T")

# C0/C1 control characters (NUL first among them) and lone surrogates (what undecodable
# percent-escapes can turn into): no stored value contains them, and PostgreSQL rejects NUL.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")  # str.isdigit() also accepts '²', which int() refuses
_CWE = re.compile(r"(?:CWE-)?([0-9]{1,6})", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")  # request ids and key ids as the gateway makes them
# What both databases and Python's datetime can hold after conversion to UTC, with a margin.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
MAX_TIMESTAMP_CHARS = 40
MAX_CURSOR_CHARS = 200

DECISIONS = ("allow", "annotate", "redact", "repair", "block")
OUTCOMES = ("ok", "blocked", "refused", "error", "upstream_error", "client_disconnect", "admin")
SEVERITIES = ("critical", "high", "medium", "low", "info")
INPUT_ACTIONS = ("redact", "block", "allow")  # what the input guard did to a prompt finding


class ParamError(ValueError):
    """One bad parameter; `param` is the name the caller sent it under."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param, self.message = param, message


class ParamErrors(ValueError):
    """Every bad parameter of one request, in the order they were read."""

    def __init__(self, errors: list[ParamError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @property
    def params(self) -> list[str]:
        return [e.param for e in self.errors]


def text(raw: str | None, name: str, max_len: int) -> str | None:
    """A free-text value: None when absent or empty."""
    if raw is None or raw == "":
        return None
    if len(raw) > max_len:
        raise ParamError(name, f"'{name}' is longer than {max_len} characters.")
    if _UNPRINTABLE.search(raw):
        raise ParamError(name, f"'{name}' contains a control character (such as NUL) or an invalid character.")
    return raw


def integer(raw: str | None, name: str, *, low: int, high: int) -> int | None:
    if raw is None or raw == "":
        return None
    if not _ASCII_INTEGER.fullmatch(raw) or not low <= int(raw) <= high:
        raise ParamError(name, f"'{name}' must be an integer from {low} to {high}.")
    return int(raw)


def timestamp(raw: str | None, name: str) -> datetime | None:
    """ISO 8601 (`2026-01-31`, `2026-01-31T14:00`, `...T14:00:00Z`, `...+02:00`); naive means UTC."""
    if raw is None or raw == "":
        return None
    message = f"'{name}' must be an ISO 8601 date or time between 1970 and 9999, e.g. 2026-01-31T00:00:00Z."
    if len(raw) > MAX_TIMESTAMP_CHARS or not raw.isascii():
        raise ParamError(name, message)
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # 0001-01-01T00:00+14:00 is before year 1 in UTC
        raise ParamError(name, message) from None
    if not EARLIEST <= parsed <= LATEST:
        raise ParamError(name, message)
    return parsed


def choice(raw: str | None, name: str, options: tuple[str, ...]) -> str | None:
    if raw is None or raw == "":
        return None
    if raw not in options:
        raise ParamError(name, f"'{name}' must be one of: {', '.join(options)}.")
    return raw


def cwe(raw: str | None, name: str) -> str | None:
    """`78`, `CWE-78` or `cwe-78` -> `CWE-78`."""
    if raw is None or raw == "":
        return None
    match = _CWE.fullmatch(raw)
    if match is None:
        raise ParamError(name, f"'{name}' must be a CWE id such as 78 or CWE-78.")
    return f"CWE-{int(match.group(1))}"


def identifier(raw: str, name: str) -> str:
    """A record's request id or a key id in a path: what the gateway generates, nothing else."""
    if not _IDENTIFIER.fullmatch(raw):
        raise ParamError(name, f"'{name}' must be 1 to 64 letters, digits, '_', '.', ':' or '-'.")
    return raw


@dataclass(slots=True)
class Collector:
    """Runs parsers and keeps every error, so a caller reports them all at once."""

    errors: list[ParamError] = field(default_factory=list)

    def take(self, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return parse(*args, **kwargs)
        except ParamError as error:
            self.errors.append(error)
            return None

    def fail(self, name: str, message: str) -> None:
        self.errors.append(ParamError(name, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ParamErrors(self.errors)


# Canonical filter field -> the parameter name the admin API reads it from. The dashboard's form
# uses shorter names for a few (`key`, `rule`, `text`): see DASHBOARD_NAMES.
API_NAMES: dict[str, str] = {
    "since": "since", "until": "until", "tenant": "tenant", "key_id": "key_id", "model": "model",
    "decision": "decision", "outcome": "outcome", "status": "status", "endpoint": "endpoint",
    "rule_id": "rule_id", "cwe": "cwe", "severity": "severity", "scanner": "scanner", "action": "action",
    "text": "q", "input_action": "input_action",
}
DASHBOARD_NAMES: dict[str, str] = {
    **API_NAMES, "key_id": "key", "rule_id": "rule", "text": "text", "input_action": "input",
}


@dataclass(frozen=True, slots=True)
class FilterValues:
    """Parsed audit filters, before the tenant name is resolved against the tenants table."""

    tenant: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    key_id: str | None = None
    model: str | None = None
    decision: str | None = None
    outcome: str | None = None
    status_code: int | None = None
    endpoint: str | None = None
    rule_id: str | None = None
    cwe: str | None = None
    severity: str | None = None
    scanner: str | None = None
    action: str | None = None
    text: str | None = None
    input_action: str | None = None

    def to_filter(self, tenant_id: int | None) -> AuditFilter:
        return AuditFilter(
            since=self.since, until=self.until, tenant_id=tenant_id, key_id=self.key_id, model=self.model,
            decision=self.decision, outcome=self.outcome, status_code=self.status_code, endpoint=self.endpoint,
            rule_id=self.rule_id, cwe=self.cwe, severity=self.severity, scanner=self.scanner,
            action=self.action, text=self.text, input_action=self.input_action,
        )


def parse_filter(query: Mapping[str, str], names: Mapping[str, str], into: Collector) -> FilterValues:
    """The audit filters of `query` (read under `names`); bad values go to `into`."""
    def raw(field_name: str) -> str | None:
        value = query.get(names[field_name])
        return value.strip() if value is not None else None

    def bounded(field_name: str, max_len: int) -> str | None:
        return into.take(text, raw(field_name), names[field_name], max_len)

    since = into.take(timestamp, raw("since"), names["since"])
    until = into.take(timestamp, raw("until"), names["until"])
    if since and until and until <= since:
        into.fail(names["until"], f"'{names['since']}' must be before '{names['until']}'.")
    # Column widths of audit_records / audit_findings bound the exact-match filters.
    return FilterValues(
        tenant=bounded("tenant", 64),
        since=since,
        until=until,
        key_id=bounded("key_id", 32),
        model=bounded("model", 128),
        decision=into.take(choice, raw("decision"), names["decision"], DECISIONS),
        outcome=into.take(choice, raw("outcome"), names["outcome"], OUTCOMES),
        status_code=into.take(integer, raw("status"), names["status"], low=100, high=599),
        endpoint=bounded("endpoint", 64),
        rule_id=bounded("rule_id", 200),
        cwe=into.take(cwe, raw("cwe"), names["cwe"]),
        severity=into.take(choice, raw("severity"), names["severity"], SEVERITIES),
        scanner=bounded("scanner", 32),
        action=bounded("action", 16),
        text=bounded("text", 500),
        input_action=into.take(choice, raw("input_action"), names["input_action"], INPUT_ACTIONS),
    )


def sort_order(raw: str | None, name: str = "sort") -> str | None:
    return choice(raw, name, tuple(sorted(SORTS)))


def cursor(raw: str | None, sort: str | None, name: str = "cursor") -> str | None:
    """A page cursor that decodes, for this sort order, to a position the database can compare."""
    if raw is None or raw == "":
        return None
    if len(raw) > MAX_CURSOR_CHARS:
        raise ParamError(name, f"'{name}' is longer than {MAX_CURSOR_CHARS} characters.")
    try:
        decode_cursor(raw, Order.parse(sort))
    except QueryError:
        raise ParamError(name, f"'{name}' is not a cursor this listing gave out (for this sort order).") from None
    return raw


def check_known(query: Mapping[str, str], allowed: frozenset[str], into: Collector) -> None:
    for name in sorted(set(query) - allowed):
        shown = name if len(name) <= 40 and not _UNPRINTABLE.search(name) else repr(name[:40])
        into.fail(shown, f"Unknown query parameter: {shown}.")
