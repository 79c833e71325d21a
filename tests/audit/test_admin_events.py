"""Admin actions are chained like requests, through the running writer or straight through a store."""

from __future__ import annotations

import asyncio

import pytest

from gateway.audit.admin_events import admin_entry, record_admin_event, record_admin_event_at
from gateway.audit.config import AuditSettings, build_audit_writer
from gateway.audit.store import chain_store_for
from gateway.db.engine import create_engine
from tests.audit.helpers import entry, verify, write
from tests.support import db


def test_admin_events_join_the_chain(audit_db: str) -> None:
    write(audit_db, [entry()])

    async def main() -> None:
        engine = create_engine(audit_db)
        writer = build_audit_writer(audit_db, engine, AuditSettings())
        await writer.start()
        try:
            await record_admin_event(
                writer,
                "policy.reload",
                actor="key:abc",
                key_id="abc",
                tenant_id=3,
                tenant_name="acme",
                details={"old_version": "v1", "new_version": "v2"},
            )
        finally:
            await writer.aclose()
        store = chain_store_for(audit_db, engine)
        try:
            await record_admin_event(store, "key.revoke", details={"key_id": "xyz"})
        finally:
            await store.aclose()
        await engine.dispose()

    asyncio.run(main())
    asyncio.run(
        record_admin_event_at(
            audit_db,
            "dashboard.login_failed",
            client_addr="10.0.0.9",
            status_code=401,
            details={"user": "alice"},
        )
    )
    reload, revoke, login = (
        db.audit_rows(audit_db, endpoint=f"admin:{a}")[0]
        for a in ("policy.reload", "key.revoke", "dashboard.login_failed")
    )
    assert reload.details == {"actor": "key:abc", "old_version": "v1", "new_version": "v2"}
    assert reload.tenant_name == "acme" and reload.outcome == "admin" and reload.key_id == "abc"
    assert revoke.details is not None and revoke.details["actor"].startswith("os:")
    assert login.outcome == "refused" and login.status_code == 401 and login.client_addr == "10.0.0.9"
    report = verify(audit_db)
    assert report.ok and report.checked == 4


def test_unknown_admin_action_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown admin action 'tenant\.delete'"):
        admin_entry("tenant.delete")
