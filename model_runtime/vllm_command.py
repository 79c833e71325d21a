"""Build ``vllm serve`` command lines (and their environment) from a launch profile.

The API key is handed to vLLM in its ``VLLM_API_KEY`` environment variable (vLLM reads it when
``--api-key`` is absent) rather than as ``--api-key KEY``: a command line is readable by every local
user through ``/proc/PID/cmdline`` and ends up in process listings and crash reports.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from model_runtime.profiles import Profile

LOOPBACK = "127.0.0.1"
VLLM_KEY_ENV = "VLLM_API_KEY"


class LaunchError(ValueError):
    pass


@dataclass(frozen=True)
class LaunchSpec:
    """One server process to supervise: its argv, extra environment and where its health lives."""

    name: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    host: str = LOOPBACK
    port: int = 8000

    @property
    def health_url(self) -> str:
        host = LOOPBACK if self.host in ("0.0.0.0", "::") else self.host  # noqa: S104 - probing, not binding
        return f"http://{host}:{self.port}/health"

    def display(self, secret_env: tuple[str, ...] = (VLLM_KEY_ENV,)) -> str:
        """A shell-quoted line for ``--dry-run``; secrets are shown as the variable they come from."""
        env = [f"{k}={'***' if k in secret_env else shlex.quote(v)}" for k, v in sorted(self.env.items())]
        return " ".join([*env, shlex.join(self.argv)])


def vllm_serve_argv(
    profile: Profile,
    weights: Path,
    host: str,
    port: int,
    vllm_bin: str = "vllm",
    served_model_name: str | None = None,
) -> tuple[str, ...]:
    argv = [
        vllm_bin,
        "serve",
        str(weights),
        "--served-model-name",
        served_model_name or profile.served_model_name,
        "--host",
        host,
        "--port",
        str(port),
        "--tensor-parallel-size",
        str(profile.tensor_parallel_size),
        "--gpu-memory-utilization",
        f"{profile.gpu_memory_utilization:g}",
        "--dtype",
        profile.dtype,
    ]
    if profile.max_model_len is not None:
        argv += ["--max-model-len", str(profile.max_model_len)]
    if profile.quantization is not None:
        argv += ["--quantization", profile.quantization]
    argv.append("--enable-prefix-caching" if profile.enable_prefix_caching else "--no-enable-prefix-caching")
    if profile.chat_template is not None:
        argv += ["--chat-template", str(profile.chat_template)]
    return tuple(argv)


def gpu_groups(replicas: int, tensor_parallel_size: int, gpus: list[int] | None) -> list[list[int]] | None:
    """Disjoint GPU sets, ``tensor_parallel_size`` each; None leaves one replica's GPUs to the host."""
    if gpus is None and replicas == 1:
        return None
    pool = gpus if gpus is not None else list(range(replicas * tensor_parallel_size))
    if len(set(pool)) != len(pool):
        raise LaunchError("GPU ids must not repeat")
    needed = replicas * tensor_parallel_size
    if len(pool) < needed:
        raise LaunchError(
            f"{replicas} replica(s) x tensor parallel {tensor_parallel_size} need {needed} GPUs, "
            f"got {len(pool)}"
        )
    return [pool[i * tensor_parallel_size : (i + 1) * tensor_parallel_size] for i in range(replicas)]


def replica_specs(
    profile: Profile,
    weights: Path,
    *,
    host: str = LOOPBACK,
    base_port: int = 8000,
    replicas: int = 1,
    gpus: list[int] | None = None,
    api_key: str | None = None,
    vllm_bin: str = "vllm",
) -> list[LaunchSpec]:
    if replicas < 1:
        raise LaunchError("--replicas must be at least 1")
    if base_port + replicas - 1 > 65535:
        raise LaunchError("not enough ports above --port for the replicas")
    groups = gpu_groups(replicas, profile.tensor_parallel_size, gpus)
    specs = []
    for i in range(replicas):
        port = base_port + i
        env = dict(profile.env)
        if api_key:
            env[VLLM_KEY_ENV] = api_key
        if groups is not None:
            env["CUDA_VISIBLE_DEVICES"] = ",".join(str(g) for g in groups[i])
        argv = vllm_serve_argv(profile, weights, host, port, vllm_bin)
        specs.append(LaunchSpec(name=f"{profile.name}[{i}]", argv=argv, env=env, host=host, port=port))
    return specs
