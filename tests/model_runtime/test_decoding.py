"""Decoding that does not degenerate, through the CPU runtime's HTTP server: vLLM's repetition
penalty (default from generation_config.json, overridable per request) and chat answers that stop
once their code block closes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from model_runtime.cpu.engine import CpuEngine, sampling_defaults
from model_runtime.cpu.fences import FenceWatcher
from model_runtime.cpu.sampling import NgramBlocker, SamplingParams, apply_repetition_penalty
from tests.model_runtime.conftest import ThreadedRuntime
from tests.model_runtime.test_cpu_server import post, sse_events

# A prompt whose own tokens are the likeliest continuation, so a penalty visibly changes the choice.
REPEATING = "x = 1\nx = 1\nx = 1\nx = 1\nx = 1\nx"


def prompt_ids(engine: CpuEngine, text: str) -> list[int]:
    return list(engine.tokenizer(text)["input_ids"])


@torch.inference_mode()
def first_greedy_token(engine: CpuEngine, ids: list[int], penalty: float) -> int:
    """Independent reference: vLLM's formula applied by hand to the model's next-token logits."""
    logits = engine.model(input_ids=torch.tensor([ids])).logits[0, -1].float()
    n = engine.no_repeat_ngram_size  # the bundled model sets one: apply it too, independently
    if n:
        tail = ids[len(ids) - n + 1 :]
        for i in range(len(ids) - n + 1):
            if ids[i : i + n - 1] == tail:
                logits[ids[i + n - 1]] = float("-inf")
    if penalty != 1.0:
        seen = torch.zeros_like(logits, dtype=torch.bool)
        seen[torch.tensor(ids)] = True
        logits = torch.where(seen, torch.where(logits > 0, logits / penalty, logits * penalty), logits)
    return int(logits.argmax())


def complete(runtime: ThreadedRuntime, ids: list[int], **extra: Any) -> str:
    body = {"prompt": ids, "max_tokens": 1, "temperature": 0, "ignore_eos": True, **extra}
    response = post(runtime, "/v1/completions", body)
    assert response.status_code == 200, response.text
    return str(response.json()["choices"][0]["text"])


def test_request_repetition_penalty_follows_vllms_formula(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    ids = prompt_ids(engine, "x = 1\ny = x\nx")  # too short to trigger the bundled no_repeat_ngram_size
    plain, penalized = first_greedy_token(engine, ids, 1.0), first_greedy_token(engine, ids, 8.0)
    assert penalized != plain  # the penalty really does change the choice here
    decode = engine.tokenizer.decode
    assert complete(runtime, ids, repetition_penalty=1.0) == decode([plain])
    assert complete(runtime, ids, repetition_penalty=8.0) == decode([penalized])


def test_repetition_penalty_scales_seen_logits_by_sign() -> None:
    logits = torch.tensor([2.0, -2.0, 2.0, -2.0])
    seen = torch.tensor([True, True, False, False])
    out = apply_repetition_penalty(logits, seen, 2.0)
    assert out.tolist() == [1.0, -4.0, 2.0, -2.0]


@pytest.fixture(scope="module")
def penalized_dir(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("penalized") / "model"
    shutil.copytree(model_dir, copy)
    config_file = copy / "generation_config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    config.update({"repetition_penalty": 8.0, "top_k": 0, "do_sample": True})
    config_file.write_text(json.dumps(config))
    return copy


@pytest.fixture(scope="module")
def penalized_runtime(penalized_dir: Path) -> Iterator[ThreadedRuntime]:
    server = ThreadedRuntime(CpuEngine(penalized_dir, "tiny", threads=1)).start()
    try:
        yield server
    finally:
        server.stop()


def test_generation_config_sets_defaults_that_requests_override(
    penalized_runtime: ThreadedRuntime, penalized_dir: Path
) -> None:
    engine = penalized_runtime.engine
    # Only fields the file sets count (vLLM ignores transformers' implicit top_k=50 and the like).
    assert sampling_defaults(penalized_dir) == SamplingParams(repetition_penalty=8.0)
    ids = prompt_ids(engine, REPEATING)
    decode = engine.tokenizer.decode
    assert complete(penalized_runtime, ids) == decode([first_greedy_token(engine, ids, 8.0)])
    assert complete(penalized_runtime, ids, repetition_penalty=1) == decode([first_greedy_token(engine, ids, 1.0)])


def test_bundled_generation_config_sets_a_mild_repetition_penalty(model_dir: Path) -> None:
    defaults = sampling_defaults(model_dir)
    assert 1.0 < defaults.repetition_penalty <= 1.3


@pytest.mark.parametrize("value", [0, -1, 11, "1.1", True])
def test_bad_repetition_penalty_is_a_400(runtime: ThreadedRuntime, value: Any) -> None:
    response = post(runtime, "/v1/completions", {"prompt": "x", "repetition_penalty": value})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "repetition_penalty"


# ------------------------------------------------------------------ code fences


def test_fence_watcher_cuts_right_after_the_closing_fence() -> None:
    watcher = FenceWatcher()
    assert watcher.feed(" ```python\n") is None
    assert watcher.feed("x = '```'\n```python\n") is None  # not bare: content, not a close
    assert watcher.feed("y = 2\n``") is None
    assert watcher.feed("`") is None  # unconfirmed until the line ends
    assert watcher.feed("\nmore text") == 0  # the fence was already sent; keep nothing more
    other = FenceWatcher()
    assert other.feed("Sure:\n```\nx = 1\n```\n\nExplanation") == len("Sure:\n```\nx = 1\n```")


class ScriptedModel(torch.nn.Module):
    """A causal LM that always says ``script`` (then EOS): makes the chat-answer tests exact.

    Everything else - HTTP server, engine loop, detokenizer, fence detection - is the real runtime.
    """

    def __init__(self, real: Any, script: list[int]) -> None:
        super().__init__()
        self.config, self.generation_config = real.config, real.generation_config
        self.script = script

    def forward(
        self, input_ids: torch.Tensor, past_key_values: Any = None, cache: Any = None, **_: Any
    ) -> ScriptedOutput:
        step = past_key_values or cache or 0  # the "cache" is just how many tokens were produced
        token = self.script[step] if step < len(self.script) else self.config.eos_token_id
        logits = torch.full((1, 1, self.config.vocab_size), -10.0)
        logits[0, 0, token] = 10.0
        return ScriptedOutput(logits=logits, past_key_values=step + 1, cache=step + 1)


class ScriptedOutput(dict[str, Any]):
    """Like transformers' ModelOutput: keys readable as attributes too."""

    def __getattr__(self, name: str) -> Any:
        return self[name]


ANSWER = " ```python\ndef add(a, b):\n    return a + b\n```\nThis function adds two numbers.\n```python\nadd(1, 2)\n"


@pytest.fixture(scope="module")
def scripted_runtime(model_dir: Path) -> Iterator[ThreadedRuntime]:
    engine = CpuEngine(model_dir, "tiny", threads=1)
    script = list(engine.tokenizer(ANSWER, add_special_tokens=False)["input_ids"])
    engine.model = ScriptedModel(engine.model, script)
    server = ThreadedRuntime(engine).start()
    try:
        yield server
    finally:
        server.stop()


CHAT = {"messages": [{"role": "user", "content": "Write add."}], "max_tokens": 200, "temperature": 0}


def test_chat_answer_stops_once_its_code_block_closes(scripted_runtime: ThreadedRuntime) -> None:
    expected = ANSWER[: ANSWER.index("```\nThis") + 3]
    body = post(scripted_runtime, "/v1/chat/completions", CHAT).json()
    choice = body["choices"][0]
    assert choice["message"]["content"] == expected
    assert choice["finish_reason"] == "stop" and choice["stop_reason"] == "```"
    events = sse_events(post(scripted_runtime, "/v1/chat/completions", {**CHAT, "stream": True}))
    chunks = [e for e in events if e != "[DONE]" and e["choices"]]
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks) == expected
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_completions_and_ignore_eos_chats_run_past_a_closed_fence(scripted_runtime: ThreadedRuntime) -> None:
    ids = list(scripted_runtime.engine.tokenizer("x")["input_ids"])
    text = post(scripted_runtime, "/v1/completions", {"prompt": ids, "max_tokens": 200, "temperature": 0}).json()
    assert text["choices"][0]["text"] == ANSWER and text["choices"][0]["finish_reason"] == "stop"
    body = post(scripted_runtime, "/v1/chat/completions", {**CHAT, "max_tokens": 60, "ignore_eos": True}).json()
    assert "This function adds" in body["choices"][0]["message"]["content"]


# ------------------------------------------------------------------ token healing


@torch.inference_mode()
def test_prompt_ending_in_whitespace_is_token_healed(runtime: ThreadedRuntime, engine: CpuEngine) -> None:
    prompt = "import os\n\n\ndef read_config(path):\n"
    ids = prompt_ids(engine, prompt)
    trailing = engine.tokenizer.decode([ids[-1]])
    assert trailing.isspace()
    # Reference: take the trailing token back, let only tokens that start with its text come first.
    logits = engine.model(input_ids=torch.tensor([ids[:-1]])).logits[0, -1]
    allowed = torch.tensor([engine.tokenizer.decode([i]).startswith(trailing) for i in range(logits.numel())])
    healed = int(logits.masked_fill(~allowed, float("-inf")).argmax())
    base = engine.tokenizer.decode(ids[:-1])
    expected = engine.tokenizer.decode([*ids[:-1], healed])[len(base) :][len(trailing) :]
    unhealed = engine.tokenizer.decode([int(engine.model(input_ids=torch.tensor([ids])).logits[0, -1].argmax())])
    assert expected != unhealed  # healing changes what the model says here
    for prompt_form in (prompt, ids):
        body = post(
            runtime,
            "/v1/completions",
            {"prompt": prompt_form, "max_tokens": 1, "temperature": 0, "repetition_penalty": 1, "ignore_eos": True},
        ).json()
        assert body["choices"][0]["text"] == expected
        assert body["usage"]["prompt_tokens"] == len(ids)  # as the client sent it


# ------------------------------------------------------------------ no_repeat_ngram_size


def test_ngram_blocker_bans_the_tokens_that_would_repeat_an_ngram() -> None:
    blocker = NgramBlocker(3, [5, 6, 7, 5, 6])
    assert blocker.banned() == [7]  # 5 6 7 already occurred
    blocker.add(8)
    assert blocker.banned() == []  # 6 8 is new
    assert NgramBlocker(3, [1]).banned() == []


@pytest.fixture(scope="module")
def ngram_runtime(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedRuntime]:
    copy = tmp_path_factory.mktemp("ngram") / "model"
    shutil.copytree(model_dir, copy)
    config_file = copy / "generation_config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    config["no_repeat_ngram_size"] = 2
    config_file.write_text(json.dumps(config))
    server = ThreadedRuntime(CpuEngine(copy, "tiny", threads=1)).start()
    try:
        yield server
    finally:
        server.stop()


@torch.inference_mode()
def test_no_repeat_ngram_size_from_generation_config_is_honoured(ngram_runtime: ThreadedRuntime) -> None:
    engine = ngram_runtime.engine
    ids = prompt_ids(engine, REPEATING)
    logits = engine.model(input_ids=torch.tensor([ids])).logits[0, -1]
    banned = {ids[i + 1] for i in range(len(ids) - 1) if ids[i] == ids[-1]}
    assert int(logits.argmax()) in banned  # unblocked, the model would repeat a bigram
    expected = int(logits.index_fill(0, torch.tensor(sorted(banned)), float("-inf")).argmax())
    assert complete(ngram_runtime, ids, repetition_penalty=1) == engine.tokenizer.decode([expected])
