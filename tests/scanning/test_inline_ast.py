"""Short Python runs its AST work inline (gateway/scanning/pyast.py): same findings, one parser at a time."""

from __future__ import annotations

import asyncio
import threading

import pytest

from gateway.scanning import ScanEngine, ScanSettings, pyast
from gateway.scanning.settings import ScanCapacity
from tests.pipeline.insecure_corpus import CORPUS

# Short snippets each engine flags (Bandit, the license import check, a fragment that needs repair).
SNIPPETS = [
    ("python", "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n"),
    ("python", "import hashlib\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n"),
    ("python", "import subprocess\nsubprocess.call(input(), shell=True)\n"),
    ("python", "    def run(self, cmd):\n        import os\n        os.system(cmd)\n"),  # indented: repaired
    ("python", "import yaml\ndata = yaml.load(open('c.yml'))\nprint(data['key'\n"),  # truncated: trimmed
]


def _scan_all(inline_chars: int) -> list[list[dict[str, object]]]:
    async def main() -> list[list[dict[str, object]]]:
        settings = ScanSettings(capacity=ScanCapacity(cache_entries=0), package_licenses={"yaml": "GPL-3.0-only"})
        async with ScanEngine.from_settings(settings) as engine:
            results = [await engine.scan_text(answer) for answer in CORPUS]
            results += [await engine.scan(code, language) for language, code in SNIPPETS]
        return [[f.to_dict() for f in r.findings] for r in results]

    saved = pyast.INLINE_CHARS
    pyast.INLINE_CHARS = inline_chars
    try:
        return asyncio.run(main())
    finally:
        pyast.INLINE_CHARS = saved


def test_inline_ast_work_finds_exactly_what_the_ast_thread_finds() -> None:
    on_thread = _scan_all(0)
    inline = _scan_all(1 << 20)
    assert sum(map(len, on_thread)) > len(CORPUS)  # the comparison is not vacuous
    assert any(f["scanner"] == "bandit" for found in on_thread for f in found)
    assert any(f["rule_id"] == "license.denied_import" for found in on_thread for f in found)
    assert inline == on_thread


def test_small_work_runs_inline_and_never_beside_the_ast_thread() -> None:
    async def main() -> tuple[str, str, str]:
        here = await pyast.run_python_ast(10, lambda: threading.current_thread().name)
        big = await pyast.run_python_ast(pyast.INLINE_CHARS + 1, lambda: threading.current_thread().name)
        started, release = threading.Event(), threading.Event()

        def hold() -> None:  # AST work in progress on the worker thread
            started.set()
            release.wait(5)

        holding = asyncio.ensure_future(pyast.run_on_ast_thread(hold))
        await asyncio.to_thread(started.wait, 5)
        small = asyncio.ensure_future(pyast.run_python_ast(10, lambda: threading.current_thread().name))
        await asyncio.sleep(0.05)
        assert not small.done()  # queued behind the running work, not run beside it
        release.set()
        await holding
        return here, big, await small

    here, big, while_busy = asyncio.run(main())
    assert here == threading.current_thread().name
    assert big.startswith("sluice-pyast") and while_busy.startswith("sluice-pyast")


@pytest.mark.parametrize("size", [0, pyast.INLINE_CHARS])
def test_inline_errors_propagate_as_on_the_thread(size: int) -> None:
    def broken() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(pyast.run_python_ast(size, broken))
