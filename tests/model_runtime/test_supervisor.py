"""The supervisor against real processes: the CPU runtime (killed mid-test) and a crashing command."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from model_runtime.supervisor import Backoff, HealthPolicy, Supervisor
from model_runtime.vllm_command import LaunchSpec


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def test_cpu_runtime_is_restarted_after_being_killed_and_stopped_cleanly(model_dir: Path) -> None:
    port = free_port()
    argv = (
        sys.executable,
        "-m",
        "model_runtime",
        "cpu",
        "--model",
        str(model_dir),
        "--port",
        str(port),
        "--threads",
        "1",
        "--served-model-name",
        "tiny",
    )
    spec = LaunchSpec(name="cpu", argv=argv, port=port, env={"TOKENIZERS_PARALLELISM": "false"})
    events: list[str] = []
    supervisor = Supervisor(
        spec,
        Backoff(initial_s=0.3, factor=2.0, max_s=2.0),
        HealthPolicy(startup_timeout_s=120, interval_s=0.2),
        stop_grace_s=10,
        on_event=events.append,
    )

    async def scenario() -> None:
        task = asyncio.create_task(supervisor.run())
        await wait_for(lambda: supervisor.healthy, 120)
        first = supervisor.process
        assert first is not None
        r = httpx.post(f"http://127.0.0.1:{port}/v1/completions", json={"prompt": "def f(", "max_tokens": 2})
        assert r.status_code == 200
        os.kill(first.pid, signal.SIGKILL)
        await wait_for(lambda: supervisor.starts == 2 and supervisor.healthy, 120)
        second = supervisor.process
        assert second is not None and second.pid != first.pid and first.returncode == -signal.SIGKILL
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
        supervisor.stop()
        await asyncio.wait_for(task, 30)
        assert second.returncode == 0  # SIGTERM: the runtime shut down gracefully

    asyncio.run(scenario())
    assert any("exited with code -9; restarting in 0.3s" in e for e in events), events
    assert not supervisor.healthy


def test_crashing_process_is_restarted_with_exponential_backoff() -> None:
    spec = LaunchSpec(name="crash", argv=(sys.executable, "-c", "raise SystemExit(3)"), port=free_port())
    events: list[str] = []
    supervisor = Supervisor(
        spec,
        Backoff(initial_s=0.05, factor=2.0, max_s=0.2),
        HealthPolicy(interval_s=0.05),
        on_event=events.append,
    )

    async def scenario() -> None:
        task = asyncio.create_task(supervisor.run())
        await wait_for(lambda: supervisor.starts >= 5, 30)
        supervisor.stop()
        await asyncio.wait_for(task, 10)

    asyncio.run(scenario())
    delays = [e.split("restarting in ")[1] for e in events if "restarting in" in e]
    assert delays[:4] == ["0.1s", "0.1s", "0.2s", "0.2s"]  # 0.05, 0.1, 0.2, capped at 0.2 (1 decimal shown)
    assert all("exited with code 3" in e for e in events if "restarting" in e)


def test_process_that_never_becomes_healthy_is_restarted() -> None:
    spec = LaunchSpec(
        name="mute", argv=(sys.executable, "-c", "import time; time.sleep(60)"), port=free_port()
    )
    events: list[str] = []
    supervisor = Supervisor(
        spec,
        Backoff(initial_s=0.05),
        HealthPolicy(startup_timeout_s=0.5),
        stop_grace_s=5,
        on_event=events.append,
    )

    async def scenario() -> None:
        task = asyncio.create_task(supervisor.run())
        await wait_for(lambda: supervisor.starts >= 2, 30)
        supervisor.stop()
        await asyncio.wait_for(task, 10)
        assert supervisor.process is not None and supervisor.process.returncode == -signal.SIGTERM

    asyncio.run(scenario())
    assert any("not healthy after 0s" in e or "not healthy after 1s" in e for e in events), events


def test_runtime_vllm_command_serves_replicas_and_stops_on_sigterm(model_dir: Path, tmp_path: Path) -> None:
    """The real CLI with a stand-in vllm executable that runs the CPU runtime."""
    fake = tmp_path / "vllm"
    fake.write_text(f'#!/bin/sh\nexec {sys.executable} {Path(__file__).with_name("fake_vllm.py")} "$@"\n')
    fake.chmod(0o755)
    port = free_port()
    env = {**os.environ, "SLUICE_RUNTIME_API_KEY": "k-e2e", "PYTHONPATH": str(Path.cwd())}
    cli = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "model_runtime",
            "vllm",
            "--profile",
            "sluice-tiny-code",
            "--weights",
            str(model_dir),
            "--port",
            str(port),
            "--replicas",
            "2",
            "--gpus",
            "5,6",
            "--vllm-bin",
            str(fake),
        ],
        env=env,
    )
    try:
        for p in (port, port + 1):
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{p}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline and cli.poll() is None
                time.sleep(0.2)
            models = httpx.get(f"http://127.0.0.1:{p}/v1/models", headers={"Authorization": "Bearer k-e2e"})
            assert models.json()["data"][0]["id"] == "sluice-tiny-code"
            assert httpx.get(f"http://127.0.0.1:{p}/v1/models").status_code == 401  # key reached the child
        cli.send_signal(signal.SIGTERM)
        assert cli.wait(30) == 0
        for p in (port, port + 1):
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"http://127.0.0.1:{p}/health", timeout=1)
    finally:
        if cli.poll() is None:
            cli.kill()


def test_cancelled_supervisor_does_not_orphan_its_child() -> None:
    spec = LaunchSpec(
        name="sleeper", argv=(sys.executable, "-c", "import time; time.sleep(60)"), port=free_port()
    )
    supervisor = Supervisor(spec, stop_grace_s=5, on_event=lambda _: None)

    async def scenario() -> None:
        task = asyncio.create_task(supervisor.run())
        await wait_for(lambda: supervisor.process is not None, 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert supervisor.process is not None and supervisor.process.returncode == -signal.SIGTERM
