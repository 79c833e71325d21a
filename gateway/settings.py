"""The settings tree: one frozen dataclass section per subsystem, loaded once at start-up.

Sources, lowest precedence first: defaults, the YAML config file
(`sluice serve --config FILE` or `SLUICE_CONFIG`), environment variables,
command-line flags (applied by the CLI on top of `load_settings`).  Everything is validated
here so a bad config fails at start-up with a message naming the field or variable, never
at request time.  This is the one module of the gateway that reads the environment
(tests/gateway/test_settings_tree.py holds the rest to that); each subsystem is handed its
section by the wiring (gateway/app.py `build_services`, the CLI's `_settings`).
The variables are listed in ENVIRONMENT below, which docs/operations.md's reference mirrors.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from gateway.admin.sso.config import DashboardConfigError, DashboardSettings, parse_dashboard
from gateway.audit.checkpoints import Checkpointer
from gateway.audit.config import DEFAULT_CHECKPOINT_EVERY, SIGNING_OFF, AuditSettings
from gateway.audit.crypto import AuditKeyError, Keyring, load_signing_key
from gateway.audit.sqlite_store import SYNCHRONOUS_MODES
from gateway.limits import LimitConfigError, LimitPolicy, parse_limit_policy
from gateway.resources import shipped
from gateway.routing.deployment import DeploymentConfig, DeploymentConfigError, parse_deployment
from gateway.scanning.settings import ScanSettings

log = logging.getLogger("sluice.settings")

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


# The scanning section is the engine's own settings class (one class: the config file sets
# timeout_s and codeshield_pack, build_services adds the license index's database).
ScanningSettings = ScanSettings


@dataclass(frozen=True, slots=True)
class RedisSettings:
    """The shared limiter's Redis; None: each worker limits on its own (gateway/limits/factory.py)."""

    url: str | None = field(default=None, repr=False)  # may carry a password


@dataclass(frozen=True, slots=True)
class RoutingSettings:
    """Upstream routing: the secret tenants' vLLM cache salts derive from (gateway/routing/cache_salt.py)."""

    cache_salt_secret: bytes | None = field(default=None, repr=False)  # None: a random one per process


@dataclass(frozen=True, slots=True)
class TracingSettings:
    """OpenTelemetry tracing, from the standard OTEL_* variables; no exporter: tracing off."""

    exporters: tuple[str, ...] = ()  # "otlp" and/or "console"
    # OTEL_SERVICE_NAME unset: the resource is named "sluice-gateway" (the SDK reads the variable itself)
    default_service_name: bool = True


@dataclass(frozen=True, slots=True)
class TelemetrySettings:
    log_level: str = "INFO"
    metrics_token: str | None = field(default=None, repr=False)  # bearer token /metrics requires; None: open
    tracing: TracingSettings = field(default_factory=TracingSettings)


@dataclass(frozen=True, slots=True)
class Settings:
    server: ServerSettings = field(default_factory=ServerSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    models: tuple[ModelSettings, ...] = ()
    policies_dir: Path = SHIPPED_POLICIES_DIR
    scanning: ScanSettings = field(default_factory=ScanSettings)
    limits: LimitPolicy = field(default_factory=LimitPolicy)  # default for tenants whose policy sets none
    redis: RedisSettings = field(default_factory=RedisSettings)
    routing: RoutingSettings = field(default_factory=RoutingSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)  # body keys, signing key, checkpoints
    telemetry: TelemetrySettings = field(default_factory=TelemetrySettings)
    # sign-in methods, sessions, SSO, the session secret and cookie flag
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)

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
    unknown = set(data) - {"models", "server", "database", "policies_dir", "scanning", "limits", "dashboard",
                           "redis", "telemetry"}
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
        values = _section("scanning", data["scanning"], {"timeout_s": float, "codeshield_pack": bool})
        if "timeout_s" in values:
            _scan_timeout("scanning.timeout_s", values["timeout_s"])
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
    if "redis" in data:
        redis = _section("redis", data["redis"], {"url": str})
        if "url" in redis:
            settings = replace(settings, redis=RedisSettings(_redis_url("redis.url", redis["url"])))
    if "telemetry" in data:
        telemetry = _section("telemetry", data["telemetry"], {"log_level": str})
        if "log_level" in telemetry:
            level = _log_level("telemetry.log_level", telemetry["log_level"])
            settings = replace(settings, telemetry=replace(settings.telemetry, log_level=level))
    if "policies_dir" in data:
        settings = replace(settings, policies_dir=Path(_typed("config", "policies_dir", data["policies_dir"], str)))
    return settings


def _section(where: str, raw: Any, fields: dict[str, type]) -> dict[str, Any]:
    """A flat config section: known keys only, each of its type."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    unknown = set(raw) - set(fields)
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    return {key: _typed(where, key, value, fields[key]) for key, value in raw.items()}


def _scan_timeout(where: str, value: float) -> float:
    if not 0 < value <= 600:
        raise ConfigError(f"{where}: expected seconds in (0, 600], got {value}")
    return value


def _redis_url(where: str, url: str) -> str:
    if not url.startswith(("redis://", "rediss://", "unix://")):  # never echo it: it may carry a password
        raise ConfigError(f"{where}: expected a redis://, rediss:// or unix:// URL")
    return url


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(where: str, value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{where}: expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return level


# -- the environment ----------------------------------------------------------------------------
# Each function reads one section's variables from the mapping load_settings hands it (os.environ,
# or a test's dict) and names the variable in every error.  A variable set to "" counts as unset.

def _env_server(env: Mapping[str, str], server: ServerSettings) -> ServerSettings:
    # `sluice serve --workers N` reaches the workers this way (they load their settings anew).
    if env.get("SLUICE_WORKERS"):
        raw = env["SLUICE_WORKERS"]
        try:
            workers = int(raw)
        except ValueError:
            raise ConfigError(f"SLUICE_WORKERS: expected a number, got {raw!r}") from None
        if workers < 1:
            raise ConfigError(f"SLUICE_WORKERS: expected at least 1, got {workers}")
        server = replace(server, workers=workers)
    if env.get("SLUICE_TRUSTED_PROXIES") is not None:
        server = replace(server, trusted_proxies=parse_trusted_proxies("SLUICE_TRUSTED_PROXIES",
                                                                       env["SLUICE_TRUSTED_PROXIES"]))
    return server


def _env_scanning(env: Mapping[str, str], scanning: ScanSettings) -> ScanSettings:
    raw = env.get("SLUICE_SCAN_TIMEOUT_S")
    if not raw:
        return scanning
    try:
        timeout = float(raw)
    except ValueError:
        raise ConfigError(f"SLUICE_SCAN_TIMEOUT_S: expected seconds, got {raw!r}") from None
    return replace(scanning, timeout_s=_scan_timeout("SLUICE_SCAN_TIMEOUT_S", timeout))


def _env_routing(env: Mapping[str, str]) -> RoutingSettings:
    secret = env.get("SLUICE_CACHE_SALT_SECRET")
    if not secret:
        return RoutingSettings()
    if len(secret.encode()) < 16:
        raise ConfigError("SLUICE_CACHE_SALT_SECRET: at least 16 bytes are required")
    return RoutingSettings(cache_salt_secret=secret.encode())


def _positive_int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if not raw:
        return None
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigError(f"{name}: expected a positive integer, got {raw!r}")
    return int(raw)


def _env_audit(env: Mapping[str, str]) -> AuditSettings:
    try:
        keyring: Keyring | None = None
        if env.get("SLUICE_AUDIT_KEYS_FILE"):
            keyring = Keyring.from_file(env["SLUICE_AUDIT_KEYS_FILE"])
        elif env.get("SLUICE_AUDIT_KEYS"):
            keyring = Keyring.parse(env["SLUICE_AUDIT_KEYS"], "SLUICE_AUDIT_KEYS")
        every = _positive_int(env, "SLUICE_AUDIT_CHECKPOINT_EVERY") or DEFAULT_CHECKPOINT_EVERY
        seconds = _positive_int(env, "SLUICE_AUDIT_CHECKPOINT_SECONDS")
        signing = env.get("SLUICE_AUDIT_SIGNING_KEY", "").strip() or None
        checkpointer = None
        if signing and signing.lower() != SIGNING_OFF and Path(signing).exists():
            checkpointer = Checkpointer(load_signing_key(signing), every, interval_s=seconds)
    except AuditKeyError as exc:  # names the variable or the file, never the key
        raise ConfigError(str(exc)) from None
    if "SLUICE_AUDIT_RETENTION_DAYS" in env:  # retention is policy (audit.retention_days); say so, once
        log.warning("SLUICE_AUDIT_RETENTION_DAYS is not read: body retention is the policy's "
                    "audit.retention_days")
    sync = env.get("SLUICE_AUDIT_SQLITE_SYNC", "normal").strip().lower() or "normal"
    if sync not in SYNCHRONOUS_MODES:
        raise ConfigError(f"SLUICE_AUDIT_SQLITE_SYNC: expected normal or full, got {sync!r}")
    return AuditSettings(keyring=keyring, checkpointer=checkpointer, sqlite_synchronous=sync, signing_key=signing,
                         state_dir=env.get("SLUICE_STATE_DIR") or None, checkpoint_every=every,
                         checkpoint_seconds=seconds)


TRACE_EXPORTERS = ("otlp", "console")


def _env_tracing(env: Mapping[str, str]) -> TracingSettings:
    """The standard OpenTelemetry variables; off (no exporter) unless they ask for one."""
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return TracingSettings()
    names = [n.strip().lower() for n in env.get("OTEL_TRACES_EXPORTER", "").split(",") if n.strip()]
    if not names and (env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")):
        names = ["otlp"]
    names = [n for n in names if n != "none"]
    for name in names:
        if name not in TRACE_EXPORTERS:
            raise ConfigError(f"OTEL_TRACES_EXPORTER: unsupported exporter {name!r} (use otlp, console or none)")
    if "otlp" in names:
        for variable in ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"):
            protocol = env.get(variable)
            if protocol:
                if protocol != "http/protobuf":
                    raise ConfigError(f"{variable}: only 'http/protobuf' is supported, got {protocol!r}")
                break
    return TracingSettings(exporters=tuple(dict.fromkeys(names)), default_service_name=not env.get("OTEL_SERVICE_NAME"))


def _env_telemetry(env: Mapping[str, str], telemetry: TelemetrySettings) -> TelemetrySettings:
    level = telemetry.log_level
    if env.get("SLUICE_LOG_LEVEL"):
        level = _log_level("SLUICE_LOG_LEVEL", env["SLUICE_LOG_LEVEL"])
    return TelemetrySettings(log_level=level, metrics_token=env.get("SLUICE_METRICS_TOKEN") or None,
                             tracing=_env_tracing(env))


_SWITCH = {"1": True, "true": True, "0": False, "false": False, "": False}


def _env_dashboard(env: Mapping[str, str], dashboard: DashboardSettings) -> DashboardSettings:
    secret = env.get("SLUICE_DASHBOARD_SECRET") or None
    if secret is not None and len(secret) < 32:
        raise ConfigError("SLUICE_DASHBOARD_SECRET: must be at least 32 characters")
    raw_secure = env.get("SLUICE_DASHBOARD_SECURE_COOKIE", "").strip().lower()
    if raw_secure not in _SWITCH:
        raise ConfigError(f"SLUICE_DASHBOARD_SECURE_COOKIE: expected 1 or 0, got {raw_secure!r}")
    return replace(dashboard, secret=secret.encode() if secret else None, secure_cookie=_SWITCH[raw_secure])


def apply_environment(settings: Settings, env: Mapping[str, str]) -> Settings:
    """The SLUICE_* (and OTEL_*) variables over the config file's values."""
    database = settings.database
    if env.get("SLUICE_DATABASE_URL"):
        database = replace(database, url=env["SLUICE_DATABASE_URL"])
    redis = settings.redis
    if env.get("SLUICE_REDIS_URL"):
        redis = RedisSettings(_redis_url("SLUICE_REDIS_URL", env["SLUICE_REDIS_URL"]))
    policies_dir = Path(env["SLUICE_POLICIES_DIR"]) if env.get("SLUICE_POLICIES_DIR") else settings.policies_dir
    return replace(
        settings,
        server=validate_server(_env_server(env, settings.server)),
        database=database,
        policies_dir=policies_dir,
        scanning=_env_scanning(env, settings.scanning),
        redis=redis,
        routing=_env_routing(env),
        audit=_env_audit(env),
        telemetry=_env_telemetry(env, settings.telemetry),
        dashboard=_env_dashboard(env, settings.dashboard),
    )


def load_settings(config_file: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults <- config file <- environment (`environ`, default os.environ: read here and nowhere
    else in the gateway). Raises ConfigError naming the field or variable."""
    env = os.environ if environ is None else environ
    path = config_file or env.get("SLUICE_CONFIG")
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
    return apply_environment(settings, env)
