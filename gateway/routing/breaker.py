"""Circuit breaker for one replica: closed -> open after N consecutive failures ->
half-open after `open_s` (one trial request at a time) -> closed on success, open on failure."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    def __init__(self, failure_threshold: int, open_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._threshold = failure_threshold
        self._open_s = open_s
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state: BreakerState = "closed"
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self._state == "open" and self._clock() - self._opened_at >= self._open_s:
            self._state = "half_open"
            self._trial_in_flight = False
        return self._state

    def allows(self) -> bool:
        state = self.state
        return state == "closed" or (state == "half_open" and not self._trial_in_flight)

    def seconds_until_trial(self) -> float:
        if self.state != "open":
            return 0.0
        return max(0.0, self._opened_at + self._open_s - self._clock())

    def on_attempt(self) -> None:
        if self.state == "half_open":
            self._trial_in_flight = True

    def record_success(self) -> None:
        self._failures = 0
        self._state = "closed"
        self._trial_in_flight = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._state == "half_open" or self._failures >= self._threshold:
            self._state = "open"
            self._opened_at = self._clock()
            self._trial_in_flight = False

    def record_neutral(self) -> None:
        """The attempt ended without a verdict (client went away): free a half-open trial."""
        self._trial_in_flight = False
