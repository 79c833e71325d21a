"""What a newcomer pastes first (issue 20): the README's snippets, `make run`'s banner, packaging."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from license_expression import get_spdx_licensing

from gateway.demo import _print_banner
from tests.support.servers import GatewayServer

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text()


def test_make_run_prints_the_export_line_and_examples_that_read_it(capsys: pytest.CaptureFixture[str]) -> None:
    _print_banner(8080, "sluice-tiny-code", "sk-sluice-demo_secret")
    banner = capsys.readouterr().out
    assert "    export SLUICE_KEY=sk-sluice-demo_secret\n" in banner
    examples = banner.split("Try it:", 1)[1]
    assert "sk-sluice-demo_secret" not in examples, "the examples read the key from the environment"
    assert '"Authorization: Bearer $SLUICE_KEY"' in examples and "os.environ['SLUICE_KEY']" in examples


def test_readme_python_snippet_runs_as_pasted(gateway: GatewayServer, api_key: str) -> None:
    """It used SLUICE_KEY without defining it: a NameError for everyone who pasted it."""
    snippet = re.search(r"```python\n(.*?)```", README, re.S)
    assert snippet is not None
    code = (snippet.group(1).replace("http://127.0.0.1:8080", gateway.url)
            .replace("sluice-tiny-code", "codellama-7b"))
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "SLUICE_KEY": api_key},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"Authorization: Bearer $SLUICE_KEY"' in README


def test_license_is_an_spdx_expression() -> None:
    """A TOML table made setuptools warn three times per install (deprecated since PEP 639)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert isinstance(project["license"], str)
    assert get_spdx_licensing().validate(project["license"]).errors == []
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]
