"""Settings as small frozen dataclasses, one per concern.

Sources, lowest precedence first: defaults, the YAML config file
(`sluice serve --config FILE` or `SLUICE_CONFIG`), environment variables,
command-line flags.  Everything is validated here so a bad config fails at start-up
with a message naming the field, never at request time.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from gateway.admin.sso.config import DashboardConfigError, DashboardSettings, parse_dashboard
from gateway.limits import LimitConfigError, LimitPolicy, parse_limit_policy
from gateway.resources import shipped
from gateway.routing.deployment import DeploymentConfig, DeploymentConfigError, parse_deployment

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/sluice.db"
# The policies shipped in the repository; deployments point SLUICE_POLICIES_DIR at their own.
SHIPPED_POLICIES_DIR = shipped("policies")


class ConfigError(ValueError):
    """The configuration file or environment is invalid; the message names the field."""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """The HTTP server: listen address, workers, and the limits every connection lives under.

    The limits are enforced below the application (gateway/edge/protocol.py), so a hostile
    client is cut off before its bytes pile up in memory or hold a connection open.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 1024 * 1024
    workers: int = 1
    max_request_line_bytes: int = 8 * 1024  # method + target + version; longer: 414
    max_header_line_bytes: int = 16 * 1024  # one header's name + value; longer: 431
    max_header_bytes: int = 64 * 1024  # request line + all headers together; more: 431
    header_timeout_s: float = 10.0  # from the first byte (or connect) to the end of the headers; then 408
    body_timeout_s: float = 30.0  # from the end of the headers to the end of the body; then 408
    idle_timeout_s: float = 30.0  # keep-alive: an idle connection is closed after this long
    # Peers (IPs or CIDRs) whose X-Forwarded-For / Forwarded / X-Real-IP name the client.
    # Empty: no forwarded header is trusted, not even from loopback.
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str = DEFAULT_DATABASE_URL
    echo: bool = False


@dataclass(frozen=True, slots=True)
class ModelSettings:
    """One model clients can name, served by an OpenAI-compatible upstream."""

    name: str
    upstream: str
    upstream_model: str | None = None  # the name the upstream serves; defaults to `name`
    api_key_env: str | None = None
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 120.0
    max_context: int = 4096
    max_tokens: int = 2048
    max_n: int = 1
    profile: str | None = None  # model_runtime profile (FIM tokens, chat template)
    deployment: DeploymentConfig | None = None  # replicas + routing; None: `upstream` alone

    @property
    def served_name(self) -> str:
        return self.upstream_model or self.name

    def upstream_api_key(self) -> str | None:
        if not self.api_key_env:
            return None
        return os.environ.get(self.api_key_env)


@dataclass(frozen=True, slots=True)
class ScanningSettings:
    timeout_s: float = 2.0  # per scanner per output; on timeout the policy's on_error decides
    codeshield_pack: bool = False  # also load Meta CodeShield's semgrep rules (from the codeshield package)


@dataclass(frozen=True, slots=True)
class Settings:
    server: ServerSettings = field(default_factory=ServerSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    models: tuple[ModelSettings, ...] = ()
    policies_dir: Path = SHIPPED_POLICIES_DIR
    scanning: ScanningSettings = field(default_factory=ScanningSettings)
    limits: LimitPolicy = field(default_factory=LimitPolicy)  # default for tenants whose policy sets none
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)  # sign-in methods, sessions, SSO

    def model(self, name: str) -> ModelSettings | None:
        for model in self.models:
            if model.name == name:
                return model
        return None


def _typed(section: str, key: str, value: Any, expected: type) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(f"{section}.{key}: expected {expected.__name__}, got {type(value).__name__}")
    return value


_MODEL_FIELDS: dict[str, type] = {
    "name": str,
    "upstream": str,
    "upstream_model": str,
    "api_key_env": str,
    "connect_timeout_s": float,
    "read_timeout_s": float,
    "max_context": int,
    "max_tokens": int,
    "max_n": int,
    "profile": str,
}


def _parse_model(index: int, raw: Any) -> ModelSettings:
    where = f"models[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    raw = dict(raw)
    replicas, routing = raw.pop("replicas", None), raw.pop("routing", None)
    unknown = set(raw) - set(_MODEL_FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if "name" not in raw:
        raise ConfigError(f"{where}.name: required")
    values = {key: _typed(where, key, value, _MODEL_FIELDS[key]) for key, value in raw.items()}
    try:
        deployment = parse_deployment(where, values.get("upstream"), replicas, routing)
    except DeploymentConfigError as exc:
        raise ConfigError(str(exc)) from None
    values["upstream"] = deployment.replicas[0]
    values["deployment"] = deployment
    return _fit_context(where, ModelSettings(**values), set(values))


def _fit_context(where: str, model: ModelSettings, given: set[str]) -> ModelSettings:
    """max_context within the runtime profile's max_model_len (taken from it when unset), and
    max_tokens leaving room for a prompt (half the context when unset and the default does not fit)."""
    profile_len = None
    if model.profile:
        from model_runtime.profiles import ProfileError, load_profile

        try:
            profile_len = load_profile(model.profile).max_model_len
        except ProfileError:
            profile_len = None  # an unknown profile: fill-in-the-middle requests say so
    if profile_len is not None and "max_context" not in given:
        model = replace(model, max_context=profile_len)
    elif profile_len is not None and model.max_context > profile_len:
        raise ConfigError(f"{where}.max_context: {model.max_context} exceeds max_model_len {profile_len} of profile "
                          f"'{model.profile}' (the context the runtime is started with)")
    if model.max_tokens >= model.max_context:
        if "max_tokens" in given:
            raise ConfigError(f"{where}.max_tokens: {model.max_tokens} leaves no room for a prompt in max_context "
                              f"{model.max_context}; set it below max_context")
        model = replace(model, max_tokens=model.max_context // 2)
    return model


_SERVER_FIELDS: dict[str, type] = {
    "host": str, "port": int, "max_body_bytes": int, "workers": int, "max_request_line_bytes": int,
    "max_header_line_bytes": int, "max_header_bytes": int, "header_timeout_s": float, "body_timeout_s": float,
    "idle_timeout_s": float,
}


def _parse_server(raw: Any, base: ServerSettings) -> ServerSettings:
    if not isinstance(raw, dict):
        raise ConfigError("server: expected a mapping")
    unknown = set(raw) - set(_SERVER_FIELDS) - {"trusted_proxies"}
    if unknown:
        raise ConfigError(f"server: unknown field(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {k: _typed("server", k, v, _SERVER_FIELDS[k]) for k, v in raw.items()
                              if k != "trusted_proxies"}
    if "trusted_proxies" in raw:
        values["trusted_proxies"] = parse_trusted_proxies("server.trusted_proxies", raw["trusted_proxies"])
    return validate_server(replace(base, **values))


def parse_trusted_proxies(where: str, raw: Any) -> tuple[str, ...]:
    """A list of IPs or CIDRs, normalised (`10.0.0.0/8`, `::1/128`); anything else names the entry."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: expected a list of IP addresses or CIDRs")
    networks = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, str):
            raise ConfigError(f"{where}[{index}]: expected an IP address or CIDR, got {type(entry).__name__}")
        try:
            networks.append(str(ipaddress.ip_network(entry.strip(), strict=False)))
        except ValueError:
            raise ConfigError(f"{where}[{index}]: {entry!r} is not an IP address or CIDR") from None
    return tuple(networks)


def validate_server(server: ServerSettings) -> ServerSettings:
    """Refuse values that would switch a limit off or make the server unusable; name the field."""
    if not 0 <= server.port <= 65535:
        raise ConfigError(f"server.port: expected 0-65535, got {server.port}")
    if server.workers < 1:
        raise ConfigError(f"server.workers: expected at least 1, got {server.workers}")
    minimums = {"max_body_bytes": 1, "max_request_line_bytes": 256, "max_header_line_bytes": 256,
                "max_header_bytes": 1024}
    for name, minimum in minimums.items():
        value = getattr(server, name)
        if value < minimum:
            raise ConfigError(f"server.{name}: expected at least {minimum}, got {value}")
    if server.max_header_line_bytes > server.max_header_bytes:
        raise ConfigError(f"server.max_header_line_bytes: must not exceed server.max_header_bytes "
                          f"({server.max_header_bytes})")
    for name in ("header_timeout_s", "body_timeout_s", "idle_timeout_s"):
        value = getattr(server, name)
        if not 0 < value <= 3600:
            raise ConfigError(f"server.{name}: expected seconds in (0, 3600], got {value}")
    return server


def parse_config(data: Any, base: Settings | None = None) -> Settings:
    settings = base or Settings()
    if data is None:
        return settings
    if not isinstance(data, dict):
        raise ConfigError("config: expected a mapping at the top level")
    unknown = set(data) - {"models", "server", "database", "policies_dir", "scanning", "limits", "dashboard"}
    if unknown:
        raise ConfigError(f"config: unknown section(s) {', '.join(sorted(unknown))}")
    if "models" in data:
        raw_models = data["models"] or []
        if not isinstance(raw_models, list):
            raise ConfigError("models: expected a list")
        models = tuple(_parse_model(i, raw) for i, raw in enumerate(raw_models))
        names = [m.name for m in models]
        if len(names) != len(set(names)):
            raise ConfigError("models: duplicate model name")
        settings = replace(settings, models=models)
    if "server" in data:
        settings = replace(settings, server=_parse_server(data["server"] or {}, settings.server))
    if "database" in data:
        db = data["database"] or {}
        if set(db) - {"url"}:
            raise ConfigError("database: only 'url' is allowed")
        if "url" in db:
            url = _typed("database", "url", db["url"], str)
            settings = replace(settings, database=replace(settings.database, url=url))
    if "scanning" in data:
        scanning = data["scanning"] or {}
        fields = {"timeout_s": float, "codeshield_pack": bool}
        unknown = set(scanning) - set(fields)
        if unknown:
            raise ConfigError(f"scanning: unknown field(s) {', '.join(sorted(unknown))}")
        values = {k: _typed("scanning", k, v, fields[k]) for k, v in scanning.items()}
        settings = replace(settings, scanning=replace(settings.scanning, **values))
    if "limits" in data:
        try:
            settings = replace(settings, limits=parse_limit_policy("limits", data["limits"]))
        except LimitConfigError as exc:
            raise ConfigError(str(exc)) from None
    if "dashboard" in data:
        try:
            settings = replace(settings, dashboard=parse_dashboard(data["dashboard"]))
        except DashboardConfigError as exc:
            raise ConfigError(str(exc)) from None
    if "policies_dir" in data:
        settings = replace(settings, policies_dir=Path(_typed("config", "policies_dir", data["policies_dir"], str)))
    return settings


def load_settings(config_file: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults <- config file <- environment."""
    path = config_file or os.environ.get("SLUICE_CONFIG")
    settings = Settings()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
        settings = parse_config(data, settings)
    env_db = os.environ.get("SLUICE_DATABASE_URL")
    if env_db:
        settings = replace(settings, database=replace(settings.database, url=env_db))
    env_timeout = os.environ.get("SLUICE_SCAN_TIMEOUT_S")
    if env_timeout:
        try:
            timeout = float(env_timeout)
        except ValueError:
            raise ConfigError(f"SLUICE_SCAN_TIMEOUT_S: expected seconds, got {env_timeout!r}") from None
        settings = replace(settings, scanning=replace(settings.scanning, timeout_s=timeout))
    env_policies = os.environ.get("SLUICE_POLICIES_DIR")
    if env_policies:
        settings = replace(settings, policies_dir=Path(env_policies))
    # `sluice serve --workers N` reaches the workers this way (they load their settings anew).
    env_workers = os.environ.get("SLUICE_WORKERS")
    if env_workers:
        try:
            workers = int(env_workers)
        except ValueError:
            raise ConfigError(f"SLUICE_WORKERS: expected a number, got {env_workers!r}") from None
        settings = replace(settings, server=validate_server(replace(settings.server, workers=workers)))
    env_proxies = os.environ.get("SLUICE_TRUSTED_PROXIES")
    if env_proxies is not None:
        settings = replace(settings, server=replace(
            settings.server, trusted_proxies=parse_trusted_proxies("SLUICE_TRUSTED_PROXIES", env_proxies)))
    return settings
