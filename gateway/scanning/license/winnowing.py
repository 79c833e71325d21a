"""Winnowing fingerprints (Schleimer, Wilkerson, Aiken 2003) over whitespace-free text.

Any run of at least GUARANTEE normalized characters shared by two texts shares at least one
fingerprint; candidates are then confirmed by exact extension, so reported overlaps are exact.
"""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass

K = 25  # characters per k-gram
WINDOW = 76  # k-grams per window
GUARANTEE = WINDOW + K - 1  # 100: thresholds at or above it are never missed
_MASK = (1 << 63) - 1  # fits a signed 64-bit database column


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str  # whitespace removed
    offsets: list[int]  # offsets[i] = index in the original text of text[i]


def normalize(text: str) -> Normalized:
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            offsets.append(i)
    return Normalized("".join(chars), offsets)


def _hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big") & _MASK


def fingerprints(norm: str, k: int = K, window: int = WINDOW) -> list[tuple[int, int]]:
    """(hash, position) pairs selected by winnowing: the rightmost minimum of each window."""
    hashes = [_hash(norm[i : i + k]) for i in range(len(norm) - k + 1)]
    if not hashes:
        return []
    if len(hashes) <= window:
        pos = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(hashes[pos], pos)]
    selected: list[tuple[int, int]] = []
    candidates: deque[int] = deque()  # indices with increasing hashes; the front is the window minimum
    last = -1
    for i, h in enumerate(hashes):
        while candidates and hashes[candidates[-1]] >= h:  # ">=": ties go to the rightmost
            candidates.pop()
        candidates.append(i)
        start = i - window + 1
        if start < 0:
            continue
        while candidates[0] < start:
            candidates.popleft()
        best = candidates[0]
        if best != last:
            selected.append((hashes[best], best))
            last = best
    return selected


def extend_match(query: str, source: str, qpos: int, spos: int, k: int = K) -> tuple[int, int] | None:
    """Maximal exact run through an anchor pair, as (query_start, query_end); None on hash collision."""
    if query[qpos : qpos + k] != source[spos : spos + k]:
        return None
    qa, sa = qpos, spos
    while qa > 0 and sa > 0 and query[qa - 1] == source[sa - 1]:
        qa, sa = qa - 1, sa - 1
    qb, sb = qpos + k, spos + k
    while qb < len(query) and sb < len(source) and query[qb] == source[sb]:
        qb, sb = qb + 1, sb + 1
    return qa, qb


def covered(intervals: list[tuple[int, int]]) -> int:
    """Characters covered by the union of half-open intervals."""
    total, end = 0, -1
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total
