"""Launch profiles, golden ``vllm serve`` command lines, replica placement, FIM prompts, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from model_runtime.cli import runtime
from model_runtime.fim import FimNotSupportedError, FimTokens, InfillPrompt, build_infill_prompt
from model_runtime.profiles import PROFILES_DIR, ProfileError, available_profiles, load_profile, parse_profile
from model_runtime.vllm_command import LaunchError, replica_specs, vllm_serve_argv

TEMPLATE = str(PROFILES_DIR / "templates" / "codellama-instruct.jinja")
COMMON = "--gpu-memory-utilization {util} --dtype {dtype}"
LONG = {"VLLM_ALLOW_LONG_MAX_MODEL_LEN": "1"}

# profile -> (flags after `--port 8000`, extra environment)
GOLDEN: dict[str, tuple[str, dict[str, str]]] = {
    "codellama-7b": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.9 --dtype auto --max-model-len 16384 "
        "--enable-prefix-caching",
        {},
    ),
    "codellama-13b": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.9 --dtype auto --max-model-len 16384 "
        "--enable-prefix-caching",
        {},
    ),
    "codellama-34b": (
        "--tensor-parallel-size 2 --gpu-memory-utilization 0.92 --dtype auto --max-model-len 100000 "
        "--enable-prefix-caching",
        LONG,
    ),
    "codellama-python-34b": (
        "--tensor-parallel-size 2 --gpu-memory-utilization 0.92 --dtype auto --max-model-len 100000 "
        "--enable-prefix-caching",
        LONG,
    ),
    "codellama-instruct-7b": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.9 --dtype auto --max-model-len 16384 "
        f"--enable-prefix-caching --chat-template {TEMPLATE}",
        {},
    ),
    "codellama-instruct-13b": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.9 --dtype auto --max-model-len 16384 "
        f"--enable-prefix-caching --chat-template {TEMPLATE}",
        {},
    ),
    "codellama-instruct-34b": (
        "--tensor-parallel-size 2 --gpu-memory-utilization 0.92 --dtype auto --max-model-len 100000 "
        f"--enable-prefix-caching --chat-template {TEMPLATE}",
        LONG,
    ),
    "codellama-instruct-34b-awq": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.92 --dtype float16 --max-model-len 100000 "
        f"--quantization awq --enable-prefix-caching --chat-template {TEMPLATE}",
        LONG,
    ),
    "generic": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.9 --dtype auto --enable-prefix-caching",
        {},
    ),
    "sluice-tiny-code": (
        "--tensor-parallel-size 1 --gpu-memory-utilization 0.1 --dtype float32 --max-model-len 1024 "
        "--enable-prefix-caching",
        {},
    ),
}
FIM_PROFILES = {
    "codellama-7b",
    "codellama-13b",
    "codellama-instruct-7b",
    "codellama-instruct-13b",
    "sluice-tiny-code",
}


def test_every_shipped_profile_has_a_golden_command() -> None:
    assert set(available_profiles()) == set(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_vllm_command_line(name: str) -> None:
    profile = load_profile(name)
    [spec] = replica_specs(profile, Path("/models/w"), api_key="sk-secret")
    flags, env = GOLDEN[name]
    expected = (
        f"vllm serve /models/w --served-model-name {profile.served_model_name} --host 127.0.0.1 "
        f"--port 8000 {flags}"
    )
    assert " ".join(spec.argv) == expected
    assert spec.env == {**env, "VLLM_API_KEY": "sk-secret"}
    assert "sk-secret" not in " ".join(spec.argv)  # never on a command line (/proc/PID/cmdline)
    assert spec.health_url == "http://127.0.0.1:8000/health"


def test_replicas_get_consecutive_ports_and_disjoint_gpus() -> None:
    profile = load_profile("codellama-34b")
    specs = replica_specs(profile, Path("/w"), base_port=9000, replicas=2, gpus=[4, 5, 6, 7])
    assert [s.port for s in specs] == [9000, 9001]
    assert [s.env["CUDA_VISIBLE_DEVICES"] for s in specs] == ["4,5", "6,7"]
    assert ["--port", "9001"] == list(specs[1].argv[specs[1].argv.index("--port") :][:2])
    three = replica_specs(load_profile("codellama-7b"), Path("/w"), replicas=3)
    assert [s.env["CUDA_VISIBLE_DEVICES"] for s in three] == ["0", "1", "2"]


def test_one_replica_leaves_gpu_choice_to_the_host() -> None:
    [spec] = replica_specs(load_profile("codellama-7b"), Path("/w"))
    assert "CUDA_VISIBLE_DEVICES" not in spec.env and "VLLM_API_KEY" not in spec.env


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"replicas": 3, "gpus": [0, 1, 2, 3]}, "need 6 GPUs"),
        ({"replicas": 2, "gpus": [0, 0, 1, 1]}, "must not repeat"),
        ({"replicas": 0}, "at least 1"),
        ({"replicas": 2, "base_port": 65535}, "not enough ports"),
    ],
)
def test_impossible_placements_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LaunchError, match=message):
        replica_specs(load_profile("codellama-34b"), Path("/w"), **kwargs)  # type: ignore[arg-type]


def test_non_loopback_host_is_used_verbatim_but_probed_on_loopback() -> None:
    argv = vllm_serve_argv(load_profile("generic"), Path("/w"), "0.0.0.0", 8100)
    assert argv[argv.index("--host") + 1] == "0.0.0.0"
    [spec] = replica_specs(load_profile("generic"), Path("/w"), host="0.0.0.0", base_port=8100)
    assert spec.health_url == "http://127.0.0.1:8100/health"


# ------------------------------------------------------------------ profile validation


def test_unknown_profile_lists_the_available_ones() -> None:
    with pytest.raises(ProfileError, match=r"available: .*codellama-7b"):
        load_profile("codellama-70b")
    with pytest.raises(ProfileError):
        load_profile("../profiles/generic")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "served_model_name is required"),
        ({"served_model_name": "m", "tensor_parallel_size": 0}, "tensor_parallel_size"),
        ({"served_model_name": "m", "quantization": "int3"}, "quantization"),
        ({"served_model_name": "m", "gpu_memory_utilization": 1.5}, "gpu_memory_utilization"),
        ({"served_model_name": "m", "fim": {"prefix": "<PRE>"}}, "fim needs"),
        ({"served_model_name": "m", "chat_template": "templates/missing.jinja"}, "does not exist"),
        ({"served_model_name": "m", "tensor_paralel_size": 2}, "unknown keys"),
    ],
)
def test_invalid_profiles_are_rejected_clearly(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile("bad", raw)


def test_instruct_template_renders_the_llama2_format() -> None:
    from jinja2 import Environment

    template = Environment().from_string(Path(TEMPLATE).read_text())
    text = template.render(
        messages=[
            {"role": "system", "content": "S"},
            {"role": "user", "content": "Q"},
            {"role": "assistant", "content": "A"},
            {"role": "user", "content": "Q2"},
        ],
        bos_token="<s>",
        eos_token="</s>",
        raise_exception=lambda m: (_ for _ in ()).throw(ValueError(m)),
    )
    assert text == "<s>[INST] <<SYS>>\nS\n<</SYS>>\n\nQ [/INST] A </s><s>[INST] Q2 [/INST]"


# ------------------------------------------------------------------ FIM


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_infill_prompt_per_profile(name: str) -> None:
    profile = load_profile(name)
    if name in FIM_PROFILES:
        assert profile.fim == FimTokens()
        got = build_infill_prompt(profile, "def add(a, b):\n    ", "\n    return c\n")
        assert got == InfillPrompt("<PRE> def add(a, b):\n     <SUF>\n    return c\n <MID>", ("<EOT>",))
    else:
        assert profile.fim is None
        with pytest.raises(FimNotSupportedError, match=f"'{profile.served_model_name}' does not support"):
            build_infill_prompt(profile, "a", "b")


# ------------------------------------------------------------------ CLI


def test_cli_dry_run_prints_commands_without_the_secret(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    result = CliRunner().invoke(
        runtime,
        [
            "vllm",
            "--profile",
            "codellama-instruct-7b",
            "--weights",
            str(tmp_path),
            "--replicas",
            "2",
            "--port",
            "8100",
            "--dry-run",
        ],
        env={"SLUICE_RUNTIME_API_KEY": "sk-very-secret"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("CUDA_VISIBLE_DEVICES=1 VLLM_API_KEY=*** vllm serve ")
    assert "--port 8101" in lines[1] and "sk-very-secret" not in result.output


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--profile", "nope"], {}, "unknown profile"),
        (["--profile", "generic"], {}, "needs --weights"),
        (["--profile", "generic", "--weights", "{missing}"], {}, "no config.json"),
        (["--profile", "generic", "--weights", "{w}", "--host", "0.0.0.0"], {}, "without an API key"),
        (["--profile", "codellama-34b", "--weights", "{w}", "--gpus", "0"], {}, "need 2 GPUs"),
        (["--profile", "generic", "--weights", "{w}", "--gpus", "x"], {}, "invalid literal"),
    ],
)
def test_cli_errors_are_clear(tmp_path: Path, args: list[str], env: dict[str, str], message: str) -> None:
    (tmp_path / "config.json").write_text("{}")
    args = [a.format(w=tmp_path, missing=tmp_path / "missing") for a in args]
    result = CliRunner().invoke(
        runtime, ["vllm", *args, "--dry-run"], env={"SLUICE_RUNTIME_API_KEY": "", **env}
    )
    assert result.exit_code != 0
    assert message in result.output


def test_cli_without_vllm_installed_says_so(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    result = CliRunner().invoke(
        runtime, ["vllm", "--profile", "generic", "--weights", str(tmp_path), "--vllm-bin", "no-such-vllm-x"]
    )
    assert result.exit_code != 0 and "no-such-vllm-x not found" in result.output


def test_cpu_command_refuses_a_missing_key_variable(model_dir: Path) -> None:
    result = CliRunner().invoke(runtime, ["cpu", "--model", str(model_dir), "--api-key-env", "NO_SUCH_VAR_X"])
    assert result.exit_code != 0 and "NO_SUCH_VAR_X is not set" in result.output


def test_cpu_command_refuses_a_directory_without_a_model(tmp_path: Path) -> None:
    result = CliRunner().invoke(runtime, ["cpu", "--model", str(tmp_path)])
    assert result.exit_code != 0 and "not a Hugging Face model directory" in result.output
