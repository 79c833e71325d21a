"""Claims to a dashboard role: the first rule in `dashboard.sso.roles` whose claim holds one of its values.

First match wins, like a firewall: order the rules from the most to the least privileged (or the
other way round, deliberately). Every rule that matched is reported, so the audit record of a
sign-in shows why a person got the role they got, and what else they could have had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gateway.admin.sso.config import OidcSettings, RoleRule

MAX_VALUES_RECORDED = 50
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class RoleDecision:
    role: str | None  # admin, auditor, read_only; None: refused
    tenant: str | None
    rule: str | None  # the rule that decided, as written in the config
    matched: tuple[str, ...]  # every rule that matched, in config order

    def audit(self) -> dict[str, Any]:
        return {"role": self.role, "tenant": self.tenant, "rule": self.rule, "matched_rules": list(self.matched)}


def claim_values(claims: dict[str, Any], name: str) -> list[str]:
    """A claim as a list of strings; `a.b` reaches into nested objects (Keycloak's realm_access.roles)."""
    value: Any = claims.get(name)
    if value is None and "." in name:
        value = claims
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items if isinstance(item, str | int | bool)]


def _matches(rule: RoleRule, claims: dict[str, Any]) -> bool:
    held = set(claim_values(claims, rule.claim))
    return any(value in held for value in rule.values)


def decide(rules: tuple[RoleRule, ...], claims: dict[str, Any]) -> RoleDecision:
    matched = [rule for rule in rules if _matches(rule, claims)]
    if not matched:
        return RoleDecision(None, None, None, ())
    first = matched[0]
    return RoleDecision(first.role, first.tenant, first.describe(), tuple(rule.describe() for rule in matched))


def clean(text: str, max_chars: int = 100) -> str:
    return _UNPRINTABLE.sub("", text)[:max_chars]


def username(settings: OidcSettings, claims: dict[str, Any]) -> str:
    """Who signed in, as the dashboard and the audit trail name them: the username claim, email or subject."""
    for name in (settings.username_claim, "email", "sub"):
        values = claim_values(claims, name)
        if values and clean(values[0]).strip():
            return clean(values[0]).strip()
    return "unknown"


def recorded_groups(settings: OidcSettings, claims: dict[str, Any]) -> list[str]:
    """The groups claim as the audit record keeps it: bounded in count and length."""
    return [clean(v) for v in claim_values(claims, settings.groups_claim)[:MAX_VALUES_RECORDED]]
