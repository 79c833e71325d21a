"""Traces: every pipeline stage is a child span of one request span; traceparent reaches the upstream."""

from __future__ import annotations

import asyncio
import json

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from gateway.errors import APIError
from gateway.routing.deployment import DeploymentConfig
from gateway.routing.replicas import ReplicaRouter
from gateway.routing.upstream import UpstreamClient
from gateway.settings import ConfigError, ModelSettings, load_settings
from gateway.telemetry import Metrics, Tracing, build_tracing
from tests.support.scripted_upstream import ScriptedUpstream

PIPELINE = ["auth", "admission", "policy", "input_guard", "routing", "upstream", "scan.semgrep",
            "scan.bandit", "decision", "audit_write"]
PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def spans() -> tuple[Tracing, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return Tracing(provider.get_tracer("test"), Metrics(), provider), exporter


def attrs(span: ReadableSpan) -> dict[str, object]:
    return dict(span.attributes or {})


def by_name(finished: tuple[ReadableSpan, ...]) -> dict[str, ReadableSpan]:
    return {span.name: span for span in finished}


def test_every_stage_is_a_child_of_the_request_span(spans: tuple[Tracing, InMemorySpanExporter]) -> None:
    tracing, exporter = spans
    upstream = ScriptedUpstream().start()

    async def request() -> None:
        trace = tracing.start_request("POST /v1/chat/completions", "req_1")
        trace.identify(tenant="acme", model="m")
        for stage in ("auth", "admission", "policy", "input_guard", "routing"):
            with trace.stage(stage):
                await asyncio.sleep(0)
        client = UpstreamClient()
        await client.start()
        router = ReplicaRouter(client, configs={"m": DeploymentConfig(replicas=(upstream.base_url,))})
        call = trace.stage("upstream", **{"server.address": "127.0.0.1"})
        headers: dict[str, str] = call.inject({})
        body = json.dumps({"model": "x", "prompt": "a b", "stream": True}).encode()
        model = ModelSettings(name="m", upstream=upstream.base_url)
        stream = await router.open_stream(model, "/completions", body, headers=headers)
        first = True
        async for _ in stream.chunks():
            if first:
                call.first_token()
                first = False
        stream.close()
        call.end()
        await client.aclose()

        def scan(name: str) -> None:  # scanners run in parallel, in threads
            with trace.stage(f"scan.{name}", findings=0):
                pass

        await asyncio.gather(asyncio.to_thread(scan, "semgrep"), asyncio.to_thread(scan, "bandit"))
        with trace.stage("decision", decision="allow"):
            pass
        with trace.stage("audit_write"):
            pass
        trace.finish(200, decision="allow", prompt_tokens=2, completion_tokens=4)

    try:
        asyncio.run(request())
        received = upstream.state.requests[0]["headers"]
    finally:
        upstream.stop()

    finished = exporter.get_finished_spans()
    named = by_name(finished)
    root = named["POST /v1/chat/completions"]
    assert set(named) == {*PIPELINE, root.name}
    assert root.kind == SpanKind.SERVER and root.parent is None
    for stage in PIPELINE:
        span = named[stage]
        assert span.context.trace_id == root.context.trace_id
        assert span.parent is not None and span.parent.span_id == root.context.span_id
    upstream_span = named["upstream"]
    assert upstream_span.kind == SpanKind.CLIENT
    ttft = attrs(upstream_span)["sluice.upstream.ttft_ms"]
    assert isinstance(ttft, float) and ttft > 0
    # W3C traceparent: version-traceid-parentid-flags, parent = the upstream span.
    trace_id, span_id = root.context.trace_id, upstream_span.context.span_id
    assert received["traceparent"] == f"00-{trace_id:032x}-{span_id:016x}-01"
    assert attrs(root)["sluice.tenant"] == "acme"
    assert attrs(root)["http.response.status_code"] == 200
    assert attrs(root)["gen_ai.usage.output_tokens"] == 4
    assert attrs(named["decision"])["decision"] == "allow"


def test_stage_errors_record_the_type_not_the_content(spans: tuple[Tracing, InMemorySpanExporter]) -> None:
    tracing, exporter = spans
    trace = tracing.start_request("POST /v1/completions", "req_2")
    with pytest.raises(APIError), trace.stage("upstream"):
        raise APIError(504, "secret prompt text", code="upstream_timeout")
    trace.finish(504, error_code="upstream_timeout")
    named = by_name(exporter.get_finished_spans())
    failed = named["upstream"]
    assert failed.status.status_code == StatusCode.ERROR
    assert attrs(failed)["error.type"] == "upstream_timeout"
    assert "secret" not in str(failed.status.description) and not failed.events
    assert named["POST /v1/completions"].status.status_code == StatusCode.ERROR


def test_incoming_traceparent_is_continued(spans: tuple[Tracing, InMemorySpanExporter]) -> None:
    tracing, exporter = spans
    trace = tracing.start_request("POST /v1/completions", "req_3", {"traceparent": PARENT})
    assert trace.trace_id == "0af7651916cd43dd8448eb211c80319c"
    trace.finish(200)
    (root,) = exporter.get_finished_spans()
    assert root.parent is not None and root.parent.span_id == 0xB7AD6B7169203331


def test_finish_is_idempotent(spans: tuple[Tracing, InMemorySpanExporter]) -> None:
    tracing, exporter = spans
    trace = tracing.start_request("r", "req_4")
    stage = trace.stage("auth")
    stage.end()
    stage.end()
    trace.finish(200)
    trace.finish(500)
    assert len(exporter.get_finished_spans()) == 2


def test_off_by_default_but_stages_still_timed() -> None:
    metrics = Metrics()
    tracing = build_tracing(load_settings(environ={}).telemetry.tracing.exporters, metrics)
    assert not tracing.enabled
    trace = tracing.start_request("r", "req_5", {"traceparent": PARENT})
    assert trace.trace_id is None
    with trace.stage("auth") as stage:
        stage.set("k", "v")
    assert trace.inject({}) == {} and stage.inject({}) == {}
    trace.finish(200)
    assert metrics.registry.get_sample_value("sluice_stage_duration_seconds_count", {"stage": "auth"}) == 1


@pytest.mark.parametrize(("env", "enabled"), [
    ({}, False),
    ({"OTEL_TRACES_EXPORTER": "none"}, False),
    ({"OTEL_TRACES_EXPORTER": "console"}, True),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
    ({"OTEL_TRACES_EXPORTER": "otlp,console"}, True),
    ({"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "true"}, False),
])
def test_env_configuration(env: dict[str, str], enabled: bool) -> None:
    section = load_settings(environ=env).telemetry.tracing
    tracing = build_tracing(section.exporters, default_service_name=section.default_service_name)
    try:
        assert tracing.enabled is enabled
    finally:
        tracing.shutdown()


@pytest.mark.parametrize(("env", "message"), [
    ({"OTEL_TRACES_EXPORTER": "jaeger"}, "unsupported exporter 'jaeger'"),
    ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
     "OTEL_EXPORTER_OTLP_PROTOCOL: only 'http/protobuf'"),
])
def test_bad_env_is_a_clear_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):  # at start-up, naming the variable
        load_settings(environ=env)


def test_scanners_find_the_trace_through_the_context(spans: tuple[Tracing, InMemorySpanExporter]) -> None:
    from gateway.telemetry import stage, use_trace

    tracing, exporter = spans

    def scan(name: str) -> None:
        with stage(f"scan.{name}", rules=3):
            pass

    async def request() -> None:
        trace = tracing.start_request("r", "req_6")
        use_trace(trace)
        await asyncio.gather(asyncio.to_thread(scan, "semgrep"), asyncio.to_thread(scan, "bandit"))
        trace.finish(200)

    asyncio.run(request())
    scan("outside")  # no request: nothing recorded
    named = by_name(exporter.get_finished_spans())
    assert set(named) == {"r", "scan.semgrep", "scan.bandit"}
    assert named["scan.bandit"].parent is not None
    assert named["scan.bandit"].parent.span_id == named["r"].context.span_id
    assert attrs(named["scan.semgrep"])["rules"] == 3
