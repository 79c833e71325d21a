"""In-process limiter for a single worker: GCRA buckets and slot counters in dicts.

GCRA (the generic cell rate algorithm) keeps one number per bucket, the theoretical
arrival time (TAT): a limit of L per period P admits a cost c iff
`max(TAT, now) + c * P / L - now <= P`. That is a token bucket of capacity L refilled
continuously, exact at every instant (no fixed-window double bursts). Each admission
is checked and committed with no await in between, so concurrent coroutines cannot
interleave: all of a request's limits are taken together or none is.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable

from gateway.limits.types import Admission, LimitObserver, LimitPolicy, Limits, LimitSubject, Scope
from gateway.limits.verdict import RATE_LIMITS, Meter, Verdict, conclude

EPSILON_MS = 1e-3  # absorbs float rounding in c * P / L (same tolerance as the Lua script)


ScopeKey = tuple[int | str, ...]


def scope_limits(policy: LimitPolicy, subject: LimitSubject) -> tuple[tuple[Scope, ScopeKey, Limits], ...]:
    return (("tenant", (subject.tenant_id,), policy.tenant),
            ("key", (subject.tenant_id, subject.key_id), policy.key))


def rate_values(limits: Limits) -> tuple[int | None, int | None, int | None]:
    return limits.requests_per_minute, limits.tokens_per_minute, limits.tokens_per_day


class InProcessLimiter:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 observer: LimitObserver | None = None, lease_s: float = 900.0) -> None:
        self._clock = clock  # seconds
        self._observer = observer
        self._tat: dict[tuple[ScopeKey, int], float] = {}
        # Concurrency slots are leases (admission id -> expiry, ms), as in Redis: a request whose
        # end is never seen (a stream that was never iterated) cannot hold its slot forever.
        self._slots: dict[ScopeKey, dict[str, float]] = {}
        self._lease_ms = lease_s * 1000
        self._ids = itertools.count(1)

    async def admit(self, subject: LimitSubject, policy: LimitPolicy, estimated_tokens: int) -> Admission:
        return self.admit_now(subject, policy, estimated_tokens)

    def admit_now(self, subject: LimitSubject, policy: LimitPolicy, estimated_tokens: int) -> Admission:
        admission_id = f"a{next(self._ids)}"
        if policy.unlimited:
            return Admission(admission_id, subject, policy, estimated_tokens, {})
        cost = max(0, estimated_tokens)
        now = self._clock() * 1000
        verdict = Verdict(admitted=True, meters=[])
        commits: list[tuple[tuple[ScopeKey, int], float]] = []
        slots: list[ScopeKey] = []
        for scope, key, limits in scope_limits(policy, subject):
            rates = zip(RATE_LIMITS, rate_values(limits), strict=True)
            for index, ((name, period), limit) in enumerate(rates):
                if limit is None:
                    continue
                units = 1 if index == 0 else cost
                tat = max(self._tat.get((key, index), now), now)
                if units > limit or limit == 0:
                    verdict.meters.append(Meter(scope, name, limit, _remaining(tat, now, period, limit),
                                                tat - now))
                    _fail(verdict, scope, name, None)
                    continue
                new_tat = tat + units * period / limit
                if new_tat - now > period + EPSILON_MS:
                    verdict.meters.append(Meter(scope, name, limit, _remaining(tat, now, period, limit),
                                                tat - now))
                    _fail(verdict, scope, name, new_tat - period - now)
                    continue
                if index < 2:  # the x-ratelimit-* headers show requests and tokens per minute
                    verdict.meters.append(Meter(scope, name, limit, _remaining(new_tat, now, period, limit),
                                                new_tat - now))
                commits.append(((key, index), new_tat))
            if limits.concurrent_requests is not None:
                if self._holders(key, now) >= limits.concurrent_requests:
                    _fail(verdict, scope, "concurrency", None if limits.concurrent_requests == 0 else 1000.0)
                else:
                    slots.append(key)
        if not verdict.admitted and self._observer is not None:
            assert verdict.failed_scope is not None and verdict.failed_limit is not None
            self._observer.rate_limited(verdict.failed_scope, verdict.failed_limit)
        admission = conclude(verdict, admission_id, subject, policy, cost)
        for bucket, new_tat in commits:
            self._tat[bucket] = new_tat
        for key in slots:
            self._slots.setdefault(key, {})[admission_id] = now + self._lease_ms
        return admission

    async def settle(self, admission: Admission, actual_tokens: int) -> None:
        self.settle_now(admission, max(0, actual_tokens))

    async def release(self, admission: Admission) -> None:
        self.settle_now(admission, 0)

    def settle_soon(self, admission: Admission, actual_tokens: int) -> None:
        self.settle_now(admission, max(0, actual_tokens))

    def settle_now(self, admission: Admission, actual_tokens: int) -> None:
        if admission.settled:
            return
        admission.settled = True
        if admission.policy.unlimited:
            return
        delta = actual_tokens - admission.reserved_tokens
        for _scope, key, limits in scope_limits(admission.policy, admission.subject):
            rates = zip(RATE_LIMITS, rate_values(limits), strict=True)
            for index, ((_name, period), limit) in enumerate(rates):
                if index == 0 or not limit or delta == 0:
                    continue
                bucket = (key, index)
                if bucket in self._tat:
                    self._tat[bucket] += delta * period / limit
            if limits.concurrent_requests is not None:
                self._slots.get(key, {}).pop(admission.id, None)

    def _holders(self, key: ScopeKey, now: float) -> int:
        holders = self._slots.get(key)
        if not holders:
            return 0
        expired = [held for held, until in holders.items() if until <= now]
        for held in expired:
            del holders[held]
        return len(holders)

    async def aclose(self) -> None:
        return None


def _remaining(tat: float, now: float, period: float, limit: int) -> int:
    return max(0, math.floor((period - (tat - now)) * limit / period + 1e-6))


def _fail(verdict: Verdict, scope: Scope, name: str, retry_ms: float | None) -> None:
    # Report the limit that keeps the caller waiting longest (never-fits wins).
    longer = verdict.retry_ms is not None and (retry_ms is None or retry_ms > verdict.retry_ms)
    if verdict.admitted or longer:
        verdict.failed_scope = scope
        verdict.failed_limit = name  # type: ignore[assignment]
        verdict.retry_ms = retry_ms
    verdict.admitted = False
