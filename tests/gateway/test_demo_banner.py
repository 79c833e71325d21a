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


def test_the_python_example_sends_the_prompt_whose_completion_is_pinned_as_withheld(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # tests/model_runtime/test_gateway_e2e.py checks that the bundled model's greedy answer to
    # DEMO_PROMPT is blocked; the banner must print that very prompt, or its promise goes stale
    # when the model is retrained.
    from tests.model_runtime.test_gateway_e2e import DEMO_PROMPT

    lines = _examples(capsys).splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith("<<'PY'"))
    tree = ast.parse("\n".join(lines[start + 1:lines.index("PY", start)]))
    prompts = [kw.value for node in ast.walk(tree) if isinstance(node, ast.Call)
               for kw in node.keywords if kw.arg == "prompt"]
    assert [ast.literal_eval(p) for p in prompts] == [DEMO_PROMPT]
