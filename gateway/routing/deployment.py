"""A model's deployment: its upstream replicas and how traffic is spread over them.

Config (inside one `models:` entry of sluice.yaml; `upstream:` alone is one replica):

    replicas: [http://10.0.0.5:8000/v1, http://10.0.0.6:8000/v1]
    routing:
      max_concurrency_per_replica: 64   # all full -> 503 + Retry-After (backpressure)
      sticky_by_tenant: true            # same tenant -> same replica (prefix-cache hits)
      cache_salt: true                  # per-tenant vLLM cache_salt (default on)
      health_interval_s: 5
      failure_threshold: 3              # consecutive failures that open the breaker
      open_s: 10                        # breaker open time before a half-open trial
      max_attempts: 2                   # tries over distinct replicas, only before any byte is sent
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class DeploymentConfigError(ValueError):
    """Invalid replicas/routing config; the message names the field."""


@dataclass(frozen=True, slots=True)
class DeploymentConfig:
    replicas: tuple[str, ...]
    max_concurrency_per_replica: int | None = None
    sticky_by_tenant: bool = False
    cache_salt: bool = True
    health_interval_s: float = 5.0
    health_timeout_s: float = 2.0
    unhealthy_after: int = 2  # consecutive failed health checks
    failure_threshold: int = 3
    open_s: float = 10.0
    max_attempts: int = 2


_ROUTING_FIELDS: dict[str, type] = {
    "max_concurrency_per_replica": int,
    "sticky_by_tenant": bool,
    "cache_salt": bool,
    "health_interval_s": float,
    "health_timeout_s": float,
    "unhealthy_after": int,
    "failure_threshold": int,
    "open_s": float,
    "max_attempts": int,
}


def _url(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise DeploymentConfigError(f"{where}: must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _value(where: str, value: Any, expected: type) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        raise DeploymentConfigError(f"{where}: expected {expected.__name__}, got {type(value).__name__}")
    if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
        raise DeploymentConfigError(f"{where}: must be positive, got {value}")
    return value


def parse_deployment(where: str, upstream: Any, replicas: Any = None,
                     routing: Any = None) -> DeploymentConfig:
    """Validate one model's `upstream` / `replicas` / `routing` values (where: e.g. 'models[0]')."""
    urls: list[str] = []
    if replicas is not None:
        if not isinstance(replicas, list) or not replicas:
            raise DeploymentConfigError(f"{where}.replicas: expected a non-empty list of URLs")
        urls = [_url(f"{where}.replicas[{i}]", url) for i, url in enumerate(replicas)]
    if upstream is not None:
        first = _url(f"{where}.upstream", upstream)
        if first not in urls:
            urls.insert(0, first)
    if not urls:
        raise DeploymentConfigError(f"{where}: 'upstream' or 'replicas' is required")
    if len(set(urls)) != len(urls):
        raise DeploymentConfigError(f"{where}.replicas: duplicate URL")
    values: dict[str, Any] = {}
    if routing is not None:
        if not isinstance(routing, dict):
            raise DeploymentConfigError(f"{where}.routing: expected a mapping")
        unknown = set(routing) - set(_ROUTING_FIELDS)
        if unknown:
            raise DeploymentConfigError(f"{where}.routing: unknown field(s) {', '.join(sorted(unknown))}")
        values = {k: _value(f"{where}.routing.{k}", v, _ROUTING_FIELDS[k]) for k, v in routing.items()}
    return DeploymentConfig(replicas=tuple(urls), **values)


class _HasUpstream(Protocol):
    @property
    def upstream(self) -> str: ...


def deployment_of(model: _HasUpstream) -> DeploymentConfig:
    """The model's deployment; a model with only `upstream` is a deployment of one replica."""
    config = getattr(model, "deployment", None)
    if isinstance(config, DeploymentConfig):
        return config
    return DeploymentConfig(replicas=(model.upstream,))


def replica_root(url: str) -> str:
    """`http://h:8000/v1` -> `http://h:8000` (vLLM serves /health at the root)."""
    return url[: -len("/v1")] if url.endswith("/v1") else url
