"""Background traffic for fault tests: a few threads send requests until stopped, keeping every outcome."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any, Generic, Self, TypeVar

import httpx

Outcome = TypeVar("Outcome", bound=tuple[Any, ...])  # (monotonic time, status, ...)


class BackgroundTraffic(Generic[Outcome]):
    """Subclasses say how one request goes (`request`) and how an outcome is summarised (`label`)."""

    def __init__(self, url: str, key: str, threads: int = 3) -> None:
        self.url, self.key = url, key
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def request(self, client: httpx.Client, body_text: str) -> Outcome:
        raise NotImplementedError

    def label(self, outcome: Outcome) -> Hashable:
        return outcome[1]  # the status

    def _run(self, n: int) -> None:
        with httpx.Client(timeout=30, headers={"authorization": f"Bearer {self.key}"}) as client:
            i = 0
            while not self._stop.is_set():
                i += 1
                outcome = self.request(client, f"t{n} q{i}")
                with self._lock:
                    self.outcomes.append(outcome)

    def count(self, matches: Callable[[Outcome], bool], after: float = 0.0) -> int:
        with self._lock:
            return sum(1 for outcome in self.outcomes if outcome[0] >= after and matches(outcome))

    def wait(self, matches: Callable[[Outcome], bool], n: int, after: float = 0.0, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count(matches, after) < n:
            assert time.monotonic() < deadline, f"waited for {n}: {self.summary()}"
            time.sleep(0.05)

    def summary(self) -> dict[Hashable, int]:
        with self._lock:
            return dict(Counter(self.label(outcome) for outcome in self.outcomes))

    def start(self) -> Self:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)
