"""Replica routing: model -> deployment -> one healthy replica, with failover.

- Balancing: least outstanding requests (ties rotate), or, with `sticky_by_tenant`,
  rendezvous hashing of the tenant over the usable replicas, so a tenant keeps hitting
  the replica that holds its prefix cache and only moves when that one is out.
- Health: an asyncio task polls each replica's `GET /health` (vLLM: at the server
  root, not under /v1); `unhealthy_after` consecutive failures (no answer, or 5xx) take it
  out, one success brings it back. Passive: a circuit breaker per replica opens after consecutive
  request failures (connect errors, timeouts, 5xx, broken streams).
- Failover: a failed attempt is retried on another replica only while no byte has
  been handed on to the client (for streams: before the first chunk).
- Backpressure: with `max_concurrency_per_replica`, when every usable replica is full
  the request gets 503 + Retry-After at once instead of queueing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import Literal, Protocol

from gateway.errors import APIError
from gateway.routing.breaker import CircuitBreaker
from gateway.routing.cache_salt import CacheSalter
from gateway.routing.deployment import DeploymentConfig, deployment_of, replica_root
from gateway.routing.transport import UpstreamReply, UpstreamStream, UpstreamTransport
from gateway.settings import ModelSettings

log = logging.getLogger("sluice.routing")

# Failures that say something about the replica (not about the request): retry elsewhere, count.
REPLICA_FAILURES = frozenset({"upstream_unreachable", "upstream_timeout", "upstream_error",
                              "upstream_unavailable"})
Outcome = Literal["success", "failure", "neutral"]
Probe = Callable[[str, float], Awaitable[bool]]  # (replica root, timeout) -> healthy


class RoutingObserver(Protocol):
    """Metrics hook (implemented by gateway.telemetry.metrics.Metrics)."""

    def replica_state(self, model: str, replica: str, healthy: bool, breaker: str) -> None: ...

    def upstream_failure(self, model: str, replica: str, code: str) -> None: ...


class Replica:
    __slots__ = ("breaker", "health_failures", "healthy", "index", "outstanding", "root", "url")

    def __init__(self, index: int, url: str, config: DeploymentConfig, clock: Callable[[], float]) -> None:
        self.index = index
        self.url = url
        self.root = replica_root(url)
        self.outstanding = 0
        self.healthy = True  # until the first health check says otherwise
        self.health_failures = 0
        self.breaker = CircuitBreaker(config.failure_threshold, config.open_s, clock)

    def usable(self) -> bool:
        return self.healthy and self.breaker.allows()


class Lease:
    """One attempt on one replica; `finish` exactly once (later calls are no-ops)."""

    __slots__ = ("_deployment", "_done", "replica")

    def __init__(self, deployment: Deployment, replica: Replica) -> None:
        self._deployment = deployment
        self.replica = replica
        self._done = False
        replica.outstanding += 1
        replica.breaker.on_attempt()

    def finish(self, outcome: Outcome, code: str | None = None) -> None:
        if self._done:
            return
        self._done = True
        self.replica.outstanding -= 1
        self._deployment.record(self.replica, outcome, code)


class Deployment:
    def __init__(self, model: str, config: DeploymentConfig, *, clock: Callable[[], float] = time.monotonic,
                 observer: RoutingObserver | None = None) -> None:
        self.model = model
        self.config = config
        self.replicas = [Replica(i, url, config, clock) for i, url in enumerate(config.replicas)]
        self._observer = observer
        self._turn = itertools.count()

    def acquire(self, tenant: str | None = None, exclude: Iterable[Replica] = ()) -> Lease:
        excluded = set(exclude)
        usable = [r for r in self.replicas if r not in excluded and r.usable()]
        if not usable:
            raise self._none_usable()
        cap = self.config.max_concurrency_per_replica
        free = usable if cap is None else [r for r in usable if r.outstanding < cap]
        if not free:
            raise APIError(503, f"Every replica of model '{self.model}' is at capacity; retry shortly.",
                           type="server_error", code="replicas_busy", headers={"retry-after": "1"})
        if self.config.sticky_by_tenant and tenant is not None:
            chosen = max(free, key=lambda r: _affinity(tenant, r.url))
        else:
            turn = next(self._turn)
            n = len(self.replicas)
            chosen = min(free, key=lambda r: (r.outstanding, (r.index - turn) % n))
        return Lease(self, chosen)

    def _none_usable(self) -> APIError:
        waits = [r.breaker.seconds_until_trial() for r in self.replicas if r.healthy]
        retry = math.ceil(min(waits)) if waits else math.ceil(self.config.health_interval_s)
        return APIError(503, f"No healthy replica of model '{self.model}' is available.", type="server_error",
                        code="no_healthy_replica", headers={"retry-after": str(max(1, retry))})

    def record(self, replica: Replica, outcome: Outcome, code: str | None) -> None:
        before = replica.breaker.state
        if outcome == "success":
            replica.breaker.record_success()
        elif outcome == "failure":
            replica.breaker.record_failure()
            if self._observer is not None:
                self._observer.upstream_failure(self.model, replica.url, code or "upstream_error")
        else:
            replica.breaker.record_neutral()
        after = replica.breaker.state
        if after != before:
            log.warning("replica %s of %s: circuit %s -> %s", replica.url, self.model, before, after)
            self._report(replica)

    def _report(self, replica: Replica) -> None:
        if self._observer is not None:
            self._observer.replica_state(self.model, replica.url, replica.healthy, replica.breaker.state)

    async def check_health(self, probe: Probe) -> None:
        await asyncio.gather(*(self._check(probe, r) for r in self.replicas))

    async def _check(self, probe: Probe, replica: Replica) -> None:
        ok = await probe(replica.root, self.config.health_timeout_s)
        was = replica.healthy
        if ok:
            replica.health_failures = 0
            replica.healthy = True
        else:
            replica.health_failures += 1
            if replica.health_failures >= self.config.unhealthy_after:
                replica.healthy = False
        if replica.healthy != was:
            log.warning("replica %s of %s is now %s", replica.url, self.model,
                        "healthy" if replica.healthy else "unhealthy")
            self._report(replica)

    def snapshot(self) -> list[dict[str, object]]:
        return [{"model": self.model, "replica": r.url, "healthy": r.healthy, "breaker": r.breaker.state,
                 "outstanding": r.outstanding} for r in self.replicas]


def _affinity(tenant: str, url: str) -> int:
    digest = hashlib.blake2b(f"{tenant}\x00{url}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class RoutedStream:
    """Same surface as UpstreamStream (`started`, `chunks()`, `close()`), with failover
    to another replica when the stream breaks before its first chunk."""

    def __init__(self, router: ReplicaRouter, attempt: _Attempt, stream: UpstreamStream,
                 lease: Lease) -> None:
        self._router = router
        self._attempt = attempt
        self._stream = stream
        self._lease = lease
        self.started = stream.started

    @property
    def replica(self) -> str:
        return self._lease.replica.url

    async def chunks(self) -> AsyncIterator[bytes]:
        sent = False
        while True:
            try:
                async for chunk in self._stream.chunks():
                    sent = True
                    yield chunk
            except APIError as error:
                self._stream.close()
                self._lease.finish("failure" if error.code in REPLICA_FAILURES else "success", error.code)
                if sent:
                    raise
                log.warning("stream from %s broke before its first byte; retrying elsewhere", self.replica)
                self._stream, self._lease = await self._router.open_attempt(self._attempt,
                                                                            self._attempt.retry_lease(error))
                continue
            self._lease.finish("success")
            return

    def close(self) -> None:
        self._stream.close()
        self._lease.finish("neutral")


class _Attempt:
    """One request's routing state across retries."""

    def __init__(self, model: ModelSettings, deployment: Deployment, path: str, body: bytes,
                 headers: dict[str, str] | None, tenant: str | None) -> None:
        self.model = model
        self.deployment = deployment
        self.path = path
        self.body = body
        self.headers = headers
        self.tenant = tenant
        self.tried: list[Replica] = []

    def next_lease(self) -> Lease:
        lease = self.deployment.acquire(self.tenant, self.tried)
        self.tried.append(lease.replica)
        return lease

    def retry_lease(self, error: APIError) -> Lease:
        """A lease on another replica after `error`, or `error` itself when no retry is allowed."""
        limit = min(self.deployment.config.max_attempts, len(self.deployment.replicas))
        if error.code not in REPLICA_FAILURES or len(self.tried) >= limit:
            raise error
        try:
            return self.next_lease()
        except APIError:
            raise error from None  # nowhere else to go: the client sees the real failure


class ReplicaRouter:
    def __init__(self, upstream: UpstreamTransport, models: Iterable[ModelSettings] = (), *,
                 configs: Mapping[str, DeploymentConfig] | None = None,
                 salter: CacheSalter | None = None, observer: RoutingObserver | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`upstream`: the transport that carries each attempt to its replica (started and closed by
        the caller). `configs`: deployment per model name, overriding `model.deployment` / `model.upstream`."""
        self._upstream = upstream
        self._configs = dict(configs or {})
        self._salter = salter
        self._observer = observer
        self._clock = clock
        self._deployments: dict[str, Deployment] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._checking = False  # health loops run (between start and aclose)
        for model in models:
            self.deployment(model)

    def deployment(self, model: ModelSettings) -> Deployment:
        found = self._deployments.get(model.name)
        if found is None:
            config = self._configs.get(model.name) or deployment_of(model)
            found = Deployment(model.name, config, clock=self._clock, observer=self._observer)
            self._deployments[model.name] = found
            if self._checking:
                self._tasks.append(asyncio.create_task(self._health_loop(found)))
        return found

    async def start(self) -> None:
        """Start health checking (call inside the serving event loop)."""
        if not self._checking:
            self._checking = True
            self._tasks = [asyncio.create_task(self._health_loop(d)) for d in self._deployments.values()]

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._checking = False

    async def _health_loop(self, deployment: Deployment) -> None:
        while True:
            try:
                await deployment.check_health(self._upstream.probe)
            except Exception:  # a bug here must not stop health checking for good
                log.exception("health check of %s failed", deployment.model)
            await asyncio.sleep(deployment.config.health_interval_s)

    def _attempt(self, model: ModelSettings, path: str, body: bytes, headers: dict[str, str] | None,
                 tenant: str | None) -> _Attempt:
        deployment = self.deployment(model)
        if tenant is not None and self._salter is not None and deployment.config.cache_salt:
            body = self._salter.apply(body, tenant)
        return _Attempt(model, deployment, path, body, headers, tenant)

    async def post(self, model: ModelSettings, path: str, body: bytes, *, tenant: str | None = None,
                   headers: dict[str, str] | None = None) -> UpstreamReply:
        attempt = self._attempt(model, path, body, headers, tenant)
        lease = attempt.next_lease()
        while True:
            try:
                url = lease.replica.url
                reply = await self._upstream.post(model, path, attempt.body, headers, base_url=url)
            except APIError as error:
                lease.finish("failure" if error.code in REPLICA_FAILURES else "success", error.code)
                lease = attempt.retry_lease(error)
                continue
            except BaseException:
                lease.finish("neutral")
                raise
            lease.finish("success")
            return reply

    async def open_stream(self, model: ModelSettings, path: str, body: bytes, *, tenant: str | None = None,
                          headers: dict[str, str] | None = None) -> RoutedStream:
        attempt = self._attempt(model, path, body, headers, tenant)
        stream, lease = await self.open_attempt(attempt, attempt.next_lease())
        return RoutedStream(self, attempt, stream, lease)

    async def open_attempt(self, attempt: _Attempt, lease: Lease) -> tuple[UpstreamStream, Lease]:
        while True:
            try:
                stream = await self._upstream.stream(attempt.model, attempt.path, attempt.body,
                                                          attempt.headers, base_url=lease.replica.url)
            except APIError as error:
                lease.finish("failure" if error.code in REPLICA_FAILURES else "success", error.code)
                lease = attempt.retry_lease(error)
                continue
            except BaseException:
                lease.finish("neutral")
                raise
            return stream, lease

    async def probe(self, model: ModelSettings, timeout_s: float = 2.0) -> bool:
        """Readiness, checked now: some replica answers `/health` and its circuit lets traffic in."""
        replicas = self.deployment(model).replicas
        if not self._checking:
            return any(r.usable() for r in replicas)
        answers = await asyncio.gather(*(self._upstream.probe(r.root, timeout_s) for r in replicas))
        return any(ok and r.breaker.allows() for ok, r in zip(answers, replicas, strict=True))

    def usable(self, model: ModelSettings) -> bool:
        """Readiness: at least one replica of the model can take a request."""
        return any(r.usable() for r in self.deployment(model).replicas)

    def snapshot(self) -> list[dict[str, object]]:
        return [row for d in self._deployments.values() for row in d.snapshot()]
