"""The `sluice` command."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import admin
from gateway.db.engine import create_engine, session_factory
from gateway.settings import ConfigError, Settings, load_settings

T = TypeVar("T")

DEFAULT_KEY_LIFETIME = "90d"

# Command groups that live beside the packages they drive; imported only when used,
# so `sluice key create` does not pay for torch or semgrep imports.
LAZY_COMMANDS = {
    "scan": "gateway.scanning.cli:scan",
    "license": "gateway.scanning.cli:license_group",
    "policy": "gateway.policy.cli:policy",
    "runtime": "model_runtime.cli:runtime",
    "audit": "gateway.audit.cli:audit",
}


class SluiceGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[name].split(":")
            try:
                command = getattr(importlib.import_module(module_name), attr)
            except (ImportError, AttributeError) as exc:
                return _unavailable(name, exc)
            return command
        return super().get_command(ctx, name)


def _unavailable(name: str, exc: Exception) -> click.Command:
    reason = f"'{name}' is not available in this installation: {exc}"

    def fail() -> None:
        raise click.ClickException(reason)

    return click.Command(name, callback=fail, help=reason, short_help="(unavailable)")


@click.group(cls=SluiceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_file", envvar="SLUICE_CONFIG", type=click.Path(dir_okay=False), default=None,
              help="YAML config file (models, server, database).")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None) -> None:
    """Sluice: secure on-premise code-generation gateway."""
    ctx.ensure_object(dict)
    ctx.obj["config_file"] = config_file


def _settings(ctx: click.Context) -> Settings:
    """The settings tree, loaded once per command; a bad value stops the command naming it."""
    try:
        return load_settings(ctx.obj.get("config_file"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _with_session(
    ctx: click.Context,
    work: Callable[[AsyncSession], Awaitable[T]],
    audit: Callable[[T], tuple[str, dict[str, Any]]] | None = None,
) -> T:
    """Run `work` in one transaction; then chain the admin event `audit(result)` describes."""
    settings = _settings(ctx)

    async def run() -> T:
        engine = create_engine(settings.database.url)
        try:
            async with session_factory(engine)() as session, session.begin():
                result = await work(session)
        finally:
            await engine.dispose()
        if audit is not None:
            from gateway.audit.admin_events import record_admin_event_at

            action, fields = audit(result)
            await record_admin_event_at(settings.database.url, action, audit_settings=settings.audit, **fields)
        return result

    try:
        return asyncio.run(run())
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc


# -- serve ------------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default=None, help="Listen address (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Listen port (default 8080).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default 1).")
@click.option("--log-level", default="info", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="YAML config file (same as the global --config).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None, log_level: str,
          config_file: str | None) -> None:
    """Serve the gateway's OpenAI-compatible API."""
    from dataclasses import replace

    from gateway.server import run_server

    if config_file:
        ctx.obj["config_file"] = config_file
    if workers is not None:
        # The worker processes load their settings anew (gateway.app:create_app_from_env): the flag
        # reaches them, and settings.server.workers, through the environment they inherit.
        os.environ["SLUICE_WORKERS"] = str(workers)
    settings = _settings(ctx)
    if ctx.obj.get("config_file"):  # so does the config file
        os.environ["SLUICE_CONFIG"] = os.path.abspath(ctx.obj["config_file"])
    if not settings.models:
        click.echo("warning: no models configured; pass --config FILE with a 'models:' list", err=True)
    server = replace(settings.server, host=host or settings.server.host,
                     port=port if port is not None else settings.server.port)
    if server.workers > 1 and not settings.redis.url:
        click.echo(f"warning: {server.workers} workers share no limiter (SLUICE_REDIS_URL is not set): every rate "
                   f"and concurrency limit applies per worker, so clients get up to {server.workers} times their "
                   "limits. Set SLUICE_REDIS_URL to share them.", err=True)
    # prometheus_client's multiprocess mode writes there from the first metric on, and fails if it is
    # missing (an emptyDir or a fresh volume): make it before any worker starts.
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        os.makedirs(metrics_dir, exist_ok=True)
    run_server(server, log_level=log_level)


# -- db ---------------------------------------------------------------------------------------
@cli.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Migrate the database to REVISION (default: head)."""
    from gateway.db.migrate import upgrade

    settings = _settings(ctx)
    upgrade(settings.database.url, revision)
    click.echo(f"database at {revision}")


@db.command("downgrade")
@click.argument("revision")
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str) -> None:
    """Migrate the database down to REVISION."""
    from gateway.db.migrate import downgrade

    downgrade(_settings(ctx).database.url, revision)
    click.echo(f"database at {revision}")


# -- tenants ----------------------------------------------------------------------------------
@cli.group()
def tenant() -> None:
    """Manage tenants."""


@tenant.command("create")
@click.argument("name")
@click.option("--models", default=None, help="Comma-separated models the tenant may use (default: all).")
@click.pass_context
def tenant_create(ctx: click.Context, name: str, models: str | None) -> None:
    allowed = [m.strip() for m in models.split(",") if m.strip()] if models else None

    async def work(session: AsyncSession) -> int:
        return (await admin.create_tenant(session, name, allowed)).id

    _with_session(ctx, work, lambda tid: ("tenant.create", {"tenant_id": tid, "tenant_name": name,
                                                             "details": {"models": allowed}}))
    click.echo(f"created tenant {name}")


@tenant.command("list")
@click.pass_context
def tenant_list(ctx: click.Context) -> None:
    async def work(session: AsyncSession) -> list[tuple[str, bool, Any, Any]]:
        return [(t.name, t.disabled, t.allowed_models, t.created_at) for t in await admin.list_tenants(session)]

    rows = _with_session(ctx, work)
    click.echo(f"{'NAME':<24} {'STATUS':<9} {'MODELS':<30} CREATED")
    for name, disabled, models, created in rows:
        status = "disabled" if disabled else "active"
        click.echo(f"{name:<24} {status:<9} {','.join(models) if models else '*':<30} {created:%Y-%m-%d %H:%M}")


def _set_tenant_disabled(ctx: click.Context, name: str, disabled: bool) -> None:
    """Disable or enable a tenant and chain the admin event."""
    verb = "disable" if disabled else "enable"

    async def work(session: AsyncSession) -> int:
        return (await admin.set_tenant_disabled(session, name, disabled)).id

    _with_session(ctx, work, lambda tid: (f"tenant.{verb}", {"tenant_id": tid, "tenant_name": name}))
    click.echo(f"{verb}d tenant {name}")


@tenant.command("disable")
@click.argument("name")
@click.pass_context
def tenant_disable(ctx: click.Context, name: str) -> None:
    """Refuse every key of the tenant from the next request on."""
    _set_tenant_disabled(ctx, name, True)


@tenant.command("enable")
@click.argument("name")
@click.pass_context
def tenant_enable(ctx: click.Context, name: str) -> None:
    _set_tenant_disabled(ctx, name, False)


# -- keys -------------------------------------------------------------------------------------
@cli.group()
def key() -> None:
    """Manage API keys."""


@key.command("create")
@click.option("--tenant", "tenant_name", required=True)
@click.option("--scopes", default="generate", show_default=True, help="Comma-separated: generate, audit:read, admin.")
@click.option("--expires", default=DEFAULT_KEY_LIFETIME, show_default=True,
              help="Lifetime, e.g. 30d, 12h, 2w, or 'never' for a key that never expires.")
@click.option("--name", default=None, help="A label for the key.")
@click.pass_context
def key_create(ctx: click.Context, tenant_name: str, scopes: str, expires: str, name: str | None) -> None:
    """Create a key; the full key is printed once, alone on the last line."""
    try:
        scope_tuple = admin.parse_scopes(scopes)
        # A forgotten key should not stay valid for ever: a bounded default, and `never` said aloud.
        lifetime = None if expires.strip().lower() == "never" else admin.parse_duration(expires)
    except admin.AdminError as exc:
        raise click.UsageError(f"{exc}, or 'never'" if "duration" in str(exc) else str(exc)) from exc

    async def work(session: AsyncSession) -> admin.CreatedKey:
        return await admin.create_key(session, tenant_name, scopes=scope_tuple, expires_in=lifetime, name=name)

    created = _with_session(ctx, work, lambda c: ("key.create", {
        "tenant_name": c.tenant, "details": {"key": c.key_id, "scopes": list(c.scopes),
                                             "expires_at": c.expires_at.isoformat() if c.expires_at else None}}))
    expiry = f", expires {created.expires_at:%Y-%m-%d %H:%M} UTC" if created.expires_at else ", never expires"
    click.echo(f"created key {created.key_id} for tenant {created.tenant} (scopes {','.join(created.scopes)}{expiry})")
    click.echo("store it now: it is shown only once", err=True)
    click.echo(created.full_key)


@key.command("list")
@click.option("--tenant", "tenant_name", default=None)
@click.pass_context
def key_list(ctx: click.Context, tenant_name: str | None) -> None:
    async def work(session: AsyncSession) -> list[tuple[Any, str]]:
        return await admin.list_keys(session, tenant_name)

    rows = _with_session(ctx, work)
    click.echo(f"{'KEY ID':<14} {'TENANT':<20} {'SCOPES':<28} {'STATUS':<9} EXPIRES")
    for api_key, tenant_name_ in rows:
        status = "revoked" if api_key.revoked_at else ("disabled" if api_key.disabled else "active")
        expires = f"{api_key.expires_at:%Y-%m-%d}" if api_key.expires_at else "never"
        click.echo(f"{api_key.id:<14} {tenant_name_:<20} {','.join(api_key.scope_set):<28} {status:<9} {expires}")


@key.command("revoke")
@click.argument("key_id")
@click.pass_context
def key_revoke(ctx: click.Context, key_id: str) -> None:
    """Revoke a key by id; it is refused from the next request on."""

    async def work(session: AsyncSession) -> str:
        return (await admin.revoke_key(session, key_id)).id

    revoked = _with_session(ctx, work, lambda k: ("key.revoke", {"details": {"key": k}}))
    click.echo(f"revoked key {revoked}")


# -- dashboard users ------------------------------------------------------------------------------
@cli.group("admin")
def admin_group() -> None:
    """Dashboard users (sign in at /admin with a username and password)."""


@admin_group.command("create-user")
@click.argument("username")
@click.option("--tenant", "tenant_name", default=None, help="Only this tenant's records (default: every tenant).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_context
def admin_create_user(ctx: click.Context, username: str, tenant_name: str | None, password_stdin: bool) -> None:
    """Create a dashboard user; the password is hashed with argon2id."""
    from gateway.auth import users

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work(session: AsyncSession) -> users.UserIdentity:
        return await users.create_user(session, username, password, tenant_name)

    created = _with_session(ctx, work, lambda u: ("user.create", {
        "tenant_id": u.tenant_id, "tenant_name": u.tenant_name, "details": {"user": u.username}}))
    scope = f"tenant {created.tenant_name}" if created.tenant_name else "every tenant"
    click.echo(f"created dashboard user {created.username} ({scope})")


@admin_group.command("disable-user")
@click.argument("username")
@click.pass_context
def admin_disable_user(ctx: click.Context, username: str) -> None:
    """Disable a dashboard user; their sessions end on their next page."""
    from gateway.auth import users

    async def work(session: AsyncSession) -> str:
        await users.set_user_disabled(session, username, True)
        return username

    _with_session(ctx, work, lambda u: ("user.disable", {"details": {"user": u}}))
    click.echo(f"disabled dashboard user {username}")


# -- the one-command demo -----------------------------------------------------------------------
@cli.command()
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--runtime-port", type=int, default=8001, show_default=True)
@click.option("--runtime", type=click.Choice(["cpu", "scripted"]), default="cpu", show_default=True,
              help="cpu: the embedded CPU runtime with the bundled model; scripted: the echo stand-in.")
@click.pass_context
def up(ctx: click.Context, port: int, runtime_port: int, runtime: str) -> None:
    """Migrate ./var/sluice.db, create the demo tenant, start a model runtime and serve on 127.0.0.1."""
    from gateway.demo import run_demo

    sys.exit(run_demo(port=port, runtime_port=runtime_port, runtime=runtime))


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
