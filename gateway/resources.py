"""Where the shipped top-level folders (`policies/`, `migrations/`) are, checkout or wheel.

In a source checkout (and an editable install) they sit beside `gateway/`. A built wheel
carries copies under `gateway/_shipped/` (see `setup.py`), so `pip install sluice-*.whl`
works away from the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """`shipped("policies")`, `shipped("migrations")`: the folder, wherever this install keeps it."""
    beside = _PACKAGE.parent / name
    return beside if beside.is_dir() else _PACKAGE / "_shipped" / name
