"""Issue 8 through the real gateway: limits (429 + headers, settle after streams), replica
failover, cache_salt, traceparent, /metrics after traffic."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import httpx
import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.limits import LimitPolicy, Limits
from gateway.routing.deployment import DeploymentConfig
from gateway.settings import DatabaseSettings, ModelSettings, Settings, load_settings
from tests.support import db
from tests.support.postgres import free_port
from tests.support.scripted_upstream import ScriptedUpstream
from tests.support.servers import GatewayServer

_names = itertools.count()
MESSAGES = [{"role": "user", "content": "write hello world"}]


@pytest.fixture(scope="module")
def scaled(fresh_database, upstream: ScriptedUpstream, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database("sqlite")
    dead = f"http://127.0.0.1:{free_port()}/v1"
    settings = Settings(
        database=DatabaseSettings(url=url),
        models=(
            ModelSettings(name="replicated", upstream=dead,
                          deployment=DeploymentConfig(replicas=(dead, upstream.base_url), failure_threshold=1)),
            ModelSettings(name="limited", upstream=upstream.base_url, max_tokens=50),
        ),
        limits=LimitPolicy(key=Limits(requests_per_minute=40, tokens_per_minute=400)),
    )
    server = GatewayServer(settings).start()
    try:
        yield server, url
    finally:
        server.stop()


def dead_url(server: GatewayServer) -> str:
    model = server.settings.model("replicated")
    assert model is not None
    return model.upstream


def key_for(url: str) -> str:
    tenant = f"scale{next(_names)}"
    db.create_tenant(url, tenant)
    return db.create_key(url, tenant)


def post(server: GatewayServer, key: str, **body: object) -> httpx.Response:
    payload = {"model": "limited", "messages": MESSAGES, "max_tokens": 50, **body}
    return httpx.post(server.url + "/v1/chat/completions", json=payload,
                      headers={"authorization": f"Bearer {key}"}, timeout=30)


def test_token_limit_answers_429_with_openai_headers(scaled, upstream: ScriptedUpstream) -> None:
    server, url = scaled
    key = key_for(url)
    upstream.script()
    # Each request reserves ~6 (prompt) + 50 (max_tokens); the upstream's real usage is ~6.
    # Without settling, 400 tokens would allow 7 requests; with it, far more fit.
    for _ in range(12):
        response = post(server, key)
        assert response.status_code == 200, response.text
    assert response.headers["x-ratelimit-limit-tokens"] == "400"
    assert response.headers["x-ratelimit-limit-requests"] == "40"
    big = post(server, key, max_tokens=50, messages=[{"role": "user", "content": "x " * 1200}])
    assert big.status_code == 429
    assert big.json()["error"]["type"] == "rate_limit_error"
    [row] = db.audit_rows(url, request_id=big.headers["x-request-id"])
    assert row.status_code == 429 and row.error_code == "rate_limit_exceeded"
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0)
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model="limited", messages=[{"role": "user", "content": "y " * 1200}],
                                       max_tokens=50)


def test_streams_settle_their_reservation(scaled, upstream: ScriptedUpstream) -> None:
    server, url = scaled
    key = key_for(url)
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0)
    for _ in range(12):  # 12 x 56 reserved > 400: only settling after each stream lets them all in
        stream = client.chat.completions.create(model="limited", messages=MESSAGES, max_tokens=50, stream=True)
        assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)


def test_failover_cache_salt_and_metrics(scaled, upstream: ScriptedUpstream) -> None:
    server, url = scaled
    key = key_for(url)
    upstream.script()
    for _ in range(3):
        response = post(server, key, model="replicated")
        assert response.status_code == 200, response.text
    bodies = [r["body"] for r in upstream.state.requests]
    assert len(bodies) == 3 and len({b["cache_salt"] for b in bodies}) == 1
    metrics = httpx.get(server.url + "/metrics").text
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for f in text_string_to_metric_families(metrics) for s in f.samples}
    def replica(metric: str, index: int) -> float:
        return next(v for (name, labels), v in samples.items()
                    if name == metric and ("model", "replicated") in labels
                    and dict(labels)["replica"] == (dead_url(server), upstream.base_url)[index])

    # The dead replica is out: by its health checks, or by the circuit its refused attempt opened.
    assert replica("sluice_replica_healthy", 0) == 0 or replica("sluice_replica_circuit_state", 0) == 2
    assert replica("sluice_replica_healthy", 1) == 1 and replica("sluice_replica_circuit_state", 1) == 0
    stages = {dict(labels)["stage"] for (name, labels) in samples if name == "sluice_stage_duration_seconds_count"}
    assert {"auth", "policy", "input_guard", "admission", "upstream", "output_guard", "audit_write"} <= stages
    assert any(stage.startswith("scan.") for stage in stages)  # scanners time themselves under the trace
    assert any(name == "sluice_requests_total" and ("status", "429") in labels for (name, labels) in samples)
    assert "write hello world" not in metrics


def test_traceparent_reaches_the_upstream(fresh_database, upstream: ScriptedUpstream) -> None:
    url = fresh_database("sqlite")
    tracing = load_settings(environ={"OTEL_TRACES_EXPORTER": "console"}).telemetry  # as at start-up
    server = GatewayServer(Settings(database=DatabaseSettings(url=url), telemetry=tracing,
                                    models=(ModelSettings(name="limited", upstream=upstream.base_url),))).start()
    try:
        upstream.script()
        caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        response = httpx.post(server.url + "/v1/chat/completions", json={"model": "limited", "messages": MESSAGES},
                              headers={"authorization": f"Bearer {key_for(url)}", "traceparent": caller}, timeout=30)
        assert response.status_code == 200
        sent = upstream.state.requests[0]["headers"]["traceparent"]
        assert sent.startswith("00-0af7651916cd43dd8448eb211c80319c-") and sent != caller
    finally:
        server.stop()
