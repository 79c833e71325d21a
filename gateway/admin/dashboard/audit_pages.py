"""Overview, audit log (filters, cursor pages, export) and record detail.

Data comes from `gateway.audit.query` (the admin API's query layer); a tenant-scoped
viewer's tenant is pinned into every filter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Stream
from sqlalchemy import select

from gateway.admin.dashboard import filters, record_view
from gateway.admin.dashboard.access import client_address, services
from gateway.admin.dashboard.common import PageError, frame, viewer
from gateway.admin.dashboard.overview_data import RANGES, load_overview
from gateway.admin.dashboard.rendering import SECURITY_HEADERS, page
from gateway.admin.dashboard.security import Session
from gateway.audit.admin_events import record_admin_event
from gateway.audit.export import export_lines
from gateway.audit.query import AuditFilter, QueryError, export_rows, findings_for, record_detail, search
from gateway.auth.models import Tenant

PAGE_SIZE = 50


async def tenant_ids(request: Request[Any, Any, Any]) -> dict[str, int]:
    async with services(request).engine.connect() as conn:
        return {name: tid for tid, name in (await conn.execute(select(Tenant.id, Tenant.name).order_by(Tenant.name)))}


def _filter(
    request: Request[Any, Any, Any], session: Session, names: dict[str, int]
) -> tuple[filters.LogQuery, AuditFilter | None, str | None]:
    query = filters.parse(request.query_params)
    try:
        return query, filters.to_filter(query, names, session.tenant_id), None
    except filters.FilterError as error:
        return query, None, str(error)


class AuditPagesController(Controller):
    path = "/"

    @get("/overview")
    async def overview(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        range_name = request.query_params.get("range", "24h")
        if range_name not in RANGES:
            range_name = "24h"
        async with services(request).engine.connect() as conn:
            data = await load_overview(conn, range_name, session.tenant_id)
        return page("overview.html", **frame(request, session, "overview", view=data, ranges=list(RANGES)))

    @get("/log")
    async def log(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        names = await tenant_ids(request)
        query, flt, error = _filter(request, session, names)
        items: list[dict[str, Any]] = []
        rules: dict[int, list[str]] = {}
        next_cursor = None
        cursor = request.query_params.get("cursor")
        if flt is not None:
            try:
                async with services(request).engine.connect() as conn:
                    result = await search(conn, flt, keyring=services(request).audit.keyring, limit=PAGE_SIZE,
                                          cursor=cursor, sort=query.values.get("sort"))
                    found = await findings_for(conn, [item["id"] for item in result.items])
                items, next_cursor = result.items, result.next_cursor
                rules = {rid: sorted({f["rule_id"] for f in fs}) for rid, fs in found.items()}
            except QueryError as exc:
                error = str(exc)
        context = frame(
            request,
            session,
            "log",
            query=query,
            items=items,
            rules=rules,
            error=error,
            next_cursor=next_cursor,
            first_page=not cursor,
            tenants=sorted(names),
            decisions=filters.DECISIONS,
            outcomes=filters.OUTCOMES,
            severities=filters.SEVERITIES,
        )
        return page("log.html", status=400 if error else 200, **context)

    @get("/log/export/{fmt:str}")
    async def export(self, request: Request[Any, Any, Any], fmt: FromPath[str]) -> Stream:
        session = await viewer(request)
        if fmt not in ("jsonl", "csv"):
            raise PageError(404, "Not found", "Exports are available as .jsonl and .csv.")
        query, flt, error = _filter(request, session, await tenant_ids(request))
        if flt is None:
            raise PageError(400, "Invalid filter", error or "invalid filter")
        svc = services(request)
        await record_admin_event(
            svc.audit,
            "audit.export",
            actor=f"key:{session.key_id}",
            key_id=session.key_id,
            tenant_id=session.tenant_id,
            tenant_name=session.tenant_name,
            client_addr=client_address(request),
            details={"format": fmt, "filter": query.values, "via": "dashboard"},
        )

        async def lines() -> AsyncIterator[bytes]:
            # The admin API's formats (CSV cells neutralized against formula injection).
            async with svc.engine.connect() as conn:
                rows = export_rows(conn, flt, keyring=svc.audit.keyring, bodies=False)
                async for line in export_lines("jsonl" if fmt == "jsonl" else "csv", rows, bodies=False):
                    yield line

        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
        headers = {
            **SECURITY_HEADERS,
            "content-disposition": f'attachment; filename="sluice-audit-{stamp}.{fmt}"',
        }
        return Stream(lines(), media_type=media, headers=headers)

    @get("/records/{request_id:str}")
    async def record(self, request: Request[Any, Any, Any], request_id: FromPath[str]) -> Response[str]:
        session = await viewer(request)
        svc = services(request)
        async with svc.engine.connect() as conn:
            detail = await record_detail(conn, request_id[:64], tenant_id=session.tenant_id, keyring=svc.audit.keyring)
        if detail is None:
            raise PageError(
                404,
                "Record not found",
                f"There is no audit record {request_id[:64]!r} that you are allowed to see.",
            )
        details = detail.get("details") or {}
        found = record_view.output_findings(detail)
        attempts = [
            {
                "n": n,
                "action": a.get("action"),
                "findings": a.get("findings", []),
                "segments": record_view.segments(a.get("text"), a.get("findings", [])),
            }
            for n, a in enumerate(details.get("repair_attempts") or [], start=1)
            if isinstance(a, dict)
        ]
        context = frame(
            request,
            session,
            "log",
            record=detail,
            findings=found,
            attempts=attempts,
            response_segments=record_view.segments(detail.get("response"), found),
            prompt_segments=record_view.segments(detail.get("prompt"), []),
            input_findings=(details.get("input") or {}).get("findings", []) if isinstance(details, dict) else [],
        )
        return page("record.html", **context)
