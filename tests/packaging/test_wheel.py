"""A built wheel works away from the repository: shipped policies, migrations and model inside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _build_wheel(tmp_path: Path) -> Path:
    # Build from a copy of the tracked tree: an in-tree build would leave build/ and *.egg-info behind.
    source = tmp_path / "src"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("sluice-*.whl")
    return wheel


def test_the_wheel_carries_and_uses_its_shipped_folders(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("gateway/_shipped/policies/default.yaml",
                     "gateway/_shipped/policies/rules/semgrep/python/credentials.yaml",
                     "gateway/_shipped/migrations/env.py",
                     "gateway/_shipped/migrations/versions/0001_initial.py",
                     "model_runtime/models/sluice-tiny-code/model.safetensors",
                     "model_runtime/profiles/codellama-7b.yaml"):
        assert expected in names, expected
    # Test stand-ins (the scripted upstream) stay out of the product.
    assert not [name for name in names if name.startswith(("tests/", "gateway/testing/"))]

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "SLUICE_DATABASE_URL": f"sqlite+aiosqlite:///{elsewhere}/s.db"}
    env.pop("SLUICE_POLICIES_DIR", None)

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], cwd=elsewhere, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    where = run("-c", "import gateway, gateway.resources as r; print(gateway.__file__); print(r.shipped('policies'))")
    assert where.splitlines() == [str(installed / "gateway" / "__init__.py"),
                                  str(installed / "gateway" / "_shipped" / "policies")]
    run("-m", "gateway.cli", "db", "upgrade")
    run("-m", "gateway.cli", "tenant", "create", "wheel")
    assert "default" in run("-m", "gateway.cli", "policy", "validate")
