"""`sluice scan` and `sluice license ...`: the scanning engine outside generation (CI, editors)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from gateway.scanning.engine import ScanEngine, ScanResult
from gateway.scanning.findings import SCAN_INCOMPLETE, Finding, Severity
from gateway.scanning.languages import EXTENSIONS, language_from_filename, normalize_language
from gateway.scanning.sarif import to_sarif
from gateway.scanning.settings import ScanSettings

_MAX_SOURCE_BYTES = 1_000_000


_DB_HELP = "Database URL (default: the gateway's, or $SLUICE_DATABASE_URL)."


def _default_db_url() -> str:
    from gateway.settings import DEFAULT_DATABASE_URL

    return DEFAULT_DATABASE_URL


def decide(findings: list[Finding], language: str | None) -> str:
    """The default policy's decision; a fail-closed stand-in if the policy package is absent."""
    try:
        from gateway.policy import default_decision
    except ImportError:
        pass
    else:
        return str(default_decision(findings, language))
    if any(f.severity >= Severity.HIGH or f.rule_id == SCAN_INCOMPLETE for f in findings):
        return "block"
    return "allow"


async def _scan(code: str, language: str | None, markdown: bool, settings: ScanSettings) -> ScanResult:
    async with ScanEngine.from_settings(settings) as engine:
        if markdown:
            return await engine.scan_text(code, language)
        return await engine.scan(code, language)


def _render_text(result: ScanResult, decision: str, name: str) -> str:
    lines = [f"{name}: language={result.language or 'unknown'} decision={decision}"]
    for f in result.findings:
        where = f"{name}:{f.start_line}" + (f" (block {f.block_index})" if f.block_index is not None else "")
        cwe = f" {f.cwe}" if f.cwe else ""
        lines.append(f"  {where} [{f.severity.value}] {f.rule_id}{cwe} ({f.scanner}): {f.message}")
    if not result.findings:
        lines.append("  no findings")
    return "\n".join(lines)


@click.command("scan")
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option("--language", "-l", help="Language of the code (default: from the file name or content).")
@click.option("--format", "fmt", type=click.Choice(["json", "sarif", "text"]), default="text", show_default=True)
@click.option("--markdown", is_flag=True, help="Input is a chat answer: scan its fenced code blocks.")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra semgrep rule files or folders.")  # fmt: skip
@click.option("--codeshield", is_flag=True, help="Also load Meta CodeShield's semgrep rules.")
@click.option("--license-db", envvar="SLUICE_LICENSE_DB_URL", help="Database with the license fingerprint index.")
def scan_command(
    file: Any,
    language: str | None,
    fmt: str,
    markdown: bool,
    rule_paths: tuple[Path, ...],
    codeshield: bool,
    license_db: str | None,
) -> None:
    """Scan FILE (or - for stdin) like generated code; exit 1 when the default policy would block."""
    name = str(getattr(file, "name", "<stdin>"))
    if language is not None:
        lang = normalize_language(language)
        if lang is None:
            raise click.BadParameter(f"unsupported language {language!r}; one of {', '.join(EXTENSIONS)}",
                                     param_hint="--language")  # fmt: skip
    else:
        lang = language_from_filename(name)
    markdown = markdown or name.lower().endswith((".md", ".markdown"))
    code = file.read()
    # One scan per run: one semgrep-core process beats starting resident language servers.
    settings = ScanSettings(
        extra_rule_paths=rule_paths,
        codeshield_pack=codeshield,
        license_db_url=license_db,
        semgrep_mode="batch",
    )
    result = asyncio.run(_scan(code, lang, markdown, settings))
    decision = decide(result.findings, result.language)
    if fmt == "json":
        payload = {"language": result.language, "findings": [f.to_dict() for f in result.findings],
                   "decision": decision, "incomplete": result.incomplete}  # fmt: skip
        click.echo(json.dumps(payload, indent=2))
    elif fmt == "sarif":
        click.echo(json.dumps(to_sarif(result.findings, name), indent=2))
    else:
        click.echo(_render_text(result, decision, name))
    sys.exit(1 if decision == "block" else 0)


@click.group("license")
def license_group() -> None:
    """Manage the license fingerprint index (verbatim-reuse detection)."""


def _source_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    suffixes = set(EXTENSIONS.values()) | {".h", ".hpp", ".cc", ".jsx", ".tsx", ".mjs"}
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in candidates:
            if file.is_file() and (file.suffix in suffixes or not path.is_dir()):
                if file.stat().st_size <= _MAX_SOURCE_BYTES:
                    yield file


def _package_of(file: Path) -> tuple[str, str] | None:
    """(distribution, license) of an installed file, from its package metadata."""
    from gateway.scanning.license.imports import _distributions_by_module, _metadata_license

    resolved = file.resolve()
    for parent in resolved.parents:
        if parent.name in {"site-packages", "dist-packages"}:
            top = resolved.relative_to(parent).parts[0].removesuffix(".py")
            for dist in _distributions_by_module().get(top, []):
                license_text = _metadata_license(dist)
                if license_text:
                    from gateway.scanning.license.classify import classify_license_name

                    return dist, classify_license_name(license_text)[0]
            return None
    return None


async def _index(files: list[Path], license_id: str | None, package: str | None, db: str, create: bool) -> int:
    from gateway.scanning.license.index import LicenseIndex

    index = LicenseIndex.from_url(db)
    try:
        if create:
            await index.create_tables()
        added = 0
        for file in files:
            text = file.read_text(encoding="utf-8", errors="replace")
            pkg, lic = package, license_id
            if lic is None:
                owner = _package_of(file)
                if owner is None:
                    click.echo(f"skipped {file}: no installed package metadata", err=True)
                    continue
                pkg, lic = package or owner[0], owner[1]
            source = await index.add(str(file), text, lic, pkg)
            if source is None:
                click.echo(f"unchanged {file} (already indexed)")
            else:
                added += 1
                click.echo(f"indexed {file}: {lic}, {source.fingerprints} fingerprints")
        return added
    finally:
        await index.aclose()


@license_group.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--license", "license_id", help="SPDX expression of every indexed file.")
@click.option("--from-package-metadata", is_flag=True, help="Take each file's license from its installed package.")
@click.option("--package", help="Package name to record with the files.")
@click.option("--db", envvar="SLUICE_DATABASE_URL", default=_default_db_url, help=_DB_HELP)
@click.option("--create-tables", is_flag=True, help="Create the index tables (without Alembic; for tools and tests).")
def license_index_command(
    paths: tuple[Path, ...],
    license_id: str | None,
    from_package_metadata: bool,
    package: str | None,
    db: str,
    create_tables: bool,
) -> None:
    """Fingerprint reference code in PATHS so scans can report its verbatim reuse."""
    if (license_id is None) == (not from_package_metadata):
        raise click.UsageError("give exactly one of --license SPDX or --from-package-metadata")
    files = list(_source_files(paths))
    if not files:
        raise click.UsageError("no source files under the given paths")
    added = asyncio.run(_index(files, license_id, package, db, create_tables))
    click.echo(f"{added} file(s) added to the index")


@license_group.command("list")
@click.option("--db", envvar="SLUICE_DATABASE_URL", default=_default_db_url, help=_DB_HELP)
def license_list_command(db: str) -> None:
    """List indexed reference files."""
    from gateway.scanning.license.index import LicenseIndex

    async def run() -> None:
        index = LicenseIndex.from_url(db)
        try:
            for s in await index.list_sources():
                click.echo(f"{s.id}\t{s.license}\t{s.package or '-'}\t{s.fingerprints}\t{s.path}")
        finally:
            await index.aclose()

    asyncio.run(run())


# The names the `sluice` command registers (gateway/cli.py LAZY_COMMANDS).
scan = scan_command
