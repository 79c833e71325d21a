"""The CPU runtime over real HTTP on loopback: vLLM's shapes, sampling controls, errors, metrics."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import openai
import pytest
import torch

from model_runtime.cpu.engine import CpuEngine
from tests.model_runtime.conftest import ThreadedRuntime

PROMPT = "import os\n\ndef main():"  # no trailing whitespace: no token healing (test_decoding)


def post(runtime: ThreadedRuntime, path: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(runtime.url + path, json=body, timeout=60, **kwargs)


def sse_events(response: httpx.Response) -> list[Any]:
    """Parse an SSE body into JSON payloads; the literal [DONE] is kept as a string."""
    assert response.headers["content-type"].startswith("text/event-stream")
    events = []
    for block in response.text.split("\n\n"):
        if not block:
            continue
        assert block.startswith("data: "), block
        data = block[len("data: ") :]
        events.append(data if data == "[DONE]" else json.loads(data))
    return events


@torch.inference_mode()
def greedy_ids(engine: CpuEngine, prompt: str, n: int) -> list[int]:
    """Reference greedy decoding without KV cache: an independent check of the engine's loop.

    Applies the model's default repetition penalty (generation_config.json) the way vLLM does:
    over every token of the prompt and the output so far.
    """
    ids = engine.tokenizer(prompt, return_tensors="pt")["input_ids"]
    penalty = engine.sampling_defaults.repetition_penalty
    out: list[int] = []
    for _ in range(n):
        logits = engine.model(input_ids=ids).logits[0, -1].float()
        seen = torch.zeros_like(logits, dtype=torch.bool)
        seen[ids[0]] = True
        logits = torch.where(seen, torch.where(logits > 0, logits / penalty, logits * penalty), logits)
        token = int(logits.argmax())
        out.append(token)
        ids = torch.cat([ids, torch.tensor([[token]])], dim=1)
    return out


# ------------------------------------------------------------------ shapes


def test_models_lists_the_served_model_with_max_model_len(
    runtime: ThreadedRuntime, engine: CpuEngine
) -> None:
    body = httpx.get(runtime.url + "/v1/models").json()
    assert body["object"] == "list"
    [card] = body["data"]
    assert card["id"] == "tiny" and card["object"] == "model"
    assert card["max_model_len"] == engine.max_model_len == engine.model.config.max_position_embeddings


def test_completion_has_vllms_shape(runtime: ThreadedRuntime) -> None:
    r = post(
        runtime,
        "/v1/completions",
        {"model": "tiny", "prompt": PROMPT, "max_tokens": 5, "seed": 1, "ignore_eos": True},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["object"] == "text_completion" and body["id"].startswith("cmpl-") and body["model"] == "tiny"
    [choice] = body["choices"]
    assert set(choice) == {"index", "text", "logprobs", "finish_reason", "stop_reason", "prompt_logprobs"}
    assert choice["finish_reason"] == "length" and choice["index"] == 0
    usage = body["usage"]
    assert usage["completion_tokens"] == 5
    assert usage["total_tokens"] == usage["prompt_tokens"] + 5


def test_completion_stream_with_include_usage(runtime: ThreadedRuntime) -> None:
    r = post(
        runtime,
        "/v1/completions",
        {
            "prompt": PROMPT,
            "max_tokens": 6,
            "seed": 3,
            "ignore_eos": True,
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    )
    events = sse_events(r)
    assert events[-1] == "[DONE]"
    usage_chunk, finish_chunk, text_chunks = events[-2], events[-3], events[:-3]
    assert usage_chunk["choices"] == [] and usage_chunk["usage"]["completion_tokens"] == 6
    assert finish_chunk["choices"][0]["finish_reason"] == "length"
    assert all(c["choices"][0]["finish_reason"] is None for c in text_chunks)
    assert len({e["id"] for e in events[:-1]}) == 1
    assert all(e["object"] == "text_completion" for e in events[:-1])
    streamed = "".join(c["choices"][0]["text"] for c in events[:-2])
    whole = post(
        runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 6, "seed": 3, "ignore_eos": True}
    ).json()
    assert streamed == whole["choices"][0]["text"]


def test_stream_without_include_usage_has_no_usage_chunk(runtime: ThreadedRuntime) -> None:
    events = sse_events(post(runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 3, "stream": True}))
    assert events[-1] == "[DONE]"
    assert all(e["choices"] for e in events[:-1])
    assert all("usage" not in e for e in events[:-1])


def test_chat_stream_through_the_openai_sdk(sdk: openai.OpenAI) -> None:
    messages: Any = [{"role": "user", "content": "Write a function that reads a file."}]
    stream = sdk.chat.completions.create(
        model="tiny",
        messages=messages,
        max_tokens=8,
        seed=7,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-2].choices[0].finish_reason in ("stop", "length")
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    whole = sdk.chat.completions.create(model="tiny", messages=messages, max_tokens=8, seed=7)
    assert whole.object == "chat.completion"
    assert whole.choices[0].message.role == "assistant"
    assert whole.choices[0].message.content == streamed
    assert whole.usage is not None and whole.usage.completion_tokens == chunks[-1].usage.completion_tokens


def test_chat_applies_the_models_chat_template(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello"}]
    body = post(runtime, "/v1/chat/completions", {"messages": messages, "max_tokens": 1}).json()
    rendered = engine.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert "[INST]" in rendered and "<<SYS>>" in rendered
    expected = len(engine.tokenizer(rendered, add_special_tokens=False)["input_ids"])
    assert body["usage"]["prompt_tokens"] == expected


# ------------------------------------------------------------------ sampling controls


def test_temperature_zero_is_greedy_decoding(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    ids = greedy_ids(engine, PROMPT, 12)
    body = post(
        runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 12, "temperature": 0, "ignore_eos": True}
    ).json()
    assert body["choices"][0]["text"] == engine.tokenizer.decode(ids, skip_special_tokens=True)


def test_tiny_top_p_keeps_only_the_most_likely_token(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    ids = greedy_ids(engine, PROMPT, 8)
    body = post(
        runtime,
        "/v1/completions",
        {"prompt": PROMPT, "max_tokens": 8, "temperature": 1.0, "top_p": 1e-6, "ignore_eos": True},
    ).json()
    assert body["choices"][0]["text"] == engine.tokenizer.decode(ids, skip_special_tokens=True)


def test_seed_makes_sampling_reproducible(runtime: ThreadedRuntime) -> None:
    def sample(seed: int) -> str:
        body = post(
            runtime,
            "/v1/completions",
            {"prompt": PROMPT, "max_tokens": 16, "temperature": 1.2, "seed": seed, "ignore_eos": True},
        ).json()
        return str(body["choices"][0]["text"])

    assert sample(11) == sample(11)
    assert len({sample(s) for s in (1, 2, 3)}) > 1


def test_stop_string_truncates_and_is_reported(runtime: ThreadedRuntime) -> None:
    base = {"prompt": PROMPT, "max_tokens": 24, "temperature": 0, "ignore_eos": True}
    full = post(runtime, "/v1/completions", base).json()["choices"][0]["text"]
    assert len(full) >= 8
    stop = full[4:7]
    for stream in (False, True):
        r = post(runtime, "/v1/completions", {**base, "stop": [stop], "stream": stream})
        if stream:
            events = sse_events(r)
            text = "".join(e["choices"][0]["text"] for e in events[:-1])
            choice = events[-2]["choices"][0]
        else:
            choice = r.json()["choices"][0]
            text = choice["text"]
        assert text == full[: full.index(stop)]
        assert choice["finish_reason"] == "stop" and choice["stop_reason"] == stop


def test_stop_token_ids_end_generation(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    ids = greedy_ids(engine, PROMPT, 10)
    target = ids.index(ids[-1])  # stop at the first occurrence of some generated token
    body = post(
        runtime,
        "/v1/completions",
        {
            "prompt": PROMPT,
            "max_tokens": 10,
            "temperature": 0,
            "ignore_eos": True,
            "stop_token_ids": [ids[target]],
        },
    ).json()
    choice = body["choices"][0]
    assert choice["finish_reason"] == "stop" and choice["stop_reason"] == ids[target]
    assert body["usage"]["completion_tokens"] == target + 1
    assert choice["text"] == engine.tokenizer.decode(ids[:target], skip_special_tokens=True)


def test_token_id_prompt_is_accepted(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    ids = engine.tokenizer(PROMPT)["input_ids"]
    by_ids = post(runtime, "/v1/completions", {"prompt": ids, "max_tokens": 4, "temperature": 0}).json()
    by_text = post(runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 4, "temperature": 0}).json()
    assert by_ids["choices"][0]["text"] == by_text["choices"][0]["text"]
    assert by_ids["usage"]["prompt_tokens"] == len(ids)


# ------------------------------------------------------------------ concurrency


def test_concurrent_requests_are_served_in_order_and_stay_independent(runtime: ThreadedRuntime) -> None:
    def run(seed: int) -> str:
        body = post(
            runtime,
            "/v1/completions",
            {"prompt": PROMPT, "max_tokens": 8, "seed": seed, "temperature": 1.0, "ignore_eos": True},
        ).json()
        return str(body["choices"][0]["text"])

    sequential = [run(s) for s in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(run, range(4)))
    assert concurrent == sequential


def test_waiting_requests_are_visible_in_metrics(runtime: ThreadedRuntime) -> None:
    seen_waiting = threading.Event()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            text = httpx.get(runtime.url + "/metrics").text
            if metric(text, "vllm:num_requests_waiting") >= 1:
                seen_waiting.set()
                return

    watcher = threading.Thread(target=watch)
    watcher.start()
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(
            pool.map(
                lambda _: post(
                    runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 40, "ignore_eos": True}
                ),
                range(3),
            )
        )
    done.set()
    watcher.join()
    assert seen_waiting.is_set()
    assert metric(httpx.get(runtime.url + "/metrics").text, "vllm:num_requests_running") == 0


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("path", "body", "param"),
    [
        ("/v1/completions", {"prompt": PROMPT, "max_tokens": "many"}, "max_tokens"),
        ("/v1/completions", {"prompt": PROMPT, "temperature": 9}, "temperature"),
        ("/v1/completions", {"prompt": PROMPT, "n": 3}, "n"),
        ("/v1/completions", {"prompt": ""}, "prompt"),
        ("/v1/completions", {"prompt": ["a", "b"]}, "prompt"),
        ("/v1/completions", {"prompt": PROMPT, "suffix": "x"}, "suffix"),
        ("/v1/completions", {"prompt": PROMPT, "stop": 5}, "stop"),
        ("/v1/completions", {"prompt": PROMPT, "stream_options": {"include_usage": True}}, "stream_options"),
        ("/v1/completions", {"prompt": PROMPT, "max_tokens": 10**6}, "max_tokens"),
        ("/v1/completions", {"prompt": [10**9]}, "prompt"),
        ("/v1/completions", {"prompt": PROMPT, "min_tokens": 4}, "min_tokens"),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_object"}},
            "response_format",
        ),
        ("/v1/chat/completions", {"messages": "not-a-list"}, "messages"),
        ("/v1/chat/completions", {"messages": [{"role": "wizard", "content": "x"}]}, "messages[0].role"),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": 5}]}, "messages[0].content"),
        ("/v1/chat/completions", {"messages": [{"role": "assistant", "content": "x"}]}, "messages"),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function"}]},
            "tools",
        ),
    ],
)
def test_bad_requests_get_openai_style_400s(
    runtime: ThreadedRuntime, path: str, body: dict[str, Any], param: str
) -> None:
    r = post(runtime, path, body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["code"] == 400 and error["param"] == param and error["message"]


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_bodies_get_400(runtime: ThreadedRuntime, raw: bytes) -> None:
    r = httpx.post(runtime.url + "/v1/completions", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == 400


def test_unknown_model_is_404(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="does not exist"):
        sdk.completions.create(model="gpt-9", prompt="x", max_tokens=1)


def test_sdk_surfaces_context_length_errors(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="maximum context length"):
        sdk.completions.create(model="tiny", prompt="x " * 5000, max_tokens=1)


# ------------------------------------------------------------------ health and metrics


def metric(text: str, name: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_health_is_200_with_empty_body(runtime: ThreadedRuntime) -> None:
    r = httpx.get(runtime.url + "/health")
    assert r.status_code == 200 and r.content == b""


def test_metrics_count_tokens_and_latency(runtime: ThreadedRuntime) -> None:
    before = httpx.get(runtime.url + "/metrics").text
    body = post(runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 7, "ignore_eos": True}).json()
    after = httpx.get(runtime.url + "/metrics").text
    assert "vllm:time_to_first_token_seconds_bucket" in after
    assert "_created" not in after
    assert metric(after, "vllm:generation_tokens_total") - metric(before, "vllm:generation_tokens_total") == 7
    assert (
        metric(after, "vllm:prompt_tokens_total") - metric(before, "vllm:prompt_tokens_total")
        == (body["usage"]["prompt_tokens"])
    )
    for name in ("vllm:time_to_first_token_seconds_count", "vllm:e2e_request_latency_seconds_count"):
        assert metric(after, name) == metric(before, name) + 1


def aborted_requests(runtime: ThreadedRuntime) -> float:
    prefix = 'vllm:request_success_total{finished_reason="abort"'
    text = httpx.get(runtime.url + "/metrics").text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_client_disconnect_aborts_generation(runtime: ThreadedRuntime) -> None:
    before = aborted_requests(runtime)
    with httpx.stream(
        "POST",
        runtime.url + "/v1/completions",
        timeout=60,
        json={"prompt": PROMPT, "max_tokens": 200, "stream": True, "ignore_eos": True},
    ) as r:
        next(r.iter_lines())
    for _ in range(100):
        if aborted_requests(runtime) > before:
            break
        threading.Event().wait(0.1)
    assert aborted_requests(runtime) == before + 1
    assert metric(httpx.get(runtime.url + "/metrics").text, "vllm:num_requests_running") == 0


def test_api_key_guards_v1_but_not_health(engine: CpuEngine) -> None:
    server = ThreadedRuntime(CpuEngine(engine.model_dir, "tiny", threads=1), api_key="k-123").start()
    try:
        assert httpx.get(server.url + "/v1/models").status_code == 401
        wrong = httpx.get(server.url + "/v1/models", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = httpx.get(server.url + "/v1/models", headers={"Authorization": "Bearer k-123"})
        assert ok.status_code == 200
        assert httpx.get(server.url + "/health").status_code == 200
    finally:
        server.stop()


def test_dead_engine_fails_health_and_requests_with_503(engine: CpuEngine) -> None:
    server = ThreadedRuntime(CpuEngine(engine.model_dir, "tiny", threads=1)).start()
    try:
        server.engine.stop()  # the worker thread ends, as if it had crashed
        assert httpx.get(server.url + "/health").status_code == 503
        r = post(server, "/v1/completions", {"prompt": PROMPT, "max_tokens": 2})
        assert r.status_code == 503 and r.json()["error"]["code"] == 503
    finally:
        server.stop()


def test_huge_and_negative_seeds_are_accepted(runtime: ThreadedRuntime) -> None:
    for seed in (-1, 2**70):
        r = post(runtime, "/v1/completions", {"prompt": PROMPT, "max_tokens": 2, "seed": seed})
        assert r.status_code == 200, r.text
