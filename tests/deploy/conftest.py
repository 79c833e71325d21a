"""Container and manifest tests: podman images built from a debootstrap base and a wheelhouse."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "container: builds or runs container images with podman (slow, root)")
