"""Per-tenant vLLM `cache_salt`: keeps tenants' prefix caches apart (no timing side channel).

The salt is an HMAC of the tenant id under a deployment secret (SLUICE_CACHE_SALT_SECRET),
so every worker and host derives the same salt for a tenant (its prefix cache is shared
across workers) and nobody can guess another tenant's salt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets

log = logging.getLogger("sluice.routing")


class CacheSalter:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("cache salt secret: at least 16 bytes are required")
        self._secret = secret
        self._salts: dict[str, bytes] = {}

    @classmethod
    def from_secret(cls, secret: bytes | None) -> CacheSalter:
        """The settings tree's `routing.cache_salt_secret`; None: a random secret for this process."""
        if secret:
            return cls(secret)
        log.warning("SLUICE_CACHE_SALT_SECRET is not set: cache salts are per process, so workers "
                    "do not share a tenant's prefix cache (isolation still holds)")
        return cls(secrets.token_bytes(32))

    def salt(self, tenant: str) -> str:
        return self._salt_bytes(tenant).decode()

    def _salt_bytes(self, tenant: str) -> bytes:
        salt = self._salts.get(tenant)
        if salt is None:
            digest = hmac.new(self._secret, b"sluice-cache-salt:" + tenant.encode(), hashlib.sha256).digest()
            salt = base64.urlsafe_b64encode(digest[:24])
            self._salts[tenant] = salt
        return salt

    def apply(self, body: bytes, tenant: str) -> bytes:
        """Add `cache_salt` to an encoded JSON object, last so it wins over any client value."""
        end = body.rstrip()
        if not end.endswith(b"}"):
            raise ValueError("cache salt: the upstream body is not a JSON object")
        head = end[:-1].rstrip()
        separator = b"" if head.endswith(b"{") else b","
        return head + separator + b'"cache_salt":"' + self._salt_bytes(tenant) + b'"}'
