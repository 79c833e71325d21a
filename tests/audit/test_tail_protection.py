"""Issue 12, observation 9: cutting records off the end of the chain is detected by default.

Before, deleting the last rows and moving the chain head back to the new last record left
a chain that `sluice audit verify` passed when no signing key was configured. Now the
writer generates a signing key on first start (outside the database, mode 0600) and signs
the chain head with every batch; verify checks that signature with the key's public half.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gateway.audit.cli import audit
from gateway.audit.config import AuditSettings
from tests.audit.helpers import entry, write
from tests.support import db


def _verify(url: str, **env: str) -> Result:
    return CliRunner().invoke(audit, ["verify"], env={"SLUICE_DATABASE_URL": url, **env}, catch_exceptions=False)


def _cut_tail(url: str, keep: int) -> None:
    """What an attacker with write access to the database does: delete the end, move the head back."""
    db.execute(url, f"DELETE FROM audit_records WHERE id > {keep}")
    db.execute(url, f"UPDATE audit_chain_head SET last_id = {keep}, "
                    f"last_hash = (SELECT record_hash FROM audit_records WHERE id = {keep}) WHERE id = 1")


@pytest.fixture
def chain_db(audit_db: str, tmp_path: Path) -> tuple[str, dict[str, str], Path]:
    """Records written with the default settings. SQLite: the key goes beside the database file;
    PostgreSQL: under SLUICE_STATE_DIR (a test's own, instead of ./var)."""
    if audit_db.startswith("sqlite"):
        settings, env = AuditSettings(), {}
        key = Path(audit_db.split(":///", 1)[1] + ".audit-signing.pem")
    else:
        settings, env = AuditSettings(state_dir=str(tmp_path / "state")), {"SLUICE_STATE_DIR": str(tmp_path / "state")}
        key = tmp_path / "state" / "audit-signing.pem"
    write(audit_db, [entry() for _ in range(6)], settings)
    write(audit_db, [entry() for _ in range(2)], settings)  # a second batch: the head is signed again
    return audit_db, env, key


def test_the_signing_key_is_generated_outside_the_database(chain_db: tuple[str, dict[str, str], Path]) -> None:
    _, _, key = chain_db
    assert key.is_file() and b"PRIVATE KEY" in key.read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_verify_detects_a_tail_cut_off_and_the_head_moved_back(chain_db: tuple[str, dict[str, str], Path]) -> None:
    url, env, _ = chain_db
    intact = _verify(url, **env)
    assert intact.exit_code == 0, intact.output
    assert "OK: 8 records verified" in intact.output and "chain head signature verified" in intact.output

    _cut_tail(url, keep=5)
    cut = _verify(url, **env)
    assert cut.exit_code == 1, cut.output
    assert ("BROKEN at record 5: chain head signature does not match the head "
            "(records at the end were deleted and the head moved back)") in cut.output


def test_verify_refuses_an_unsigned_head(chain_db: tuple[str, dict[str, str], Path]) -> None:
    url, env, _ = chain_db
    _cut_tail(url, keep=7)
    db.execute(url, "UPDATE audit_chain_head SET signature = NULL, signed_at = NULL, public_key_id = NULL")
    result = _verify(url, **env)
    assert result.exit_code == 1 and "chain head is not signed" in result.output, result.output


def test_signing_can_be_switched_off_explicitly(audit_db: str) -> None:
    write(audit_db, [entry()], AuditSettings(signing_key="off"))
    (head,) = db.rows(audit_db, "SELECT signature FROM audit_chain_head")
    assert head == (None,)
    result = _verify(audit_db, SLUICE_AUDIT_SIGNING_KEY="off")
    assert result.exit_code == 0 and "chain head signature not checked" in result.output, result.output


def test_writers_racing_to_create_the_key_end_up_with_one(tmp_path: Path) -> None:
    from gateway.audit.config import generate_signing_key

    path = tmp_path / "keys" / "audit-signing.pem"
    generate_signing_key(path)
    first = path.read_bytes()
    generate_signing_key(path)  # a second process starting: keeps the first key
    assert path.read_bytes() == first and list(path.parent.iterdir()) == [path]
