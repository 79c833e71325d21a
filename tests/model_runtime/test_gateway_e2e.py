"""End to end: the official openai SDK -> the real gateway -> the CPU runtime with the bundled model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest

from gateway.settings import DatabaseSettings, ModelSettings, Settings
from model_runtime.cpu.engine import CpuEngine
from model_runtime.fim import build_infill_prompt
from model_runtime.profiles import load_profile
from tests.model_runtime.conftest import ThreadedRuntime
from tests.support import db
from tests.support.servers import GatewayServer

MODEL = "sluice-tiny-code"


@pytest.fixture(scope="module")
def gateway_to_runtime(runtime: ThreadedRuntime, fresh_database: Any) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database("sqlite")
    settings = Settings(
        database=DatabaseSettings(url=url),
        models=(
            ModelSettings(
                name=MODEL,
                upstream=runtime.url + "/v1",
                upstream_model="tiny",
                profile=MODEL,
                max_context=1024,
                max_tokens=64,
            ),
        ),
    )
    db.create_tenant(url, "e2e-runtime")
    key = db.create_key(url, "e2e-runtime")
    server = GatewayServer(settings).start()
    try:
        yield server, key
    finally:
        server.stop()


@pytest.fixture
def client(gateway_to_runtime: tuple[GatewayServer, str]) -> openai.OpenAI:
    server, key = gateway_to_runtime
    return openai.OpenAI(base_url=server.url + "/v1", api_key=key, max_retries=0, timeout=60)


def test_completion_through_the_gateway(client: openai.OpenAI) -> None:
    result = client.completions.create(
        model=MODEL, prompt="import os\n\ndef main():\n", max_tokens=12, seed=5
    )
    assert result.model == MODEL
    assert result.usage is not None and result.usage.completion_tokens > 0
    assert result.choices[0].finish_reason in ("stop", "length")


def test_streamed_chat_through_the_gateway(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Write a function that reads a file."}],
        max_tokens=16,
        seed=5,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert any(c.choices and c.choices[0].finish_reason for c in chunks)


def test_fill_in_the_middle_through_the_gateway(client: openai.OpenAI, engine: CpuEngine) -> None:
    prefix, suffix = "def join(base, name):\n    ", "\n    return path\n"
    result = client.completions.create(
        model=MODEL, prompt=prefix, suffix=suffix, max_tokens=24, temperature=0
    )
    infill = build_infill_prompt(load_profile(MODEL), prefix, suffix)
    assert result.usage is not None
    assert result.usage.prompt_tokens == len(engine.tokenizer(infill.prompt)["input_ids"])
    assert "<EOT>" not in result.choices[0].text and "<MID>" not in result.choices[0].text


# A prompt `make run` can print (gateway/demo.py): the bundled model's own greedy answer to it is
# `os.system(command)`, which the gateway's scanners withhold. Pins that property of the model.
DEMO_PROMPT = "import os\n\n\ndef run_command(command):\n    return os.system("


def test_the_bundled_models_insecure_completion_is_withheld(client: openai.OpenAI, model_dir: Any) -> None:
    if model_dir.name != MODEL:
        pytest.skip("needs the bundled model's own output")
    with pytest.raises(openai.PermissionDeniedError) as blocked:
        client.completions.create(model=MODEL, prompt=DEMO_PROMPT, max_tokens=32, temperature=0)
    body = blocked.value.body
    assert isinstance(body, dict) and body["findings"], body
