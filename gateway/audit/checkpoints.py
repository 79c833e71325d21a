"""Signed checkpoints: every N records the writer signs (record id, record hash); and the chain head.

The hash chain alone shows that records were altered, but someone with write access
to the database could recompute the whole chain after an edit. A checkpoint signed
with a key the database never sees pins the chain: rewriting history before a
checkpoint needs the private key. Deleting records at the end and moving the head
back leaves a valid chain, so the head itself is signed with every batch: a moved
head needs the private key too.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.audit.crypto import checkpoint_message, head_message, public_key_id

# Written into the chain head by a store without a signing key: the old signature no longer applies.
UNSIGNED_HEAD: dict[str, Any] = {"signed_at": None, "public_key_id": None, "signature": None}


class Checkpointer:
    def __init__(self, key: Ed25519PrivateKey, every: int, *, interval_s: float | None = None) -> None:
        if every < 1:
            raise ValueError("checkpoint interval must be at least 1 record")
        self._key = key
        self.every = every
        # Also sign the newest record when this long has passed since this process last
        # signed, so a quiet gateway still pins its recent history.
        self.interval_s = interval_s
        self._last_signed = time.monotonic()
        self.public_key = key.public_key()
        self.key_id = public_key_id(self.public_key)

    def sign(self, record_id: int, record_hash: str) -> dict[str, Any]:
        signed_at = datetime.now(UTC)
        stamp = signed_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        signature = self._key.sign(checkpoint_message(record_id, record_hash, stamp)).hex()
        return {
            "record_id": record_id,
            "record_hash": record_hash,
            "signed_at": signed_at,
            "public_key_id": self.key_id,
            "signature": signature,
        }

    def sign_head(self, last_id: int, last_hash: str) -> dict[str, Any]:
        """The chain head's signature columns after a batch (~50 µs: once per batch, not per record)."""
        signed_at = datetime.now(UTC)
        stamp = signed_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        signature = self._key.sign(head_message(last_id, last_hash, stamp)).hex()
        return {"signed_at": signed_at, "public_key_id": self.key_id, "signature": signature}

    def due(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Checkpoints for the chained rows: ids that are multiples of `every`, and the
        newest row once `interval_s` has passed."""
        picked = [row for row in rows if row["id"] % self.every == 0]
        now = time.monotonic()
        if (
            self.interval_s is not None
            and rows
            and now - self._last_signed >= self.interval_s
            and (not picked or picked[-1] is not rows[-1])
        ):
            picked.append(rows[-1])
        if picked:
            self._last_signed = now
        return [self.sign(row["id"], row["record_hash"]) for row in picked]
