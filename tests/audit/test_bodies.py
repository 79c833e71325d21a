"""Bodies as stored: redaction per mode, AES-GCM at rest with key rotation, retention purge."""

from __future__ import annotations

import base64
import contextlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.audit.bodies import BodySealer, open_body
from gateway.audit.config import AuditSettings
from gateway.audit.crypto import AuditKeyError, Keyring
from gateway.audit.entry import sha256_text
from gateway.audit.retention import purge_bodies, purge_by_policy
from gateway.db.engine import create_engine
from gateway.settings import ConfigError, load_settings
from tests.audit.helpers import entry, verify, write
from tests.support import db

AWS_KEY = "AKIAZ7QW3RTY5UIO2PLM"  # shape of an AWS access key id, not a real one
PROMPT = f"deploy with aws_access_key_id = {AWS_KEY} please"


def keyring(*ids: str) -> tuple[Keyring, dict[str, bytes]]:
    secrets = {key_id: os.urandom(32) for key_id in ids}
    return Keyring(list(secrets.items())), secrets


def test_store_modes_redact_and_hash_what_is_kept() -> None:
    sealer = BodySealer()
    full = entry(prompt=PROMPT, store_bodies="full").row()
    redacted = entry(prompt=PROMPT, store_bodies="redacted").row()
    hashed = entry(prompt=PROMPT, response=f"key {AWS_KEY}", store_bodies="hash_only").row()
    for row in (full, redacted, hashed):
        sealer.seal(row)
    # No mode stores a credential in clear: `full` keeps everything else as given.
    for row in (full, redacted):
        assert AWS_KEY not in row["prompt"] and "[REDACTED:aws_access_key_id]" in row["prompt"]
    assert full["prompt"].startswith("deploy with") and full["prompt_sha256"] == sha256_text(full["prompt"])
    assert redacted["prompt_sha256"] == sha256_text(redacted["prompt"])
    assert hashed["prompt"] is None and hashed["response"] is None
    # The hash is of the redacted text, so it cannot confirm a guessed secret.
    assert hashed["prompt_sha256"] == redacted["prompt_sha256"]
    assert "prompt_redacted" not in full


def test_prompt_already_redacted_by_the_input_guard_is_not_scanned_again() -> None:
    calls: list[str] = []

    def redactor(text: str) -> str:
        calls.append(text)
        return text

    sealer = BodySealer(redactor=redactor)
    row = entry(prompt="[REDACTED:x]", response="r", store_bodies="redacted", prompt_redacted=True).row()
    sealer.seal(row)
    assert calls == ["r"]
    row = entry(prompt="p", response="r", store_bodies="hash_only", response_redacted=True).row()
    sealer.seal(row)
    assert calls == ["r", "p"] and "response_redacted" not in row


def test_encryption_round_trip_rotation_and_tamper(audit_db: str) -> None:
    ring_v1, secrets = keyring("2026-01")
    write(
        audit_db,
        [entry(request_id="req_old", prompt="old secret prompt", response="old answer")],
        AuditSettings(keyring=ring_v1),
    )
    # Rotation: a new key is appended; it encrypts, the old one still decrypts.
    new_secret = os.urandom(32)
    ring_v2 = Keyring([("2026-01", secrets["2026-01"]), ("2026-06", new_secret)])
    write(
        audit_db,
        [entry(request_id="req_new", prompt="new prompt", response="new answer")],
        AuditSettings(keyring=ring_v2),
    )

    old, new = db.audit_rows(audit_db)
    assert (old.body_key_id, new.body_key_id) == ("2026-01", "2026-06")
    assert "old secret" not in (old.prompt or "") and "new prompt" not in (new.prompt or "")
    assert open_body(old, "prompt", ring_v2) == "old secret prompt"
    assert open_body(new, "response", ring_v2) == "new answer"
    assert open_body(new, "response", ring_v1) is None  # the new key is not in the old ring

    assert verify(audit_db, keyring=ring_v2).ok and verify(audit_db, keyring=ring_v2).bodies_unchecked == 0
    assert verify(audit_db).ok and verify(audit_db).bodies_unchecked == 4

    # Moving a ciphertext to another record fails authentication (AAD binds it to its record).
    db.execute(
        audit_db,
        f"UPDATE audit_records SET prompt = '{new.prompt}', body_key_id = '2026-06' WHERE id = {old.id}",
    )
    report = verify(audit_db, keyring=ring_v2)
    assert not report.ok and report.first_bad_id == old.id and "decrypt" in (report.reason or "")


def test_keyring_errors_name_the_source_not_the_key(tmp_path: Path) -> None:
    secret = base64.b64encode(os.urandom(16)).decode()
    path = tmp_path / "keys"
    path.write_text(f"# audit keys\nk1:{secret}\n")
    with pytest.raises(AuditKeyError) as info:
        Keyring.from_file(path)
    assert "32 bytes" in str(info.value) and secret not in str(info.value)
    with pytest.raises(AuditKeyError, match="KEY_ID:BASE64_KEY"):
        Keyring.parse("no-separator", "env")
    with pytest.raises(AuditKeyError, match="no keys found"):
        Keyring.parse("# only a comment\n", "keys.txt")
    with pytest.raises(AuditKeyError, match="cannot read"):
        Keyring.from_file(tmp_path / "missing")
    good = base64.b64encode(os.urandom(32)).decode()
    ring = load_settings(environ={"SLUICE_AUDIT_KEYS": f"a:{good},b:{good}"}).audit.keyring
    assert ring is not None and ring.active_id == "b" and ring.key_ids == ("a", "b")
    with pytest.raises(ConfigError, match="SLUICE_AUDIT_CHECKPOINT_EVERY"):
        load_settings(environ={"SLUICE_AUDIT_SIGNING_KEY": str(path), "SLUICE_AUDIT_CHECKPOINT_EVERY": "0"})


def run_purge(url: str, work: Any) -> int:
    import asyncio

    async def main() -> int:
        engine = create_engine(url)
        try:
            return int(await work(engine))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_purge_clears_old_bodies_and_the_chain_still_verifies(audit_db: str) -> None:
    ring, _ = keyring("k")
    old = datetime.now(UTC) - timedelta(days=100)
    write(
        audit_db,
        [
            entry(created_at=old, tenant_id=1),
            entry(created_at=old, tenant_id=2),
            entry(created_at=old - timedelta(days=300), tenant_id=2),
            entry(tenant_id=1),
        ],
        AuditSettings(keyring=ring),
    )
    # Tenant 2 keeps bodies for 365 days; everyone else 90.
    purged = run_purge(audit_db, lambda engine: purge_by_policy(engine, 90, {2: 365}))
    assert purged == 2
    rows = {row.id: row for row in db.audit_rows(audit_db)}
    assert rows[1].prompt is None and rows[1].response is None and rows[1].body_key_id is None
    assert rows[2].prompt is not None  # tenant 2, 100 days old, within its 365
    assert rows[3].prompt is None  # tenant 2, 400 days old
    assert rows[4].prompt is not None  # recent
    assert rows[1].prompt_sha256 is not None  # the commitment stays
    report = verify(audit_db, keyring=ring)
    assert report.ok and report.checked == 4
    assert run_purge(audit_db, lambda engine: purge_bodies(engine, timedelta(days=90))) == 1
    assert verify(audit_db, keyring=ring).ok


def test_periodic_retention_task_purges_and_survives_a_failed_round(audit_db: str) -> None:
    import asyncio

    from gateway.audit.retention import retention_task

    old = datetime.now(UTC) - timedelta(days=40)
    write(audit_db, [entry(created_at=old, tenant_id=1), entry(created_at=old, tenant_id=2)])
    rounds: list[int] = []

    async def plan() -> tuple[int, dict[int, int]]:
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("policy store not ready")  # a failed round must not kill the task
        return 30, {2: 90}

    async def main() -> None:
        engine = create_engine(audit_db)
        task = asyncio.create_task(retention_task(engine, plan, interval_s=0.05))
        try:
            for _ in range(100):
                await asyncio.sleep(0.05)
                if len(rounds) >= 3:
                    break
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await engine.dispose()

    asyncio.run(main())
    assert len(rounds) >= 3
    rows = {row.tenant_id: row for row in db.audit_rows(audit_db)}
    assert rows[1].prompt is None and rows[2].prompt is not None  # tenant 2 keeps 90 days
    assert verify(audit_db).ok


def test_secrets_in_details_are_redacted_before_chaining(audit_db: str) -> None:
    details = {
        "output": {"findings": [{"extra": {"lines": f"key = '{AWS_KEY}'"}}]},
        "original_response": f"first answer used {AWS_KEY}",
        "scan_ms": 3.5,
    }
    write(audit_db, [entry(store_bodies="redacted", details=details), entry(store_bodies="full", details=details)])
    redacted, full = db.audit_rows(audit_db)
    assert AWS_KEY not in str(redacted.details)
    assert redacted.details is not None and redacted.details["scan_ms"] == 3.5
    assert "[REDACTED:aws_access_key_id]" in redacted.details["original_response"]
    assert full.details == redacted.details  # `full` keeps everything as given, but no credential
    assert verify(audit_db).ok


def test_the_gateway_writer_loads_the_secret_scanner_at_start_up_not_in_the_first_commit(tmp_path: Path) -> None:
    """The first redaction imported detect-secrets' plugins (~1 s), inside a commit on the event loop."""
    probe = (
        "import sys\n"
        "from gateway.audit.config import AuditSettings, build_audit_writer\n"
        "from gateway.db.engine import create_engine\n"
        "url = 'sqlite+aiosqlite:///' + sys.argv[1]\n"
        "build_audit_writer(url, create_engine(url), AuditSettings())\n"
        "assert 'detect_secrets.plugins.artifactory' in sys.modules, 'not preloaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "a.db")], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_gateway_retention_plan_reads_each_tenants_policy(audit_db: str, tmp_path: Path) -> None:
    """The one retention job the server runs takes its days from the current policies."""
    import asyncio

    from gateway.audit.retention import policy_retention
    from gateway.policy import PolicyStore

    (tmp_path / "tenants").mkdir()
    (tmp_path / "default.yaml").write_text("audit:\n  retention_days: 30\n")
    (tmp_path / "tenants" / "bank.yaml").write_text("audit:\n  retention_days: 2555\n")
    db.create_tenant(audit_db, "bank")
    db.create_tenant(audit_db, "shop")

    async def main() -> tuple[int, dict[str, int]]:
        engine = create_engine(audit_db)
        try:
            default_days, per_tenant = await policy_retention(engine, PolicyStore(tmp_path))()
            async with engine.connect() as conn:
                from sqlalchemy import select

                from gateway.auth.models import Tenant

                names = dict((await conn.execute(select(Tenant.id, Tenant.name))).all())
            return default_days, {names[tenant_id]: days for tenant_id, days in per_tenant.items()}
        finally:
            await engine.dispose()

    assert asyncio.run(main()) == (30, {"bank": 2555, "shop": 30})


def test_a_clean_details_text_is_scanned_once_and_a_secret_in_details_is_always_redacted() -> None:
    calls: list[str] = []

    def redactor(text: str) -> str:
        calls.append(text)
        return text.replace(AWS_KEY, "[REDACTED:aws_access_key_id]")

    sealer = BodySealer(redactor=redactor)
    version = "0123456789abcdef" * 4  # a policy version: in every guarded record's details
    rows = [entry(details={"output": {"policy_version": version}}, prompt_redacted=True,
                  response_redacted=True).row() for _ in range(3)]
    for row in rows:
        sealer.seal(row)
    assert calls == [version]  # the same clean text: scanned for the first record only
    assert all(row["details"] == {"output": {"policy_version": version}} for row in rows)
    leaky = [entry(details={"output": {"policy_version": version, "line": f"key = {AWS_KEY}"}},
                   prompt_redacted=True, response_redacted=True).row() for _ in range(2)]
    for row in leaky:
        sealer.seal(row)
    # A text with a secret is never remembered: every record's copy is scanned and redacted.
    assert all(AWS_KEY not in str(row["details"]) for row in leaky)
    assert len([c for c in calls if AWS_KEY in c]) == 4  # joined check + the string itself, per record
