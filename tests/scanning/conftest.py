"""Shared helpers for the scanning tests: a real engine on a small test rule pack."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from gateway.scanning import ScanEngine, ScanSettings

RULES = Path(__file__).parent / "rules"
EMPTY_RULES = Path(__file__).parent / "no-such-rules-dir"
T = TypeVar("T")


def settings(**changes: object) -> ScanSettings:
    """Test rules only (the product packs evolve on their own), license index off, one server."""
    base: dict[str, object] = {
        "rules_dir": RULES,
        "batch_window_ms": 5.0,
        "max_concurrent_semgrep": 1,
        "codeshield_languages": frozenset(),  # CodeShield's per-language default: tested on its own
    }
    base.update(changes)
    return ScanSettings(**base)  # type: ignore[arg-type]


def run_with_engine(body: Callable[[ScanEngine], Awaitable[T]], **changes: object) -> T:
    async def main() -> T:
        async with ScanEngine.from_settings(settings(**changes)) as engine:
            return await body(engine)

    return asyncio.run(main())
