"""The CPU runtime's decoding rules for Python, through its HTTP server: the bracket-balance guard and
the stop at the end of the definition being completed, each switched by generation_config.json."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from model_runtime.cpu.codeguard import DefinitionEndWatcher, ends_inside_definition
from model_runtime.cpu.engine import DEFINITION_END, CpuEngine, code_rules
from model_runtime.cpu.pylex import PyLexer, top_level_line
from tests.model_runtime.conftest import ThreadedRuntime
from tests.model_runtime.test_cpu_server import post
from tests.model_runtime.test_decoding import ScriptedOutput

# ------------------------------------------------------------------ the lexer


def lex(text: str) -> PyLexer:
    lexer = PyLexer()
    lexer.feed(text)
    return lexer


@pytest.mark.parametrize(
    ("text", "stack"),
    [
        ("f(a, [1, {2", ["(", "[", "{"]),
        ("f(')', \"]\", '''(\n''')  # (", []),  # brackets in strings and comments do not count
        ('x = """a\n"b"\n""" + (', ["("]),
        ('x = "" + (', ["("]),  # the empty string is not the start of a triple-quoted one
        ("x = (1,\\\n", ["("]),
    ],
)
def test_lexer_tracks_open_brackets_outside_strings_and_comments(text: str, stack: list[str]) -> None:
    lexer = lex(text)
    assert lexer.stack == stack and not lexer.violation


def test_lexer_reads_text_in_pieces_of_any_size() -> None:
    text = 'def f(a):\n    """Doc (\n    """\n    return [a, "x\\"]"]\n'
    whole = lex(text)
    pieces = PyLexer()
    for char in text:
        pieces.feed(char)
    assert pieces.key() == whole.key() and whole.stack == [] and whole.in_code


@pytest.mark.parametrize(
    "text",
    ["f(a]", "x = 1)", 'x = "abc\n', "f(a,\ny)"],  # mismatch, nothing open, line break in a string, column 0
)
def test_lexer_records_what_no_continuation_can_repair(text: str) -> None:
    assert lex(text).violation


def test_top_level_line_and_where_a_definition_ends() -> None:
    assert top_level_line("import os\n\n\ndef read(path):\n    x = (\n1)\n") == "def read(path):\n"
    assert ends_inside_definition("import os\n\n\ndef read(path):\n")
    assert ends_inside_definition("class A:\n    def f(self):\n        return 1\n")
    assert not ends_inside_definition("import os\n")
    assert not ends_inside_definition("def f():\n    return 1\n\n\n")  # done: the next statement is wanted
    watcher = DefinitionEndWatcher("def f():\n")
    assert watcher.feed("    return [\n        1]\n\n") is None
    assert watcher.feed("    '''\nx\n'''\n") is None  # column 0 inside a string
    assert watcher.feed("# note\n```\n") == len("# note\n")


def test_switches_are_read_from_generation_config(tmp_path: Path) -> None:
    assert code_rules(tmp_path) == code_rules(tmp_path).__class__(False, False)  # absent: off
    (tmp_path / "generation_config.json").write_text('{"bracket_guard": true, "stop_at_definition_end": 1}')
    rules = code_rules(tmp_path)
    assert rules.bracket_guard and not rules.stop_at_definition_end  # only a JSON true switches on


# ------------------------------------------------------------------ through the HTTP server


class PreferenceModel(torch.nn.Module):
    """A causal LM whose step k ranks the tokens of ``steps[k]`` first to last (EOS after the last
    step). The engine, sampler, guard and server around it are the real runtime."""

    def __init__(self, real: Any, steps: list[list[int]]) -> None:
        super().__init__()
        self.config, self.generation_config = real.config, real.generation_config
        self.steps = steps

    def forward(
        self, input_ids: torch.Tensor, past_key_values: Any = None, cache: Any = None, **_: Any
    ) -> ScriptedOutput:
        step = past_key_values or cache or 0
        ranked = self.steps[step] if step < len(self.steps) else [self.config.eos_token_id]
        logits = torch.full((1, 1, self.config.vocab_size), -20.0)
        for rank, token in enumerate(ranked):
            logits[0, 0, token] = 10.0 - 5 * rank
        return ScriptedOutput(logits=logits, past_key_values=step + 1, cache=step + 1)


def runtime_with(model_dir: Path, directory: Path, **switches: bool) -> ThreadedRuntime:
    copy = directory / "model"
    shutil.copytree(model_dir, copy)
    config_file = copy / "generation_config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    config_file.write_text(json.dumps({**config, **switches}))
    return ThreadedRuntime(CpuEngine(copy, "tiny", threads=1))


@pytest.fixture(scope="module")
def guarded(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedRuntime]:
    server = runtime_with(model_dir, tmp_path_factory.mktemp("on"), bracket_guard=True,
                          stop_at_definition_end=True).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def unguarded(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedRuntime]:
    server = runtime_with(model_dir, tmp_path_factory.mktemp("off"), bracket_guard=False,
                          stop_at_definition_end=False).start()
    try:
        yield server
    finally:
        server.stop()


def token(runtime: ThreadedRuntime, text: str) -> int:
    ids = runtime.engine.tokenizer(text, add_special_tokens=False)["input_ids"]
    assert len(ids) == 1, (text, ids)
    return int(ids[0])


def generate(runtime: ThreadedRuntime, prompt: str, steps: list[list[str]], chat: bool = False,
             **extra: Any) -> dict[str, Any]:
    runtime.engine.model = PreferenceModel(runtime.engine.model, [[token(runtime, t) for t in s] for s in steps])
    body: dict[str, Any] = {"max_tokens": len(steps) + 1, "temperature": 0, "repetition_penalty": 1, **extra}
    if chat:
        body["messages"] = [{"role": "user", "content": prompt}]
    else:
        body["prompt"] = prompt
    response = post(runtime, "/v1/chat/completions" if chat else "/v1/completions", body)
    assert response.status_code == 200, response.text
    choice = response.json()["choices"][0]
    return {"text": choice["message"]["content"] if chat else choice["text"], **choice}


@pytest.mark.parametrize(
    ("prompt", "steps", "guarded_text", "unguarded_text"),
    [
        # The innermost open bracket is "[": ")" would not parse, "]" is the model's next best.
        ("x = f(a, [1, 2", [[")", "]"], [")"]], "])", "))"),
        # Nothing is open: a closing bracket can only be a syntax error.
        ("x = 1", [[")", "+"], ["1"]], "+1", ")1"),
        # A one-line string cannot run over a line break.
        ('x = "abc', [["\n", '"']], '"', "\n"),
        # With a bracket open, a line at column 0 is refused: indent or close it first.
        ("x = f(a,", [["\n"], ["y", " "], ["y"]], "\n y", "\nyy"),
        # Brackets inside strings and comments are text: nothing to guard.
        ("x = '(", [["]"], ["'"]], "]'", "]'"),
    ],
)
def test_bracket_guard_keeps_the_code_parseable(
    guarded: ThreadedRuntime, unguarded: ThreadedRuntime, prompt: str, steps: list[list[str]],
    guarded_text: str, unguarded_text: str,
) -> None:
    assert generate(unguarded, prompt, steps)["text"] == unguarded_text
    assert generate(guarded, prompt, steps)["text"] == guarded_text


def test_bracket_guard_in_chat_looks_only_inside_the_code_block(guarded: ThreadedRuntime) -> None:
    # Before the fence ")" is prose; inside it, with nothing open, it is refused for the next best.
    steps = [[")"], ["\n"], ["```"], ["python"], ["\n"], [")", "x"], ["\n"], ["```"], ["\n"]]
    choice = generate(guarded, "Write x.", steps, chat=True)
    assert choice["text"] == ")\n```python\nx\n```"


def test_completion_of_a_definition_stops_at_the_next_top_level_line(
    guarded: ThreadedRuntime, unguarded: ThreadedRuntime
) -> None:
    body = ["\n", "    ", "return", " a", "\n", "```", "\n", "x", "\n"]
    steps = [[t] for t in body]
    full = "".join(body)
    off = generate(unguarded, "def add(a, b):", steps)
    assert off["text"] == full and off["finish_reason"] == "stop" and off["stop_reason"] is None
    on = generate(guarded, "def add(a, b):", steps)
    assert on["text"] == "\n    return a\n"
    assert on["finish_reason"] == "stop" and on["stop_reason"] == DEFINITION_END
    # Not inside a definition, or ignore_eos (benchmarks): no such stop.
    assert generate(guarded, "import os", steps)["text"] == full
    assert generate(guarded, "def add(a, b):", steps, ignore_eos=True, max_tokens=len(body))["text"] == full


def test_a_prompt_that_is_not_a_clean_prefix_turns_the_guard_off(guarded: ThreadedRuntime) -> None:
    # "x = 1)" cannot start a valid file, so the lexer's idea of what is open is unknown: no guard.
    assert generate(guarded, "x = 1)", [[")", "+"]])["text"] == ")"
    assert generate(guarded, "x = (1", [["]", ")"]])["text"] == ")"  # a clean prefix is guarded
