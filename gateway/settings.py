"""Settings as small frozen dataclasses, one per concern.

Sources, lowest precedence first: defaults, the YAML config file
(`sluice serve --config FILE` or `SLUICE_CONFIG`), environment variables,
command-line flags.  Everything is validated here so a bad config fails at start-up
with a message naming the field, never at request time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

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
    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 1024 * 1024
    workers: int = 1


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
    return ModelSettings(**values)


def parse_config(data: Any, base: Settings | None = None) -> Settings:
    settings = base or Settings()
    if data is None:
        return settings
    if not isinstance(data, dict):
        raise ConfigError("config: expected a mapping at the top level")
    unknown = set(data) - {"models", "server", "database", "policies_dir", "scanning", "limits"}
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
        server = data["server"] or {}
        fields = {"host": str, "port": int, "max_body_bytes": int, "workers": int}
        unknown = set(server) - set(fields)
        if unknown:
            raise ConfigError(f"server: unknown field(s) {', '.join(sorted(unknown))}")
        values = {k: _typed("server", k, v, fields[k]) for k, v in server.items()}
        settings = replace(settings, server=replace(settings.server, **values))
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
    return settings
