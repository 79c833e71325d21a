"""Where scanning builds Python ASTs: one worker thread, or inline when the work is small.

CPython 3.11 (before 3.11.9/3.12.1, gh-106905) keeps the AST validator's recursion counters
per interpreter, not per thread: two threads parsing at once can fail with
"SystemError: AST constructor recursion depth mismatch". So all AST work in scanning (repair,
Bandit, the license import parser) holds one lock: it runs on the single worker thread, or on
the event loop's own thread when the lock is free and the input is small.

Why inline at all: the GIL lets one thread run Python at a time, so moving a 1 ms parse to a
thread frees the event loop for nothing; it only adds two thread switches, and under load the
worker waits up to the interpreter's switch interval (5 ms) for the GIL each time, which is
where a short guarded answer's scan time went. Work of a few milliseconds (`INLINE_CHARS` of
code: Bandit on ~30 lines is about 2 ms on the reference box) stays inline; a longer snippet
still goes to the thread, where the switch interval at least lets other requests interleave.
"""

from __future__ import annotations

import ast
import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

# Characters of code up to which AST work runs inline (a few ms of Bandit at most).
INLINE_CHARS = 1024

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-pyast")
# Held by whoever builds an AST for scanning: the worker thread or an event loop's thread.
_AST_LOCK = threading.Lock()


def _locked(fn: Callable[..., T], args: tuple[object, ...]) -> T:
    with _AST_LOCK:
        return fn(*args)


def parse_locked(code: str) -> ast.Module:
    """`ast.parse` for callers outside scanning (the dashboard's parse check): from a worker
    thread, never the event loop, since it waits while scanning holds the lock."""
    with _AST_LOCK:
        return ast.parse(code)


async def run_on_ast_thread(fn: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_EXECUTOR, _locked, fn, args)


async def run_python_ast(size: int, fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` for `size` characters of code: inline when small and no AST work is running."""
    if size <= INLINE_CHARS and _AST_LOCK.acquire(blocking=False):
        try:
            return fn(*args)
        finally:
            _AST_LOCK.release()
    return await run_on_ast_thread(fn, *args)
