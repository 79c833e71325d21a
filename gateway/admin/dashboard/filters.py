"""The audit log's filter form <-> `AuditFilter` (the audit query layer's filter).

A tenant-scoped viewer's tenant is pinned here, whatever the form says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

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
    "rule",
    "cwe",
    "severity",
    "text",
    "sort",  # server-side order of the log: see gateway.audit.query.SORTS
)
DECISIONS = ("allow", "annotate", "redact", "repair", "block")
OUTCOMES = ("ok", "blocked", "refused", "error", "upstream_error", "client_disconnect", "admin")
SEVERITIES = ("critical", "high", "medium", "low", "info")


class FilterError(ValueError):
    """A filter value the form cannot use; the message names the field."""


@dataclass(slots=True)
class LogQuery:
    values: dict[str, str] = field(default_factory=dict)  # what the form shows, cleaned

    def query_string(self, **extra: str) -> str:
        pairs = {k: v for k, v in self.values.items() if v} | {k: v for k, v in extra.items() if v}
        return urlencode(pairs)


def _time(name: str, raw: str) -> datetime:
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise FilterError(f"{name}: expected a UTC time like 2026-01-31T14:00, got {raw!r}")


def parse(params: Mapping[str, str]) -> LogQuery:
    values = {name: str(params.get(name, "")).strip()[:200] for name in FIELDS}
    return LogQuery({k: v for k, v in values.items() if v})


def to_filter(query: LogQuery, tenant_ids: Mapping[str, int], pinned_tenant: int | None) -> AuditFilter:
    """Raises FilterError with a message for the form."""
    v = query.values
    tenant_id = pinned_tenant
    if pinned_tenant is None and v.get("tenant"):
        if v["tenant"] not in tenant_ids:
            raise FilterError(f"tenant: no tenant named {v['tenant']!r}")
        tenant_id = tenant_ids[v["tenant"]]
    status = None
    if v.get("status"):
        if not v["status"].isdigit() or not 100 <= int(v["status"]) <= 599:
            raise FilterError(f"status: expected an HTTP status code, got {v['status']!r}")
        status = int(v["status"])
    for name, allowed in (("decision", DECISIONS), ("outcome", OUTCOMES), ("severity", SEVERITIES)):
        if v.get(name) and v[name] not in allowed:
            raise FilterError(f"{name}: one of {', '.join(allowed)}")
    cwe = v.get("cwe")
    if cwe and cwe.isdigit():
        cwe = f"CWE-{int(cwe)}"
    since = _time("since", v["since"]) if v.get("since") else None
    until = _time("until", v["until"]) if v.get("until") else None
    if since and until and since >= until:
        raise FilterError("since must be before until")
    return AuditFilter(
        since=since,
        until=until,
        tenant_id=tenant_id,
        key_id=v.get("key") or None,
        model=v.get("model") or None,
        decision=v.get("decision") or None,
        outcome=v.get("outcome") or None,
        status_code=status,
        rule_id=v.get("rule") or None,
        cwe=cwe.upper() if cwe else None,
        severity=v.get("severity") or None,
        text=v.get("text") or None,
    )
