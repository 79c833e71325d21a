"""Findings of recently scanned snippets, by content hash: the same code is not scanned twice.

Models repeat themselves (the same helper for many users, a stream's final block scanned again
as a whole): an identical snippet in the same language with the same scanners gets the same
findings. Bounded (least recently used goes first) and short-lived (license reuse depends on an
index that can grow). Keys are SHA-256 digests, so no code is kept; findings are already
scrubbed of secrets. Incomplete scans are never remembered: a failure must not outlive itself.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict

from gateway.scanning.findings import Finding

CacheKey = tuple[bytes, str, frozenset[str]]


class ScanCache:
    def __init__(self, entries: int, ttl_s: float) -> None:
        self._entries = max(0, entries)
        self._ttl_s = ttl_s
        self._items: OrderedDict[CacheKey, tuple[float, tuple[Finding, ...]]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(code: str, language: str | None, scanners: frozenset[str]) -> CacheKey:
        digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).digest()
        return digest, language or "", scanners

    def get(self, key: CacheKey) -> list[Finding] | None:
        if not self._entries:
            return None
        item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > self._ttl_s:
            if item is not None:
                del self._items[key]
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return list(item[1])

    def put(self, key: CacheKey, findings: list[Finding]) -> None:
        if not self._entries:
            return
        self._items[key] = (time.monotonic(), tuple(findings))
        self._items.move_to_end(key)
        while len(self._items) > self._entries:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
