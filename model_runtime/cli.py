"""``sluice runtime``: start the embedded CPU runtime or supervise vLLM servers."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from pathlib import Path

import click

BUNDLED_MODEL = Path(__file__).resolve().parent / "models" / "sluice-tiny-code"


@click.group(name="runtime")
def runtime() -> None:
    """Run model servers that speak the OpenAI-compatible API on loopback."""


@runtime.command("cpu")
@click.option(
    "--model",
    "model_dir",
    default=BUNDLED_MODEL,
    show_default="the bundled sluice-tiny-code",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="Local Hugging Face causal-LM directory (nothing is downloaded).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--served-model-name", default=None, help="Model id clients use (default: directory name).")
@click.option(
    "--api-key-env",
    default=None,
    metavar="VAR",
    help="Environment variable holding the bearer key required on /v1/*.",
)
@click.option("--max-model-len", default=None, type=click.IntRange(min=16))
@click.option("--threads", default=None, type=click.IntRange(min=1), help="torch CPU threads.")
def cpu(
    model_dir: Path,
    host: str,
    port: int,
    served_model_name: str | None,
    api_key_env: str | None,
    max_model_len: int | None,
    threads: int | None,
) -> None:
    """Serve a local model on CPU with vLLM's endpoints and shapes."""
    from model_runtime.cpu.engine import CpuEngine, ModelLoadError
    from model_runtime.cpu.server import serve_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    api_key = _api_key(api_key_env)
    try:
        engine = CpuEngine(model_dir, served_model_name or model_dir.name, max_model_len, threads)
    except ModelLoadError as exc:
        raise click.ClickException(str(exc)) from exc
    asyncio.run(serve_forever(engine, host, port, api_key))


@runtime.command("vllm")
@click.option(
    "--profile", "profile_name", required=True, help="Launch profile (model_runtime/profiles/NAME.yaml)."
)
@click.option(
    "--weights",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Local weights directory (required unless the profile ships one).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port of the first replica; replica i listens on PORT+i.",
)
@click.option("--replicas", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--gpus", default=None, help="Comma-separated GPU ids to share out (default 0..N-1).")
@click.option("--served-model-name", default=None, help="Override the profile's model id.")
@click.option(
    "--api-key-env",
    default="SLUICE_RUNTIME_API_KEY",
    show_default=True,
    metavar="VAR",
    help="Environment variable with the key the gateway sends; passed to vLLM as VLLM_API_KEY.",
)
@click.option("--vllm-bin", default="vllm", show_default=True, help="The vllm executable.")
@click.option("--dry-run", is_flag=True, help="Print the command line(s) and exit.")
def vllm(
    profile_name: str,
    weights: Path | None,
    host: str,
    port: int,
    replicas: int,
    gpus: str | None,
    served_model_name: str | None,
    api_key_env: str,
    vllm_bin: str,
    dry_run: bool,
) -> None:
    """Start and supervise vLLM (restart with backoff; SIGTERM stops it cleanly)."""
    import dataclasses

    from model_runtime.profiles import ProfileError, load_profile
    from model_runtime.supervisor import supervise_all
    from model_runtime.vllm_command import LOOPBACK, LaunchError, replica_specs

    try:
        profile = load_profile(profile_name)
    except ProfileError as exc:
        raise click.ClickException(str(exc)) from exc
    if served_model_name:
        profile = dataclasses.replace(profile, served_model_name=served_model_name)
    weights = weights or profile.weights
    if weights is None:
        raise click.ClickException(f"profile '{profile_name}' needs --weights DIR")
    if not (weights / "config.json").is_file():
        raise click.ClickException(f"{weights} is not a Hugging Face weights directory (no config.json)")
    api_key = os.environ.get(api_key_env) or None
    if api_key is None and host != LOOPBACK:
        raise click.ClickException(f"refusing to listen on {host} without an API key in ${api_key_env}")
    try:
        gpu_ids = [int(g) for g in gpus.split(",")] if gpus else None
        specs = replica_specs(
            profile,
            weights.resolve(),
            host=host,
            base_port=port,
            replicas=replicas,
            gpus=gpu_ids,
            api_key=api_key,
            vllm_bin=vllm_bin,
        )
    except (LaunchError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if dry_run:
        for spec in specs:
            click.echo(spec.display())
        return
    if shutil.which(vllm_bin) is None:
        raise click.ClickException(f"{vllm_bin} not found: install vLLM on this host (pip install '.[gpu]')")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if api_key is None:
        click.echo(f"warning: ${api_key_env} is not set; vLLM will accept requests without a key", err=True)
    asyncio.run(supervise_all(specs))


def _api_key(env_var: str | None) -> str | None:
    if env_var is None:
        return None
    value = os.environ.get(env_var)
    if not value:
        raise click.ClickException(f"environment variable {env_var} is not set or empty")
    return value
