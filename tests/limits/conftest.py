"""Limiter fixtures: each test runs against the in-process backend and a real redis-server."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator

import pytest

from gateway.limits import InProcessLimiter, Limiter, RedisLimiter
from tests.support.redis import RedisServer

_prefixes = itertools.count()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI (scripts/ensure-system-deps.sh installs it)")
        pytest.skip("redis-server not installed")
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


def fresh_prefix() -> str:
    return f"test{os.getpid()}:{next(_prefixes)}:"


@pytest.fixture(params=["memory", "redis"])
def make_limiter(request: pytest.FixtureRequest) -> Callable[[], Limiter]:
    """Factory of fresh limiters (own keys); build and close them inside the test's event loop."""
    if request.param == "memory":
        return InProcessLimiter
    server = request.getfixturevalue("redis_server")
    return lambda: RedisLimiter(server.url, prefix=fresh_prefix())
