"""Tenants and keys, chain integrity and policies: management through `gateway.auth.admin`
and `gateway.audit.verify`, each action chained as an admin event."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from sqlalchemy import func, select

from gateway.admin import params
from gateway.admin.dashboard import policy_data
from gateway.admin.dashboard.access import client_address, dashboard_state, services
from gateway.admin.dashboard.common import checked_form, frame, viewer
from gateway.admin.dashboard.policy_versions import version_url
from gateway.admin.dashboard.rendering import page, redirect
from gateway.admin.dashboard.security import Session
from gateway.audit.admin_events import record_admin_event
from gateway.audit.models import AuditRecord
from gateway.audit.verify import verify_chain
from gateway.auth import admin
from gateway.auth.admin import AdminError, CreatedKey
from gateway.auth.models import ApiKey, Tenant
from gateway.auth.principal import SCOPES
from gateway.db.engine import session_factory
from gateway.policy.snapshots import history as snapshot_history

# A bounded lifetime by default; a key that never expires must be asked for explicitly.
EXPIRY_CHOICES = ("1d", "7d", "30d", "90d", "365d", "never")
DEFAULT_EXPIRY = "90d"
NOTICES = {
    "tenant.create": "Tenant created.",
    "tenant.disable": "Tenant disabled.",
    "tenant.enable": "Tenant enabled.",
    "key.revoke": "Key revoked: it is refused from now on.",
}


async def _event(request: Request[Any, Any, Any], session: Session, action: str, **fields: Any) -> None:
    """Chain an admin action. Attribution (issue 16): an event belongs to the tenant whose key or
    data it acts on (key.create, key.revoke, tenant.*: the target's tenant), so that tenant's
    auditors see it; an action on the whole trail (audit.verify) belongs to the signed-in viewer's
    tenant scope, like the sign-in that opened the session."""
    fields.setdefault("tenant_id", session.tenant_id)
    fields.setdefault("tenant_name", session.tenant_name if session.tenant_id is not None else None)
    await record_admin_event(
        services(request).audit,
        action,
        actor=session.actor,  # people (dashboard users, single sign-on) by name, keys by id
        key_id=session.api_key_id,
        client_addr=client_address(request),
        **fields,
    )


async def _tenant_of_key(request: Request[Any, Any, Any], key_id: str) -> tuple[int | None, str | None]:
    async with services(request).engine.connect() as conn:
        row = (await conn.execute(
            select(Tenant.id, Tenant.name).join(ApiKey, ApiKey.tenant_id == Tenant.id).where(ApiKey.id == key_id)
        )).first()
    return (row[0], row[1]) if row is not None else (None, None)


def _diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """Unified diff (default -> tenant) as (css class, line) pairs; empty when they are equal."""
    kinds = {"+": "add", "-": "del", "@": "hunk"}
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), "default", "tenant", lineterm="", n=2)
    return [(kinds.get(line[:1], "ctx"), line) for line in list(lines)[2:]]


async def tenant_names(request: Request[Any, Any, Any]) -> list[str]:
    async with services(request).engine.connect() as conn:
        return [name for (name,) in (await conn.execute(select(Tenant.name)))]


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name  # never the server's absolute path


async def key_creators(conn: Any) -> dict[str, str]:
    """Key id -> who created it (the actor of its `admin:key.create` event): the key's owner on record.
    Keys made before the trail began, or by tests and scripts writing the table directly, have none."""
    query = select(AuditRecord.details).where(AuditRecord.endpoint == "admin:key.create")
    creators: dict[str, str] = {}
    for (details,) in (await conn.execute(query)).all():
        if isinstance(details, dict) and isinstance(details.get("created_key_id"), str):
            creators[details["created_key_id"]] = str(details.get("actor") or "—")
    return creators


def _key_matches(key: ApiKey, tenant: str, creator: str | None, search: str) -> bool:
    """Case-insensitive substring of the key's id, name, tenant, scopes or creator."""
    needle = search.lower()
    fields = (key.id, key.name or "", tenant, key.scopes, creator or "")
    return any(needle in value.lower() for value in fields)


class AdminPagesController(Controller):
    path = "/"

    async def _tenants_page(
        self,
        request: Request[Any, Any, Any],
        session: Session,
        *,
        status: int = 200,
        error: str | None = None,
        created: CreatedKey | None = None,
        form: dict[str, Any] | None = None,
    ) -> Response[str]:
        engine = services(request).engine
        async with session_factory(engine)() as db:
            tenants = await admin.list_tenants(db)
            keys = await admin.list_keys(db)
        async with engine.connect() as conn:
            query = (
                select(AuditRecord.key_id, func.max(AuditRecord.created_at))
                .where(AuditRecord.key_id.in_([k.id for k, _ in keys]))  # API calls and dashboard sign-ins
                .group_by(AuditRecord.key_id)
            )
            last_used = dict((await conn.execute(query)).all()) if keys else {}
            creators = await key_creators(conn)
        all_keys = len(keys)
        search = (request.query_params.get("q") or "").strip()[:100]
        if search:
            keys = [(k, t) for k, t in keys if _key_matches(k, t, creators.get(k.id), search)]
        notice = NOTICES.get(request.query_params.get("done", ""))
        if created is None and request.query_params.get("done") == "key.create":
            # Post/Redirect/Get: the new key waits here for this session's next page, once.
            created = dashboard_state(request).created_keys.pop(session.nonce, None)
        return page(
            "tenants.html",
            status=status,
            **frame(
                request,
                session,
                "tenants",
                tenants=tenants,
                keys=keys,
                last_used=last_used,
                creators=creators,
                search=search,
                all_keys=all_keys,
                error=error,
                notice=notice,
                created=created,
                scopes=sorted(SCOPES),
                expiries=EXPIRY_CHOICES,
                form={"expires": DEFAULT_EXPIRY, **(form or {})},
                own_key=session.key_id,
                now=datetime.now(UTC),
            ),
        )

    @get("/tenants")
    async def tenants(self, request: Request[Any, Any, Any]) -> Response[str]:
        return await self._tenants_page(request, await viewer(request, admin=True))

    @post("/tenants", status_code=200)
    async def create_tenant(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request, admin=True)
        form = await checked_form(request, session)
        name = str(form.get("name", "")).strip()
        try:
            async with session_factory(services(request).engine)() as db, db.begin():
                tenant = await admin.create_tenant(db, name)
        except AdminError as error:
            return await self._tenants_page(request, session, status=400, error=str(error))
        await _event(request, session, "tenant.create", tenant_id=tenant.id, tenant_name=tenant.name)
        return redirect("/admin/tenants?done=tenant.create")

    @post("/tenants/{name:str}/state", status_code=200)
    async def tenant_state(self, request: Request[Any, Any, Any], name: FromPath[str]) -> Response[str]:
        session = await viewer(request, admin=True)
        form = await checked_form(request, session)
        disable = form.get("disabled") == "1"
        try:
            async with session_factory(services(request).engine)() as db, db.begin():
                tenant = await admin.set_tenant_disabled(db, name, disable)
        except AdminError as error:
            return await self._tenants_page(request, session, status=404, error=str(error))
        action = "tenant.disable" if disable else "tenant.enable"
        await _event(request, session, action, tenant_id=tenant.id, tenant_name=tenant.name)
        return redirect(f"/admin/tenants?done={action}")

    @post("/keys", status_code=200)
    async def create_key(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request, admin=True)
        form = await checked_form(request, session)
        values: dict[str, Any] = {
            "tenant": str(form.get("tenant", "")),
            "name": str(form.get("name", "")).strip()[:128],
            "scopes": [str(s) for s in form.getall("scopes", [])],
            "expires": str(form.get("expires", "") or DEFAULT_EXPIRY),
        }
        try:
            try:
                params.text(values["name"], "name", 128)
            except params.ParamError as error:
                raise AdminError(f"key name: {error.message}") from None
            scopes = admin.parse_scopes(",".join(values["scopes"]))
            if values["expires"] not in EXPIRY_CHOICES:
                raise AdminError(f"expiry: one of {', '.join(EXPIRY_CHOICES)}")
            expires = None if values["expires"] == "never" else admin.parse_duration(values["expires"])
            async with session_factory(services(request).engine)() as db, db.begin():
                created = await admin.create_key(
                    db, values["tenant"], scopes=scopes, expires_in=expires, name=values["name"] or None
                )
        except AdminError as error:
            return await self._tenants_page(request, session, status=400, error=str(error), form=values)
        tenant_id, tenant_name = await _tenant_of_key(request, created.key_id)
        await _event(
            request,
            session,
            "key.create",
            tenant_id=tenant_id,
            tenant_name=tenant_name or created.tenant,
            details={"created_key_id": created.key_id, "key_name": values["name"] or None,
                     "scopes": list(created.scopes),
                     "expires_at": created.expires_at.isoformat() if created.expires_at else "never"},
        )
        # Redirect, so that reloading the page does not create a second key.
        dashboard_state(request).created_keys[session.nonce] = created
        return redirect("/admin/tenants?done=key.create")

    @post("/keys/{key_id:str}/revoke", status_code=200)
    async def revoke_key(self, request: Request[Any, Any, Any], key_id: FromPath[str]) -> Response[str]:
        session = await viewer(request, admin=True)
        await checked_form(request, session)
        if key_id == session.key_id:
            return await self._tenants_page(
                request, session, status=409,
                error="This is the key you are signed in with: revoking it would end your session. "
                      "Sign in with another admin key first, or revoke it with the CLI.",
            )
        try:
            async with session_factory(services(request).engine)() as db, db.begin():
                await admin.revoke_key(db, key_id[:32])
        except AdminError as error:
            return await self._tenants_page(request, session, status=404, error=str(error))
        revoked = key_id[:32].removeprefix("sk-sluice-").split("_")[0]
        tenant_id, tenant_name = await _tenant_of_key(request, revoked)
        await _event(request, session, "key.revoke", tenant_id=tenant_id, tenant_name=tenant_name,
                     details={"revoked_key_id": revoked})
        return redirect("/admin/tenants?done=key.revoke")

    @get("/chain")
    async def chain(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request, admin=True)
        report = dashboard_state(request).last_chain_report
        return page("chain.html", **frame(request, session, "chain", report=report))

    @post("/chain/verify", status_code=200)
    async def verify(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request, admin=True)
        await checked_form(request, session)
        svc = services(request)
        started = datetime.now(UTC)
        # With the checkpoint public key, so that signed checkpoints are verified, not skipped.
        report = (await verify_chain(svc.engine, keyring=svc.audit.keyring,
                                     public_key=svc.audit.checkpoint_key)).to_dict()
        report["ran_at"] = started
        report["seconds"] = (datetime.now(UTC) - started).total_seconds()
        dashboard_state(request).last_chain_report = report
        await _event(
            request,
            session,
            "audit.verify",
            details={
                "ok": report["ok"],
                "checked": report["checked"],
                "first_bad_id": report["first_bad_id"],
            },
        )
        return redirect("/admin/chain")  # the result lives at a GET URL (reload does not re-run it)

    @get("/policies")
    async def policies(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        store = services(request).policies
        current = store.current
        # The tenants that exist, each with the policy it gets (its own file or the default);
        # a policy file for a name that is no tenant is listed apart, not as a tenant.
        # A viewer of every tenant (admin, or a read-only auditor) sees every tenant's policy.
        every_tenant = session.tenant_id is None
        existing = sorted(await tenant_names(request)) if every_tenant else [session.tenant_name]
        names = ["default", *existing] if every_tenant else existing
        orphans = sorted(set(current.tenants) - set(existing)) if every_tenant else []
        shown: list[dict[str, Any]] = []
        for name in names:
            policy = current.default if name == "default" else current.for_tenant(name)
            shown.append(
                {
                    "name": name,
                    "compiled_as": policy.name,
                    "own_file": name == "default" or name in current.tenants,
                    "version": policy.version,
                    "mode": policy.policy.mode,
                    "sources": [_relative(p, store.directory) for p in policy.sources],
                    "yaml": yaml.safe_dump(policy.to_builtins(), sort_keys=False, allow_unicode=True),
                }
            )
        base = yaml.safe_dump(current.default.to_builtins(), sort_keys=False, allow_unicode=True)
        for item in shown:
            item["diff"] = _diff_lines(base, item["yaml"]) if item["name"] != "default" else []
        last_error = str(store.last_error) if store.last_error else None
        async with services(request).engine.connect() as conn:
            history = await policy_data.reload_history(conn) if session.is_admin else []
            shadow = await policy_data.shadow_results(conn, datetime.now(UTC), session.tenant_id)
            versions = await snapshot_history(conn, sorted({item["compiled_as"] for item in shown}))
        for item in shown:  # each version's text and diff are one click away (policy_versions.py)
            item["url"] = version_url(item["version"], item["compiled_as"])
            item["history"] = [(version_url(v.version, v.policy_name), v) for v in versions[item["compiled_as"]]]
        return page(
            "policies.html",
            **frame(
                request,
                session,
                "policies",
                policies=shown,
                set_version=current.version,
                # Where the server keeps its files is the operators' business, not a tenant's.
                directory=str(store.directory) if session.is_admin else None,
                orphans=orphans,
                last_error=last_error,
                history=history,
                shadow=shadow,
                shadow_days=policy_data.SHADOW_WINDOW.days,
            ),
        )
