"""Prompt and response bodies on their way into the store: redact, hash, encrypt.

Runs in the store's thread right before chaining, so the event loop never pays for
a secret scan or a cipher. The chain commits to the SHA-256 of the text as kept
(after redaction), never to the raw text, so a hash cannot confirm a guessed secret.
"""

from __future__ import annotations

import base64
import logging
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from gateway.audit.crypto import Keyring
from gateway.audit.entry import sha256_text

log = logging.getLogger("sluice.audit")

Redactor = Callable[[str], str]
# No secret format the scanners know is shorter; skipping shorter strings keeps the
# scan of `details` (rule ids, severities, short messages) cheap.
_SHORTEST_SECRET = 16
# `details` texts repeat from record to record (a guarded answer's policy version, a 64-character
# hash, costs a ~15 µs scan every time): a joined text the scan found clean is remembered, so the
# same text is not scanned again. Only clean texts are kept (no secret is ever held here), up to
# this many, each at most this long; the set is emptied when full.
_CLEAN_TEXTS_MAX = 256
_CLEAN_TEXT_CHARS = 2048

# Used only when the scanning package is not installed: the unmistakable formats.
_FALLBACK = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----"
    r"|(?<![A-Z0-9])AKIA[A-Z2-7]{16}(?![A-Z0-9])"
    r"|\bsk-[A-Za-z0-9_-]{20,}"
    r"|\bgh[pousr]_[A-Za-z0-9]{36,}",
    re.DOTALL,
)


def _fallback_redact(text: str) -> str:
    return _FALLBACK.sub("[REDACTED:secret]", text)


def default_redactor() -> Redactor:
    try:
        from gateway.scanning.secrets import redact
    except ImportError:  # the scanning engine is optional for the audit trail
        log.warning("gateway.scanning.secrets unavailable; audit redaction uses the built-in patterns")
        return _fallback_redact

    def scan_redact(text: str) -> str:
        return redact(text)[0]

    return scan_redact


class BodySealer:
    """Turns a row's raw `prompt`/`response` into what is stored, per `store_bodies`: the
    text with credentials redacted (`full`, `redacted`), or only its hash (`hash_only`)."""

    def __init__(
        self, keyring: Keyring | None = None, redactor: Redactor | None = None, *, preload: bool = False
    ) -> None:
        self.keyring = keyring if keyring is not None and keyring.can_encrypt else None
        # Imported on first use by default: a one-shot CLI admin event should not pay ~2 s for
        # the scanning package. The gateway preloads (`preload=True`) at start-up instead: the
        # first redaction imports detect-secrets' plugins (~1 s), which must not happen inside
        # a commit on the event loop.
        self._redactor = redactor
        self._clean_texts: set[str] = set()  # joined `details` texts the scan found clean
        if preload:
            self._redact("")

    def _redact(self, text: str) -> str:
        if self._redactor is None:
            self._redactor = default_redactor()
        return self._redactor(text)

    def seal(self, row: dict[str, Any]) -> None:
        """In place: bodies become their stored form, `*_sha256` and `body_key_id` are set."""
        mode = row.get("store_bodies") or "full"
        done = {"prompt": bool(row.pop("prompt_redacted", False)),
                "response": bool(row.pop("response_redacted", False))}
        key_id = None
        for field in ("prompt", "response"):
            text = row.get(field)
            # Credentials are redacted in every mode, `full` included: a stored body is read by
            # auditors, exported and backed up, and none of them may see a live secret.
            if text is not None and not done[field]:
                text = self._redact(text)
            row[f"{field}_sha256"] = sha256_text(text)
            if mode == "hash_only":
                text = None
            if text is not None and self.keyring is not None:
                key_id, text = self.keyring.encrypt(text, aad(row["request_id"], field))
            row[field] = text
        row["body_key_id"] = key_id
        if row.get("details"):
            row["details"] = self._redact_details(row["details"])

    def _redact_details(self, details: Any) -> Any:
        """`details` is chained and never purged or encrypted: no secret may sit in it
        (a repair's original answer, a scanner's matched line). One scan over all its
        strings answers the common case (nothing found); only then string by string."""
        texts = list(_strings(details))
        if not texts:
            return details
        joined = "\n".join(texts)
        if joined in self._clean_texts:
            return details
        if self._redact(joined) == joined:
            if len(joined) <= _CLEAN_TEXT_CHARS:
                if len(self._clean_texts) >= _CLEAN_TEXTS_MAX:
                    self._clean_texts.clear()
                self._clean_texts.add(joined)
            return details
        return self._redact_tree(details)

    def _redact_tree(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._redact(value) if len(value) >= _SHORTEST_SECRET else value
        if isinstance(value, dict):
            return {key: self._redact_tree(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._redact_tree(item) for item in value]
        return value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if len(value) >= _SHORTEST_SECRET:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def aad(request_id: str, field: str) -> bytes:
    """Binds a ciphertext to its record and field: moving it elsewhere fails decryption."""
    return f"sluice-audit|{request_id}|{field}".encode()


def open_body(row: Any, field: str, keyring: Keyring | None) -> str | None:
    """The stored body as text; None if purged, not kept, or encrypted without the key."""
    value = row[field] if isinstance(row, dict) else getattr(row, field)
    key_id = row["body_key_id"] if isinstance(row, dict) else row.body_key_id
    request_id = row["request_id"] if isinstance(row, dict) else row.request_id
    if value is None or key_id is None:
        return value
    if keyring is None or not keyring.has(key_id):
        return None
    return keyring.decrypt(key_id, value, aad(request_id, field))


def random_key_b64() -> str:
    return base64.b64encode(os.urandom(32)).decode("ascii")
