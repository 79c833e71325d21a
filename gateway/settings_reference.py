"""The configuration reference: every config key and environment variable of the settings tree.

docs/operations.md carries `render_reference()` verbatim between its settings-reference markers;
tests/gateway/test_settings_tree.py checks the table against this list, and this list against the
tree (every path exists, defaults are the tree's) and gateway/settings.py (every variable it reads
is listed).  Add a row here when a setting is added there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.settings import Settings


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # where the value lands in the tree (gateway/settings.py `Settings`)
    kind: str  # the type as an operator writes it
    meaning: str
    key: str | None = None  # the config file key (YAML), when the file may set it
    variable: str | None = None  # the environment variable, when one sets it
    default: str | None = None  # None: the tree's default, shown as the dataclasses hold it


REFERENCE: tuple[Entry, ...] = (
    Entry("(config file)", "path", "the YAML config file (`--config FILE` wins)", variable="SLUICE_CONFIG",
          default="none"),
    Entry("server.host", "string", "listen address (`sluice serve --host` wins)", key="server.host"),
    Entry("server.port", "int 0-65535", "listen port (`--port` wins)", key="server.port"),
    Entry("server.workers", "int >= 1", "worker processes (`--workers` wins; it reaches the workers this way)",
          key="server.workers", variable="SLUICE_WORKERS"),
    Entry("server.max_body_bytes", "int >= 1", "largest request body; more: 413", key="server.max_body_bytes"),
    Entry("server.max_request_line_bytes", "int >= 256", "longest request line; more: 414",
          key="server.max_request_line_bytes"),
    Entry("server.max_header_line_bytes", "int >= 256", "longest header line; more: 431",
          key="server.max_header_line_bytes"),
    Entry("server.max_header_bytes", "int >= 1024", "request line and headers together; more: 431",
          key="server.max_header_bytes"),
    Entry("server.header_timeout_s", "seconds (0, 3600]", "time to send the headers; then 408",
          key="server.header_timeout_s"),
    Entry("server.body_timeout_s", "seconds (0, 3600]", "time to send the body; then 408", key="server.body_timeout_s"),
    Entry("server.idle_timeout_s", "seconds (0, 3600]", "an idle keep-alive connection is closed after this",
          key="server.idle_timeout_s"),
    Entry("server.trusted_proxies", "list of IPs/CIDRs (comma-separated in the variable)",
          "peers whose forwarded headers name the client", key="server.trusted_proxies",
          variable="SLUICE_TRUSTED_PROXIES"),
    Entry("database.url", "SQLAlchemy URL", "audit, keys and tenants (SQLite or PostgreSQL)", key="database.url",
          variable="SLUICE_DATABASE_URL"),
    Entry("models", "list", "the models clients can name (docs/operations.md, Models)", key="models", default="[]"),
    Entry("policies_dir", "path", "policy directory (default.yaml, tenants/)", key="policies_dir",
          variable="SLUICE_POLICIES_DIR", default="the shipped policies/"),
    Entry("scanning.timeout_s", "seconds (0, 600]", "per scanner per output; then the policy's on_error decides",
          key="scanning.timeout_s", variable="SLUICE_SCAN_TIMEOUT_S"),
    Entry("scanning.codeshield_pack", "bool",
          "Meta CodeShield's semgrep bundles for every language (off: C/C++, C#, Java, JS/TS, PHP only)",
          key="scanning.codeshield_pack"),
    Entry("limits", "mapping", "limits for tenants whose policy sets none (Limits, above)", key="limits",
          default="none"),
    Entry("redis.url", "redis://, rediss:// or unix:// URL", "shared limiter for several workers or gateways",
          key="redis.url", variable="SLUICE_REDIS_URL", default="none: per-worker limits"),
    Entry("routing.cache_salt_secret", "string >= 16 bytes", "derives tenants' vLLM cache_salt; same on every gateway",
          variable="SLUICE_CACHE_SALT_SECRET", default="random per process"),
    Entry("audit.keyring", "file of KEY_ID:BASE64 lines", "audit body encryption keys (the last one encrypts)",
          variable="SLUICE_AUDIT_KEYS_FILE", default="none: bodies in clear"),
    Entry("audit.keyring", "KEY_ID:BASE64,...", "the same keys inline (the file wins)", variable="SLUICE_AUDIT_KEYS",
          default="none: bodies in clear"),
    Entry("audit.signing_key", "path or `off`", "Ed25519 key signing checkpoints and the chain head; generated "
          "where absent", variable="SLUICE_AUDIT_SIGNING_KEY", default="$SLUICE_STATE_DIR/audit-signing.pem, "
          "else beside the SQLite file"),
    Entry("audit.state_dir", "path", "where the generated signing key goes", variable="SLUICE_STATE_DIR",
          default="none"),
    Entry("audit.checkpoint_every", "int >= 1", "records between signed checkpoints",
          variable="SLUICE_AUDIT_CHECKPOINT_EVERY"),
    Entry("audit.checkpoint_seconds", "int >= 1", "also sign the newest record after this many seconds",
          variable="SLUICE_AUDIT_CHECKPOINT_SECONDS", default="none"),
    Entry("audit.sqlite_synchronous", "normal or full", "full: an fsync per commit (survives power loss)",
          variable="SLUICE_AUDIT_SQLITE_SYNC"),
    Entry("(not read)", "-", "body retention is the policy's audit.retention_days; setting it logs a warning",
          variable="SLUICE_AUDIT_RETENTION_DAYS", default="-"),
    Entry("telemetry.log_level", "DEBUG, INFO, WARNING, ERROR or CRITICAL", "the gateway's JSON log level",
          key="telemetry.log_level", variable="SLUICE_LOG_LEVEL"),
    Entry("telemetry.metrics_token", "string", "bearer token /metrics requires", variable="SLUICE_METRICS_TOKEN",
          default="none: open"),
    Entry("telemetry.tracing.exporters", "otlp, console or none (comma-separated)", "trace exporters",
          variable="OTEL_TRACES_EXPORTER", default="none: tracing off"),
    Entry("telemetry.tracing.exporters", "URL", "an OTLP endpoint alone turns the otlp exporter on",
          variable="OTEL_EXPORTER_OTLP_ENDPOINT", default="none"),
    Entry("telemetry.tracing.exporters", "URL", "the same, for traces only",
          variable="OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", default="none"),
    Entry("telemetry.tracing.exporters", "`true`", "tracing off whatever else is set", variable="OTEL_SDK_DISABLED",
          default="false"),
    Entry("telemetry.tracing", "http/protobuf", "the only OTLP protocol supported; anything else stops start-up",
          variable="OTEL_EXPORTER_OTLP_PROTOCOL", default="http/protobuf"),
    Entry("telemetry.tracing", "http/protobuf", "the same, for traces only",
          variable="OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", default="http/protobuf"),
    Entry("telemetry.tracing.default_service_name", "string", "the traces' service.name",
          variable="OTEL_SERVICE_NAME", default="sluice-gateway"),
    Entry("dashboard.api_key_sign_in", "bool", "sign in to the dashboard with an API key",
          key="dashboard.sign_in.api_keys"),
    Entry("dashboard.user_sign_in", "bool", "sign in with a dashboard user's password",
          key="dashboard.sign_in.local_users"),
    Entry("dashboard.session_lifetime_s", "seconds [60, 604800]", "a dashboard session's lifetime",
          key="dashboard.session.lifetime_s"),
    Entry("dashboard.idle_timeout_s", "seconds [1, 604800]", "a dashboard session ends after this long idle",
          key="dashboard.session.idle_timeout_s"),
    Entry("dashboard.sso", "mapping", "OpenID Connect sign-in (docs/dashboard.md)", key="dashboard.sso",
          default="none"),
    Entry("dashboard.secret", "string >= 32 characters", "signs dashboard sessions; same on every gateway",
          variable="SLUICE_DASHBOARD_SECRET", default="random per process"),
    Entry("dashboard.secure_cookie", "1 or 0", "mark cookies Secure behind a TLS-terminating proxy",
          variable="SLUICE_DASHBOARD_SECURE_COOKIE", default="0 (Secure only when the gateway sees https)"),
)


def tree_value(settings: Settings, path: str) -> Any:
    """The value at a dotted path of the tree; raises AttributeError when the tree has no such field."""
    value: Any = settings
    for part in path.split("."):
        value = getattr(value, part)
    return value


def default_text(entry: Entry) -> str:
    if entry.default is not None:
        return entry.default
    value = tree_value(Settings(), entry.path)
    if isinstance(value, tuple) and not value:
        return "none"
    return str(value)


def render_reference() -> str:
    """The Markdown table docs/operations.md carries."""
    lines = ["| Setting | Config key | Variable | Type | Default | Meaning |", "|---|---|---|---|---|---|"]
    for entry in REFERENCE:
        key = f"`{entry.key}`" if entry.key else "-"
        variable = f"`{entry.variable}`" if entry.variable else "-"
        lines.append(f"| `{entry.path}` | {key} | {variable} | {entry.kind} | {default_text(entry)} | "
                     f"{entry.meaning} |")
    return "\n".join(lines) + "\n"
