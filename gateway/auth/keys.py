"""API key format: `sk-sluice-<key_id>_<secret>`.

The key id is public (stored, logged, shown in the dashboard); only SHA-256 of the
secret is stored. Secrets carry 256 bits of entropy, so a fast hash is the right
choice here (a slow password hash would only add latency to every request).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_PREFIX = "sk-sluice-"
_KEY_RE = re.compile(r"^sk-sluice-(?P<id>[a-z0-9]{8,32})_(?P<secret>[A-Za-z0-9_-]{16,128})$")

# Compared against when the key id is unknown, so both paths do the same work.
_DUMMY_HASH = hashlib.sha256(b"sluice-unknown-key").hexdigest()


@dataclass(frozen=True, slots=True)
class ParsedKey:
    key_id: str
    secret: str


def parse_key(raw: str) -> ParsedKey | None:
    match = _KEY_RE.fullmatch(raw)  # not `match`: `$` would also accept a trailing newline
    if match is None:
        return None
    return ParsedKey(key_id=match.group("id"), secret=match.group("secret"))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_sha256: str | None) -> bool:
    """Constant-time comparison; `None` (unknown key id) still costs one comparison."""
    expected = stored_sha256 if stored_sha256 is not None else _DUMMY_HASH
    ok = hmac.compare_digest(hash_secret(secret), expected)
    return ok and stored_sha256 is not None


def generate_key() -> tuple[ParsedKey, str]:
    """A new key id and secret, and the full key string shown once to the user."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return ParsedKey(key_id, secret), f"{KEY_PREFIX}{key_id}_{secret}"
