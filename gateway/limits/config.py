"""Parse limits from policy or config data, and size a request's token reservation.

    limits:
      tenant: {requests_per_minute: 600, tokens_per_minute: 200000, tokens_per_day: 5000000,
               concurrent_requests: 32}
      key: {requests_per_minute: 120, concurrent_requests: 8}
      fail_open: false        # shared limiter down: refuse (503) unless true
"""

from __future__ import annotations

import math
from typing import Any

from gateway.limits.types import LimitPolicy, Limits

_LIMIT_FIELDS = ("requests_per_minute", "tokens_per_minute", "tokens_per_day", "concurrent_requests")
CHARS_PER_TOKEN = 3  # conservative for code (BPE tokenizers average 3-4 characters per token)


class LimitConfigError(ValueError):
    """Invalid limits; the message names the field."""


def _limits(where: str, raw: Any) -> Limits:
    if raw is None:
        return Limits()
    if not isinstance(raw, dict):
        raise LimitConfigError(f"{where}: expected a mapping")
    unknown = set(raw) - set(_LIMIT_FIELDS)
    if unknown:
        raise LimitConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key, value in raw.items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise LimitConfigError(f"{where}.{key}: expected a non-negative integer or null, got {value!r}")
    return Limits(**raw)


def parse_limit_policy(where: str, raw: Any) -> LimitPolicy:
    """`raw`: the `limits:` mapping (None: unlimited); `where` names it in errors ('policy acme: limits')."""
    if raw is None:
        return LimitPolicy()
    if not isinstance(raw, dict):
        raise LimitConfigError(f"{where}: expected a mapping")
    unknown = set(raw) - {"tenant", "key", "fail_open"}
    if unknown:
        raise LimitConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    fail_open = raw.get("fail_open", False)
    if not isinstance(fail_open, bool):
        raise LimitConfigError(f"{where}.fail_open: expected true or false")
    return LimitPolicy(tenant=_limits(f"{where}.tenant", raw.get("tenant")),
                       key=_limits(f"{where}.key", raw.get("key")), fail_open=fail_open)


def reserve_tokens(prompt_chars: int, max_tokens: int, n: int = 1) -> int:
    """Tokens to reserve at admission: a generous prompt estimate + the most the completion may use.

    Reserving `max_tokens` up front (as Azure OpenAI counts TPM) means a stream can never run
    past a quota mid-way; `settle` refunds the difference with the upstream's real usage.
    """
    return math.ceil(max(0, prompt_chars) / CHARS_PER_TOKEN) + max(0, max_tokens) * max(1, n)
