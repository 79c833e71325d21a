"""The annotated-corpus loader (semgrep-rules' test format) reads `ruleid:`/`ok:` labels and leaves out
files carrying an exclusion marker (test files copied from a benchmark held out for evaluation)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpora.loaders import load_units
from benchmarks.corpora.model import MANIFEST, Corpus, read_manifest

_RULES = """\
rules:
  - id: demo.eval
    metadata:
      category: security
      cwe: "CWE-95: Eval Injection"
"""

_PLAIN = """\
def handler(value):
    # ruleid: demo.eval
    eval(value)
    # ok: demo.eval
    print(value)
"""

_MARKED = "# This file is part of the Held Out Benchmark.\n" + _PLAIN


def _corpus(exclusions: list[str]) -> Corpus:
    options = {"exclude_files_containing": exclusions} if exclusions else {}
    return Corpus(name="t", kind="annotated", license="", paths=("**/*.py",), options=options)


def test_labels_are_read_and_marked_files_left_out(tmp_path: Path) -> None:
    for name, code in (("plain", _PLAIN), ("marked", _MARKED)):
        (tmp_path / f"{name}.yaml").write_text(_RULES)
        (tmp_path / f"{name}.py").write_text(code)
    everything = load_units(_corpus([]), tmp_path, None)
    assert sorted(Path(u.name).stem for u in everything) == ["marked", "plain"]
    kept = load_units(_corpus(["Held Out Benchmark"]), tmp_path, None)
    assert [Path(u.name).stem for u in kept] == ["plain"]
    labels = sorted((label.line, label.insecure) for label in kept[0].labels)
    assert labels == [(3, True), (5, False)]


def test_the_manifest_leaves_out_owasp_benchmark_copies() -> None:
    semgrep_rules = next(c for c in read_manifest(MANIFEST) if c.name == "semgrep-rules")
    assert "OWASP Benchmark" in semgrep_rules.options["exclude_files_containing"]
