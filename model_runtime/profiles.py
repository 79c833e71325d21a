"""vLLM launch profiles: one YAML file per model family member in ``model_runtime/profiles/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from model_runtime.fim import FimTokens

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
QUANTIZATIONS = (None, "awq", "gptq")


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    name: str
    served_model_name: str
    tensor_parallel_size: int = 1
    max_model_len: int | None = None
    gpu_memory_utilization: float = 0.9
    quantization: str | None = None
    dtype: str = "auto"
    enable_prefix_caching: bool = True
    chat_template: Path | None = None
    fim: FimTokens | None = None
    weights: Path | None = None  # default weights directory, if the profile ships one
    env: dict[str, str] = field(default_factory=dict)


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def load_profile(name: str) -> Profile:
    path = PROFILES_DIR / f"{name}.yaml"
    if "/" in name or "\\" in name or not path.is_file():
        raise ProfileError(f"unknown profile '{name}'; available: {', '.join(available_profiles())}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"profile {path.name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"profile {path.name} must be a mapping")
    return parse_profile(name, raw)


def parse_profile(name: str, raw: dict[str, Any]) -> Profile:
    known = {f for f in Profile.__dataclass_fields__ if f != "name"}
    unknown = set(raw) - known
    if unknown:
        raise ProfileError(f"profile '{name}': unknown keys {sorted(unknown)}")
    served = raw.get("served_model_name")
    if not isinstance(served, str) or not served:
        raise ProfileError(f"profile '{name}': served_model_name is required")
    tp = raw.get("tensor_parallel_size", 1)
    if not isinstance(tp, int) or tp < 1:
        raise ProfileError(f"profile '{name}': tensor_parallel_size must be a positive integer")
    max_len = raw.get("max_model_len")
    if max_len is not None and (not isinstance(max_len, int) or max_len < 1):
        raise ProfileError(f"profile '{name}': max_model_len must be a positive integer or null")
    util = raw.get("gpu_memory_utilization", 0.9)
    if not isinstance(util, int | float) or not 0 < util <= 1:
        raise ProfileError(f"profile '{name}': gpu_memory_utilization must be in (0, 1]")
    quant = raw.get("quantization")
    if quant not in QUANTIZATIONS:
        raise ProfileError(f"profile '{name}': quantization must be one of awq, gptq or null")
    env = raw.get("env") or {}
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in env.items()
    ):
        raise ProfileError(f"profile '{name}': env must map names to strings")
    return Profile(
        name=name,
        served_model_name=served,
        tensor_parallel_size=tp,
        max_model_len=max_len,
        gpu_memory_utilization=float(util),
        quantization=quant,
        dtype=str(raw.get("dtype", "auto")),
        enable_prefix_caching=bool(raw.get("enable_prefix_caching", True)),
        chat_template=_relative_file(name, raw.get("chat_template"), must_exist=True),
        fim=_fim(name, raw.get("fim")),
        weights=_relative_file(name, raw.get("weights"), must_exist=False),
        env=dict(env),
    )


def _relative_file(name: str, value: Any, must_exist: bool) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(f"profile '{name}': paths must be strings")
    path = (PROFILES_DIR / value).resolve()
    if must_exist and not path.is_file():
        raise ProfileError(f"profile '{name}': {value} does not exist")
    return path


def _fim(name: str, value: Any) -> FimTokens | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"prefix", "suffix", "middle", "eot"}:
        raise ProfileError(f"profile '{name}': fim needs exactly prefix, suffix, middle and eot")
    return FimTokens(**{k: str(v) for k, v in value.items()})
