"""The request's trace in a context variable, for code far from the pipeline (scanners).

The pipeline calls `use_trace(trace)` once per request; any code under it (including
tasks it gathers and `asyncio.to_thread` calls, which copy the context) can then time a
stage with `with stage("scan.semgrep"):` without the trace being passed down. Outside a
request it does nothing.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from gateway.telemetry.tracing import AttributeValue, RequestTrace, StageSpan

_current: ContextVar[RequestTrace | None] = ContextVar("sluice_trace", default=None)
_nothing = contextlib.nullcontext()


def use_trace(trace: RequestTrace | None) -> None:
    """Make `trace` the current request's trace for this task and what it starts."""
    _current.set(trace)


def current_trace() -> RequestTrace | None:
    return _current.get()


def stage(name: str, **attributes: AttributeValue) -> StageSpan | contextlib.nullcontext[None]:
    trace = _current.get()
    return trace.stage(name, **attributes) if trace is not None else _nothing
