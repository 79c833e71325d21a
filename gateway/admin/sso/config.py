"""The `dashboard:` section of the config file: sign-in methods, session limits, OpenID Connect.

    dashboard:
      sign_in: {api_keys: true, local_users: true}
      session: {lifetime_s: 28800, idle_timeout_s: 1800}
      sso:
        issuer: https://login.example.com/realms/bank
        client_id: sluice-dashboard
        client_secret_env: SLUICE_SSO_CLIENT_SECRET
        roles:
          - {groups: [sluice-admins], role: admin}
          - {groups: [acme-auditors], role: auditor, tenant: acme}
          - {claim: department, values: [compliance], role: read_only}

Parsed and validated here, at start-up, so a bad section fails with a message naming the field.
This module imports nothing from the gateway: `gateway.settings` imports it.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

ROLES = ("admin", "auditor", "read_only")
DEFAULT_LIFETIME_S = 8 * 3600
DEFAULT_IDLE_TIMEOUT_S = 30 * 60


class DashboardConfigError(ValueError):
    """The dashboard section is invalid; the message names the field."""


@dataclass(frozen=True, slots=True)
class RoleRule:
    """Grants `role` (for `tenant`, when an auditor) to a user whose `claim` holds one of `values`."""

    role: str
    claim: str
    values: tuple[str, ...]
    tenant: str | None = None

    def describe(self) -> str:
        target = f" of tenant {self.tenant}" if self.tenant else ""
        return f"{self.role}{target} for {self.claim} in {list(self.values)}"


@dataclass(frozen=True, slots=True)
class OidcSettings:
    issuer: str
    client_id: str
    roles: tuple[RoleRule, ...]
    client_secret_env: str | None = None  # None: a public client (PKCE only)
    redirect_uri: str | None = None  # None: <this gateway's URL>/admin/sso/callback
    post_logout_redirect_uri: str | None = None  # None: <this gateway's URL>/admin/login
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    groups_claim: str = "groups"
    username_claim: str = "preferred_username"
    label: str = "Single sign-on"
    timeout_s: float = 10.0  # each call to the provider (discovery, keys, token, userinfo)
    clock_skew_s: int = 60  # leeway for exp / iat against the provider's clock

    def client_secret(self) -> str | None:
        if not self.client_secret_env:
            return None
        return os.environ.get(self.client_secret_env) or None


@dataclass(frozen=True, slots=True)
class DashboardSettings:
    api_key_sign_in: bool = True
    user_sign_in: bool = True
    session_lifetime_s: int = DEFAULT_LIFETIME_S
    idle_timeout_s: int = DEFAULT_IDLE_TIMEOUT_S
    sso: OidcSettings | None = None
    # From the environment (gateway/settings.py): SLUICE_DASHBOARD_SECRET signs sessions (None: a
    # random one per process) and SLUICE_DASHBOARD_SECURE_COOKIE=1 marks cookies Secure behind TLS proxies.
    secret: bytes | None = field(default=None, repr=False)
    secure_cookie: bool = False

    @property
    def sign_in_methods(self) -> tuple[str, ...]:
        enabled = []
        if self.sso is not None:
            enabled.append("sso")
        if self.api_key_sign_in:
            enabled.append("api_key")
        if self.user_sign_in:
            enabled.append("user")
        return tuple(enabled)


def _mapping(where: str, raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DashboardConfigError(f"{where}: expected a mapping")
    return raw


def _check_fields(where: str, raw: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise DashboardConfigError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise DashboardConfigError(f"{where}: expected true or false, got {value!r}")
    return value


def _seconds(where: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DashboardConfigError(f"{where}: expected whole seconds in [{low}, {high}], got {value!r}")
    return value


def _text(where: str, value: Any, *, max_chars: int = 500) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_chars:
        raise DashboardConfigError(f"{where}: expected a non-empty string of at most {max_chars} characters")
    return value.strip()


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise DashboardConfigError(f"{where}: expected a non-empty list of strings")
    return tuple(_text(f"{where}[{i}]", item) for i, item in enumerate(value))


def is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return bool(host) and ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def check_url(where: str, value: str) -> str:
    """An absolute https URL (http only on loopback, for tests and local trials)."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DashboardConfigError(f"{where}: expected an absolute https URL, got {value!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise DashboardConfigError(f"{where}: must use https (http is accepted on loopback only), got {value!r}")
    if parts.fragment:
        raise DashboardConfigError(f"{where}: must not have a #fragment")
    return value


def _role_rule(where: str, raw: Any, groups_claim: str) -> RoleRule:
    rule = _mapping(where, raw)
    _check_fields(where, rule, {"role", "tenant", "groups", "claim", "values"})
    role = rule.get("role")
    if role not in ROLES:
        raise DashboardConfigError(f"{where}.role: expected one of {', '.join(ROLES)}, got {role!r}")
    tenant = rule.get("tenant")
    if role == "auditor":
        tenant = _text(f"{where}.tenant", tenant, max_chars=64)
    elif tenant is not None:
        raise DashboardConfigError(f"{where}.tenant: only an auditor is scoped to a tenant")
    if ("groups" in rule) == ("claim" in rule):
        raise DashboardConfigError(f"{where}: give either `groups` or `claim` with `values`")
    if "groups" in rule:
        if "values" in rule:
            raise DashboardConfigError(f"{where}.values: use `groups` alone, or `claim` with `values`")
        return RoleRule(role, groups_claim, _strings(f"{where}.groups", rule["groups"]), tenant)
    claim = _text(f"{where}.claim", rule["claim"], max_chars=100)
    return RoleRule(role, claim, _strings(f"{where}.values", rule.get("values")), tenant)


_SSO_FIELDS = {
    "issuer", "client_id", "client_secret_env", "redirect_uri", "post_logout_redirect_uri", "scopes",
    "groups_claim", "username_claim", "label", "roles", "timeout_s", "clock_skew_s",
}


def parse_oidc(raw: Any) -> OidcSettings:
    sso = _mapping("dashboard.sso", raw)
    _check_fields("dashboard.sso", sso, _SSO_FIELDS)
    issuer = check_url("dashboard.sso.issuer", _text("dashboard.sso.issuer", sso.get("issuer")))
    client_id = _text("dashboard.sso.client_id", sso.get("client_id"))
    groups_claim = _text("dashboard.sso.groups_claim", sso.get("groups_claim", "groups"), max_chars=100)
    raw_roles = sso.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        raise DashboardConfigError("dashboard.sso.roles: expected a non-empty list of role rules "
                                   "(without one nobody could sign in)")
    roles = tuple(_role_rule(f"dashboard.sso.roles[{i}]", r, groups_claim) for i, r in enumerate(raw_roles))
    scopes = _strings("dashboard.sso.scopes", sso.get("scopes", ["openid", "profile", "email"]))
    if "openid" not in scopes:
        raise DashboardConfigError("dashboard.sso.scopes: must include openid")
    optional: dict[str, Any] = {}
    for name in ("redirect_uri", "post_logout_redirect_uri"):
        if sso.get(name) is not None:
            optional[name] = check_url(f"dashboard.sso.{name}", _text(f"dashboard.sso.{name}", sso[name]))
    if sso.get("client_secret_env") is not None:
        optional["client_secret_env"] = _text("dashboard.sso.client_secret_env", sso["client_secret_env"],
                                              max_chars=200)
    for name in ("username_claim", "label"):
        if sso.get(name) is not None:
            optional[name] = _text(f"dashboard.sso.{name}", sso[name], max_chars=100)
    if "timeout_s" in sso:
        timeout = sso["timeout_s"]
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 60:
            raise DashboardConfigError(f"dashboard.sso.timeout_s: expected seconds in (0, 60], got {timeout!r}")
        optional["timeout_s"] = float(timeout)
    if "clock_skew_s" in sso:
        optional["clock_skew_s"] = _seconds("dashboard.sso.clock_skew_s", sso["clock_skew_s"], 0, 300)
    return OidcSettings(issuer=issuer, client_id=client_id, roles=roles, scopes=scopes, groups_claim=groups_claim,
                        **optional)


def parse_dashboard(raw: Any) -> DashboardSettings:
    section = _mapping("dashboard", raw)
    _check_fields("dashboard", section, {"sign_in", "session", "sso"})
    sign_in = _mapping("dashboard.sign_in", section.get("sign_in"))
    _check_fields("dashboard.sign_in", sign_in, {"api_keys", "local_users"})
    session = _mapping("dashboard.session", section.get("session"))
    _check_fields("dashboard.session", session, {"lifetime_s", "idle_timeout_s"})
    lifetime = _seconds("dashboard.session.lifetime_s", session.get("lifetime_s", DEFAULT_LIFETIME_S), 60, 7 * 86400)
    idle = _seconds("dashboard.session.idle_timeout_s", session.get("idle_timeout_s", DEFAULT_IDLE_TIMEOUT_S),
                    1, 7 * 86400)
    settings = DashboardSettings(
        api_key_sign_in=_bool("dashboard.sign_in.api_keys", sign_in.get("api_keys", True)),
        user_sign_in=_bool("dashboard.sign_in.local_users", sign_in.get("local_users", True)),
        session_lifetime_s=lifetime,
        idle_timeout_s=min(idle, lifetime),
        sso=parse_oidc(section["sso"]) if section.get("sso") is not None else None,
    )
    if not settings.sign_in_methods:
        raise DashboardConfigError("dashboard.sign_in: every sign-in method is switched off and no sso is "
                                   "configured: nobody could sign in")
    return settings
