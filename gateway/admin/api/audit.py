"""Audit endpoints of the admin API: search, record detail, export, statistics, chain verification.

Every handler first decides the caller's tenant scope (`authorize`) and passes it into
the query as `AuditFilter.tenant_id`; nothing a caller sends can widen it. Records of
another tenant answer 404, exactly like records that do not exist.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Stream
from sqlalchemy import select

from gateway.admin.api import params
from gateway.admin.api.access import Access, authorize
from gateway.api.generation import error_response, new_request_id
from gateway.audit import AuditUnavailable
from gateway.audit.admin_events import record_admin_event
from gateway.audit.export import export_lines
from gateway.audit.query import (
    GROUPS,
    AuditFilter,
    QueryError,
    export_rows,
    finding_stats,
    record_detail,
    search,
)
from gateway.audit.verify import verify_chain
from gateway.auth.models import Tenant
from gateway.errors import APIError, bad_request
from gateway.services import Services

JSON = "application/json"
_encoder = msgspec.json.Encoder()
AnyRequest = Request[Any, Any, Any]


def _services(request: AnyRequest) -> Services:
    return request.app.state.services


def _json(data: Any, request_id: str, status: int = 200) -> Response[bytes]:
    return Response(
        content=_encoder.encode(data),
        status_code=status,
        media_type=JSON,
        headers={"x-request-id": request_id},
    )


def _not_found(what: str) -> APIError:
    return APIError(404, f"No audit record {what!r} in your scope.", code="not_found")


def _audit_unavailable() -> APIError:
    return APIError(
        503,
        "The audit store is unavailable.",
        type="server_error",
        code="audit_unavailable",
        headers={"retry-after": "1"},
    )


async def _build_filter(request: AnyRequest, access: Access, query: Mapping[str, str]) -> AuditFilter:
    tenant_id = access.tenant_scope
    tenant_name = params.text(query, "tenant", 64)
    if tenant_name is not None:
        if not access.is_admin:
            if tenant_name != access.principal.tenant_name:
                raise params.tenant_mismatch(tenant_name)
        else:
            async with _services(request).engine.connect() as conn:
                found = (await conn.execute(select(Tenant.id).where(Tenant.name == tenant_name))).scalar()
            if found is None:
                raise bad_request(f"No tenant named {tenant_name!r}.", param="tenant", code="unknown_tenant")
            tenant_id = found
    since, until = params.timestamp(query, "since"), params.timestamp(query, "until")
    if since and until and until <= since:
        raise bad_request("'until' must be after 'since'.", param="until")
    return AuditFilter(
        since=since,
        until=until,
        tenant_id=tenant_id,
        key_id=params.text(query, "key_id", 32),
        model=params.text(query, "model", 128),
        decision=params.text(query, "decision", 32),
        outcome=params.text(query, "outcome", 32),
        status_code=params.integer(query, "status", low=100, high=599),
        endpoint=params.text(query, "endpoint", 64),
        rule_id=params.text(query, "rule_id", 200),
        cwe=params.text(query, "cwe", 16),
        severity=params.text(query, "severity", 16),
        scanner=params.text(query, "scanner", 32),
        action=params.text(query, "action", 16),
        text=params.text(query, "q", 500),
    )


class AuditAdminController(Controller):
    path = "/admin/api/audit"

    @get("/records")
    async def list_records(self, request: AnyRequest) -> Response[bytes]:
        request_id = new_request_id()
        try:
            access = await authorize(request)
            query = dict(request.query_params)
            params.check_known(query, params.FILTER_PARAMS | {"limit", "cursor", "sort"})
            flt = await _build_filter(request, access, query)
            limit = params.integer(query, "limit", low=1, high=500, default=50) or 50
            svc = _services(request)
            async with svc.engine.connect() as conn:
                page = await search(conn, flt, keyring=svc.audit.keyring, limit=limit, cursor=query.get("cursor"),
                                    sort=query.get("sort"))
        except QueryError as exc:
            param = "sort" if str(exc).startswith("sort") else "cursor"
            return error_response(bad_request(str(exc), param=param), request_id)
        except APIError as error:
            return error_response(error, request_id)
        return _json({"object": "list", "data": page.items, "next_cursor": page.next_cursor}, request_id)

    @get("/records/{record_request_id:str}")
    async def get_record(self, request: AnyRequest, record_request_id: FromPath[str]) -> Response[bytes]:
        request_id = new_request_id()
        try:
            access = await authorize(request)
            params.check_known(request.query_params, frozenset())
            svc = _services(request)
            async with svc.engine.connect() as conn:
                detail = await record_detail(
                    conn, record_request_id[:64], tenant_id=access.tenant_scope, keyring=svc.audit.keyring
                )
            if detail is None:
                raise _not_found(record_request_id[:64])
        except APIError as error:
            return error_response(error, request_id)
        return _json(detail, request_id)

    @get("/export")
    async def export(self, request: AnyRequest) -> Response[bytes] | Stream:
        request_id = new_request_id()
        try:
            access = await authorize(request)
            query = dict(request.query_params)
            params.check_known(query, params.FILTER_PARAMS | {"format", "bodies"})
            flt = await _build_filter(request, access, query)
            fmt = params.choice(query, "format", ("jsonl", "csv"), "jsonl")
            bodies = params.choice(query, "bodies", ("0", "1", "false", "true"), "0") in ("1", "true")
            svc = _services(request)
            details = {
                "format": fmt,
                "bodies": bodies,
                "filters": {k: v for k, v in query.items() if k in params.FILTER_PARAMS},
            }
            try:  # the export is on the record before any data leaves
                await record_admin_event(
                    svc.audit,
                    "audit.export",
                    actor=f"key:{access.principal.key_id}",
                    key_id=access.principal.key_id,
                    tenant_id=flt.tenant_id,
                    tenant_name=access.principal.tenant_name if not access.is_admin else None,
                    client_addr=request.client.host if request.client else None,
                    details=details,
                )
            except AuditUnavailable:
                raise _audit_unavailable() from None
        except APIError as error:
            return error_response(error, request_id)

        async def lines() -> AsyncIterator[bytes]:
            async with svc.engine.connect() as conn:
                rows = export_rows(conn, flt, keyring=svc.audit.keyring, bodies=bodies)
                async for line in export_lines(fmt, rows, bodies=bodies):  # type: ignore[arg-type]
                    yield line

        media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
        headers = {
            "x-request-id": request_id,
            "content-disposition": f'attachment; filename="sluice-audit.{fmt}"',
        }
        return Stream(lines(), media_type=media, headers=headers)

    @get("/stats")
    async def stats(self, request: AnyRequest) -> Response[bytes]:
        request_id = new_request_id()
        try:
            access = await authorize(request)
            query = dict(request.query_params)
            params.check_known(query, params.FILTER_PARAMS | {"group_by"})
            flt = await _build_filter(request, access, query)
            group = params.choice(query, "group_by", GROUPS, "rule")
            if flt.text:
                flt = replace(flt, text=None)  # counts come from finding rows, not bodies
            async with _services(request).engine.connect() as conn:
                data = await finding_stats(conn, flt, group)  # type: ignore[arg-type]
        except APIError as error:
            return error_response(error, request_id)
        return _json({"object": "stats", "group_by": group, "data": data}, request_id)

    @get("/verify")
    async def verify(self, request: AnyRequest) -> Response[bytes]:
        """Admins only: the chain spans every tenant."""
        request_id = new_request_id()
        try:
            access = await authorize(request)
            access.require_admin()
            query = dict(request.query_params)
            params.check_known(query, frozenset({"from", "to"}))
            from_id = params.integer(query, "from", low=1, high=2**62)
            to_id = params.integer(query, "to", low=1, high=2**62)
            if from_id and to_id and to_id < from_id:
                raise bad_request("'to' must not be before 'from'.", param="to")
            svc = _services(request)
            report = await verify_chain(
                svc.engine,
                from_id=from_id,
                to_id=to_id,
                keyring=svc.audit.keyring,
                public_key=svc.audit.checkpoint_key,
                batch=250,  # short CPU slices: the gateway keeps serving while an admin verifies
            )
        except APIError as error:
            return error_response(error, request_id)
        return _json({"object": "audit.verification", **report.to_dict()}, request_id)
