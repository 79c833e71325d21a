"""`sluice audit verify | purge | export` on a real database (CliRunner until registered in gateway.cli)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.audit.checkpoints import Checkpointer
from gateway.audit.cli import audit
from gateway.audit.config import AuditSettings
from tests.audit.helpers import EVAL_FINDING, entry, verify, write
from tests.support import db


def run(url: str, *args: str, **env: str) -> Result:
    return CliRunner().invoke(
        audit, list(args), env={"SLUICE_DATABASE_URL": url, **env}, catch_exceptions=False
    )


@pytest.fixture
def sqlite_db(fresh_database: Any) -> str:
    return str(fresh_database("sqlite"))


def test_verify_reports_ok_and_the_first_broken_link(sqlite_db: str, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "checkpoint.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    write(sqlite_db, [entry() for _ in range(5)], AuditSettings(checkpointer=Checkpointer(key, every=2)))
    result = run(sqlite_db, "verify", SLUICE_AUDIT_SIGNING_KEY=str(pem))
    assert result.exit_code == 0, result.output
    assert "OK: 5 records verified" in result.output and "2 signed checkpoints verified" in result.output

    db.execute(sqlite_db, "UPDATE audit_records SET model = 'other' WHERE id = 3")
    result = run(sqlite_db, "verify")
    assert result.exit_code == 1
    assert "BROKEN at record 3: record content does not match its hash" in result.output
    assert "2 records before it verified" in result.output
    assert run(sqlite_db, "verify", "--from", "4").exit_code == 0
    assert run(sqlite_db, "verify", "--from", "4", "--to", "2").exit_code == 2


def test_purge_clears_bodies_is_audited_and_keeps_the_chain(sqlite_db: str) -> None:
    old = datetime.now(UTC) - timedelta(days=120)
    write(sqlite_db, [entry(created_at=old), entry(created_at=old), entry()])
    result = run(sqlite_db, "purge", "--older-than", "90d")
    assert result.exit_code == 0, result.output
    assert "cleared bodies of 2 records" in result.output
    rows = db.audit_rows(sqlite_db)
    assert [r.prompt is None for r in rows[:3]] == [True, True, False]
    (event,) = db.audit_rows(sqlite_db, endpoint="admin:audit.purge")
    assert (
        event.details is not None and event.details["records"] == 2 and event.details["older_than"] == "90d"
    )
    assert verify(sqlite_db).ok

    bad = run(sqlite_db, "purge", "--older-than", "ninety days")
    assert bad.exit_code == 2 and "invalid duration" in bad.output
    missing = run(sqlite_db, "purge", "--older-than", "1d", "--tenant", "nobody")
    assert missing.exit_code == 1 and "no tenant named 'nobody'" in missing.output


def test_export_jsonl_and_csv_by_tenant(sqlite_db: str, tmp_path: Path) -> None:
    db.create_tenant(sqlite_db, "acme")
    db.create_tenant(sqlite_db, "other")
    acme_id = 1  # tenants get ids in creation order
    write(
        sqlite_db,
        [
            entry(tenant_id=acme_id, tenant_name="acme", findings=[EVAL_FINDING], response="=cmd()"),
            entry(tenant_id=2, tenant_name="other"),
        ],
    )
    result = run(sqlite_db, "export", "--tenant", "acme", "--bodies")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    data = [line for line in lines if not line["endpoint"].startswith("admin:")]
    assert [d["tenant_name"] for d in data] == ["acme"]
    assert data[0]["findings"][0]["rule_id"] == "python.eval" and data[0]["response"] == "=cmd()"
    assert any(line["endpoint"] == "admin:audit.export" for line in lines)  # the export itself is audited

    out = tmp_path / "audit.csv"
    result = run(sqlite_db, "export", "--format", "csv", "--bodies", "--since", "2000-01-01", "-o", str(out))
    assert result.exit_code == 0 and "exported" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    acme = next(r for r in rows if r["tenant_name"] == "acme")
    assert acme["findings"] == "semgrep:python.eval" and acme["response"] == "'=cmd()"  # formula neutralized
    assert run(sqlite_db, "export", "--since", "yesterday").exit_code == 2
