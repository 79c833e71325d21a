"""Figures for the Overview page: request counts and rates by decision over time,
upstream latency and errors, and finding statistics.

Request figures cover generation requests only (admin events, which share the chain,
are left out). Finding figures come from `gateway.audit.query.finding_stats`, the
same function the admin API serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.audit.models import AuditFinding, AuditRecord
from gateway.audit.query import AuditFilter, F, R, effective_decision, finding_stats

# range name -> (span, bucket width)
RANGES: dict[str, tuple[timedelta, timedelta]] = {
    "1h": (timedelta(hours=1), timedelta(minutes=5)),
    "24h": (timedelta(hours=24), timedelta(hours=1)),
    "7d": (timedelta(days=7), timedelta(hours=6)),
    "30d": (timedelta(days=30), timedelta(days=1)),
}
SERIES = ("requests", "block", "redact", "repair", "annotate")


@dataclass(slots=True)
class Overview:
    range_name: str
    since: datetime
    total: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    upstream_calls: int = 0
    upstream_errors: int = 0
    latency_avg_ms: float | None = None
    upstream_p50_ms: float | None = None
    upstream_p95_ms: float | None = None
    buckets: list[int] = field(default_factory=list)  # bucket start, epoch seconds
    series: dict[str, list[int]] = field(default_factory=dict)
    by_tenant: list[dict[str, Any]] = field(default_factory=list)
    by_model: list[dict[str, Any]] = field(default_factory=list)
    top_rules: list[dict[str, Any]] = field(default_factory=list)
    top_cwes: list[dict[str, Any]] = field(default_factory=list)
    findings_by_severity: list[dict[str, Any]] = field(default_factory=list)
    findings_by_tenant: list[dict[str, Any]] = field(default_factory=list)
    findings_by_model: list[dict[str, Any]] = field(default_factory=list)

    def count(self, decision: str) -> int:
        return self.by_decision.get(decision, 0)

    def chart_data(self) -> dict[str, Any]:
        links = [self.bucket_link(i) for i in range(len(self.buckets))]
        return {"x": self.buckets, "series": self.series, "links": links}

    # Drill-down (issue 16): every figure opens the log filtered to the records behind it, from the
    # same start as the overview (its buckets are aligned, so `since` is exact, not "now minus 24h").
    def since_iso(self) -> str:
        return self.since.strftime("%Y-%m-%dT%H:%M:%SZ")

    def link(self, **filters: str) -> str:
        return "/admin/log?" + urlencode({"since": self.since_iso(), **{k: v for k, v in filters.items() if v}})

    def bucket_link(self, index: int) -> str:
        start = self.buckets[index]
        end = start + (self.buckets[1] - self.buckets[0] if len(self.buckets) > 1 else 3600)
        iso = "%Y-%m-%dT%H:%M:%SZ"
        return "/admin/log?" + urlencode({"since": datetime.fromtimestamp(start, UTC).strftime(iso),
                                          "until": datetime.fromtimestamp(end, UTC).strftime(iso)})


def _epoch(conn: AsyncConnection, column: Any) -> Any:
    if conn.dialect.name == "postgresql":
        return cast(func.floor(func.extract("epoch", column)), Integer)
    return cast(func.strftime("%s", column), Integer)


def _upstream_failed() -> ColumnElement[bool]:
    return or_(R.outcome == "upstream_error", R.error_code.like("upstream%"))


def _enforced_decision() -> Any:
    """The decision as enforced: a shadow-mode policy's block/redact/... was only logged ("shadow").
    A redacted prompt counts as redacted (see `effective_decision`)."""
    decision = effective_decision()
    logged_only = and_(R.policy_mode == "shadow", decision.is_not(None), decision != "allow")
    return case((logged_only, "shadow"), else_=decision).label("enforced")


async def _percentile(conn: AsyncConnection, where: list[ColumnElement[bool]], count: int, q: float) -> float | None:
    """Nearest-rank percentile with ORDER BY/OFFSET: the same SQL on SQLite and PostgreSQL."""
    if count == 0:
        return None
    offset = min(count - 1, max(0, int(q * count + 0.5) - 1))
    query = select(R.upstream_ms).where(*where, R.upstream_ms.is_not(None)).order_by(R.upstream_ms)
    return (await conn.execute(query.offset(offset).limit(1))).scalar_one_or_none()


async def findings_by_model(conn: AsyncConnection, since: datetime, tenant_id: int | None) -> list[dict[str, Any]]:
    """Like `finding_stats(group="model")`, which the audit query layer does not offer (yet)."""
    where = [F.created_at >= since]
    if tenant_id is not None:
        where.append(F.tenant_id == tenant_id)
    query = (
        select(
            R.model.label("key"),
            func.count().label("findings"),
            func.count(func.distinct(F.record_id)).label("records"),
        )
        .select_from(AuditFinding.__table__.join(AuditRecord.__table__, F.record_id == R.id))
        .where(*where)
        .group_by(R.model)
        .order_by(func.count().desc(), R.model)
        .limit(10)
    )
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def load_overview(
    conn: AsyncConnection, range_name: str, tenant_id: int | None, now: datetime | None = None
) -> Overview:
    span, width = RANGES[range_name]
    now = now or datetime.now(UTC)
    step = int(width.total_seconds())
    end = (int(now.timestamp()) // step + 1) * step
    start = end - int(span.total_seconds()) - step  # whole buckets, the current one included
    since = datetime.fromtimestamp(start, UTC)
    view = Overview(range_name, since)
    where: list[ColumnElement[bool]] = [R.created_at >= since, R.endpoint.not_like("admin:%")]
    if tenant_id is not None:
        where.append(R.tenant_id == tenant_id)

    enforced = _enforced_decision()
    for decision, outcome, n in (
        await conn.execute(select(enforced, R.outcome, func.count()).where(*where).group_by("enforced", R.outcome))
    ).all():
        view.total += n
        view.by_decision[decision or "none"] = view.by_decision.get(decision or "none", 0) + n
        view.by_outcome[outcome] = view.by_outcome.get(outcome, 0) + n

    upstream_where = [*where, R.model.is_not(None), or_(R.upstream_ms.is_not(None), _upstream_failed())]
    row = (
        await conn.execute(
            select(
                func.count(),
                func.sum(case((_upstream_failed(), 1), else_=0)),
            ).where(*upstream_where)
        )
    ).one()
    view.upstream_calls, view.upstream_errors = int(row[0] or 0), int(row[1] or 0)
    view.latency_avg_ms = (await conn.execute(select(func.avg(R.latency_ms)).where(*where))).scalar_one_or_none()
    timed = int((await conn.execute(select(func.count()).where(*where, R.upstream_ms.is_not(None)))).scalar_one())
    view.upstream_p50_ms = await _percentile(conn, where, timed, 0.50)
    view.upstream_p95_ms = await _percentile(conn, where, timed, 0.95)

    view.buckets = list(range(start, end, step))
    view.series = {name: [0] * len(view.buckets) for name in SERIES}
    bucket = (_epoch(conn, R.created_at) - start) / step
    for index, decision, n in (
        await conn.execute(
            select(cast(bucket, Integer).label("b"), enforced, func.count()).where(*where).group_by("b", "enforced")
        )
    ).all():
        if index is None or not 0 <= int(index) < len(view.buckets):
            continue
        view.series["requests"][int(index)] += n
        if decision in view.series:
            view.series[decision][int(index)] += n

    blocked = func.sum(case((enforced == "block", 1), else_=0))
    for column, target in ((R.tenant_name, view.by_tenant), (R.model, view.by_model)):
        query = (
            select(column.label("key"), func.count().label("requests"), blocked.label("blocked"))
            .where(*where)
            .group_by(column)
            .order_by(func.count().desc())
            .limit(10)
        )
        target.extend(
            {"key": r.key or "—", "requests": r.requests, "blocked": int(r.blocked or 0)}
            for r in (await conn.execute(query)).all()
        )

    flt = AuditFilter(since=since, tenant_id=tenant_id)
    view.top_rules = (await finding_stats(conn, flt, "rule"))[:10]
    view.top_cwes = [r for r in await finding_stats(conn, flt, "cwe") if r["key"]][:10]
    view.findings_by_severity = await finding_stats(conn, flt, "severity")
    view.findings_by_tenant = (await finding_stats(conn, flt, "tenant"))[:10]
    view.findings_by_model = await findings_by_model(conn, since, tenant_id)
    return view


__all__ = ["RANGES", "Overview", "load_overview"]
