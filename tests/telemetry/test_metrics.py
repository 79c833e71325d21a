"""`/metrics` after real traffic: requests, stages, tokens, rejections, upstream errors, replicas, audit."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from gateway.limits import InProcessLimiter, LimitPolicy, Limits, LimitSubject, RateLimited
from gateway.routing.deployment import DeploymentConfig
from gateway.routing.replicas import ReplicaRouter
from gateway.routing.upstream import UpstreamClient
from gateway.settings import ModelSettings
from gateway.telemetry import Metrics, build_tracing, metrics_route
from tests.support.scripted_upstream import ScriptedUpstream

ROOT = Path(__file__).resolve().parents[2]


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(parsed: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return parsed[(name, tuple(sorted(labels.items())))]


Parsed = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def requests(parsed: Parsed, status: str, decision: str) -> float:
    return value(parsed, "sluice_requests_total", tenant="acme", model="m", status=status, decision=decision)


def traffic(metrics: Metrics) -> ReplicaRouter:
    """Real components reporting into `metrics`: limiter, router with a dead replica, traces."""
    dead = ScriptedUpstream().start()
    alive = ScriptedUpstream().start()
    dead_url = dead.base_url
    dead.stop()
    tracing = build_tracing((), metrics)
    limiter = InProcessLimiter(observer=metrics)
    model = ModelSettings(name="m", upstream=alive.base_url)

    async def run() -> ReplicaRouter:
        client = UpstreamClient()
        await client.start()
        router = ReplicaRouter(client, configs={"m": DeploymentConfig(replicas=(dead_url, alive.base_url),
                                                                      failure_threshold=1)}, observer=metrics)
        policy = LimitPolicy(tenant=Limits(requests_per_minute=2))
        for _ in range(3):
            trace = tracing.start_request("POST /v1/chat/completions", "req")
            trace.identify(tenant="acme", model="m")
            try:
                with trace.stage("admission"):
                    await limiter.admit(LimitSubject(1, "k"), policy, 0)
            except RateLimited as refused:
                trace.finish(refused.status, error_code=refused.code)
                continue
            with trace.stage("upstream"):
                messages = [{"role": "user", "content": "zebra-prompt-7"}]
                body = json.dumps({"model": "x", "messages": messages}).encode()
                await router.post(model, "/chat/completions", body)
            trace.finish(200, decision="allow", prompt_tokens=1, completion_tokens=2)
        metrics.finding("semgrep", "high", 2)
        metrics.audit_written(0.002)
        await client.aclose()
        return router

    try:
        return asyncio.run(run())
    finally:
        alive.stop()


def test_metrics_endpoint_after_traffic() -> None:
    metrics = Metrics()
    router = traffic(metrics)
    queue = [5]
    metrics.on_scrape(lambda: metrics.audit_queue_depth.set(queue[0]))
    metrics.on_scrape(lambda: metrics.replicas(router.snapshot()))
    app = Litestar(route_handlers=[metrics_route(metrics)])
    with TestClient(app) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    parsed = samples(response.text)
    assert requests(parsed, "200", "allow") == 2
    assert requests(parsed, "429", "none") == 1
    assert value(parsed, "sluice_rate_limit_rejections_total", scope="tenant", limit="requests") == 1
    assert value(parsed, "sluice_tokens_total", tenant="acme", model="m", kind="completion") == 4
    assert value(parsed, "sluice_stage_duration_seconds_count", stage="admission") == 3
    assert value(parsed, "sluice_stage_duration_seconds_count", stage="upstream") == 2
    assert value(parsed, "sluice_request_duration_seconds_count", model="m") == 3
    assert value(parsed, "sluice_findings_total", scanner="semgrep", severity="high") == 2
    assert value(parsed, "sluice_audit_write_seconds_count") == 1
    assert value(parsed, "sluice_audit_queue_depth") == 5
    (dead, alive) = [row["replica"] for row in router.snapshot()]
    assert value(parsed, "sluice_upstream_errors_total", model="m", replica=str(dead),
                 code="upstream_unreachable") == 1
    assert value(parsed, "sluice_replica_circuit_state", model="m", replica=str(dead)) == 2
    assert value(parsed, "sluice_replica_circuit_state", model="m", replica=str(alive)) == 0
    assert value(parsed, "sluice_replica_healthy", model="m", replica=str(alive)) == 1
    assert "zebra" not in response.text  # no content, ever


def test_limiter_outages_are_counted() -> None:
    metrics = Metrics()
    metrics.limiter_unavailable(fail_open=True)
    metrics.limiter_unavailable(fail_open=False)
    assert metrics.registry.get_sample_value("sluice_limiter_unavailable_total", {"outcome": "admitted"}) == 1
    assert metrics.registry.get_sample_value("sluice_limiter_unavailable_total", {"outcome": "refused"}) == 1


def test_metrics_token() -> None:
    app = Litestar(route_handlers=[metrics_route(Metrics(), token="s3cret")])
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/metrics", headers={"authorization": "Bearer s3cret"}).status_code == 200


def test_multiprocess_mode_aggregates_workers(tmp_path: Path) -> None:
    """With PROMETHEUS_MULTIPROC_DIR, a scrape of any worker reports every worker's counts."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    worker = textwrap.dedent("""
        from gateway.telemetry import Metrics
        m = Metrics()
        m.request_done("acme", "m", 200, "allow", 0.01)
    """)
    for _ in range(2):
        subprocess.run([sys.executable, "-c", worker], env=env, cwd=ROOT, check=True, timeout=60)
    scrape = "import sys; from gateway.telemetry import Metrics; sys.stdout.buffer.write(Metrics().render())"
    out = subprocess.run([sys.executable, "-c", scrape], env=env, cwd=ROOT, check=True, timeout=60,
                         capture_output=True, text=True).stdout
    parsed = samples(out)
    assert requests(parsed, "200", "allow") == 2


@pytest.mark.parametrize("stage", ["auth", "scan.semgrep"])
def test_stage_histogram_labels(stage: str) -> None:
    metrics = Metrics()
    metrics.stage_done(stage, 0.003)
    labels = {"stage": stage, "le": "0.005"}
    assert metrics.registry.get_sample_value("sluice_stage_duration_seconds_bucket", labels) == 1
