"""`sluice policy ...`: validate, show, diff, test and publish the schema of policies."""

from __future__ import annotations

import asyncio
import difflib
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import yaml

from gateway.policy.case_runner import CaseResult, EngineScanner, case_files, run_all
from gateway.policy.compiled import CompiledPolicy
from gateway.policy.errors import PolicyError
from gateway.policy.loader import PolicySet, load_policy_file, load_policy_set
from gateway.policy.schema import render_schema
from gateway.resources import shipped
from gateway.settings import SHIPPED_POLICIES_DIR, ConfigError, load_settings


def _default_dir() -> Path:
    """What the gateway would load: its settings' policies_dir (SLUICE_POLICIES_DIR or the config file's
    `policies_dir`), else ./policies (a policy repo), else the shipped set."""
    context = click.get_current_context(silent=True)
    config_file = ((context.find_root().obj if context else None) or {}).get("config_file")
    try:
        configured = load_settings(config_file).policies_dir
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if configured != SHIPPED_POLICIES_DIR:
        return configured
    here = Path("policies")
    return here if here.is_dir() else shipped("policies")


DEFAULT_DIR_HELP = "$SLUICE_POLICIES_DIR or the config's policies_dir, else ./policies, else the shipped set"
DEFAULT_SCHEMA = Path("docs/policy-schema.json")

_dir_option = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Policy directory (default.yaml, tenants/); default: {DEFAULT_DIR_HELP}.",
)


@click.group()
def policy() -> None:
    """Validate, inspect and test policy files."""


@policy.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=None, required=False)
def validate(directory: Path | None) -> None:
    """Load and compile every policy in DIRECTORY (default: what the gateway would load); exit 1 on the first
    error."""
    policies = _load(directory)
    click.echo(f"default: ok (version {policies.default.short_version})")
    for name, compiled in sorted(policies.tenants.items()):
        click.echo(f"{name}: ok (version {compiled.short_version})")
    click.echo(f"policy set version {policies.version}")


@policy.command()
@click.argument("tenant")
@_dir_option
def show(tenant: str, directory: Path | None) -> None:
    """Print TENANT's effective (merged) policy as YAML with its version."""
    policies = _load(directory)
    if tenant != "default" and tenant not in policies.tenants:
        click.echo(f"note: no policy file for tenant {tenant!r}; it gets the default policy", err=True)
    click.echo(render_policy(policies.for_tenant(tenant)), nl=False)


@policy.command()
@click.argument("a")
@click.argument("b")
@_dir_option
@click.option("--exit-code", is_flag=True, help="Exit 1 when the policies differ.")
def diff(a: str, b: str, directory: Path | None, exit_code: bool) -> None:
    """Unified diff of two effective policies; A and B are policy files or tenant names."""
    left, right = _resolve(a, directory), _resolve(b, directory)
    lines = list(
        difflib.unified_diff(
            render_policy(left).splitlines(keepends=True),
            render_policy(right).splitlines(keepends=True),
            fromfile=a,
            tofile=b,
        )
    )
    click.echo("".join(lines), nl=False)
    if lines and exit_code:
        sys.exit(1)


@policy.command("test")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=None, required=False)
@click.option(
    "--cases",
    "cases_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of case files (default: DIRECTORY/tests).",
)
def test_cmd(directory: Path | None, cases_dir: Path | None) -> None:
    """Run the policy test cases through the gateway's evaluator and scanners; exit 1 on failure."""
    directory = directory or _default_dir()
    policies = _load(directory)
    files = case_files(cases_dir or directory / "tests")
    if not files:
        _fail(f"no case files (*.yaml) in {cases_dir or directory / 'tests'}")
    try:
        results = asyncio.run(_run(policies, files))
    except PolicyError as exc:
        _fail(str(exc))
    failed = [r for r in results if not r.passed]
    for r in results:
        click.echo(f"{'PASS' if r.passed else 'FAIL'}  {r.file.name}: {r.name}")
        for failure in r.failures:
            click.echo(f"      {failure}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


@policy.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_SCHEMA,
    show_default=True,
    help="Where to write the schema; `-` for stdout.",
)
@click.option("--check", is_flag=True, help="Exit 1 if the file is missing or out of date; write nothing.")
def schema(output: Path, check: bool) -> None:
    """Write the policy JSON Schema, generated from the loader's own types."""
    text = render_schema()
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            _fail(f"{output} is out of date; run `sluice policy schema`")
        click.echo(f"{output} is up to date")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")


def render_policy(compiled: CompiledPolicy) -> str:
    sources = ", ".join(str(p) for p in compiled.sources) or "built-in defaults"
    header = f"# policy: {compiled.name}\n# version: {compiled.version}\n# sources: {sources}\n"
    body = yaml.safe_dump(_without_nulls(compiled.to_builtins()), sort_keys=False, allow_unicode=True)
    return header + body


def _without_nulls(value: Any) -> Any:
    """Unset optional fields (null = not set = default) only add noise to the listing."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


async def _run(policies: PolicySet, files: list[Path]) -> list[CaseResult]:
    scanner = EngineScanner()
    try:
        return await run_all(policies, files, scanner)
    finally:
        await scanner.aclose()


def _resolve(spec: str, directory: Path | None) -> CompiledPolicy:
    path = Path(spec)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        if not path.is_file():
            _fail(f"{spec}: no such file")
        try:
            return load_policy_file(path)
        except PolicyError as exc:
            _fail(str(exc))
    return _load(directory).for_tenant(spec)


def _load(directory: Path | None) -> PolicySet:
    try:
        return load_policy_set(directory or _default_dir())
    except PolicyError as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)
