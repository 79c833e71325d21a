"""One thread for everything in scanning that builds Python ASTs.

CPython 3.11 (before 3.11.9/3.12.1, gh-106905) keeps the AST validator's recursion counters
per interpreter, not per thread: two threads parsing at once can fail with
"SystemError: AST constructor recursion depth mismatch". Bandit and the license import
parser therefore share this single worker (the GIL allows no parallel parsing anyway).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sluice-pyast")


async def run_on_ast_thread(fn: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_EXECUTOR, fn, *args)
