import code

import _testcapi
import _xxsubinterpreters
from flask import Flask, request

app = Flask(__name__)


@app.route("/console", methods=["POST"])
def web_console():
    console = code.InteractiveConsole(locals={})
    # ruleid: python.code-injection-interpreter
    more = console.push(request.form["line"])
    return {"more": more}


def run_snippet(source: str) -> None:
    interpreter = code.InteractiveInterpreter()
    # ruleid: python.code-injection-interpreter
    interpreter.runsource(source)
    compiled = code.compile_command(source)
    # ruleid: python.code-injection-interpreter
    interpreter.runcode(compiled)


def isolated(source: str) -> None:
    # ruleid: python.code-injection-interpreter
    _xxsubinterpreters.run_string(_xxsubinterpreters.create(), source)
    # ruleid: python.code-injection-interpreter
    _testcapi.run_in_subinterp(source)


def fixed_snippets() -> None:
    console = code.InteractiveConsole()
    # ok: python.code-injection-interpreter
    console.push("import sys")
    interpreter = code.InteractiveInterpreter()
    # ok: python.code-injection-interpreter
    interpreter.runsource("print('ready')")
    # ok: python.code-injection-interpreter
    _testcapi.run_in_subinterp("import json")


def queue_work(stack, item):
    # ok: python.code-injection-interpreter
    stack.push(item)
