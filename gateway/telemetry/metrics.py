"""Prometheus metrics for the gateway, served at `/metrics` in the text format.

prometheus-client directly (not the OTel metrics SDK): an update is a dict lookup and a
lock, about a microsecond, and its multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`) makes
one scrape of any worker report the whole `sluice serve --workers N` process group.
Each Metrics owns its registry, so several apps in one process (tests) do not collide.

Label values are bounded: tenants and models come from configuration, stage names from
the pipeline, codes from the gateway's own error codes. Never request content.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

log = logging.getLogger("sluice.telemetry")

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
                    120)
_BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}
# Labelled children kept per metric. Label values are bounded by configuration, but a cache must
# not be the thing that grows without limit if one ever is not: past this many, labels() again.
_CHILD_CACHE_LIMIT = 1024

_M = TypeVar("_M", Counter, Gauge, Histogram)


class _Children(Generic[_M]):
    """`metric.labels(*values)` memoised: prometheus-client validates and locks on every call
    (~5 us; about a dozen per request), a dict lookup is ~50 ns. The children are the library's
    own objects, so values and exposition are unchanged."""

    __slots__ = ("_cache", "_metric")

    def __init__(self, metric: _M) -> None:
        self._metric: _M = metric
        self._cache: dict[tuple[str, ...], _M] = {}

    def __call__(self, *values: str) -> _M:
        child = self._cache.get(values)
        if child is None:
            child = self._metric.labels(*values)
            if len(self._cache) < _CHILD_CACHE_LIMIT:
                self._cache[values] = child
        return child



class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = self.registry = registry or CollectorRegistry(auto_describe=True)
        self.requests = Counter("sluice_requests", "Generation requests by outcome.",
                                ["tenant", "model", "status", "decision"], registry=r)
        self.request_seconds = Histogram("sluice_request_duration_seconds", "Whole request latency.",
                                         ["model"], buckets=_LATENCY_BUCKETS, registry=r)
        self.stage_seconds = Histogram("sluice_stage_duration_seconds", "Latency of each pipeline stage.",
                                       ["stage"], buckets=_LATENCY_BUCKETS, registry=r)
        self.ttft_seconds = Histogram("sluice_upstream_ttft_seconds", "Upstream time to first token.",
                                      ["model"], buckets=_LATENCY_BUCKETS, registry=r)
        self.tokens = Counter("sluice_tokens", "Tokens by kind (prompt, completion).",
                              ["tenant", "model", "kind"], registry=r)
        self.findings = Counter("sluice_findings", "Scanner findings.", ["scanner", "severity"], registry=r)
        # A scan that failed (fail-closed per policy) and one refused for capacity (retryable) are
        # different events: an operator must be able to tell a broken scanner from a busy gateway.
        self.scans_incomplete = Counter("sluice_scan_incomplete", "Scans that could not complete, by scanner and "
                                        "reason (timeout, error, crash).", ["scanner", "reason"], registry=r)
        self.scans_overloaded = Counter("sluice_scan_overloaded", "Scans refused because scanning capacity was "
                                        "saturated, by queue and reason.", ["lane", "reason"], registry=r)
        self.rate_limit_rejections = Counter("sluice_rate_limit_rejections", "Requests refused by a limit.",
                                    ["scope", "limit"], registry=r)
        self.limiter_outages = Counter("sluice_limiter_unavailable",
                                           "Admissions while the limiter backend was down, by what happened.",
                                           ["outcome"], registry=r)
        self.upstream_errors = Counter("sluice_upstream_errors", "Failed upstream attempts.",
                                       ["model", "replica", "code"], registry=r)
        self.replica_healthy = Gauge("sluice_replica_healthy", "1 when the replica passes health checks.",
                                     ["model", "replica"], registry=r, multiprocess_mode="liveall")
        self.replica_circuit = Gauge("sluice_replica_circuit_state",
                                     "Circuit breaker: 0 closed, 1 half-open, 2 open.",
                                     ["model", "replica"], registry=r, multiprocess_mode="liveall")
        self.replica_outstanding = Gauge("sluice_replica_outstanding_requests",
                                         "Requests in flight per replica.",
                                         ["model", "replica"], registry=r, multiprocess_mode="livesum")
        self.audit_write_seconds = Histogram("sluice_audit_write_seconds", "Audit record write latency.",
                                             buckets=_LATENCY_BUCKETS, registry=r)
        self.audit_queue_depth = Gauge("sluice_audit_queue_depth", "Audit records waiting to be written.",
                                       registry=r, multiprocess_mode="livesum")
        self._scrape_hooks: list[Callable[[], None]] = []
        # The children updated on every request, memoised (see _Children).
        self._requests = _Children(self.requests)
        self._request_seconds = _Children(self.request_seconds)
        self._stage_seconds = _Children(self.stage_seconds)
        self._ttft_seconds = _Children(self.ttft_seconds)
        self._tokens = _Children(self.tokens)

    # -- request pipeline ---------------------------------------------------------------------
    def request_done(self, tenant: str, model: str, status: int, decision: str, seconds: float) -> None:
        self._requests(tenant, model, str(status), decision).inc()
        self._request_seconds(model).observe(seconds)

    def tokens_used(self, tenant: str, model: str, prompt: int, completion: int) -> None:
        if prompt:
            self._tokens(tenant, model, "prompt").inc(prompt)
        if completion:
            self._tokens(tenant, model, "completion").inc(completion)

    def stage_done(self, stage: str, seconds: float) -> None:
        self._stage_seconds(stage).observe(seconds)

    def ttft(self, model: str, seconds: float) -> None:
        self._ttft_seconds(model).observe(seconds)

    def finding(self, scanner: str, severity: str, count: int = 1) -> None:
        self.findings.labels(scanner, severity).inc(count)

    # -- ScanObserver (gateway.scanning.capacity) --------------------------------------------------
    def scan_incomplete(self, scanner: str, reason: str) -> None:
        self.scans_incomplete.labels(scanner, reason).inc()

    def scan_overloaded(self, lane: str, reason: str) -> None:
        self.scans_overloaded.labels(lane, reason).inc()

    def audit_written(self, seconds: float) -> None:
        self.audit_write_seconds.observe(seconds)

    # -- LimitObserver --------------------------------------------------------------------------
    def rate_limited(self, scope: str, limit: str) -> None:
        self.rate_limit_rejections.labels(scope, limit).inc()

    def limiter_unavailable(self, fail_open: bool) -> None:
        self.limiter_outages.labels("admitted" if fail_open else "refused").inc()

    # -- RoutingObserver -------------------------------------------------------------------------
    def upstream_failure(self, model: str, replica: str, code: str) -> None:
        self.upstream_errors.labels(model, replica, code).inc()

    def replica_state(self, model: str, replica: str, healthy: bool, breaker: str) -> None:
        self.replica_healthy.labels(model, replica).set(1 if healthy else 0)
        self.replica_circuit.labels(model, replica).set(_BREAKER_STATES.get(breaker, 2))

    def replicas(self, rows: Iterable[Mapping[str, object]]) -> None:
        """Refresh replica gauges from `ReplicaRouter.snapshot()` (register with `on_scrape`)."""
        for row in rows:
            model, replica = str(row["model"]), str(row["replica"])
            self.replica_state(model, replica, bool(row["healthy"]), str(row["breaker"]))
            outstanding = row["outstanding"]
            in_flight = outstanding if isinstance(outstanding, int) else 0
            self.replica_outstanding.labels(model, replica).set(in_flight)

    # -- exposition ------------------------------------------------------------------------------
    def on_scrape(self, hook: Callable[[], None]) -> None:
        """Run `hook` before each scrape (gauges read from live state: queue depth, replicas)."""
        self._scrape_hooks.append(hook)

    def render(self) -> bytes:
        for hook in self._scrape_hooks:
            try:
                hook()
            except Exception:  # a broken hook must not take /metrics down
                log.exception("metrics scrape hook failed")
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
