"""The chain commits to findings, survives any interleaving, and locates every kind of tampering."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.audit.chain import canonical
from gateway.audit.checkpoints import Checkpointer
from gateway.audit.config import AuditSettings
from gateway.audit.models import AuditFinding
from gateway.settings import load_settings
from tests.audit.helpers import EVAL_FINDING, SQLI_FINDING, entry, verify, write
from tests.support import db


def finding_rows(url: str) -> list[tuple[int, int, str, str | None, str]]:
    async def work(session: Any) -> list[Any]:
        from sqlalchemy import select

        rows = await session.execute(
            select(
                AuditFinding.record_id,
                AuditFinding.position,
                AuditFinding.rule_id,
                AuditFinding.cwe,
                AuditFinding.severity,
            ).order_by(AuditFinding.record_id, AuditFinding.position)
        )
        return [tuple(r) for r in rows]

    return list(db.run(url, work))


def test_findings_are_rows_and_part_of_the_chain(audit_db: str) -> None:
    ids = write(audit_db, [entry(findings=[EVAL_FINDING, SQLI_FINDING], tenant_id=7), entry(), entry()])
    assert sorted(ids) == [1, 2, 3]
    rows = finding_rows(audit_db)
    assert [(r[2], r[3], r[4]) for r in rows] == [
        ("python.eval", "CWE-95", "high"),
        ("B608", "CWE-89", "medium"),
    ]
    record_id = rows[0][0]
    (record,) = db.audit_rows(audit_db, id=record_id)
    assert record.findings_count == 2 and record.findings_sha256
    assert verify(audit_db).ok

    where = f"WHERE record_id = {record_id} AND position = 0"
    db.execute(audit_db, f"UPDATE audit_findings SET severity = 'low' {where}")
    report = verify(audit_db)
    assert not report.ok and report.first_bad_id == record_id and "findings" in (report.reason or "")
    db.execute(audit_db, f"UPDATE audit_findings SET severity = 'high' {where}")
    assert verify(audit_db).ok

    db.execute(audit_db, f"DELETE FROM audit_findings WHERE record_id = {record_id} AND position = 1")
    report = verify(audit_db)
    assert not report.ok and report.first_bad_id == record_id and "1 rows found" in (report.reason or "")

    # A finding slipped in for a record that had none.
    other = next(i for i in (1, 2, 3) if i != record_id)
    db.execute(
        audit_db,
        "INSERT INTO audit_findings (record_id, position, tenant_id, created_at, scanner,"
        f" rule_id, severity, message)"
        f" VALUES ({other}, 0, NULL, '2026-01-01 00:00:00', 'x', 'x', 'low', 'x')",
    )
    report = verify(audit_db)
    assert not report.ok and report.first_bad_id == min(other, record_id)


def test_reordered_records_are_located(audit_db: str) -> None:
    write(audit_db, [entry(status_code=200 + i) for i in range(4)])
    # Swap the contents of records 2 and 3 (ids stay in place, order of history changes).
    db.execute(audit_db, "UPDATE audit_records SET id = 99 WHERE id = 2")
    db.execute(audit_db, "UPDATE audit_records SET id = 2 WHERE id = 3")
    db.execute(audit_db, "UPDATE audit_records SET id = 3 WHERE id = 99")
    report = verify(audit_db)
    assert not report.ok and report.first_bad_id == 2 and "reordered" in (report.reason or "")


def test_range_verification_and_missing_tail(audit_db: str) -> None:
    write(audit_db, [entry() for _ in range(6)])
    report = verify(audit_db, from_id=3, to_id=5)
    assert report.ok and report.checked == 3 and report.from_id == 3

    db.execute(audit_db, "UPDATE audit_records SET endpoint = 'forged' WHERE id = 2")
    assert verify(audit_db, from_id=3).ok  # the range after the edit is intact
    report = verify(audit_db, to_id=4)
    assert not report.ok and report.first_bad_id == 2 and "edited" in (report.reason or "")
    db.execute(audit_db, "UPDATE audit_records SET endpoint = '/v1/chat/completions' WHERE id = 2")

    db.execute(audit_db, "DELETE FROM audit_records WHERE id = 6")
    report = verify(audit_db)
    assert not report.ok and report.first_bad_id == 6 and "deleted" in (report.reason or "")
    db.execute(audit_db, "DELETE FROM audit_records WHERE id = 3")
    report = verify(audit_db, from_id=2, to_id=5)
    assert not report.ok and report.first_bad_id == 3 and "missing (next is 4)" in (report.reason or "")
    for batch in (1, 2):  # a gap on a batch boundary is found the same way
        report = verify(audit_db, batch=batch)
        assert not report.ok and report.first_bad_id == 3 and "missing (next is 4)" in (report.reason or "")


def test_signed_checkpoints_catch_a_recomputed_chain(audit_db: str) -> None:
    key = Ed25519PrivateKey.generate()
    settings = AuditSettings(checkpointer=Checkpointer(key, every=3))
    for _ in range(3):  # separate batches: checkpoints must land whoever crosses the boundary
        write(audit_db, [entry(), entry(), entry()], settings)
    report = verify(audit_db, public_key=key.public_key())
    assert report.ok and report.checkpoints_verified == 3, report
    assert verify(audit_db, public_key=key.public_key(), batch=2).checkpoints_verified == 3
    assert verify(audit_db).checkpoints_unchecked == 3

    # A forger with database access edits record 2 and recomputes every hash after it.
    from gateway.audit.chain import link_hash

    rows = db.audit_rows(audit_db)
    prev = rows[0].record_hash
    for row in rows[1:]:
        values = {c.name: getattr(row, c.name) for c in row.__table__.columns}
        if row.id == 2:
            values["status_code"] = 500
        new_hash = link_hash(prev, values)
        db.execute(
            audit_db,
            f"UPDATE audit_records SET status_code = {values['status_code']},"
            f" prev_hash = '{prev}', record_hash = '{new_hash}' WHERE id = {row.id}",
        )
        prev = new_hash
    db.execute(audit_db, f"UPDATE audit_chain_head SET last_hash = '{prev}'")
    assert verify(audit_db).ok  # the bare chain cannot tell
    report = verify(audit_db, public_key=key.public_key())
    assert not report.ok and report.first_bad_id == 3 and "rewritten" in (report.reason or "")
    other = Ed25519PrivateKey.generate().public_key()
    report = verify(audit_db, public_key=other)
    assert not report.ok and "signature" in (report.reason or "")


def test_records_from_before_the_migration_keep_their_hash() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    old = {"request_id": "r", "created_at": now, "endpoint": "/v1/completions", "status_code": 200}
    new = {**old, "replica": None, "findings_sha256": None, "store_bodies": None, "stage_ms": None}
    assert canonical(old) == canonical(new)
    assert canonical(old) != canonical({**old, "store_bodies": "full"})


def test_time_based_checkpoints_sign_the_newest_record(audit_db: str, tmp_path: Any) -> None:
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "signing.pem"
    pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    settings = load_settings(
        environ={"SLUICE_AUDIT_SIGNING_KEY": str(pem), "SLUICE_AUDIT_CHECKPOINT_SECONDS": "1"}
    ).audit
    assert settings.checkpointer is not None and settings.checkpointer.interval_s == 1
    settings.checkpointer.interval_s = 0  # every batch is "late": its newest record gets signed
    write(audit_db, [entry(), entry()], settings)
    write(audit_db, [entry()], settings)
    report = verify(audit_db, public_key=key.public_key())
    assert report.ok and report.checkpoints_verified >= 2, report  # one per batch
