"""Helpers to build and run the Sluice images with podman on this host (root, runc, lowered ulimits)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTAINERS_CONF = ROOT / "deploy" / "podman" / "containers.conf"
PREFIX = "localhost/sluice"


def require_podman() -> None:
    """Like the PostgreSQL fixture: missing in CI is a failure, elsewhere a skip."""
    missing = [tool for tool in ("podman", "runc", "debootstrap") if shutil.which(tool) is None]
    if os.geteuid() != 0:
        missing.append("root")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"container tests need {', '.join(missing)} in CI (scripts/ensure-system-deps.sh)")
        pytest.skip(f"container tests need {', '.join(missing)}")


def env() -> dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)}


def podman(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["podman", *args], env=env(), capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(args[:3])}... exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


def build_images(*targets: str) -> dict[str, str]:
    """Builds (or reuses, through podman's layer cache and the wheel cache) the images; returns target -> image."""
    done = subprocess.run(["bash", str(ROOT / "scripts" / "build-image.sh"), *targets], cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    version = _project_version()
    return {target: f"{PREFIX}-{target}:{version}" for target in targets}


def _project_version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def sbom_path(target: str) -> Path:
    return ROOT / "var" / "image" / f"sluice-{target}-{_project_version()}.cdx.json"


def wait_http(url: str, timeout: float = 90, container: str | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
        if container is not None and podman("inspect", "-f", "{{.State.Running}}", container,
                                            check=False).stdout.strip() == "false":
            logs = podman("logs", container, check=False)
            raise AssertionError(f"{container} exited:\n{logs.stdout[-2000:]}{logs.stderr[-3000:]}")
        time.sleep(0.5)
    logs = podman("logs", "--tail", "40", container, check=False) if container else None
    tail = f"\n{container} logs:\n{logs.stdout[-2000:]}{logs.stderr[-3000:]}" if logs else ""
    raise AssertionError(f"{url} not ready after {timeout}s: {last}{tail}")
