"""The gateway image, built air-gapped with podman, serves a request against PostgreSQL and verifies its audit chain.

Builds from a debootstrap-made base and a wheelhouse (scripts/build-image.sh; both cached between runs),
then runs the image as an operator would: read-only root file system, non-root, no capabilities,
against the suite's PostgreSQL and the scripted upstream over loopback (--network host).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from tests.deploy import podman as pm
from tests.support.postgres import PostgresServer, free_port
from tests.support.scripted_upstream import Reply, ScriptedUpstream

pytestmark = [pytest.mark.container, pytest.mark.timeout(1800)]


def _run_args(name: str, *extra: str) -> list[str]:
    # What a hardened deployment sets: read-only root, no capabilities, no privilege gain, a data volume.
    return ["run", "--name", name, "--network", "host", "--read-only", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--no-healthcheck", *extra]


@pytest.fixture
def gateway_container(images: dict[str, str], postgres: PostgresServer, upstream: ScriptedUpstream,
                      tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    database = postgres.create_database(f"image_{uuid.uuid4().hex[:8]}")
    config = tmp_path / "sluice.yaml"
    config.write_text(f"models:\n  - name: scripted-model\n    upstream: {upstream.base_url}\n")
    config.chmod(0o644)
    name = f"sluice-gw-{uuid.uuid4().hex[:8]}"
    port = free_port()
    common = ["-e", f"SLUICE_DATABASE_URL={database}", "-v", f"{config}:/etc/sluice/sluice.yaml:ro",
              "-e", "SLUICE_CONFIG=/etc/sluice/sluice.yaml"]

    def once(*args: str) -> str:
        return pm.podman(*_run_args(f"{name}-cli-{uuid.uuid4().hex[:4]}", "--rm", *common), images["gateway"],
                         *args).stdout

    once("db", "upgrade")
    once("tenant", "create", "bank", "--models", "scripted-model")
    key = once("key", "create", "--tenant", "bank", "--scopes", "generate").strip().splitlines()[-1]
    pm.podman(*_run_args(name, "-d", *common), images["gateway"], "serve", "--host", "127.0.0.1",
              "--port", str(port))
    try:
        pm.wait_http(f"http://127.0.0.1:{port}/readyz", container=name)
        yield name, f"http://127.0.0.1:{port}", key
    finally:
        pm.podman("rm", "-f", "-t", "5", name, check=False)

    # Without its key the runtime does not start at all, even when the arguments are overridden.
    keyless = pm.podman("run", "--rm", "--network", "none", "--no-healthcheck", images["runtime"], "--port", "8000",
                        check=False, timeout=120)
    assert keyless.returncode != 0 and "SLUICE_RUNTIME_API_KEY" in keyless.stderr


def test_the_image_serves_a_chat_request_and_its_audit_chain_verifies_inside_it(
        gateway_container: tuple[str, str, str], upstream: ScriptedUpstream) -> None:
    name, url, key = gateway_container
    upstream.script(Reply(content="def add(a, b):\n    return a + b\n"))
    client = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="scripted-model", messages=[{"role": "user", "content": "write add"}], max_tokens=32)
    answer = raw.parse()
    assert "return a + b" in (answer.choices[0].message.content or "")
    assert raw.headers["x-request-id"]

    verified = pm.podman("exec", name, "sluice", "audit", "verify")
    assert verified.stdout.startswith("OK: "), verified.stdout + verified.stderr
    assert "1 records verified" in verified.stdout or "records verified" in verified.stdout

    # The root file system stays read-only for the running gateway; its data volume is writable.
    denied = pm.podman("exec", name, "sh", "-c", "touch /opt/sluice/x", check=False)
    assert denied.returncode != 0 and "Read-only file system" in denied.stderr
    pm.podman("exec", name, "sh", "-c", "touch /var/lib/sluice/x /tmp/x")


def test_the_images_are_non_root_labelled_health_checked_and_carry_no_compiler(images: dict[str, str]) -> None:
    for target, image in images.items():
        (inspect,) = json.loads(pm.podman("image", "inspect", image).stdout)
        config = inspect["Config"]
        assert config["User"] == "10001:10001"
        labels = config["Labels"]
        assert labels["org.opencontainers.image.licenses"] == "Apache-2.0"
        assert labels["org.opencontainers.image.version"] == pm._project_version()
        assert labels["org.opencontainers.image.revision"] not in ("", "unknown")
        assert "/var/lib/sluice" in config["Volumes"]
        health = inspect.get("Healthcheck")  # kept by --format docker (the OCI format has no field for it)
        assert health, f"{target}: no HEALTHCHECK"
        assert ("/healthz" if target == "gateway" else "/health") in " ".join(health["Test"])

        probe = pm.podman("run", "--rm", "--network", "none", "--no-healthcheck", "--entrypoint", "sh", image, "-c",
                          "for tool in gcc cc c++ g++ clang make as ld pip; do command -v $tool; done; id -u",
                          check=False)
        assert probe.stdout.split() == ["10001"], f"{target}: {probe.stdout}"


def test_each_image_has_a_cyclonedx_sbom_of_its_python_packages(images: dict[str, str]) -> None:
    for target in images:
        sbom = json.loads(pm.sbom_path(target).read_text())
        assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.5"
        assert sbom["metadata"]["component"]["name"] == f"sluice-{target}"
        names = {c["name"].lower(): c for c in sbom["components"]}
        assert {"sluice", "litestar", "semgrep", "sqlalchemy", "asyncpg"} <= set(names)
        assert names["sluice"]["purl"] == f"pkg:pypi/sluice@{pm._project_version()}"
        assert all(c["purl"].startswith("pkg:pypi/") for c in sbom["components"])
        # The gateway never loads models: the model stack stays out of its image.
        assert ("torch" in names) == (target == "runtime")
        if target == "runtime":
            assert names["torch"]["version"].endswith("+cpu")  # never the CUDA build
            assert not any(n.startswith(("nvidia-", "triton")) for n in names)


def test_the_cpu_runtime_image_serves_the_bundled_model_and_requires_its_key(images: dict[str, str]) -> None:
    name = f"sluice-rt-{uuid.uuid4().hex[:8]}"
    port = free_port()
    pm.podman(*_run_args(name, "-d", "-e", "SLUICE_RUNTIME_API_KEY=runtime-test-key"), images["runtime"],
              "--host", "127.0.0.1", "--port", str(port))
    try:
        pm.wait_http(f"http://127.0.0.1:{port}/health", container=name)
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="runtime-test-key", max_retries=0)
        done = client.completions.create(model="sluice-tiny-code", prompt="import os\ndef ", max_tokens=8,
                                          temperature=0)
        assert done.usage is not None and done.usage.completion_tokens > 0
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="wrong", max_retries=0).models.list()
    finally:
        pm.podman("rm", "-f", "-t", "5", name, check=False)

    # Without its key the runtime does not start at all, even when the arguments are overridden.
    keyless = pm.podman("run", "--rm", "--network", "none", "--no-healthcheck", images["runtime"], "--port", "8000",
                        check=False, timeout=120)
    assert keyless.returncode != 0 and "SLUICE_RUNTIME_API_KEY" in keyless.stderr
