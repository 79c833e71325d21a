"""The single-node overlay's pods (PostgreSQL, Redis, CPU runtime, gateway) run under `podman kube play`,
pass a request through, and keep one audit chain across a killed gateway container."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import yaml

from tests.deploy import kube_play
from tests.deploy import podman as pm
from tests.deploy.kustomize import render
from tests.support.postgres import free_port

pytestmark = [pytest.mark.container, pytest.mark.timeout(2400)]
SERVICES_FILE = pm.ROOT / "deploy" / "podman" / "demo-services.Containerfile"


def _build_demo_services() -> None:
    for target, image in kube_play.DEMO_IMAGES.items():
        if pm.podman("image", "exists", image, check=False).returncode == 0:
            continue
        pm.podman("build", "--network", "host", "--target", target, "-t", image, "-f", str(SERVICES_FILE),
                  str(SERVICES_FILE.parent), timeout=900)


def _wait_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError(f"nothing listening on {port} after {timeout}s")


def _play(pod: dict[str, Any], where: Path) -> None:
    path = where / f"{pod['metadata']['name']}.yaml"
    path.write_text(yaml.safe_dump(pod))
    pm.podman("kube", "play", "--replace", str(path), timeout=300)


@pytest.fixture(scope="module")
def cluster(images: dict[str, str]) -> Iterator[dict[str, Any]]:
    _build_demo_services()
    rendered = render("single-node")
    # Podman reads the names in the overlay; the test's freshly built images replace the tags it names.
    ports = {role: free_port() for role in ("gateway", "runtime", "postgres", "redis")}
    root = Path(tempfile.mkdtemp(prefix="sluice-kube-play-", dir="/var/tmp"))
    root.chmod(0o755)
    pods = kube_play.pods(rendered, ports, root)
    for pod in pods.values():
        for container in pod["spec"]["containers"]:
            for target, image in images.items():
                if container["image"].startswith(f"localhost/sluice-{target}:"):
                    container["image"] = image
    try:
        for name in ("sluice-postgres", "sluice-redis", "sluice-cpu-runtime"):
            _play(pods[name], root)
        _wait_port(ports["postgres"], 120)
        _wait_port(ports["redis"])
        gateway_env = {e["name"]: e["value"] for e in pods["sluice-gateway"]["spec"]["containers"][0]["env"]}
        # What the sluice-db-upgrade Job does before a rollout.
        pm.podman("run", "--rm", "--network", "host", "--read-only", "--no-healthcheck",
                  "-e", f"SLUICE_DATABASE_URL={gateway_env['SLUICE_DATABASE_URL']}", images["gateway"], "db", "upgrade")
        _play(pods["sluice-gateway"], root)
        pm.wait_http(f"http://127.0.0.1:{ports['runtime']}/health", timeout=180,
                     container="sluice-cpu-runtime-runtime")
        pm.wait_http(f"http://127.0.0.1:{ports['gateway']}/readyz", timeout=180, container="sluice-gateway-gateway")
        yield {"ports": ports, "pods": pods, "root": root}
    finally:
        for name in ("sluice-gateway", "sluice-cpu-runtime", "sluice-redis", "sluice-postgres"):
            pm.podman("pod", "rm", "-f", "-t", "5", name, check=False)
        subprocess.run(["rm", "-rf", str(root)], check=False)


def _gateway(*args: str) -> str:
    return pm.podman("exec", "sluice-gateway-gateway", "sluice", *args).stdout


def _verified_records() -> int:
    out = _gateway("audit", "verify")
    assert out.startswith("OK: "), out
    return int(out.split()[1])


def _chat(url: str, key: str) -> str:
    client = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=60)
    answer = client.chat.completions.create(model="sluice-tiny-code", max_tokens=16, temperature=0,
                                            messages=[{"role": "user", "content": "def parse(path):"}])
    return answer.id


def test_a_request_passes_through_the_pods_and_the_chain_survives_a_killed_gateway(cluster: dict[str, Any]) -> None:
    url = f"http://127.0.0.1:{cluster['ports']['gateway']}"
    _gateway("tenant", "create", "bank", "--models", "sluice-tiny-code")
    key = _gateway("key", "create", "--tenant", "bank", "--scopes", "generate").strip().splitlines()[-1]
    before = _verified_records()
    assert _chat(url, key)
    assert _verified_records() == before + 1

    started = pm.podman("inspect", "-f", "{{.State.StartedAt}}", "sluice-gateway-gateway").stdout
    # A crash, not a stop: SIGKILL to the gateway's process from the host (`podman kill` counts as a
    # user's stop, which podman does not restart). The pod's restartPolicy Always brings it back.
    pid = int(pm.podman("inspect", "-f", "{{.State.Pid}}", "sluice-gateway-gateway").stdout)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while pm.podman("inspect", "-f", "{{.State.StartedAt}}", "sluice-gateway-gateway").stdout == started:
        assert time.monotonic() < deadline, "the pod did not restart its gateway container"
        time.sleep(1)
    pm.wait_http(f"{url}/readyz", timeout=180)

    assert _chat(url, key)
    assert _verified_records() == before + 2  # one chain, no gap across the killed container
