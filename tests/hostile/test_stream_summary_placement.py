"""Where a stream carries the `sluice` object, as docs/api.md says (issue 19, item 5): on the chunk
with `finish_reason`; with `include_usage` a usage-only chunk follows it, then `[DONE]`."""

from __future__ import annotations

import httpx
import msgspec
import pytest

from tests.support.scripted_upstream import Reply


@pytest.mark.parametrize("include_usage", [False, True], ids=["plain", "include_usage"])
def test_sluice_object_rides_on_the_finish_chunk(gateway, upstream, api_key: str, include_usage: bool) -> None:  # type: ignore[no-untyped-def]
    upstream.script(Reply(content="Sure.\n```python\nx = 1\n```\n", chunks=4))
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "x"}], "stream": True,
            **({"stream_options": {"include_usage": True}} if include_usage else {})}
    with httpx.stream("POST", gateway.url + "/v1/chat/completions", json=body, timeout=60,
                      headers={"authorization": f"Bearer {api_key}"}) as response:
        events = [line.removeprefix("data: ") for line in response.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [msgspec.json.decode(e) for e in events[:-1]]
    [finish] = [c for c in chunks if c["choices"] and c["choices"][0].get("finish_reason")]
    assert "sluice" in finish and [c for c in chunks if "sluice" in c] == [finish]
    if include_usage:
        assert chunks[-1]["choices"] == [] and "usage" in chunks[-1] and "sluice" not in chunks[-1]
        assert chunks[-2] is finish
    else:
        assert chunks[-1] is finish
