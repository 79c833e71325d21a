"""The Preferences page: the viewer picks the time zone the dashboard shows times in (a cookie)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie

from gateway.admin.dashboard.access import COOKIE_PATH, secure_cookies
from gateway.admin.dashboard.common import checked_form, frame, viewer
from gateway.admin.dashboard.rendering import page, redirect
from gateway.admin.dashboard.time_display import DEFAULT_ZONE, MAX_ZONE_CHARS, TZ_COOKIE, is_zone, zones

TZ_COOKIE_MAX_AGE = 365 * 24 * 3600


def _safe_next(value: str | None) -> str:
    """Back where the viewer came from, but only to a dashboard page (no open redirect)."""
    if not value or len(value) > 2000 or "\\" in value or any(ord(c) < 32 for c in value):
        return "/admin/overview"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/") or parts.path.startswith("/admin//"):
        return "/admin/overview"
    return value


class PreferencesController(Controller):
    path = "/"

    @get("/preferences")
    async def show(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        return page("preferences.html", **frame(request, session, "preferences", zones=zones(),
                                                next=_safe_next(request.query_params.get("next"))))

    @post("/preferences", status_code=200)
    async def save(self, request: Request[Any, Any, Any]) -> Response[str]:
        session = await viewer(request)
        form = await checked_form(request, session)
        wanted = str(form.get("tz") or DEFAULT_ZONE)
        target = _safe_next(str(form.get("next") or ""))
        if not is_zone(wanted):
            return page("preferences.html", status=400, **frame(
                request, session, "preferences", zones=zones(), next=target,
                error=f"Unknown time zone {wanted[:MAX_ZONE_CHARS]!r}: pick one from the list."))
        cookie = Cookie(key=TZ_COOKIE, value=wanted, path=COOKIE_PATH, httponly=True, samesite="strict",
                        secure=secure_cookies(request), max_age=TZ_COOKIE_MAX_AGE)
        return redirect(target, cookies=[cookie])
