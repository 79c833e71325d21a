"""Keys for the audit trail: AES-256-GCM body keys (with rotation) and the Ed25519 checkpoint key.

Body keys come from a file (`SLUICE_AUDIT_KEYS_FILE`) or the environment
(`SLUICE_AUDIT_KEYS`), both read by gateway/settings.py at start-up: one
`KEY_ID:BASE64_32_BYTES` entry per line (or comma-separated in the variable). Every listed
key decrypts; the last one listed encrypts, so rotation is: append a new key, restart. Key
material never appears in errors or logs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_NONCE = 12


class AuditKeyError(ValueError):
    """A key file or key entry is unusable; the message says where, never the key."""


class BodyDecryptError(ValueError):
    """A stored body does not decrypt under its key: altered, moved, or the wrong key."""


class Keyring:
    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        self._keys: dict[str, AESGCM] = {}
        for key_id, secret in keys:
            if not _KEY_ID.match(key_id):
                raise AuditKeyError(f"audit key id {key_id!r}: use 1-32 letters, digits, '_', '-', '.'")
            if len(secret) != 32:
                raise AuditKeyError(f"audit key {key_id!r}: expected 32 bytes (AES-256), got {len(secret)}")
            if key_id in self._keys:
                raise AuditKeyError(f"audit key id {key_id!r} is listed twice")
            self._keys[key_id] = AESGCM(secret)
        self.active_id = keys[-1][0] if keys else None

    @property
    def can_encrypt(self) -> bool:
        return self.active_id is not None

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def has(self, key_id: str) -> bool:
        return key_id in self._keys

    def encrypt(self, text: str, aad: bytes) -> tuple[str, str]:
        assert self.active_id is not None
        nonce = os.urandom(_NONCE)
        sealed = self._keys[self.active_id].encrypt(nonce, text.encode("utf-8", "surrogatepass"), aad)
        return self.active_id, base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, key_id: str, stored: str, aad: bytes) -> str:
        try:
            raw = base64.b64decode(stored, validate=True)
            plain = self._keys[key_id].decrypt(raw[:_NONCE], raw[_NONCE:], aad)
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise BodyDecryptError(f"body does not decrypt under key {key_id!r}") from exc
        return plain.decode("utf-8", "surrogatepass")

    @classmethod
    def parse(cls, text: str, source: str) -> Keyring:
        keys: list[tuple[str, bytes]] = []
        entries = [e.strip() for line in text.splitlines() for e in line.split(",")]
        for number, entry in enumerate(entries, 1):
            if not entry or entry.startswith("#"):
                continue
            key_id, sep, encoded = entry.partition(":")
            if not sep:
                raise AuditKeyError(f"{source}: entry {number}: expected KEY_ID:BASE64_KEY")
            try:
                secret = base64.b64decode(encoded.strip(), validate=True)
            except binascii.Error:
                raise AuditKeyError(f"{source}: key {key_id.strip()!r} is not valid base64") from None
            keys.append((key_id.strip(), secret))
        if not keys:  # encryption was asked for: never fall back to plaintext silently
            raise AuditKeyError(f"{source}: no keys found")
        return cls(keys)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Keyring:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise AuditKeyError(f"cannot read audit key file {path}: {exc.strerror}") from None
        return cls.parse(text, str(path))


# -- checkpoints ----------------------------------------------------------------------------
def checkpoint_message(record_id: int, record_hash: str, signed_at: str) -> bytes:
    return f"sluice-audit-checkpoint|{record_id}|{record_hash}|{signed_at}".encode()


def head_message(last_id: int, last_hash: str, signed_at: str) -> bytes:
    """What a signed chain head commits to; distinct from a checkpoint's, so neither passes for the other."""
    return f"sluice-audit-head|{last_id}|{last_hash}|{signed_at}".encode()


def public_key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_signing_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """A PEM (PKCS#8) Ed25519 private key, e.g. from `openssl genpkey -algorithm ed25519`."""
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except OSError as exc:
        raise AuditKeyError(f"cannot read checkpoint key {path}: {exc.strerror}") from None
    except (ValueError, TypeError):
        raise AuditKeyError(f"{path}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(f"{path}: checkpoint key must be Ed25519")
    return key


def load_public_key(path: str | os.PathLike[str]) -> Ed25519PublicKey:
    """The PEM public key, or the private key file (its public half is used)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AuditKeyError(f"cannot read checkpoint key {path}: {exc.strerror}") from None
    if b"PRIVATE KEY" in data:
        return load_signing_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise AuditKeyError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError(f"{path}: checkpoint key must be Ed25519")
    return key


def signature_valid(key: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
