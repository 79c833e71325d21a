"""Fixtures: the bundled model (or a random tiny Llama while it is untrained) served on loopback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from model_runtime.cpu.engine import CpuEngine
from model_runtime.cpu.server import start_server
from tests.model_runtime.random_model import make_random_model

BUNDLED = Path(__file__).resolve().parents[2] / "model_runtime" / "models" / "sluice-tiny-code"


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if (BUNDLED / "model.safetensors").is_file():
        return BUNDLED
    return make_random_model(tmp_path_factory.mktemp("random-llama"))


class ThreadedRuntime:
    """The real CPU runtime server on an ephemeral loopback port, in a background event loop."""

    def __init__(self, engine: CpuEngine, api_key: str | None = None) -> None:
        self.engine = engine
        self.api_key = api_key
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0

    def start(self) -> ThreadedRuntime:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(
            start_server(self.engine, "127.0.0.1", 0, self.api_key), self.loop
        )
        self._runner = future.result(timeout=30)
        self.port = self._runner.addresses[0][1]
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(timeout=30)
        self.engine.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def engine(model_dir: Path) -> CpuEngine:
    return CpuEngine(model_dir, "tiny", threads=1)


@pytest.fixture(scope="session")
def runtime(engine: CpuEngine) -> Iterator[ThreadedRuntime]:
    server = ThreadedRuntime(engine).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sdk(runtime: ThreadedRuntime) -> openai.OpenAI:
    return openai.OpenAI(base_url=runtime.url + "/v1", api_key="unused", max_retries=0, timeout=60)
