"""Limiter fixtures: each test runs against the in-process backend and a real redis-server."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

import pytest

from gateway.limits import InProcessLimiter, Limiter, RedisLimiter

_prefixes = itertools.count()


def fresh_prefix() -> str:
    return f"test{os.getpid()}:{next(_prefixes)}:"


@pytest.fixture(params=["memory", "redis"])
def make_limiter(request: pytest.FixtureRequest) -> Callable[[], Limiter]:
    """Factory of fresh limiters (own keys); build and close them inside the test's event loop."""
    if request.param == "memory":
        return InProcessLimiter
    server = request.getfixturevalue("redis_server")
    return lambda: RedisLimiter(server.url, prefix=fresh_prefix())
