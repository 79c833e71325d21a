"""The audit log's filter form <-> `AuditFilter` (the audit query layer's filter).

Values are parsed and bounded by `gateway.admin.params`, the same code as the admin API's,
under the form's names (`key`, `rule`, `text`); every bad field is reported, not only the
first. A tenant-scoped viewer's tenant is pinned here, whatever the form says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from gateway.admin import params
from gateway.admin.dashboard.time_display import REFRESH
from gateway.admin.params import (
    DASHBOARD_NAMES,
    DECISIONS,
    INPUT_ACTIONS,
    OUTCOMES,
    SEVERITIES,
    Collector,
    ParamError,
)
from gateway.audit.query import AuditFilter

FIELDS = (
    "since",
    "until",
    "tenant",
    "key",
    "model",
    "decision",
    "outcome",
    "status",
    "endpoint",
    "rule",
    "cwe",
    "severity",
    "text",
    "input",  # the input guard's action on the prompt (redact, block, allow)
    "range",  # a relative time preset (last 15m, 1h, 24h, 7d): sets `since` to that long ago
    "sort",  # server-side order of the log: see gateway.audit.query.SORTS
    "refresh",  # auto-refresh of the page (not a filter): see time_display.REFRESH
)
MAX_SHOWN_CHARS = 1000  # what the form echoes back of an over-long value (it is refused anyway)

# Relative time presets, as Grafana offers them: each sets `since` to that long before now.
PRESETS: dict[str, timedelta] = {
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}

__all__ = [
    "DECISIONS", "FIELDS", "INPUT_ACTIONS", "OUTCOMES", "PRESETS", "SEVERITIES", "FilterError", "LogQuery", "parse",
    "to_filter",
]


class FilterError(ValueError):
    """Filter values the form cannot use; one message per bad field, each naming it."""

    def __init__(self, errors: list[ParamError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [e.message for e in self.errors]


@dataclass(slots=True)
class LogQuery:
    values: dict[str, str] = field(default_factory=dict)  # what the form shows
    raw: dict[str, str] = field(default_factory=dict)  # what was sent, for validation

    def query_string(self, **extra: str) -> str:
        pairs = {k: v for k, v in self.values.items() if v} | {k: v for k, v in extra.items() if v}
        return urlencode(pairs)

    def without(self, *names: str, **extra: str) -> str:
        """The query string less `names` (e.g. a preset link drops the explicit dates), plus `extra`."""
        pairs = {k: v for k, v in self.values.items() if v and k not in names} | {k: v for k, v in extra.items() if v}
        return urlencode(pairs)


def parse(query: Mapping[str, str]) -> LogQuery:
    raw = {name: str(query.get(name, "")).strip() for name in FIELDS}
    raw = {k: v for k, v in raw.items() if v}
    return LogQuery({k: v[:MAX_SHOWN_CHARS] for k, v in raw.items()}, raw)


def to_filter(
    query: LogQuery, tenant_ids: Mapping[str, int], pinned_tenant: int | None, now: datetime | None = None
) -> AuditFilter:
    """Raises FilterError naming every bad field."""
    into = Collector()
    values = params.parse_filter(query.raw, DASHBOARD_NAMES, into)
    into.take(params.sort_order, query.raw.get("sort"))
    into.take(params.choice, query.raw.get("refresh"), "refresh", ("off", *REFRESH))
    preset = into.take(params.choice, query.raw.get("range"), "range", tuple(PRESETS))
    if preset is not None:
        if values.since is not None:
            into.fail("range", "'range' and 'since' both set a start: use one of them.")
        else:
            values = replace(values, since=(now or datetime.now(UTC)) - PRESETS[preset])
    tenant_id = pinned_tenant
    if pinned_tenant is None and values.tenant is not None:
        if values.tenant in tenant_ids:
            tenant_id = tenant_ids[values.tenant]
        else:
            into.fail("tenant", f"'tenant': no tenant named {values.tenant!r}.")
    if into.errors:
        raise FilterError(into.errors)
    return values.to_filter(tenant_id)
