"""The app factory serves every surface: API, admin API, dashboard, OpenAPI document, metrics."""

from __future__ import annotations

import httpx


def test_every_surface_is_registered(gateway, api_key: str) -> None:
    login = httpx.get(gateway.url + "/admin/login")
    assert login.status_code == 200 and "text/html" in login.headers["content-type"]
    assert "default-src 'self'" in login.headers["content-security-policy"]
    spec = httpx.get(gateway.url + "/openapi.json").json()
    assert {"/v1/chat/completions", "/v1/completions", "/v1/models"} <= set(spec["paths"])
    metrics = httpx.get(gateway.url + "/metrics")
    assert metrics.status_code == 200 and "sluice_" in metrics.text
    admin_api = httpx.get(gateway.url + "/admin/api/audit/records", headers={"authorization": f"Bearer {api_key}"})
    assert admin_api.status_code == 200, admin_api.text
