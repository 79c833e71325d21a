"""Who is calling: the authenticated tenant and key."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = frozenset({"generate", "audit:read", "admin"})


@dataclass(frozen=True, slots=True)
class Principal:
    tenant_id: int
    tenant_name: str
    key_id: str
    scopes: frozenset[str]
    allowed_models: tuple[str, ...] | None  # None: every configured model

    def may_use(self, model: str) -> bool:
        return self.allowed_models is None or model in self.allowed_models
