"""Audit endpoints of the admin API: search, record detail, export, statistics, chain verification.

Every handler first decides the caller's tenant scope (`authorize`) and passes it into
the query as `AuditFilter.tenant_id`; nothing a caller sends can widen it. Records of
another tenant answer 404, exactly like records that do not exist.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Stream
from sqlalchemy import select

from gateway.admin import params as query_params
from gateway.admin.api import params
from gateway.admin.api.access import Access, authorize
from gateway.admin.api.errors import ERROR_HANDLERS, api_request_id, audit_unavailable, respond_error
from gateway.admin.params import Collector, ParamError, ParamErrors
from gateway.audit import AuditUnavailable
from gateway.audit.admin_events import record_admin_event
from gateway.audit.export import export_lines
from gateway.audit.query import GROUPS, AuditFilter, export_rows, finding_stats, record_detail, search
from gateway.audit.verify import verify_chain
from gateway.auth.models import Tenant
from gateway.auth.service import AuthFailure
from gateway.errors import APIError
from gateway.services import Services

JSON = "application/json"
_encoder = msgspec.json.Encoder()
AnyRequest = Request[Any, Any, Any]


Work = Callable[[Access], Awaitable[Response[bytes] | Stream]]


def _services(request: AnyRequest) -> Services:
    return request.app.state.services


def _json(data: Any, request: AnyRequest, status: int = 200) -> Response[bytes]:
    return Response(
        content=_encoder.encode(data),
        status_code=status,
        media_type=JSON,
        headers={"x-request-id": api_request_id(request)},
    )


def _not_found(what: str) -> APIError:
    return APIError(404, f"No audit record {what!r} in your scope.", code="not_found")


def _client(request: AnyRequest) -> str | None:
    return request.client.host if request.client else None


async def _answer(request: AnyRequest, work: Work) -> Response[bytes] | Stream:
    """Authorize, run `work`, and turn its failures into answers; 401/403s are audited."""
    try:
        access = await authorize(request)
    except AuthFailure as failure:
        return await _refuse(request, failure, failure.principal)
    try:
        return await work(access)
    except ParamErrors as errors:
        return respond_error(request, params.invalid(errors))
    except AuditUnavailable as exc:  # the action could not be recorded, so it did not happen
        return respond_error(request, audit_unavailable(), exc)
    except APIError as error:
        if error.status == 403:
            return await _refuse(request, error, access.principal)
        return respond_error(request, error)


async def _refuse(request: AnyRequest, error: APIError, principal: Any) -> Response[bytes]:
    """A refused admin call is itself on the record (who tried to read what, and why not)."""
    key_id = principal.key_id if principal is not None else None
    try:
        await record_admin_event(
            _services(request).audit,
            "access.denied",
            actor=f"key:{key_id}" if key_id else "anonymous",
            key_id=key_id,
            tenant_id=principal.tenant_id if principal is not None else None,
            tenant_name=principal.tenant_name if principal is not None else None,
            client_addr=_client(request),
            status_code=error.status,
            details={"path": request.url.path[:200], "code": error.code, "request_id": api_request_id(request)},
        )
    except AuditUnavailable as exc:
        return respond_error(request, audit_unavailable(), exc)
    return respond_error(request, error)


def _parse_filter(query: Mapping[str, str], allowed: frozenset[str], into: Collector) -> query_params.FilterValues:
    query_params.check_known(query, params.FILTER_PARAMS | allowed, into)
    return query_params.parse_filter(query, query_params.API_NAMES, into)


async def _scoped(request: AnyRequest, access: Access, values: query_params.FilterValues) -> AuditFilter:
    """The filter with the caller's tenant scope pinned (a named tenant must be the caller's own)."""
    tenant_id = access.tenant_scope
    if values.tenant is not None:
        if not access.is_admin:
            if values.tenant != access.principal.tenant_name:
                raise params.tenant_mismatch(values.tenant)
        else:
            async with _services(request).engine.connect() as conn:
                found = (await conn.execute(select(Tenant.id).where(Tenant.name == values.tenant))).scalar()
            if found is None:
                raise APIError(400, f"No tenant named {values.tenant!r}.", param="tenant", code="unknown_tenant")
            tenant_id = found
    return values.to_filter(tenant_id)


async def _record_read(request: AnyRequest, access: Access, action: str, **fields: Any) -> None:
    """Reads that reveal stored bodies are admin events: regulators ask who read what."""
    details = fields.pop("details")
    await record_admin_event(
        _services(request).audit,
        action,
        actor=f"key:{access.principal.key_id}",
        key_id=access.principal.key_id,
        client_addr=_client(request),
        details={**details, "via": "api", "request_id": api_request_id(request)},
        **fields,
    )


class AuditAdminController(Controller):
    path = "/admin/api/audit"
    exception_handlers = ERROR_HANDLERS

    @get("/records")
    async def list_records(self, request: AnyRequest) -> Response[bytes] | Stream:
        async def work(access: Access) -> Response[bytes]:
            query = dict(request.query_params)
            into = Collector()
            values = _parse_filter(query, frozenset({"limit", "cursor", "sort"}), into)
            limit = into.take(query_params.integer, query.get("limit"), "limit", low=1, high=500) or 50
            sort = into.take(query_params.sort_order, query.get("sort"))
            cursor = into.take(query_params.cursor, query.get("cursor"), sort)
            into.raise_if_any()
            flt = await _scoped(request, access, values)
            svc = _services(request)
            if flt.text:  # a search of stored bodies is a read of them
                await _record_read(request, access, "audit.search", tenant_id=flt.tenant_id,
                                   details={"filters": _filters_shown(query)})
            async with svc.engine.connect() as conn:
                page = await search(conn, flt, keyring=svc.audit.keyring, limit=limit, cursor=cursor, sort=sort)
            return _json({"object": "list", "data": page.items, "next_cursor": page.next_cursor}, request)

        return await _answer(request, work)

    @get("/records/{record_request_id:str}")
    async def get_record(self, request: AnyRequest, record_request_id: FromPath[str]) -> Response[bytes] | Stream:
        async def work(access: Access) -> Response[bytes]:
            into = Collector()
            query_params.check_known(request.query_params, frozenset(), into)
            wanted = into.take(query_params.identifier, record_request_id, "record_request_id")
            into.raise_if_any()
            assert wanted is not None
            svc = _services(request)
            async with svc.engine.connect() as conn:
                detail = await record_detail(conn, wanted, tenant_id=access.tenant_scope, keyring=svc.audit.keyring)
            if detail is None:
                raise _not_found(wanted)
            # On the record before any of it leaves, like an export.
            await _record_read(
                request, access, "audit.read", tenant_id=detail["tenant_id"], tenant_name=detail["tenant_name"],
                details={"record_request_id": wanted,
                         "bodies": [b for b in ("prompt", "response") if detail.get(b) is not None]},
            )
            return _json(detail, request)

        return await _answer(request, work)

    @get("/export")
    async def export(self, request: AnyRequest) -> Response[bytes] | Stream:
        async def work(access: Access) -> Response[bytes] | Stream:
            query = dict(request.query_params)
            into = Collector()
            values = _parse_filter(query, frozenset({"format", "bodies"}), into)
            fmt = into.take(query_params.choice, query.get("format"), "format", ("jsonl", "csv")) or "jsonl"
            bodies = into.take(query_params.choice, query.get("bodies"), "bodies", ("0", "1", "false", "true"))
            into.raise_if_any()
            flt = await _scoped(request, access, values)
            with_bodies = bodies in ("1", "true")
            svc = _services(request)
            # The export is on the record before any data leaves.
            await record_admin_event(
                svc.audit,
                "audit.export",
                actor=f"key:{access.principal.key_id}",
                key_id=access.principal.key_id,
                tenant_id=flt.tenant_id,
                tenant_name=access.principal.tenant_name if not access.is_admin else None,
                client_addr=_client(request),
                details={"format": fmt, "bodies": with_bodies, "filters": _filters_shown(query),
                         "request_id": api_request_id(request)},
            )

            async def lines() -> AsyncIterator[bytes]:
                async with svc.engine.connect() as conn:
                    rows = export_rows(conn, flt, keyring=svc.audit.keyring, bodies=with_bodies)
                    async for line in export_lines(fmt, rows, bodies=with_bodies):  # type: ignore[arg-type]
                        yield line

            media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
            headers = {
                "x-request-id": api_request_id(request),
                "content-disposition": f'attachment; filename="sluice-audit.{fmt}"',
            }
            return Stream(lines(), media_type=media, headers=headers)

        return await _answer(request, work)

    @get("/stats")
    async def stats(self, request: AnyRequest) -> Response[bytes] | Stream:
        async def work(access: Access) -> Response[bytes]:
            query = dict(request.query_params)
            into = Collector()
            values = _parse_filter(query, frozenset({"group_by"}), into)
            group = into.take(query_params.choice, query.get("group_by"), "group_by", GROUPS) or "rule"
            into.raise_if_any()
            flt = await _scoped(request, access, values)
            if flt.text:
                flt = replace(flt, text=None)  # counts come from finding rows, not bodies
            async with _services(request).engine.connect() as conn:
                data = await finding_stats(conn, flt, group)  # type: ignore[arg-type]
            return _json({"object": "stats", "group_by": group, "data": data}, request)

        return await _answer(request, work)

    @get("/verify")
    async def verify(self, request: AnyRequest) -> Response[bytes] | Stream:
        """Admins only: the chain spans every tenant."""

        async def work(access: Access) -> Response[bytes]:
            access.require_admin()
            query = dict(request.query_params)
            into = Collector()
            query_params.check_known(query, frozenset({"from", "to"}), into)
            from_id = into.take(query_params.integer, query.get("from"), "from", low=1, high=2**62)
            to_id = into.take(query_params.integer, query.get("to"), "to", low=1, high=2**62)
            if from_id and to_id and to_id < from_id:
                into.errors.append(ParamError("to", "'to' must not be before 'from'."))
            into.raise_if_any()
            svc = _services(request)
            report = await verify_chain(
                svc.engine,
                from_id=from_id,
                to_id=to_id,
                keyring=svc.audit.keyring,
                public_key=svc.audit.checkpoint_key,
                batch=250,  # short CPU slices: the gateway keeps serving while an admin verifies
            )
            # Chained like the dashboard's verification: the trail shows who checked it, when, and
            # what they found. An action on the whole trail belongs to the caller's tenant scope.
            await record_admin_event(
                svc.audit,
                "audit.verify",
                actor=f"key:{access.principal.key_id}",
                key_id=access.principal.key_id,
                tenant_id=access.tenant_scope,
                client_addr=_client(request),
                details={"ok": report.ok, "checked": report.checked, "first_bad_id": report.first_bad_id,
                         "from": from_id, "to": to_id, "via": "api", "request_id": api_request_id(request)},
            )
            return _json({"object": "audit.verification", **report.to_dict()}, request)

        return await _answer(request, work)


def _filters_shown(query: Mapping[str, str]) -> dict[str, str]:
    """The filters as sent (already validated), for the admin event's details."""
    return {k: v for k, v in query.items() if k in params.FILTER_PARAMS and v}
