"""Issue 19 item 12: a 429 from the concurrency limit carries x-ratelimit-* headers (limit,
remaining, reset of the concurrency limit, plus the requests/tokens trios when those are
limited too) like every other 429, on both backends and through the real gateway."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from gateway.limits import Limiter, LimitPolicy, Limits, LimitSubject, RateLimited
from gateway.settings import DatabaseSettings, ModelSettings, Settings
from tests.limits.test_limiter import MakeLimiter, burst, run
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer


def test_concurrency_refusal_has_ratelimit_headers(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(key=Limits(concurrent_requests=2))

    async def scenario(limiter: Limiter) -> None:
        admitted, rejected = await burst(limiter, 4, policy)
        assert len(admitted) == 2 and len(rejected) == 2
        headers = rejected[0].headers
        assert headers["x-ratelimit-limit-concurrency"] == "2"
        assert headers["x-ratelimit-remaining-concurrency"] == "0"
        assert headers["x-ratelimit-reset-concurrency"] == "1s"
        assert headers["retry-after"] == "1"

    run(make_limiter, scenario)


def test_concurrency_refusal_also_reports_the_rate_limits(make_limiter: MakeLimiter) -> None:
    policy = LimitPolicy(tenant=Limits(concurrent_requests=5),
                         key=Limits(requests_per_minute=100, tokens_per_minute=1000, concurrent_requests=1))
    subject = LimitSubject(4, "k")

    async def scenario(limiter: Limiter) -> None:
        await limiter.admit(subject, policy, 10)
        with pytest.raises(RateLimited) as refused:
            await limiter.admit(subject, policy, 10)
        headers = refused.value.headers
        assert refused.value.limit == "concurrency" and refused.value.scope == "key"
        assert headers["x-ratelimit-limit-concurrency"] == "1"  # the key's cap, not the tenant's
        assert headers["x-ratelimit-limit-requests"] == "100"
        assert headers["x-ratelimit-limit-tokens"] == "1000"

    run(make_limiter, scenario)


def test_zero_concurrency_has_no_reset(make_limiter: MakeLimiter) -> None:
    async def scenario(limiter: Limiter) -> None:
        with pytest.raises(RateLimited) as refused:
            await limiter.admit(LimitSubject(1, "k"), LimitPolicy(key=Limits(concurrent_requests=0)), 1)
        headers = refused.value.headers
        assert headers["x-ratelimit-limit-concurrency"] == "0"
        assert "x-ratelimit-reset-concurrency" not in headers and "retry-after" not in headers

    run(make_limiter, scenario)


def _wait_until_upstream_called(upstream: ScriptedUpstream) -> None:
    deadline = time.monotonic() + 20
    while not upstream.state.requests:
        assert time.monotonic() < deadline, "the held request never reached the upstream"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def one_at_a_time(fresh_database, upstream: ScriptedUpstream) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database("sqlite")
    settings = Settings(
        database=DatabaseSettings(url=url),
        policies_dir=Path(__file__).parents[2] / "policies",
        models=(ModelSettings(name="held", upstream=upstream.base_url, max_tokens=16),),
        limits=LimitPolicy(key=Limits(concurrent_requests=1)),
    )
    server = GatewayServer(settings).start()
    try:
        yield server, url
    finally:
        server.stop()


def test_gateway_concurrency_429_has_the_headers(one_at_a_time, upstream: ScriptedUpstream) -> None:
    server, url = one_at_a_time
    db.create_tenant(url, "conc")
    key = db.create_key(url, "conc")
    upstream.script(Reply(content="slow answer", delay_s=1.5))
    body = {"model": "held", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8}
    auth = {"authorization": f"Bearer {key}"}
    held: list[httpx.Response] = []
    first = threading.Thread(target=lambda: held.append(
        httpx.post(server.url + "/v1/chat/completions", json=body, headers=auth, timeout=30)))
    first.start()
    try:
        _wait_until_upstream_called(upstream)  # the first request holds the slot while it generates
        refused = httpx.post(server.url + "/v1/chat/completions", json=body, headers=auth, timeout=30)
    finally:
        first.join(30)
    assert held and held[0].status_code == 200
    assert refused.status_code == 429, refused.text
    assert refused.json()["error"]["type"] == "rate_limit_error"
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["x-ratelimit-limit-concurrency"] == "1"
    assert refused.headers["x-ratelimit-remaining-concurrency"] == "0"
    assert refused.headers["x-ratelimit-reset-concurrency"] == "1s"
    [row] = db.audit_rows(url, request_id=refused.headers["x-request-id"])
    assert row.status_code == 429
    # The OpenAI SDK sees a RateLimitError it may back off from.
    upstream.script(Reply(content="slow again", delay_s=1.5))
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0)
    second = threading.Thread(target=lambda: httpx.post(server.url + "/v1/chat/completions", json=body,
                                                        headers=auth, timeout=30))
    second.start()
    try:
        _wait_until_upstream_called(upstream)
        with pytest.raises(openai.RateLimitError) as raised:
            client.chat.completions.create(model="held", messages=[{"role": "user", "content": "x"}], max_tokens=8)
        assert raised.value.response.headers["x-ratelimit-limit-concurrency"] == "1"
    finally:
        second.join(30)
