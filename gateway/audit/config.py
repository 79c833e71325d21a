"""Audit trail settings from the environment, and the writer built from them.

SLUICE_AUDIT_KEYS_FILE / SLUICE_AUDIT_KEYS   AES-256-GCM body keys (see gateway.audit.crypto)
SLUICE_AUDIT_SIGNING_KEY                    Ed25519 PEM private key for signed checkpoints
SLUICE_AUDIT_CHECKPOINT_EVERY               records between checkpoints (default 1000)
SLUICE_AUDIT_CHECKPOINT_SECONDS             also sign the newest record after this many seconds
SLUICE_AUDIT_RETENTION_DAYS                 default body retention for the purge task (default 365)
SLUICE_AUDIT_SQLITE_SYNC                    normal (default: a record survives the process dying) or
                                            full (also the machine: an fsync per commit)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import Checkpointer
from gateway.audit.crypto import AuditKeyError, Keyring, load_signing_key
from gateway.audit.sqlite_store import SYNCHRONOUS_MODES
from gateway.audit.store import chain_store_for
from gateway.audit.writer import AuditWriter


@dataclass(frozen=True, slots=True)
class AuditSettings:
    keyring: Keyring | None = None
    checkpointer: Checkpointer | None = None
    retention_days: int = 365
    sqlite_synchronous: str = "normal"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> AuditSettings:
        """Raises AuditKeyError (a ValueError naming the variable) on bad values."""
        env = dict(os.environ if environ is None else environ)
        keyring = Keyring.from_env(env)
        checkpointer = None
        if env.get("SLUICE_AUDIT_SIGNING_KEY"):
            every = _positive_int(env, "SLUICE_AUDIT_CHECKPOINT_EVERY", 1000)
            seconds = (
                _positive_int(env, "SLUICE_AUDIT_CHECKPOINT_SECONDS", 0)
                if env.get("SLUICE_AUDIT_CHECKPOINT_SECONDS")
                else None
            )
            checkpointer = Checkpointer(load_signing_key(env["SLUICE_AUDIT_SIGNING_KEY"]), every, interval_s=seconds)
        retention = _positive_int(env, "SLUICE_AUDIT_RETENTION_DAYS", 365)
        sync = env.get("SLUICE_AUDIT_SQLITE_SYNC", "normal").strip().lower()
        if sync not in SYNCHRONOUS_MODES:
            raise AuditKeyError(f"SLUICE_AUDIT_SQLITE_SYNC: expected normal or full, got {sync!r}")
        return cls(keyring=keyring, checkpointer=checkpointer, retention_days=retention, sqlite_synchronous=sync)


def _positive_int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise AuditKeyError(f"{name}: expected a positive integer, got {raw!r}")
    return int(raw)


def build_audit_writer(url: str, engine: AsyncEngine, settings: AuditSettings | None = None) -> AuditWriter:
    """The writer `create_app` needs, with encryption and checkpoints as configured."""
    settings = settings or AuditSettings.from_env()
    sealer = BodySealer(settings.keyring)
    store = chain_store_for(url, engine, sealer=sealer, checkpointer=settings.checkpointer,
                            sqlite_synchronous=settings.sqlite_synchronous)
    public = settings.checkpointer.public_key if settings.checkpointer else None
    return AuditWriter(store, keyring=settings.keyring, checkpoint_key=public)
