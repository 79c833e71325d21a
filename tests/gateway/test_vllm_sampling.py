"""vLLM's extra sampling parameters pass the gateway (issue 18: the bundled model's repetition penalty and
min_p can be overridden per request, as vLLM allows), bounded, and named when out of range."""

from __future__ import annotations

import httpx
import pytest

from tests.support.scripted_upstream import Reply

MESSAGES = [{"role": "user", "content": "write a function that sums a list"}]


def post(gateway, api_key: str, path: str, body: dict) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(gateway.url + path, json=body, headers={"authorization": f"Bearer {api_key}"}, timeout=60)


@pytest.mark.parametrize("path, extra", [
    ("/v1/chat/completions", {"messages": MESSAGES}),
    ("/v1/completions", {"prompt": "def total(values):"}),
], ids=["chat", "completions"])
def test_repetition_penalty_and_min_p_reach_the_runtime(gateway, upstream, api_key: str, path: str,
                                                         extra: dict) -> None:
    upstream.script(Reply(content="    return sum(values)\n"))
    body = {"model": "codellama-7b", "max_tokens": 16, "repetition_penalty": 1.3, "min_p": 0.05, **extra}
    response = post(gateway, api_key, path, body)
    assert response.status_code == 200, response.text
    sent = upstream.state.requests[-1]["body"]
    assert sent["repetition_penalty"] == 1.3 and sent["min_p"] == 0.05


def test_unset_they_are_not_sent_so_the_runtime_default_applies(gateway, upstream, api_key: str) -> None:
    upstream.script(Reply(content="fine"))
    assert post(gateway, api_key, "/v1/chat/completions", {"model": "codellama-7b", "messages": MESSAGES}).is_success
    sent = upstream.state.requests[-1]["body"]
    assert "repetition_penalty" not in sent and "min_p" not in sent


@pytest.mark.parametrize("field, value", [("repetition_penalty", 0), ("repetition_penalty", 50), ("min_p", 1.5)])
def test_out_of_range_values_are_refused_naming_the_field(gateway, upstream, api_key: str, field: str,
                                                          value: float) -> None:
    upstream.script()
    response = post(gateway, api_key, "/v1/chat/completions",
                    {"model": "codellama-7b", "messages": MESSAGES, field: value})
    assert response.status_code == 400 and response.json()["error"]["param"] == field
    assert upstream.state.requests == []
