"""Administrative actions go into the same hash chain as requests.

An admin event is an `audit_records` row with endpoint `admin:<action>` and outcome
`admin`; what was done is in `details` (e.g. old and new policy version), who did it
in `key_id` (API) or `details.actor` (CLI: the OS user). One chain means one order
and one verification for everything a regulator asks about.
"""

from __future__ import annotations

import getpass
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gateway.audit.entry import AuditEntry
from gateway.audit.store import ChainStore
from gateway.audit.writer import AuditWriter

if TYPE_CHECKING:
    from gateway.audit.config import AuditSettings

ADMIN_ACTIONS = frozenset({
    "tenant.create", "tenant.disable", "tenant.enable",
    "key.create", "key.revoke",
    "policy.reload",
    "audit.export", "audit.purge", "audit.verify",
    # Reads of stored records and bodies (record detail, body search) and refused admin calls:
    # regulators ask who read what, and who tried to.
    "audit.read", "audit.search", "access.denied",
    "dashboard.login", "dashboard.login_failed", "dashboard.logout",
    "user.create", "user.disable", "user.enable",
})


def admin_entry(
    action: str,
    *,
    actor: str | None = None,
    key_id: str | None = None,
    tenant_id: int | None = None,
    tenant_name: str | None = None,
    client_addr: str | None = None,
    details: dict[str, Any] | None = None,
    status_code: int = 200,
) -> AuditEntry:
    if action not in ADMIN_ACTIONS:
        raise ValueError(f"unknown admin action {action!r}; known: {', '.join(sorted(ADMIN_ACTIONS))}")
    return AuditEntry(
        request_id="adm_" + secrets.token_hex(12),
        created_at=datetime.now(UTC),
        endpoint=f"admin:{action}",
        client_addr=client_addr,
        tenant_id=tenant_id,
        tenant_name=tenant_name,
        key_id=key_id,
        status_code=status_code,
        outcome="admin" if status_code < 400 else "refused",
        details={"actor": actor or _os_user(), **(details or {})},
        store_bodies="hash_only",
    )


def _os_user() -> str:
    try:
        return "os:" + getpass.getuser()
    except (OSError, KeyError):  # no passwd entry in some containers
        return "os:unknown"


async def record_admin_event(sink: AuditWriter | ChainStore, action: str, **fields: Any) -> int:
    """Chain one admin event and wait until it is durable; returns its record id.

    `sink` is the running gateway's AuditWriter (admin API, dashboard) or a ChainStore
    (the CLI, which has no writer task). Raises AuditUnavailable/database errors:
    callers treat a failed audit as a failed action.
    """
    entry = admin_entry(action, **fields)
    if isinstance(sink, AuditWriter):
        return await sink.write(entry)
    return (await sink.append([entry.row()]))[0]


async def record_admin_event_at(url: str, action: str, *, audit_settings: AuditSettings | None = None,
                                **fields: Any) -> int:
    """For one-shot processes (CLI): open a store on `url`, chain the event, close. `audit_settings`: the
    settings tree's `audit` section (its signing key signs the chain head); None: the defaults."""
    from gateway.audit.config import AuditSettings
    from gateway.audit.store import chain_store_for
    from gateway.db.engine import create_engine

    settings = audit_settings or AuditSettings()
    engine = create_engine(url)
    store = chain_store_for(url, engine, checkpointer=settings.checkpointer_for(url, create=True))
    try:
        return await record_admin_event(store, action, **fields)
    finally:
        await store.aclose()
        await engine.dispose()
