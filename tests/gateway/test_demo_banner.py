"""`make run`'s printed examples work when pasted: the shell accepts them, the heredoc ends, Python parses it."""

from __future__ import annotations

import ast
import subprocess

import pytest

from gateway.demo import _print_banner


def _examples(capsys: pytest.CaptureFixture[str]) -> str:
    _print_banner(8080, "sluice-tiny-code", "sk-test")
    out = capsys.readouterr().out
    return out.split("Try it:\n", 1)[1].split("Ctrl-C", 1)[0]


def test_the_python_example_is_a_heredoc_that_ends_and_parses(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _examples(capsys).splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith("<<'PY'"))
    end = lines.index("PY", start)  # the end marker alone at column 0, or the shell never ends the heredoc
    ast.parse("\n".join(lines[start + 1:end]))  # at column 0, or Python refuses it
    assert "PermissionDeniedError" in "\n".join(lines[start:end])  # it shows a withheld answer, not a traceback


def test_the_examples_are_valid_shell(capsys: pytest.CaptureFixture[str]) -> None:
    script = "\n".join(line for line in _examples(capsys).splitlines() if not line.startswith("  The bundled"))
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)
