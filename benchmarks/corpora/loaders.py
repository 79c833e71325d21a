"""One loader per label format (`kind` in benchmarks/corpora.toml)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpora.model import Corpus, Label, Unit
from gateway.scanning.findings import normalize_cwe
from gateway.scanning.languages import language_from_filename

ROOT = Path(__file__).resolve().parents[2]

# `# ruleid: a, b` / `// ok: a` ... : the label for the next code line.
_ANNOTATION = re.compile(r"^\s*(?:#|//|--|/\*|<!--)\s*(todoruleid|ruleid|todook|ok)\s*:\s*([\w.,\s-]+)")


def load_units(corpus: Corpus, root: Path | None, languages: set[str] | None) -> list[Unit]:
    loader = _LOADERS[corpus.kind]
    base = ROOT / corpus.path if corpus.path else root
    if base is None:
        return []
    return [u for u in loader(corpus, base) if u.labels and (not languages or u.language in languages)]


def _cwes(values: Any) -> frozenset[str]:
    values = values if isinstance(values, list | tuple) else [values]
    return frozenset(c for c in (normalize_cwe(v) for v in values) if c)


def _manifest(corpus: Corpus, base: Path) -> Iterator[Unit]:
    for manifest in sorted(base.glob("*/manifest.yaml")):
        language = manifest.parent.name
        parsed: Any = yaml.safe_load(manifest.read_text())
        entries = parsed if isinstance(parsed, list) else next((v for v in parsed.values() if isinstance(v, list)), [])
        for entry in entries:
            path = manifest.parent / entry["file"]
            label = Label(entry.get("label") == "insecure", _cwes(entry.get("expect") or []), None, entry.get("rule"))
            yield Unit(corpus.name, language, f"{language}/{entry['file']}", path.read_text(errors="replace"), [label])


def _rule_metadata(test_file: Path) -> dict[str, dict[str, Any]]:
    """id -> metadata of the rules next to an annotated test file (same stem, .yaml/.yml)."""
    for suffix in (".yaml", ".yml"):
        rules_file = test_file.with_suffix(suffix)
        if rules_file.is_file():
            try:
                parsed = yaml.safe_load(rules_file.read_text(errors="replace")) or {}
            except yaml.YAMLError:
                return {}
            return {
                r["id"]: r.get("metadata") or {} for r in parsed.get("rules", []) if isinstance(r, dict) and "id" in r
            }
    return {}


def _annotated(corpus: Corpus, base: Path) -> Iterator[Unit]:
    # Files carrying one of these markers are left out unread for scoring (e.g. test files copied
    # from a benchmark that is held out for independent evaluation).
    excluded_markers = tuple(corpus.options.get("exclude_files_containing", ()))
    for pattern in corpus.paths:
        for path in sorted(base.glob(pattern)):
            language = language_from_filename(path.name)
            if language is None or not path.is_file():
                continue
            text = path.read_text(errors="replace")
            if any(marker in text for marker in excluded_markers):
                continue
            metadata = _rule_metadata(path)
            lines = text.splitlines()
            labels: dict[int, Label] = {}
            for i, text in enumerate(lines):
                match = _ANNOTATION.match(text)
                if not match:
                    continue
                target = _next_code_line(lines, i)
                if target is None:
                    continue
                for rule in (r.strip() for r in match.group(2).split(",") if r.strip()):
                    meta = metadata.get(rule, {})
                    if str(meta.get("category", "")).lower() != "security":
                        continue  # correctness/best-practice/performance labels say nothing about security
                    insecure = match.group(1) in {"ruleid", "todoruleid"}
                    previous = labels.get(target)
                    # A line insecure for one rule stays insecure whatever another rule says.
                    if previous is None or (insecure and not previous.insecure):
                        labels[target] = Label(insecure, _cwes(meta.get("cwe")), target, rule)
            if labels:
                code = "\n".join(lines) + "\n"
                yield Unit(corpus.name, language, str(path.relative_to(base)), code, sorted(labels.values(), key=_line))


def _line(label: Label) -> int:
    return label.line or 0


def _next_code_line(lines: list[str], index: int) -> int | None:
    """1-based number of the first line after `index` that is neither blank nor an annotation."""
    for j in range(index + 1, len(lines)):
        if lines[j].strip() and not _ANNOTATION.match(lines[j]):
            return j + 1
    return None


def _pairs_jsonl(corpus: Corpus, base: Path) -> Iterator[Unit]:
    opts = corpus.options
    for pattern in corpus.paths:
        for path in sorted(base.glob(pattern)):
            for n, line in enumerate(path.read_text(errors="replace").splitlines()):
                if not line.strip():
                    continue
                record = json.loads(line)
                language = language_from_filename(str(record.get(opts.get("file_field", "file_name"), "")))
                if language is None:
                    continue
                cwes = _cwes(str(record.get(opts.get("cwe_field", "cwe"), "")).replace("cwe-", "CWE-"))
                name = f"{path.name}:{n}"
                before, after = record[opts.get("before_field", "before")], record[opts.get("after_field", "after")]
                if before == after:
                    continue
                yield Unit(corpus.name, language, f"{name}:before", before, [Label(True, cwes)])
                yield Unit(corpus.name, language, f"{name}:after", after, [Label(False, cwes)])


# Juliet: the weakness is in the file name (CWE89_SQL_Injection__connect_tcp_01.java); each test
# case has one bad() method and good variants (goodG2B: safe source, goodB2G: unsafe source made safe).
# The C suite prefixes bad() with the test case's name (void CWE78_..._01_bad()), its C++ files use
# plain bad() in a namespace; both name good helpers `static void goodG2B()` / `good1()`. The
# test case's own `..._good()` only calls the helpers and is not a unit.
_JULIET_CWE = re.compile(r"^CWE(\d+)_")
_JULIET_METHOD = re.compile(
    r"^[ \t]*(?:(?:public|private|protected|static)[ \t]+)*void[ \t]+(?:CWE\w*_)?(bad|good[A-Z0-9]\w*)[ \t]*\("
)


def _method_bodies(code: str) -> Iterator[tuple[str, str]]:
    """(name, text) of each bad()/good*() method, cut at its matching closing brace."""
    lines = code.splitlines()
    for i, line in enumerate(lines):
        match = _JULIET_METHOD.match(line)
        if not match:
            continue
        depth, seen_open = 0, False
        for j in range(i, len(lines)):
            depth += lines[j].count("{") - lines[j].count("}")
            seen_open = seen_open or "{" in lines[j]
            if seen_open and depth <= 0:
                yield match.group(1), "\n".join(lines[i : j + 1]) + "\n"
                break


def _juliet(corpus: Corpus, base: Path) -> Iterator[Unit]:
    """One unit per bad()/good*() method, scanned as a method without its class (a fragment)."""
    for pattern in corpus.paths:
        for path in sorted(base.glob(pattern)):
            cwe = _JULIET_CWE.match(path.name)
            language = language_from_filename(path.name)
            if cwe is None or language is None:
                continue
            cwes = _cwes(f"CWE-{cwe.group(1)}")
            for name, body in _method_bodies(path.read_text(errors="replace")):
                insecure = name == "bad"
                yield Unit(corpus.name, language, f"{path.name}:{name}", body, [Label(insecure, cwes)])


_LOADERS: dict[str, Callable[[Corpus, Path], Iterator[Unit]]] = {
    "manifest": _manifest,
    "annotated": _annotated,
    "pairs_jsonl": _pairs_jsonl,
    "juliet": _juliet,
}
