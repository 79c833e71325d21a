"""Templates and the security headers every dashboard response carries."""

from __future__ import annotations

import html
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import jinja2
from litestar import Response

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"

# No inline scripts or styles anywhere: every script and stylesheet is a file under /admin/static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def _zone(context: Any) -> tzinfo:
    """The viewer's time zone (`tz` in the page context, see time_display), UTC by default."""
    zone = context.get("tz")
    return zone if isinstance(zone, tzinfo) else UTC


@jinja2.pass_context
def _when(context: Any, value: datetime | None) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:  # SQLite hands back naive datetimes: they are UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_zone(context)).strftime("%Y-%m-%d %H:%M:%S")


@jinja2.pass_context
def _epoch(context: Any, value: int) -> str:
    return datetime.fromtimestamp(value, _zone(context)).strftime("%Y-%m-%d %H:%M")


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its suffix
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=_when, ms=_ms, pct=_pct, epoch=_epoch)
    return env


_env = _environment()


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def page(template: str, *, status: int = 200, cookies: list[Any] | None = None, **context: Any) -> Response[str]:
    return Response(
        content=render(template, **context),
        status_code=status,
        media_type="text/html",
        headers=SECURITY_HEADERS,
        cookies=cookies or [],
    )


def redirect(location: str, cookies: list[Any] | None = None) -> Response[str]:
    """303 with a small HTML body (not an empty `application/json`, Litestar's default type)."""
    headers = {**SECURITY_HEADERS, "location": location}
    body = f'<!doctype html><title>See other</title><p><a href="{html.escape(location)}">Continue</a></p>\n'
    return Response(content=body, status_code=303, media_type="text/html", headers=headers, cookies=cookies or [])
