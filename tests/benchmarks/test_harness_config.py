"""The benchmarks' gateway config passes the gateway's own start-up validation (a stricter check once
left every benchmark waiting on a gateway that had refused to start)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from gateway.settings import parse_config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _harness import scripted_model_config


def test_the_benchmark_config_is_one_the_gateway_starts_with() -> None:
    settings = parse_config(yaml.safe_load(scripted_model_config(8000)))
    [model] = settings.models
    assert model.max_tokens == 4096 and model.max_context > model.max_tokens
