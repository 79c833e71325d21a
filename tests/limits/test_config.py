"""Limits from policy data: parsing with clear errors; reservation sizing."""

from __future__ import annotations

import pytest

from gateway.limits import LimitPolicy, Limits
from gateway.limits.config import LimitConfigError, parse_limit_policy, reserve_tokens


def test_parse_full_policy() -> None:
    raw = {"tenant": {"requests_per_minute": 600, "tokens_per_day": 5_000_000},
           "key": {"concurrent_requests": 8, "tokens_per_minute": None}, "fail_open": True}
    assert parse_limit_policy("limits", raw) == LimitPolicy(
        tenant=Limits(requests_per_minute=600, tokens_per_day=5_000_000),
        key=Limits(concurrent_requests=8), fail_open=True)
    assert parse_limit_policy("limits", None).unlimited


@pytest.mark.parametrize(("raw", "message"), [
    ([1], "limits: expected a mapping"),
    ({"tenants": {}}, "unknown field\\(s\\) tenants"),
    ({"tenant": {"rpm": 3}}, "limits.tenant: unknown field\\(s\\) rpm"),
    ({"key": {"requests_per_minute": -1}}, "limits.key.requests_per_minute: expected a non-negative"),
    ({"key": {"tokens_per_day": "many"}}, "limits.key.tokens_per_day"),
    ({"fail_open": "yes"}, "fail_open: expected true or false"),
])
def test_bad_limits_name_the_field(raw: object, message: str) -> None:
    with pytest.raises(LimitConfigError, match=message):
        parse_limit_policy("limits", raw)


def test_reservation_covers_prompt_and_every_choice() -> None:
    assert reserve_tokens(prompt_chars=300, max_tokens=256) == 100 + 256
    assert reserve_tokens(prompt_chars=1, max_tokens=10, n=3) == 1 + 30
    assert reserve_tokens(prompt_chars=0, max_tokens=0) == 0
