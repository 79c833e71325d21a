"""Observability: OpenTelemetry traces per request, Prometheus metrics, JSON logs."""

from gateway.telemetry.logs import JsonFormatter, bind, configure_logging, log_context, redact
from gateway.telemetry.metrics import Metrics
from gateway.telemetry.routes import metrics_route
from gateway.telemetry.tracing import STAGES, RequestTrace, StageSpan, Tracing, tracing_from_env

__all__ = [
    "STAGES",
    "JsonFormatter",
    "Metrics",
    "RequestTrace",
    "StageSpan",
    "Tracing",
    "bind",
    "configure_logging",
    "log_context",
    "metrics_route",
    "redact",
    "tracing_from_env",
]
