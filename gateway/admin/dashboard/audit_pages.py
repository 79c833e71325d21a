"""Overview, audit log (filters, cursor pages, export) and record detail.

Data comes from `gateway.audit.query` (the admin API's query layer); a tenant-scoped
viewer's tenant is pinned into every filter.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Stream
from sqlalchemy import select

from gateway.admin import params
from gateway.admin.dashboard import filters, record_view, time_display
from gateway.admin.dashboard.access import client_address, services
from gateway.admin.dashboard.common import PageError, frame, viewer
from gateway.admin.dashboard.overview_data import RANGES, load_overview
from gateway.admin.dashboard.policy_versions import version_url
from gateway.admin.dashboard.rendering import SECURITY_HEADERS, page
from gateway.admin.dashboard.security import Session
from gateway.audit.admin_events import record_admin_event
from gateway.audit.export import export_lines
from gateway.audit.query import (
    COUNT_CAP,
    AuditFilter,
    count_matching,
    export_rows,
    findings_for,
    reads_of,
    record_detail,
    rule_ids,
    search,
)
from gateway.auth.models import Tenant

PAGE_SIZE = 50


async def tenant_ids(request: Request[Any, Any, Any]) -> dict[str, int]:
    async with services(request).engine.connect() as conn:
        return {name: tid for tid, name in (await conn.execute(select(Tenant.id, Tenant.name).order_by(Tenant.name)))}


def _filter(
    request: Request[Any, Any, Any], session: Session, names: dict[str, int]
) -> tuple[filters.LogQuery, AuditFilter | None, list[str]]:
    query = filters.parse(request.query_params)
    try:
        return query, filters.to_filter(query, names, session.tenant_id), []
    except filters.FilterError as error:
        return query, None, error.messages


async def _record_read(
    request: Request[Any, Any, Any], session: Session, action: str, *, details: dict[str, Any], **fields: Any
) -> None:
    await record_admin_event(
        services(request).audit,
        action,
        actor=session.actor,  # people (dashboard users, single sign-on) by name, keys by id
        key_id=session.api_key_id,
        client_addr=client_address(request),
        details={**details, "via": "dashboard"},
        **fields,
    )


class AuditPagesController(Controller):
    path = "/"

    @get("/overview")
    async def overview(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        range_name = request.query_params.get("range") or "24h"
        if range_name not in RANGES:
            raise PageError(400, "Invalid range", f"'range' must be one of: {', '.join(RANGES)}.")
        refresh = request.query_params.get("refresh") or None
        try:
            refresh_s = time_display.refresh_seconds(refresh)
        except time_display.PreferenceError as error:
            raise PageError(400, "Invalid refresh", str(error)) from None
        async with services(request).engine.connect() as conn:
            data = await load_overview(conn, range_name, session.tenant_id)
        return page("overview.html", **frame(request, session, "overview", view=data, ranges=list(RANGES),
                                             refresh=refresh if refresh_s else None, refresh_s=refresh_s,
                                             refresh_choices=time_display.REFRESH_LABELS))

    @get("/log")
    async def log(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        names = await tenant_ids(request)
        query, flt, errors = _filter(request, session, names)
        items: list[dict[str, Any]] = []
        rules: dict[int, list[str]] = {}
        total: int | None = None
        next_cursor = None
        cursor = request.query_params.get("cursor")
        try:
            cursor = params.cursor(cursor, query.raw.get("sort") if flt is not None else None)
        except params.ParamError as error:
            errors.append(error.message)
        if flt is not None and not errors:
            if flt.text:  # a search of stored bodies is a read of them
                await _record_read(request, session, "audit.search", tenant_id=session.tenant_id,
                                   details={"filter": query.values})
            async with services(request).engine.connect() as conn:
                result = await search(conn, flt, keyring=services(request).audit.keyring, limit=PAGE_SIZE,
                                      cursor=cursor, sort=query.raw.get("sort"))
                found = await findings_for(conn, [item["id"] for item in result.items])
                total = await count_matching(conn, flt, keyring=services(request).audit.keyring)
            items, next_cursor = result.items, result.next_cursor
            rules = {rid: sorted({f["rule_id"] for f in fs}) for rid, fs in found.items()}
        async with services(request).engine.connect() as conn:
            known_rules = await rule_ids(conn, session.tenant_id)
        context = frame(
            request,
            session,
            "log",
            query=query,
            items=items,
            rules=rules,
            errors=errors,
            next_cursor=next_cursor,
            first_page=not cursor,
            total=total,
            count_cap=COUNT_CAP,
            known_rules=known_rules,
            # Auto-refresh only while the filter is valid (an error page reloading itself helps no one).
            refresh=query.raw.get("refresh") if not errors and query.raw.get("refresh") != "off" else None,
            refresh_s=None if errors else time_display.REFRESH.get(query.raw.get("refresh", "")),
            refresh_choices=time_display.REFRESH_LABELS,
            presets=list(filters.PRESETS),
            input_actions=filters.INPUT_ACTIONS,
            tenants=sorted(names),
            decisions=filters.DECISIONS,
            outcomes=filters.OUTCOMES,
            severities=filters.SEVERITIES,
        )
        return page("log.html", status=400 if errors else 200, **context)

    @get("/log/export/{fmt:str}")
    async def export(self, request: Request[Any, Any, Any], fmt: FromPath[str]) -> Stream:
        session = await viewer(request)
        if fmt not in ("jsonl", "csv"):
            raise PageError(404, "Not found", "Exports are available as .jsonl and .csv.")
        query, flt, errors = _filter(request, session, await tenant_ids(request))
        if flt is None:
            raise PageError(400, "Invalid filter", " ".join(errors) or "invalid filter")
        svc = services(request)
        await record_admin_event(
            svc.audit,
            "audit.export",
            actor=session.actor,
            key_id=session.api_key_id,
            tenant_id=session.tenant_id,
            tenant_name=session.tenant_name if session.tenant_id is not None else None,
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
        try:
            wanted = params.identifier(request_id, "request id")
        except params.ParamError as error:
            raise PageError(400, "Invalid record id", error.message) from None
        svc = services(request)
        async with svc.engine.connect() as conn:
            detail = await record_detail(conn, wanted, tenant_id=session.tenant_id, keyring=svc.audit.keyring)
            if detail is None:
                raise PageError(
                    404,
                    "Record not found",
                    f"There is no audit record {wanted!r} that you are allowed to see.",
                )
            reads = await reads_of(conn, detail, tenant_id=session.tenant_id)
        # On the record before the bodies are shown (regulators ask who read what).
        await _record_read(
            request, session, "audit.read", tenant_id=detail["tenant_id"], tenant_name=detail["tenant_name"],
            details={"record_request_id": wanted,
                     "bodies": [b for b in ("prompt", "response") if detail.get(b) is not None]},
        )
        stored_details = detail.get("details")
        details: dict[str, Any] = stored_details if isinstance(stored_details, dict) else {}
        found = record_view.output_findings(detail)
        # Highlighting and the parse check of bodies up to the record's size limit take tens of
        # milliseconds: off the event loop, which also serves generation.
        response_segments, prompt_segments = await asyncio.to_thread(
            lambda: (record_view.segments(detail.get("response"), found),
                     record_view.segments(detail.get("prompt"), [])),
        )
        is_admin_event = str(detail["endpoint"]).startswith("admin:")
        context = frame(
            request,
            session,
            "log",
            record=detail,
            is_admin_event=is_admin_event,
            admin_details=record_view.admin_details(details) if is_admin_event else [],
            findings=found,
            attempts=record_view.attempt_panes(details, detail.get("response")),
            stages=record_view.stage_rows(detail.get("stage_ms"), detail.get("latency_ms")),
            response_segments=response_segments,
            prompt_segments=prompt_segments,
            input_findings=[f for f in (details.get("input") or {}).get("findings", []) if isinstance(f, dict)],
            input_actions=[a for a in detail.get("input_actions") or [] if isinstance(a, dict)],
            reads=reads,
            # The text this record was decided under, and what changed from the version before it.
            policy_url=version_url(detail.get("policy_version"), detail.get("tenant_name")),
        )
        return page("record.html", **context)
