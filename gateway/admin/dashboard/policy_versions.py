"""One policy version's text and its diff against the version of the same policy seen before it.

A record keeps only its policy's version hash; the texts are the snapshots written whenever a
policy set is loaded (`gateway.policy.snapshots`). A tenant-scoped viewer reads its own tenant's
policy and the default one (what a tenant without a file of its own gets), nothing else.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from gateway.admin.dashboard.access import services
from gateway.admin.dashboard.common import PageError, forbidden, frame, refused, viewer
from gateway.admin.dashboard.rendering import page
from gateway.admin.dashboard.security import Session
from gateway.policy.loader import DEFAULT_NAME
from gateway.policy.snapshots import Snapshot, neighbours, record_snapshots, snapshots_of

VERSION = re.compile(r"^[0-9a-f]{64}$")
POLICY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


def version_url(version: str | None, policy: str | None = None) -> str | None:
    """The page of a policy version (None for what is no version hash, e.g. an admin event's)."""
    if not version or not VERSION.match(version):
        return None
    suffix = f"?policy={policy}" if policy and POLICY_NAME.match(policy) else ""
    return f"/admin/policies/versions/{version}{suffix}"


def diff_lines(old: str, new: str, old_label: str, new_label: str) -> list[tuple[str, str]]:
    """Unified diff as (css class, line) pairs; empty when the texts are equal."""
    kinds = {"+": "add", "-": "del", "@": "hunk"}
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm="", n=3))
    return [(kinds.get(line[:1], "ctx"), line) for line in lines[2:]]


def readable_names(session: Session) -> frozenset[str] | None:
    """The policy names a viewer may read; None for a viewer of every tenant."""
    if session.tenant_id is None:
        return None
    return frozenset({DEFAULT_NAME, session.tenant_name})


def _pick(found: list[Snapshot], wanted: str | None, session: Session) -> Snapshot:
    """The asked-for policy's snapshot, else the viewer's tenant's, else the default, else the first."""
    by_name = {s.policy_name: s for s in found}
    for name in (wanted, session.tenant_name if session.tenant_id is not None else None, DEFAULT_NAME):
        if name and name in by_name:
            return by_name[name]
    return found[0]


class PolicyVersionsController(Controller):
    path = "/policies/versions"

    @get("/{version:str}")
    async def version(self, request: Request[Any, Any, Any], version: FromPath[str]) -> Response[str]:
        session = await viewer(request)
        if not VERSION.match(version):
            raise PageError(400, "Invalid policy version",
                            "A policy version is the 64 hexadecimal characters of its SHA-256.")
        wanted = request.query_params.get("policy") or None
        if wanted is not None and not POLICY_NAME.match(wanted):
            raise PageError(400, "Invalid policy name", "'policy' must be a tenant name or 'default'.")
        svc = services(request)
        async with svc.engine.connect() as conn:
            found = await snapshots_of(conn, version)
        current = svc.policies.current
        if not found and version in {p.version for p in (current.default, *current.tenants.values())}:
            # In force but not kept (the database was away when it loaded): keep it now.
            await record_snapshots(svc.engine, current)
            async with svc.engine.connect() as conn:
                found = await snapshots_of(conn, version)
        if not found:
            raise PageError(404, "Policy version not kept",
                            f"No text is kept for policy version {version[:12]}: it was in force before this "
                            "gateway kept policy snapshots, or never on this gateway. Only its hash is on record.")
        names = readable_names(session)
        visible = [s for s in found if names is None or s.policy_name in names]
        if not visible:
            raise await refused(request, session, forbidden(
                "This policy version belongs to another tenant's policy; you can read your tenant's and "
                "the default policy's versions."))
        shown = _pick(visible, wanted, session)
        async with svc.engine.connect() as conn:
            previous, following = await neighbours(conn, shown)
        diff = (diff_lines(previous.text, shown.text, f"{shown.policy_name} {previous.version[:12]}",
                           f"{shown.policy_name} {shown.version[:12]}") if previous else [])
        in_force = current.default if shown.policy_name == DEFAULT_NAME else current.tenants.get(shown.policy_name)
        return page(
            "policy_version.html",
            **frame(
                request,
                session,
                "policies",
                snapshot=shown,
                previous=previous,
                following=following,
                diff=diff,
                added=sum(1 for kind, _ in diff if kind == "add"),
                removed=sum(1 for kind, _ in diff if kind == "del"),
                in_force=in_force is not None and in_force.version == shown.version,
                # Other policies with the very same effective text (the viewer may read them).
                also=[s.policy_name for s in visible if s.policy_name != shown.policy_name],
                version_url=version_url,
            ),
        )
