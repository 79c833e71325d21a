"""`sluice audit`: verify the chain, purge old bodies, export records."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.audit.config import AuditSettings
from gateway.audit.crypto import AuditKeyError, load_public_key
from gateway.settings import ConfigError, Settings, load_settings

T = TypeVar("T")


def _settings(ctx: click.Context) -> Settings:
    config_file = (ctx.find_root().obj or {}).get("config_file")
    try:
        return load_settings(config_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _audit_settings(ctx: click.Context) -> AuditSettings:
    """The settings tree's `audit` section (SLUICE_AUDIT_* checked, naming the variable, by load_settings)."""
    return _settings(ctx).audit


def _run(ctx: click.Context, work: Callable[[AsyncEngine, str], Awaitable[T]]) -> T:
    from gateway.db.engine import create_engine

    url = _settings(ctx).database.url

    async def main() -> T:
        engine = create_engine(url)
        try:
            return await work(engine, url)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except OSError as exc:
        raise click.ClickException(f"cannot reach the database: {exc.strerror or exc}") from exc


def _parse_time(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected an ISO date or time, e.g. 2026-01-31 or 2026-01-31T12:00Z: {value!r}", param_hint=name
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--from", "from_id", type=click.IntRange(min=1), default=None, help="First record id to check.")
@click.option("--to", "to_id", type=click.IntRange(min=1), default=None, help="Last record id to check.")
@click.option(
    "--public-key",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Ed25519 PEM key to check signed checkpoints and the signed chain head "
    "(default: the public half of the gateway's signing key, SLUICE_AUDIT_SIGNING_KEY or its default path).",
)
@click.pass_context
def verify_cmd(ctx: click.Context, from_id: int | None, to_id: int | None, public_key: str | None) -> None:
    """Walk the hash chain; exit 1 and name the first broken or missing link."""
    from gateway.audit.verify import verify_chain

    if from_id and to_id and to_id < from_id:
        raise click.BadParameter("--to must not be before --from")
    settings = _audit_settings(ctx)
    key: Ed25519PublicKey | None
    try:
        if public_key:
            key = load_public_key(public_key)
        else:  # the key the gateway signs with (configured or generated); never generated here
            checkpointer = settings.checkpointer_for(_settings(ctx).database.url, create=False)
            key = checkpointer.public_key if checkpointer else None
    except AuditKeyError as exc:
        raise click.ClickException(str(exc)) from exc

    async def work(engine: AsyncEngine, url: str) -> Any:
        return await verify_chain(
            engine, from_id=from_id, to_id=to_id, keyring=settings.keyring, public_key=key
        )

    report = _run(ctx, work)
    span = f"records {report.from_id}..{report.to_id or 'end'}"
    notes = []
    if report.checkpoints_verified:
        notes.append(f"{report.checkpoints_verified} signed checkpoints verified")
    if report.checkpoints_unchecked:
        notes.append(f"{report.checkpoints_unchecked} checkpoints not checked (no public key)")
    if report.bodies_unchecked:
        notes.append(f"{report.bodies_unchecked} encrypted bodies not checked (key not loaded)")
    if report.head_signature_verified:
        notes.append("chain head signature verified")
    elif key is None and report.ok and report.to_id is None:
        notes.append("chain head signature not checked (no public key: a cut-off tail would go unnoticed)")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    if report.ok:
        click.echo(f"OK: {report.checked} records verified, {span}{suffix}")
        return
    click.echo(f"BROKEN at record {report.first_bad_id}: {report.reason}", err=True)
    click.echo(f"{report.checked} records before it verified, {span}{suffix}", err=True)
    sys.exit(1)


@audit.command("purge")
@click.option("--older-than", required=True, help="Age of bodies to clear, e.g. 90d, 12w.")
@click.option("--tenant", "tenant_name", default=None, help="Only this tenant's records.")
@click.pass_context
def purge_cmd(ctx: click.Context, older_than: str, tenant_name: str | None) -> None:
    """Clear prompt/response bodies older than the given age; hashes stay, the chain still verifies."""
    from gateway.audit.admin_events import record_admin_event
    from gateway.audit.retention import purge_bodies
    from gateway.audit.store import chain_store_for
    from gateway.auth import admin
    from gateway.db.engine import session_factory

    try:
        age = admin.parse_duration(older_than)
    except admin.AdminError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from exc
    settings = _audit_settings(ctx)

    async def work(engine: AsyncEngine, url: str) -> int:
        tenant_id = None
        if tenant_name is not None:
            async with session_factory(engine)() as session:
                tenant = await admin.get_tenant(session, tenant_name)
            if tenant is None:
                raise click.ClickException(f"no tenant named {tenant_name!r}")
            tenant_id = tenant.id
        purged = await purge_bodies(engine, age, tenant_id=tenant_id)
        store = chain_store_for(url, engine, checkpointer=settings.checkpointer_for(url, create=True))
        try:
            await record_admin_event(
                store,
                "audit.purge",
                tenant_id=tenant_id,
                tenant_name=tenant_name,
                details={"older_than": older_than, "records": purged},
            )
        finally:
            await store.aclose()
        return purged

    purged = _run(ctx, work)
    click.echo(f"cleared bodies of {purged} records older than {older_than}")


@audit.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--since", default=None, help="ISO time, inclusive.")
@click.option("--until", default=None, help="ISO time, exclusive.")
@click.option("--tenant", "tenant_name", default=None)
@click.option(
    "--bodies/--no-bodies", default=False, show_default=True, help="Include stored prompts/responses."
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    fmt: str,
    since: str | None,
    until: str | None,
    tenant_name: str | None,
    bodies: bool,
    output: str,
) -> None:
    """Stream records (with their findings) as JSON lines or CSV."""
    from gateway.audit.admin_events import record_admin_event
    from gateway.audit.export import export_lines
    from gateway.audit.query import AuditFilter, export_rows
    from gateway.audit.store import chain_store_for
    from gateway.auth import admin
    from gateway.db.engine import session_factory

    start, end = _parse_time(since, "--since"), _parse_time(until, "--until")
    settings = _audit_settings(ctx)

    async def work(engine: AsyncEngine, url: str) -> int:
        tenant_id = None
        if tenant_name is not None:
            async with session_factory(engine)() as session:
                tenant = await admin.get_tenant(session, tenant_name)
            if tenant is None:
                raise click.ClickException(f"no tenant named {tenant_name!r}")
            tenant_id = tenant.id
        store = chain_store_for(url, engine, checkpointer=settings.checkpointer_for(url, create=True))
        try:  # audited before any data leaves
            await record_admin_event(
                store,
                "audit.export",
                tenant_id=tenant_id,
                tenant_name=tenant_name,
                details={"format": fmt, "since": since, "until": until, "bodies": bodies},
            )
        finally:
            await store.aclose()
        flt = AuditFilter(since=start, until=end, tenant_id=tenant_id)
        count = 0
        with click.open_file(output, "wb") as sink:
            async with engine.connect() as conn:
                rows = export_rows(conn, flt, keyring=settings.keyring, bodies=bodies)
                async for line in export_lines(fmt, rows, bodies=bodies):  # type: ignore[arg-type]
                    sink.write(line)
                    count += 1
        return count - (1 if fmt == "csv" else 0)

    count = _run(ctx, work)
    if output != "-":
        click.echo(f"exported {count} records to {output}")
