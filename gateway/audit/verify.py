"""Walk the audit chain and report the first broken or missing link.

Checks per record, in chain order: the id follows the previous one (nothing deleted
or inserted), `prev_hash` is the previous record's hash (nothing reordered), each
stored body matches its hash (decrypting it when the key is at hand), the finding
rows match `findings_sha256`, and the record's own hash matches its content.
Then every signed checkpoint in range (when the public key is given) and, for a walk
to the end, the chain head: it must point at the last record and, with the public key,
carry a valid signature (so records cut off the end, with the head moved back, show).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.audit.bodies import aad
from gateway.audit.chain import link_hash
from gateway.audit.crypto import (
    BodyDecryptError,
    Keyring,
    checkpoint_message,
    head_message,
    public_key_id,
    signature_valid,
)
from gateway.audit.entry import sha256_text
from gateway.audit.findings import FINDING_FIELDS, findings_hash
from gateway.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditFinding, AuditRecord


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str | None = None
    from_id: int = 1
    to_id: int | None = None
    last_hash: str | None = None
    checkpoints_verified: int = 0
    checkpoints_unchecked: int = 0  # present, but no public key was given
    bodies_unchecked: int = 0  # encrypted under a key that was not given
    head_signature_verified: bool = False  # the chain head's signature checked (a walk to the end, with the key)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Broken(Exception):
    def __init__(self, record_id: int, reason: str) -> None:
        super().__init__(reason)
        self.record_id = record_id
        self.reason = reason


async def _findings_by_record(conn: AsyncConnection, lo: int, hi: int) -> dict[int, list[dict[str, Any]]]:
    columns = [getattr(AuditFinding, name) for name in FINDING_FIELDS]
    query = (
        select(AuditFinding.record_id, *columns)
        .where(AuditFinding.record_id.between(lo, hi))
        .order_by(AuditFinding.record_id, AuditFinding.position)
    )
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (await conn.execute(query)).mappings():
        grouped[row["record_id"]].append({name: row[name] for name in FINDING_FIELDS})
    return grouped


class _Walker:
    def __init__(self, keyring: Keyring | None) -> None:
        self.keyring = keyring
        self.bodies_unchecked = 0

    def check_bodies(self, record: dict[str, Any]) -> None:
        for body in ("prompt", "response"):
            stored = record[body]
            if stored is None:
                continue  # purged under retention, or never kept: the hash still commits to it
            key_id = record["body_key_id"]
            if key_id is not None:
                if self.keyring is None or not self.keyring.has(key_id):
                    self.bodies_unchecked += 1
                    continue
                try:
                    stored = self.keyring.decrypt(key_id, stored, aad(record["request_id"], body))
                except BodyDecryptError:
                    raise _Broken(record["id"], f"{body} does not decrypt under key {key_id!r}") from None
            if sha256_text(stored) != record[f"{body}_sha256"]:
                raise _Broken(record["id"], f"{body} does not match its hash")

    def check_record(self, record: dict[str, Any], prev_hash: str, findings: list[dict[str, Any]]) -> None:
        record_id = record["id"]
        if record["prev_hash"] != prev_hash:
            raise _Broken(record_id, "prev_hash does not match the previous record's hash (reordered or replaced)")
        self.check_bodies(record)
        count = len(findings) or None
        if findings_hash(findings) != record["findings_sha256"] or count != record["findings_count"]:
            raise _Broken(record_id, f"findings do not match the record's findings hash ({len(findings)} rows found)")
        if link_hash(prev_hash, record) != record["record_hash"]:
            raise _Broken(record_id, "record content does not match its hash (a field was edited)")


async def _start_hash(conn: AsyncConnection, from_id: int) -> str | None:
    if from_id <= 1:
        return GENESIS_HASH
    query = select(AuditRecord.record_hash).where(AuditRecord.id == from_id - 1)
    return (await conn.execute(query)).scalar_one_or_none()


async def _check_checkpoints(
    conn: AsyncConnection, hashes: dict[int, str], lo: int, hi: int, public_key: Ed25519PublicKey | None
) -> tuple[int, int, _Broken | None]:
    table = AuditCheckpoint.__table__
    query = select(*table.columns).where(table.c.record_id.between(lo, hi)).order_by(table.c.record_id)
    verified = unchecked = 0
    for cp in (await conn.execute(query)).mappings():
        if public_key is None:
            unchecked += 1
            continue
        record_id, record_hash = cp["record_id"], cp["record_hash"]
        stamp = cp["signed_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        message = checkpoint_message(record_id, record_hash, stamp)
        if not signature_valid(public_key, cp["signature"], message):
            return verified, unchecked, _Broken(record_id, "checkpoint signature is invalid")
        if hashes.get(record_id) != record_hash:
            return (
                verified,
                unchecked,
                _Broken(record_id, "record hash differs from the signed checkpoint (history was rewritten)"),
            )
        verified += 1
    return verified, unchecked, None


async def verify_chain(
    engine: AsyncEngine,
    *,
    from_id: int | None = None,
    to_id: int | None = None,
    keyring: Keyring | None = None,
    public_key: Ed25519PublicKey | None = None,
    batch: int = 2000,
) -> ChainReport:
    start = max(1, from_id or 1)
    walker = _Walker(keyring)
    checked = 0
    expected_id = start
    verified = unchecked = 0
    columns = [c for c in AuditRecord.__table__.columns]

    def report(ok: bool, bad: int | None = None, reason: str | None = None, **extra: Any) -> ChainReport:
        return ChainReport(
            ok,
            checked,
            bad,
            reason,
            start,
            to_id,
            prev_hash if ok else None,
            bodies_unchecked=walker.bodies_unchecked,
            **extra,
        )

    async with engine.connect() as conn:
        start_hash = await _start_hash(conn, start)
        if start_hash is None:
            prev_hash = ""
            return report(False, start - 1, f"record {start - 1} (before --from) is missing")
        prev_hash = start_hash
        while to_id is None or expected_id <= to_id:
            upper = expected_id + batch - 1 if to_id is None else min(to_id, expected_id + batch - 1)
            in_range = AuditRecord.id.between(expected_id, upper)
            query = select(*columns).where(in_range).order_by(AuditRecord.id)
            rows = (await conn.execute(query)).mappings().all()
            if not rows:
                later = select(func.min(AuditRecord.id)).where(AuditRecord.id > expected_id)
                if to_id is not None:
                    later = later.where(AuditRecord.id <= to_id)
                next_id = (await conn.execute(later)).scalar_one_or_none()
                if next_id is not None:
                    return report(False, expected_id, f"record {expected_id} is missing (next is {next_id})")
                break
            findings = await _findings_by_record(conn, expected_id, rows[-1]["id"])
            batch_start, hashes = expected_id, {}
            for row in rows:
                record: dict[str, Any] = dict(row)
                if record["id"] != expected_id:
                    reason = f"record {expected_id} is missing (next is {record['id']})"
                    return report(False, expected_id, reason)
                try:
                    walker.check_record(record, prev_hash, findings.get(record["id"], []))
                except _Broken as broken:
                    return report(False, broken.record_id, broken.reason)
                prev_hash = record["record_hash"]
                hashes[record["id"]] = prev_hash
                expected_id += 1
                checked += 1
            good, skipped, bad = await _check_checkpoints(conn, hashes, batch_start, expected_id - 1, public_key)
            if bad is not None:
                return report(False, bad.record_id, bad.reason)
            verified, unchecked = verified + good, unchecked + skipped
            # Hashing is CPU work: in the gateway (admin API) let requests through between batches.
            await asyncio.sleep(0)
        counts: dict[str, Any] = {"checkpoints_verified": verified, "checkpoints_unchecked": unchecked}
        head = (await conn.execute(select(AuditChainHead.__table__))).mappings().one()
    last = expected_id - 1
    if to_id is not None and last < to_id and last < head.last_id:
        return report(False, last + 1, f"record {last + 1} is missing", **counts)
    if to_id is None or to_id >= head["last_id"]:
        if head["last_id"] != last:
            reason = f"chain head says {head['last_id']} records; the chain ends at {last}" + (
                " (records at the end were deleted)" if head["last_id"] > last else ""
            )
            return report(False, last + 1, reason, **counts)
        if head["last_hash"] != prev_hash:
            return report(False, last, "chain head hash does not match the last record", **counts)
        if public_key is not None and last > 0:
            problem = head_signature_problem(dict(head), public_key)
            if problem is not None:
                return report(False, last, problem, **counts)
            counts["head_signature_verified"] = True
    return report(True, **counts)


def head_signature_problem(head: Mapping[str, Any], public_key: Ed25519PublicKey) -> str | None:
    """Why the chain head's signature does not vouch for it, or None. Without it, deleting the last
    records and moving the head back to the new last one would leave a chain that verifies."""
    if head["signature"] is None:
        return ("chain head is not signed (records at the end may have been deleted and the head moved back, "
                "or the last batch was written without the signing key)")
    if head["public_key_id"] != public_key_id(public_key):
        return f"chain head is signed by another key ({head['public_key_id']}); give that key's public half"
    stamp = head["signed_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if not signature_valid(public_key, head["signature"], head_message(head["last_id"], head["last_hash"], stamp)):
        return "chain head signature does not match the head (records at the end were deleted and the head moved back)"
    return None


async def record_link_status(
    conn: AsyncConnection, record: dict[str, Any], findings: list[dict[str, Any]], keyring: Keyring | None
) -> dict[str, Any]:
    """One record's place in the chain: its own hash, and the links to both neighbours."""
    record_id = record["id"]
    if record_id == 1:
        prev_hash: str | None = GENESIS_HASH
    else:
        prev_query = select(AuditRecord.record_hash).where(AuditRecord.id == record_id - 1)
        prev_hash = (await conn.execute(prev_query)).scalar_one_or_none()
    if prev_hash is None:
        return {"ok": False, "reason": f"record {record_id - 1} (the previous one) is missing"}
    walker = _Walker(keyring)
    try:
        walker.check_record(record, prev_hash, findings)
    except _Broken as broken:
        return {"ok": False, "reason": broken.reason}
    next_query = select(AuditRecord.prev_hash).where(AuditRecord.id == record_id + 1)
    next_prev = (await conn.execute(next_query)).scalar_one_or_none()
    if next_prev is not None and next_prev != record["record_hash"]:
        return {"ok": False, "reason": f"record {record_id + 1} does not link to this record"}
    return {"ok": True, "reason": None, "bodies_unchecked": walker.bodies_unchecked}
