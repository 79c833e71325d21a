"""Request ids: the public format stays `req_` + 24 lowercase hex; the leading part is time-ordered
(so the audit trail's unique request-id index appends) and the rest unguessable."""

from __future__ import annotations

import re
import time

import httpx

from gateway.errors import new_request_id
from tests.support.servers import GatewayServer

FORMAT = re.compile(r"req_[0-9a-f]{24}")


def test_format_is_unchanged() -> None:
    for _ in range(1000):
        assert FORMAT.fullmatch(new_request_id())


def test_leading_part_is_the_time_in_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    stamp = int(new_request_id()[4:16], 16)
    after = time.time_ns() // 1_000_000
    assert before <= stamp <= after


def test_ids_made_later_sort_later() -> None:
    earlier = [new_request_id() for _ in range(100)]
    time.sleep(0.002)
    later = [new_request_id() for _ in range(100)]
    assert max(earlier) < min(later)


def test_random_part_is_48_fresh_bits() -> None:
    ids = [new_request_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    tails = {request_id[16:] for request_id in ids}
    assert len(tails) == len(ids)  # ids of the same millisecond differ in their random part
    # Every hex digit of the random part takes many values (not a counter, not constant).
    for position in range(16, 28):
        assert len({request_id[position] for request_id in ids}) == 16


def test_answers_carry_time_ordered_ids(gateway: GatewayServer, api_key: str) -> None:
    headers = {"authorization": f"Bearer {api_key}"}
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "hi"}]}
    seen = []
    with httpx.Client(base_url=gateway.url, headers=headers, timeout=30) as http:
        for _ in range(3):
            response = http.post("/v1/chat/completions", json=body)
            assert response.status_code == 200
            seen.append(response.headers["x-request-id"])
            time.sleep(0.002)
    assert all(FORMAT.fullmatch(request_id) for request_id in seen)
    assert seen == sorted(seen)
