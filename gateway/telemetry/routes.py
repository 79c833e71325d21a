"""`GET /metrics` for Prometheus. Optional bearer token (SLUICE_METRICS_TOKEN): the
labels name tenants and models, which some deployments keep from other network users."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler

from gateway.telemetry.metrics import CONTENT_TYPE, Metrics


def metrics_route(metrics: Metrics, *, token: str | None = None, path: str = "/metrics") -> HTTPRouteHandler:
    expected = f"Bearer {token}".encode() if token else None

    @get(path, include_in_schema=False, sync_to_thread=False)
    def prometheus_metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return Response(content=b"unauthorized\n", status_code=401, media_type="text/plain",
                                headers={"www-authenticate": 'Bearer realm="sluice-metrics"'})
        return Response(content=metrics.render(), media_type=CONTENT_TYPE)

    return prometheus_metrics
