"""One settings tree, loaded once at start-up (issue 13).

Only gateway/settings.py reads the environment; every section fails at start-up on a bad value,
naming the variable; docs/operations.md's reference is the one gateway/settings_reference.py renders,
and that list matches the tree and the variables gateway/settings.py reads.
"""

from __future__ import annotations

import ast
import base64
import os
import re
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from gateway.settings import ConfigError, Settings, load_settings
from gateway.settings_reference import REFERENCE, render_reference, tree_value

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "gateway"

# The few places in gateway/ that may touch the environment, and why.
ENVIRONMENT_ALLOWED = {
    "gateway/settings.py": "the settings tree: the one reader",
    # `sluice serve --workers N` hands the flag and the config file to the worker processes it starts
    # (they load their settings anew): a write into the environment children inherit.
    "gateway/cli.py": "passes --workers and --config to the worker processes",
    # semgrep's language servers run without the SEMGREP_* variables of the gateway's environment.
    "gateway/scanning/semgrep_lsp.py": "builds a subprocess's environment",
    # prometheus_client's own variable, read where the registry is built (multiprocess mode).
    "gateway/telemetry/metrics.py": "PROMETHEUS_MULTIPROC_DIR, prometheus_client's variable",
    # An OIDC client secret named by `dashboard.sso.client_secret_env`, read when the token call needs it.
    "gateway/admin/sso/config.py": "the SSO client secret named by the config",
}


def environment_uses(path: Path) -> list[int]:
    """Lines that reach os.environ / os.getenv / os.putenv (as attributes or imported names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "putenv", "environb", "unsetenv"}:
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if {a.name for a in node.names} & {"environ", "getenv", "putenv", "environb", "unsetenv"}:
                lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment() -> None:
    offenders = []
    for path in sorted(GATEWAY.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ENVIRONMENT_ALLOWED:
            continue
        offenders += [f"{relative}:{line}" for line in environment_uses(path)]
    assert not offenders, ("read the environment in gateway/settings.py and hand the subsystem its section: "
                           + ", ".join(offenders))


def test_the_environment_check_sees_reads(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom os import getenv\nx = os.environ.get('A')\ny = getenv('B')\n")
    assert environment_uses(sample) == [2, 3]


def test_loaded_once_from_defaults_file_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "sluice.yaml"
    config.write_text("server: {port: 9000}\nscanning: {timeout_s: 3}\nredis: {url: 'redis://file:6379/0'}\n"
                      "telemetry: {log_level: warning}\ndatabase: {url: 'sqlite+aiosqlite:///file.db'}\n")
    settings = load_settings(config, environ={"SLUICE_SCAN_TIMEOUT_S": "4", "SLUICE_DATABASE_URL": "sqlite:///env.db"})
    assert settings.server.port == 9000  # the file over the default
    assert settings.scanning.timeout_s == 4.0  # the environment over the file
    assert settings.database.url == "sqlite:///env.db"
    assert settings.redis.url == "redis://file:6379/0"
    assert settings.telemetry.log_level == "WARNING"
    # SLUICE_CONFIG names the file when no flag does
    assert load_settings(environ={"SLUICE_CONFIG": str(config)}).server.port == 9000
    with pytest.raises(FrozenInstanceError):
        settings.server.port = 1  # type: ignore[misc]


def test_every_section_read_from_the_environment(tmp_path: Path) -> None:
    key = base64.b64encode(os.urandom(32)).decode()
    env = {
        "SLUICE_WORKERS": "3", "SLUICE_TRUSTED_PROXIES": "10.0.0.1, 10.1.0.0/16", "SLUICE_POLICIES_DIR": str(tmp_path),
        "SLUICE_REDIS_URL": "redis://127.0.0.1:1/0", "SLUICE_CACHE_SALT_SECRET": "s" * 16,
        "SLUICE_AUDIT_KEYS": f"k1:{key}", "SLUICE_AUDIT_SIGNING_KEY": "off", "SLUICE_STATE_DIR": str(tmp_path),
        "SLUICE_AUDIT_CHECKPOINT_EVERY": "5", "SLUICE_AUDIT_CHECKPOINT_SECONDS": "7",
        "SLUICE_AUDIT_SQLITE_SYNC": "full",
        "SLUICE_LOG_LEVEL": "debug", "SLUICE_METRICS_TOKEN": "metrics-token", "OTEL_TRACES_EXPORTER": "console",
        "OTEL_SERVICE_NAME": "gw", "SLUICE_DASHBOARD_SECRET": "d" * 32, "SLUICE_DASHBOARD_SECURE_COOKIE": "1",
    }
    settings = load_settings(environ=env)
    assert settings.server.workers == 3 and settings.server.trusted_proxies == ("10.0.0.1/32", "10.1.0.0/16")
    assert settings.policies_dir == tmp_path
    assert settings.redis.url == "redis://127.0.0.1:1/0"
    assert settings.routing.cache_salt_secret == b"s" * 16
    audit = settings.audit
    assert audit.keyring is not None and audit.keyring.key_ids == ("k1",)
    assert audit.signing_key_path("sqlite:///x.db") is None  # off
    assert (audit.state_dir, audit.checkpoint_every, audit.checkpoint_seconds, audit.sqlite_synchronous) == \
        (str(tmp_path), 5, 7, "full")
    assert settings.telemetry.log_level == "DEBUG" and settings.telemetry.metrics_token == "metrics-token"
    assert settings.telemetry.tracing.exporters == ("console",)
    assert not settings.telemetry.tracing.default_service_name
    assert settings.dashboard.secret == b"d" * 32 and settings.dashboard.secure_cookie


def test_secrets_stay_out_of_the_tree_repr() -> None:
    key = base64.b64encode(b"k" * 32).decode()
    settings = load_settings(environ={
        "SLUICE_REDIS_URL": "redis://:hunter2-redis@host:6379/0", "SLUICE_CACHE_SALT_SECRET": "salt-secret-0123456789",
        "SLUICE_METRICS_TOKEN": "metrics-secret", "SLUICE_DASHBOARD_SECRET": "dashboard-secret-" + "x" * 20,
        "SLUICE_AUDIT_KEYS": f"k1:{key}",
    })
    shown = repr(settings)
    for secret in ("hunter2-redis", "salt-secret", "metrics-secret", "dashboard-secret", key):
        assert secret not in shown


# One bad value per section: load_settings refuses it at start-up and the message names the variable.
BAD_VALUES = [
    ("server", {"SLUICE_WORKERS": "many"}, "SLUICE_WORKERS"),
    ("server", {"SLUICE_WORKERS": "0"}, "SLUICE_WORKERS"),
    ("server", {"SLUICE_TRUSTED_PROXIES": "10.0.0.1,not-an-ip"}, r"SLUICE_TRUSTED_PROXIES\[1\]"),
    ("scanning", {"SLUICE_SCAN_TIMEOUT_S": "soon"}, "SLUICE_SCAN_TIMEOUT_S"),
    ("scanning", {"SLUICE_SCAN_TIMEOUT_S": "-1"}, "SLUICE_SCAN_TIMEOUT_S"),
    ("limits/redis", {"SLUICE_REDIS_URL": "http://user:pw@host"}, "SLUICE_REDIS_URL"),
    ("routing", {"SLUICE_CACHE_SALT_SECRET": "short"}, "SLUICE_CACHE_SALT_SECRET"),
    ("audit", {"SLUICE_AUDIT_KEYS": "k1:not-base64!"}, "SLUICE_AUDIT_KEYS"),
    ("audit", {"SLUICE_AUDIT_KEYS_FILE": "/nonexistent/keys"}, "audit key file /nonexistent/keys"),
    ("audit", {"SLUICE_AUDIT_CHECKPOINT_EVERY": "0"}, "SLUICE_AUDIT_CHECKPOINT_EVERY"),
    ("audit", {"SLUICE_AUDIT_CHECKPOINT_SECONDS": "x"}, "SLUICE_AUDIT_CHECKPOINT_SECONDS"),
    ("audit", {"SLUICE_AUDIT_SQLITE_SYNC": "off"}, "SLUICE_AUDIT_SQLITE_SYNC"),
    ("telemetry", {"SLUICE_LOG_LEVEL": "loud"}, "SLUICE_LOG_LEVEL"),
    ("telemetry", {"OTEL_TRACES_EXPORTER": "jaeger"}, "OTEL_TRACES_EXPORTER"),
    ("telemetry", {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"},
     "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"),
    ("dashboard", {"SLUICE_DASHBOARD_SECRET": "too-short"}, "SLUICE_DASHBOARD_SECRET"),
    ("dashboard", {"SLUICE_DASHBOARD_SECURE_COOKIE": "yes please"}, "SLUICE_DASHBOARD_SECURE_COOKIE"),
]


@pytest.mark.parametrize(("section", "env", "named"), BAD_VALUES,
                         ids=[f"{s}-{next(iter(e))}" for s, e, _ in BAD_VALUES])
def test_a_bad_value_fails_at_start_up_naming_the_variable(section: str, env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named) as refused:
        load_settings(environ=env)
    assert "user:pw" not in str(refused.value)  # a URL's password is never echoed


@pytest.mark.parametrize(("config", "named"), [
    ("redis: {url: 'http://x'}", "redis.url"),
    ("redis: {host: x}", "redis: unknown field"),
    ("telemetry: {log_level: 3}", "telemetry.log_level"),
    ("telemetry: {log_level: chatty}", "telemetry.log_level"),
    ("scanning: {timeout_s: 0}", "scanning.timeout_s"),
])
def test_a_bad_config_key_fails_naming_the_field(tmp_path: Path, config: str, named: str) -> None:
    path = tmp_path / "sluice.yaml"
    path.write_text(config + "\n")
    with pytest.raises(ConfigError, match=named):
        load_settings(path, environ={})


def test_the_gateway_refuses_to_start_on_a_bad_variable(tmp_path: Path) -> None:
    """The workers' factory loads the tree before anything else: a bad value stops it, named."""
    env = {**os.environ, "SLUICE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db", "SLUICE_LOG_LEVEL": "loud"}
    code = "from gateway.app import create_app_from_env; create_app_from_env()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SLUICE_LOG_LEVEL" in result.stderr


# -- the reference ----------------------------------------------------------------------------------
def test_operations_doc_carries_the_reference() -> None:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- settings-reference:start -->\n(.*?)<!-- settings-reference:end -->", text, re.S)
    assert match, "docs/operations.md lost its settings-reference markers"
    assert match.group(1).strip() == render_reference().strip(), (
        "docs/operations.md's configuration reference is stale: paste gateway.settings_reference.render_reference()")


def test_reference_paths_and_defaults_are_the_trees() -> None:
    defaults = Settings()
    for entry in REFERENCE:
        if entry.path.startswith("("):
            continue
        tree_value(defaults, entry.path)  # AttributeError: a row names a setting the tree lacks


def test_every_variable_read_is_in_the_reference() -> None:
    source = (GATEWAY / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:SLUICE|OTEL)_[A-Z_]+)"', source))
    listed = {entry.variable for entry in REFERENCE if entry.variable}
    assert read - listed == set(), "variables read but missing from gateway/settings_reference.py"
    assert listed - read == set(), "variables listed but not read by gateway/settings.py"


def test_every_config_key_is_in_the_reference(tmp_path: Path) -> None:
    """Each listed key is accepted by the config file, and each flat section's keys are all listed."""
    from gateway.settings import _SERVER_FIELDS

    keys = {entry.key for entry in REFERENCE if entry.key}
    expected = {f"server.{name}" for name in _SERVER_FIELDS} | {"server.trusted_proxies"}
    expected |= {"scanning.timeout_s", "scanning.codeshield_pack", "redis.url", "telemetry.log_level", "database.url",
                 "models", "policies_dir", "limits", "dashboard.sso", "dashboard.sign_in.api_keys",
                 "dashboard.sign_in.local_users", "dashboard.session.lifetime_s", "dashboard.session.idle_timeout_s"}
    assert keys == expected
    top_level = {key.split(".")[0] for key in keys}
    path = tmp_path / "sluice.yaml"
    path.write_text("".join(f"{section}: null\n" for section in sorted(top_level - {"policies_dir"})))
    load_settings(path, environ={})  # every section the reference names is one the file may hold
