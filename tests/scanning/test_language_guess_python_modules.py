"""Untagged Python module-level code (settings files, app setup: no def, no class) is recognised.

Before these signals, app set-up snippets such as the ones below came back None (8 of the 218
python_llm probes, 53 of 249 semgrep-rules Python test files), so no Python rule ran on them.
"""

from __future__ import annotations

import pytest

from gateway.scanning import detect_language

PYTHON_MODULES = [
    'from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins="*")\n',
    "from flask import Flask\n\napp = Flask(__name__)\napp.config.update(\n    SESSION_COOKIE_HTTPONLY=False,\n)\n",
    '"""Django settings."""\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent\nDEBUG = 1\n',
]

# `import x from 'y'` and `__FILE__` belong to other languages and must not be read as Python.
OTHERS = [
    ("import express from 'express';\nconst app = express();\napp.listen(3000);\n", "javascript"),
    ("<?php\n$path = __DIR__ . '/' . $_GET['f'];\ninclude $path;\n", "php"),
]


@pytest.mark.parametrize("code", PYTHON_MODULES)
def test_python_module_level_code_is_python(code: str) -> None:
    assert detect_language(code) == "python"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_other_languages_keep_their_guess(code: str, language: str) -> None:
    assert detect_language(code) == language
