"""Viewer preferences: the time zone pages show times in, and auto-refresh of live pages.

The Preferences page that sets the zone is `preferences.py`; this module is what pages read.

Both are per browser, not per account: the time zone is a cookie (`sluice_tz`, an IANA zone
name, UTC when absent or unknown) set from the Preferences page; auto-refresh is a query
parameter (`refresh=30s|1m|5m`, off when absent) so a refreshing view is a link one can share,
as in Grafana. Stored times stay UTC everywhere (database, exports, API); only what a page
displays follows the zone. The log's From/To filter fields stay UTC, as labelled.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, tzinfo
from typing import Any

from litestar import Request

TZ_COOKIE = "sluice_tz"
DEFAULT_ZONE = "UTC"
MAX_ZONE_CHARS = 64

# Auto-refresh intervals offered on the overview and the log (off unless asked for).
REFRESH: dict[str, int] = {"30s": 30, "1m": 60, "5m": 300}
REFRESH_LABELS = {"30s": "30 s", "1m": "1 min", "5m": "5 min"}


class PreferenceError(ValueError):
    """A preference value the dashboard does not offer."""


@functools.cache
def zones() -> tuple[str, ...]:
    """Every IANA zone this Python knows (system tzdata or the tzdata package), UTC first."""
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return (DEFAULT_ZONE, *names)


@functools.cache
def _offered() -> frozenset[str]:
    return frozenset(zones())


def is_zone(name: str) -> bool:
    """One of the zones the Preferences page offers (nothing else is ever handed to ZoneInfo)."""
    return len(name) <= MAX_ZONE_CHARS and name in _offered()


def zone_name(request: Request[Any, Any, Any]) -> str:
    """The viewer's zone name; a missing, forged or unknown cookie value means UTC."""
    value = request.cookies.get(TZ_COOKIE) or DEFAULT_ZONE
    return value if is_zone(value) else DEFAULT_ZONE


def zone(name: str) -> tzinfo:
    if name == DEFAULT_ZONE:
        return UTC
    return zoneinfo.ZoneInfo(name)  # only offered names (is_zone) reach here


def refresh_seconds(value: str | None) -> int | None:
    """`refresh` query parameter -> seconds; None when off. Raises PreferenceError naming the choices."""
    if not value or value == "off":
        return None
    if value not in REFRESH:
        raise PreferenceError(f"'refresh' must be one of: off, {', '.join(REFRESH)}.")
    return REFRESH[value]
