"""Observability: OpenTelemetry traces per request, Prometheus metrics, JSON logs."""

from gateway.telemetry.current import current_trace, stage, use_trace
from gateway.telemetry.logs import JsonFormatter, bind, configure_logging, log_context, redact
from gateway.telemetry.metrics import Metrics
from gateway.telemetry.routes import metrics_route
from gateway.telemetry.tracing import STAGES, RequestTrace, StageSpan, Tracing, build_tracing

__all__ = [
    "STAGES",
    "JsonFormatter",
    "Metrics",
    "RequestTrace",
    "StageSpan",
    "Tracing",
    "bind",
    "build_tracing",
    "configure_logging",
    "current_trace",
    "log_context",
    "metrics_route",
    "redact",
    "stage",
    "use_trace",
]
