"""tracing.STAGES names exactly the stages the request path opens: no name the code never
emits (a dashboard or alert built on it would stay empty), no stage missing from it."""

from __future__ import annotations

import ast
from pathlib import Path

from gateway.telemetry import STAGES

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"


def emitted_stage_names() -> set[str]:
    """Every literal name passed to a `stage(...)`/`_stage(gen, ...)` call or `.stage(...)` method."""
    names: set[str] = set()
    for path in GATEWAY.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called not in ("stage", "_stage"):
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.add(arg.value)
    return names


def test_stages_lists_every_emitted_stage_and_nothing_else() -> None:
    emitted = emitted_stage_names()
    assert emitted, "no stage calls found: the scan above no longer matches the code"
    assert emitted == set(STAGES)
    assert len(STAGES) == len(set(STAGES))
