"""Prometheus metrics under vLLM's names, limited to those this runtime can honestly report."""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

LATENCY_BUCKETS = (
    0.001,
    0.005,
    0.01,
    0.02,
    0.04,
    0.06,
    0.08,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    7.5,
    10.0,
    20.0,
    40.0,
    80.0,
)

# vLLM exposes no ``*_created`` series; neither do we (keeps scrapes identical in shape).
disable_created_metrics()


class RuntimeMetrics:
    def __init__(self, model_name: str) -> None:
        self.registry = CollectorRegistry()
        labels = ["model_name"]
        r = self.registry
        self._running = Gauge("vllm:num_requests_running", "Requests being generated.", labels, registry=r)
        self._waiting = Gauge("vllm:num_requests_waiting", "Requests queued.", labels, registry=r)
        self._prompt = Counter("vllm:prompt_tokens", "Prefill tokens processed.", labels, registry=r)
        self._generation = Counter("vllm:generation_tokens", "Tokens generated.", labels, registry=r)
        self._ttft = Histogram(
            "vllm:time_to_first_token_seconds",
            "Time to first token.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._itl = Histogram(
            "vllm:inter_token_latency_seconds",
            "Time between tokens.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._e2e = Histogram(
            "vllm:e2e_request_latency_seconds",
            "Arrival to last token.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._success = Counter(
            "vllm:request_success", "Finished requests.", [*labels, "finished_reason"], registry=r
        )
        self.running = self._running.labels(model_name)
        self.waiting = self._waiting.labels(model_name)
        self.prompt_tokens = self._prompt.labels(model_name)
        self.generation_tokens = self._generation.labels(model_name)
        self.time_to_first_token = self._ttft.labels(model_name)
        self.inter_token_latency = self._itl.labels(model_name)
        self._model_name = model_name

    def finished(self, reason: str, e2e_seconds: float) -> None:
        self._e2e.labels(self._model_name).observe(e2e_seconds)
        self._success.labels(self._model_name, reason).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
