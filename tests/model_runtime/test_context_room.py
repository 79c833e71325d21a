"""Issue 19 items 3 and 11: a request without max_tokens gets the room its prompt leaves, as vLLM
gives it, and the context is the runtime profile's. Driven through the real gateway into the CPU
runtime with the bundled model, which enforces its 1,024-token context exactly like vLLM."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.settings import ConfigError, DatabaseSettings, ModelSettings, Settings, parse_config
from model_runtime.cpu.engine import CpuEngine
from tests.model_runtime.conftest import ThreadedRuntime
from tests.support import db
from tests.support.servers import GatewayServer

MODEL = "sluice-tiny-code"


@pytest.fixture(scope="module")
def gateway(runtime: ThreadedRuntime, fresh_database: Any) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database("sqlite")
    # The config's default context (4096) is larger than the profile's 1,024 and its cap (512)
    # does not fit a long prompt: what aider met.
    model = ModelSettings(name=MODEL, upstream=runtime.url + "/v1", upstream_model="tiny", profile=MODEL,
                          max_tokens=512)
    db.create_tenant(url, "room")
    server = GatewayServer(Settings(database=DatabaseSettings(url=url), models=(model,))).start()
    try:
        yield server, db.create_key(url, "room")
    finally:
        server.stop()


def prompt_of(engine: CpuEngine, tokens: int) -> str:
    """A completion prompt the runtime counts as exactly `tokens` tokens."""
    text = "x = 1\n" * tokens
    ids = engine.tokenizer(text, add_special_tokens=False)["input_ids"][:tokens]
    prompt: str = engine.tokenizer.decode(ids)
    assert len(engine.tokenizer(prompt, add_special_tokens=False)["input_ids"]) == tokens
    return prompt


def test_a_long_prompt_without_max_tokens_gets_the_room_left(gateway, engine: CpuEngine) -> None:  # type: ignore[no-untyped-def]
    server, key = gateway
    response = httpx.post(server.url + "/v1/completions", headers={"authorization": f"Bearer {key}"}, timeout=120,
                          json={"model": MODEL, "prompt": prompt_of(engine, 980), "temperature": 0})
    assert response.status_code == 200, response.text[:500]
    usage = response.json()["usage"]
    assert usage["prompt_tokens"] >= 980 and usage["prompt_tokens"] + usage["completion_tokens"] <= 1024


def test_a_short_prompt_without_max_tokens_is_capped(gateway, engine: CpuEngine, runtime) -> None:  # type: ignore[no-untyped-def]
    server, key = gateway
    response = httpx.post(server.url + "/v1/completions", headers={"authorization": f"Bearer {key}"}, timeout=120,
                          json={"model": MODEL, "prompt": "import os\n", "temperature": 0, "stop": ["\n\n"]})
    assert response.status_code == 200, response.text[:500]
    assert response.json()["usage"]["completion_tokens"] <= 512


def test_models_report_the_profiles_context(gateway) -> None:  # type: ignore[no-untyped-def]
    server, key = gateway
    models = httpx.get(server.url + "/v1/models", headers={"authorization": f"Bearer {key}"}, timeout=30).json()
    assert [m["max_model_len"] for m in models["data"]] == [1024]


def test_config_takes_the_profiles_context_and_refuses_what_cannot_fit() -> None:
    base = {"name": MODEL, "upstream": "http://127.0.0.1:9/v1", "profile": MODEL}
    [model] = parse_config({"models": [base]}).models
    assert (model.max_context, model.max_tokens) == (1024, 512)  # from the profile; the cap fits it
    with pytest.raises(ConfigError, match=r"models\[0\]\.max_context"):
        parse_config({"models": [{**base, "max_context": 4096}]})
    with pytest.raises(ConfigError, match=r"models\[0\]\.max_tokens"):
        parse_config({"models": [{**base, "max_tokens": 1024}]})
    with pytest.raises(ConfigError, match=r"models\[0\]\.max_tokens"):
        parse_config({"models": [{"name": "m", "upstream": "http://h/v1", "max_context": 2048, "max_tokens": 4096}]})
