"""Audit trail settings (the settings tree's `audit` section), and the writer built from them.

gateway/settings.py fills this section from the environment, once, at start-up:

SLUICE_AUDIT_KEYS_FILE / SLUICE_AUDIT_KEYS   AES-256-GCM body keys (see gateway.audit.crypto)
SLUICE_AUDIT_SIGNING_KEY                    Ed25519 PEM private key for signed checkpoints and the signed
                                            chain head; generated (0600) where absent; `off` disables
                                            (default path: $SLUICE_STATE_DIR/audit-signing.pem, else beside
                                            the SQLite file, else var/audit-signing.pem)
SLUICE_AUDIT_CHECKPOINT_EVERY               records between checkpoints (default 1000)
SLUICE_AUDIT_CHECKPOINT_SECONDS             also sign the newest record after this many seconds
SLUICE_AUDIT_SQLITE_SYNC                    normal (default: a record survives the process dying) or
                                            full (also the machine: an fsync per commit)
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.bodies import BodySealer
from gateway.audit.checkpoints import Checkpointer
from gateway.audit.crypto import Keyring, load_signing_key
from gateway.audit.store import chain_store_for
from gateway.audit.writer import AuditWriter
from gateway.db import sqlite

log = logging.getLogger("sluice.audit")
SIGNING_OFF = "off"
DEFAULT_CHECKPOINT_EVERY = 1000


@dataclass(frozen=True, slots=True)
class AuditSettings:
    keyring: Keyring | None = None
    # Given: used as is. None: `checkpointer_for` loads (or generates) the signing key for the database.
    checkpointer: Checkpointer | None = None
    sqlite_synchronous: str = "normal"
    signing_key: str | None = None  # SLUICE_AUDIT_SIGNING_KEY: a path, "off", or None for the default path
    state_dir: str | None = None  # SLUICE_STATE_DIR: where the generated key goes by default
    checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY
    checkpoint_seconds: int | None = None

    def signing_key_path(self, url: str) -> Path | None:
        """Where the signing key for `url`'s chain lives; None when signing is switched off."""
        if self.signing_key is not None:
            return None if self.signing_key.lower() == SIGNING_OFF else Path(self.signing_key)
        if self.state_dir:
            return Path(self.state_dir) / "audit-signing.pem"
        database = sqlite.sqlite_path(url)
        if database:  # beside the database file, never inside it
            return Path(database + ".audit-signing.pem")
        return Path("var") / "audit-signing.pem"

    def checkpointer_for(self, url: str, *, create: bool) -> Checkpointer | None:
        """The checkpointer for writers (`create`: generate the key on first start) and verifiers
        (a missing key means nothing to check against)."""
        if self.checkpointer is not None:
            return self.checkpointer
        path = self.signing_key_path(url)
        if path is None:
            return None
        if not path.exists():
            if not create:
                return None
            generate_signing_key(path)
        return Checkpointer(load_signing_key(path), self.checkpoint_every, interval_s=self.checkpoint_seconds)

    def for_database(self, url: str, *, create: bool) -> AuditSettings:
        return replace(self, checkpointer=self.checkpointer_for(url, create=create))


def generate_signing_key(path: Path) -> None:
    """A new Ed25519 key at `path`, mode 0600. Atomic: written beside it, then linked into place, so
    processes starting together end up with one key (a loser of the race keeps the winner's)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-signing-")  # created 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return
    finally:
        os.unlink(temporary)
    log.warning("generated the audit signing key %s: back it up (without it, signed history cannot be "
                "extended or checked); verifiers need its public half", path)


def build_audit_writer(url: str, engine: AsyncEngine, settings: AuditSettings | None = None) -> AuditWriter:
    """The writer `create_app` needs, with encryption and checkpoints as `settings` (the tree's `audit`
    section; None: the defaults) configure them."""
    settings = (settings or AuditSettings()).for_database(url, create=True)
    sealer = BodySealer(settings.keyring, preload=True)  # the scanner loads now, not in the first commit
    store = chain_store_for(url, engine, sealer=sealer, checkpointer=settings.checkpointer,
                            sqlite_synchronous=settings.sqlite_synchronous)
    public = settings.checkpointer.public_key if settings.checkpointer else None
    return AuditWriter(store, keyring=settings.keyring, checkpoint_key=public)
