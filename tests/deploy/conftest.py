"""Container and manifest tests: podman images built from a debootstrap base and a wheelhouse."""

from __future__ import annotations

import pytest

from tests.deploy import podman as pm


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "container: builds or runs container images with podman (slow, root)")


@pytest.fixture(scope="session")
def images() -> dict[str, str]:
    """Both images, built once per session (scripts/build-image.sh; layers and wheels cached across runs)."""
    pm.require_podman()
    return pm.build_images("gateway", "runtime")
