"""OpenTelemetry tracing: one trace per request, a span per pipeline stage.

Off by default. `build_tracing` turns it on only when the standard variables ask for an
exporter (`OTEL_TRACES_EXPORTER=otlp|console`, or an `OTEL_EXPORTER_OTLP_*` endpoint) and
`OTEL_SDK_DISABLED` is not true, as gateway/settings.py reads them into `telemetry.tracing`;
everything else (endpoint, headers, sampler, resource attributes, batch sizes) is read by the
SDK from the usual `OTEL_*` variables. When off, a stage costs two `perf_counter` calls and a
histogram update.

Spans are parented explicitly (never via the ambient context), so a stage started in a
streaming generator, a thread or a `gather`ed scanner lands in the right trace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, MutableMapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

# The stages of the request path, in the order a request meets them (each scanner also opens
# "scan.<name>" inside output_guard): they name spans, `stage_ms` keys and the stage histogram's
# label. The order is written once, in gateway/pipeline/stages.py; tests/telemetry/test_stage_names.py
# keeps it and the code in step.
from gateway.pipeline.stages import STAGES as STAGES

if TYPE_CHECKING:
    from gateway.telemetry.metrics import Metrics

log = logging.getLogger("sluice.telemetry")

_propagator = TraceContextTextMapPropagator()
AttributeValue = str | bool | int | float
Carrier = TypeVar("Carrier", bound=MutableMapping[str, str])


class Tracing:
    """Builds RequestTraces; `tracer=None` means tracing is off (metrics still count)."""

    def __init__(self, tracer: trace.Tracer | None = None, metrics: Metrics | None = None,
                 provider: TracerProvider | None = None, trust_incoming: bool = True) -> None:
        self.tracer = tracer
        self.metrics = metrics
        self._provider = provider
        self._trust_incoming = trust_incoming

    @property
    def enabled(self) -> bool:
        return self.tracer is not None

    def start_request(self, name: str, request_id: str,
                      incoming: Mapping[str, str] | None = None) -> RequestTrace:
        """Root span of one request; `incoming` headers may carry the caller's `traceparent`."""
        span = None
        if self.tracer is not None:
            trusted = incoming is not None and self._trust_incoming
            parent = _propagator.extract(incoming) if trusted else None
            span = self.tracer.start_span(name, context=parent, kind=SpanKind.SERVER,
                                          attributes={"sluice.request_id": request_id})
        return RequestTrace(self, span)

    def shutdown(self) -> None:
        """Flush pending spans (call at process exit)."""
        if self._provider is not None:
            self._provider.shutdown()


class RequestTrace:
    __slots__ = ("_lock", "_open_runs", "_root", "_started", "_tracing", "model", "stage_ms", "tenant")

    def __init__(self, tracing: Tracing, root: Span | None) -> None:
        self._tracing = tracing
        self._root = root
        self._started = time.perf_counter()
        self.tenant = ""
        self.model = ""
        # Milliseconds per ended stage (summed when a stage repeats, e.g. upstream in repair
        # rounds); the audit record keeps them, traces or not. Runs of one stage that overlap
        # (scanners over several blocks at once) count their wall-clock union, not their sum,
        # so no stage exceeds the request's total.
        self.stage_ms: dict[str, float] = {}
        self._open_runs: dict[str, tuple[int, float]] = {}  # stage -> (runs open, when the first opened)
        self._lock = threading.Lock()  # scanners open and end stages from worker threads

    @property
    def trace_id(self) -> str | None:
        """32 hex digits for logs and audit records, or None when tracing is off."""
        if self._root is None:
            return None
        return format(self._root.get_span_context().trace_id, "032x")

    def identify(self, *, tenant: str | None = None, model: str | None = None) -> None:
        if tenant is not None:
            self.tenant = tenant
            if self._root is not None:
                self._root.set_attribute("sluice.tenant", tenant)
        if model is not None:
            self.model = model
            if self._root is not None:
                self._root.set_attribute("gen_ai.request.model", model)

    def set(self, key: str, value: AttributeValue) -> None:
        if self._root is not None:
            self._root.set_attribute(key, value)

    def stage(self, name: str, **attributes: AttributeValue) -> StageSpan:
        """`with trace.stage("auth"):` or `s = trace.stage("upstream"); ...; s.end()`."""
        span = None
        if self._root is not None and self._tracing.tracer is not None:
            kind = SpanKind.CLIENT if name == "upstream" else SpanKind.INTERNAL
            parent = trace.set_span_in_context(self._root)
            tracer = self._tracing.tracer
            span = tracer.start_span(name, context=parent, kind=kind, attributes=attributes or None)
        return StageSpan(self, name, span)

    def _run_opened(self, name: str, at: float) -> None:
        with self._lock:
            runs, since = self._open_runs.get(name, (0, at))
            self._open_runs[name] = (runs + 1, since)

    def _run_ended(self, name: str, at: float) -> None:
        """Add the stage's covered time once its last overlapping run ends (union of the runs)."""
        with self._lock:
            runs, since = self._open_runs.pop(name, (1, at))
            if runs > 1:
                self._open_runs[name] = (runs - 1, since)
            else:
                self.stage_ms[name] = self.stage_ms.get(name, 0.0) + (at - since) * 1000

    def inject(self, headers: Carrier) -> Carrier:
        """Add W3C `traceparent` for this request's root span (no-op when off)."""
        if self._root is not None:
            _propagator.inject(headers, context=trace.set_span_in_context(self._root))
        return headers

    def finish(self, status: int, *, decision: str = "none", prompt_tokens: int | None = None,
               completion_tokens: int | None = None, error_code: str | None = None) -> None:
        """End the request: count it, its tokens and its latency; end the root span."""
        metrics = self._tracing.metrics
        if metrics is not None:
            elapsed = time.perf_counter() - self._started
            metrics.request_done(self.tenant, self.model, status, decision, elapsed)
            metrics.tokens_used(self.tenant, self.model, prompt_tokens or 0, completion_tokens or 0)
        if self._root is not None:
            self._root.set_attribute("http.response.status_code", status)
            self._root.set_attribute("sluice.decision", decision)
            if prompt_tokens is not None:
                self._root.set_attribute("gen_ai.usage.input_tokens", prompt_tokens)
            if completion_tokens is not None:
                self._root.set_attribute("gen_ai.usage.output_tokens", completion_tokens)
            if status >= 500:
                self._root.set_status(Status(StatusCode.ERROR, error_code or str(status)))
            elif error_code:
                self._root.set_attribute("error.type", error_code)
            self._root.end()
            self._root = None  # finish once


class StageSpan:
    __slots__ = ("_ended", "_span", "_started", "_trace", "name")

    def __init__(self, request: RequestTrace, name: str, span: Span | None) -> None:
        self._trace = request
        self.name = name
        self._span = span
        self._started = time.perf_counter()
        self._ended = False
        request._run_opened(name, self._started)

    def __enter__(self) -> StageSpan:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is not None:
            self.error(exc)
        self.end()

    def set(self, key: str, value: AttributeValue) -> None:
        if self._span is not None:
            self._span.set_attribute(key, value)

    def error(self, exc: BaseException | str) -> None:
        if self._span is not None:
            if isinstance(exc, BaseException):
                # The type only: exception messages may quote request content.
                self._span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                self._span.set_attribute("error.type", getattr(exc, "code", None) or type(exc).__name__)
            else:
                self._span.set_status(Status(StatusCode.ERROR, exc))
                self._span.set_attribute("error.type", exc)

    def first_token(self) -> float:
        """Mark time to first token (upstream stage); returns it in ms."""
        ttft = time.perf_counter() - self._started
        self.set("sluice.upstream.ttft_ms", round(ttft * 1000, 3))
        metrics = self._trace._tracing.metrics
        if metrics is not None:
            metrics.ttft(self._trace.model, ttft)
        return ttft * 1000

    def inject(self, headers: Carrier) -> Carrier:
        """Add W3C `traceparent` naming this stage as the parent (use on the upstream stage)."""
        if self._span is not None:
            _propagator.inject(headers, context=trace.set_span_in_context(self._span))
        return headers

    def end(self) -> None:
        if self._ended:
            return
        self._ended = True
        now = time.perf_counter()
        elapsed = now - self._started
        self._trace._run_ended(self.name, now)
        metrics = self._trace._tracing.metrics
        if metrics is not None:
            metrics.stage_done(self.name, elapsed)
        if self._span is not None:
            self._span.end()


def _exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    if name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()  # endpoint, headers, timeout, certificate: from OTEL_EXPORTER_OTLP_*
    raise ValueError(f"OTEL_TRACES_EXPORTER: unsupported exporter {name!r} (use otlp, console or none)")


def build_tracing(exporters: Sequence[str], metrics: Metrics | None = None, *,
                  default_service_name: bool = True) -> Tracing:
    """Tracing with the settings tree's `telemetry.tracing` exporters (gateway/settings.py parses and
    checks the OTEL_* variables at start-up); none: off (no provider, no exporter)."""
    names = list(exporters)
    if not names:
        return Tracing(None, metrics)
    attributes = {"service.name": "sluice-gateway"} if default_service_name else {}
    provider = TracerProvider(resource=Resource.create(attributes))  # sampler: OTEL_TRACES_SAMPLER
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    log.info("tracing on: exporters %s", ", ".join(names))
    return Tracing(provider.get_tracer("sluice.gateway"), metrics, provider)
