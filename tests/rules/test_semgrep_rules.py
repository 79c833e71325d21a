"""Semgrep rule packs and the labelled scanning corpus: structure, metadata and real semgrep runs.

Every language folder under policies/rules/semgrep/ is discovered (no hard-coded list), so packs added
later are checked the same way. `semgrep test` runs each pack against its `ruleid:`/`ok:` files (the
classic `semgrep --test` CLI once, on the python pack, for parity); the corpus test scans
tests/data/scanning/ with all packs once and checks the manifests' labels. See docs/rules.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES_ROOT = ROOT / "policies" / "rules" / "semgrep"
CORPUS_ROOT = ROOT / "tests" / "data" / "scanning"
SEMGREP = Path(sys.executable).parent / "semgrep"

SLUICE_SEVERITIES = {"info", "low", "medium", "high", "critical"}
CONFIDENCES = {"low", "medium", "high"}
SEMGREP_SEVERITIES = {"ERROR", "WARNING", "INFO"}
CWE_RE = re.compile(r"^CWE-\d+: \S")
RULE_ID_RE = re.compile(r"^[a-z0-9]+\.[a-z0-9][a-z0-9-]*$")
MIN_SNIPPETS_PER_LABEL = 15
# Offline and quiet: no metrics, no version check, no registry.
SEMGREP_ENV = {**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}


def _language_dirs() -> list[Path]:
    return sorted(p for p in RULES_ROOT.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def _corpus_dirs() -> list[Path]:
    if not CORPUS_ROOT.is_dir():
        return []
    return sorted(p for p in CORPUS_ROOT.iterdir() if (p / "manifest.yaml").is_file())


def _rule_files() -> list[Path]:
    return sorted(RULES_ROOT.rglob("*.yaml"))


@cache
def _rules_by_file() -> dict[Path, list[dict[str, Any]]]:
    return {path: yaml.safe_load(path.read_text(encoding="utf-8"))["rules"] for path in _rule_files()}


@cache
def _rules_by_id() -> dict[str, dict[str, Any]]:
    return {rule["id"]: rule for rules in _rules_by_file().values() for rule in rules}


def _semgrep(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SEMGREP), *args, "--metrics=off", "--disable-version-check"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=SEMGREP_ENV,
        cwd=ROOT,
        check=False,
    )


def _cwe_id(text: str) -> str:
    return text.split(":", 1)[0].strip()


# --- rule files: parse and metadata ---------------------------------------------------------------


def test_rule_packs_are_discovered() -> None:
    names = {p.name for p in _language_dirs()}
    assert {"python", "javascript", "typescript", "java", "go", "bash"} <= names, names


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: str(p.relative_to(RULES_ROOT)))
def test_rule_file_parses_and_rules_carry_metadata(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("rules"), list) and data["rules"], path
    language = path.parent.name
    for rule in data["rules"]:
        rid = rule.get("id", "<no id>")
        assert RULE_ID_RE.match(rid) and rid.startswith(f"{language}."), f"{rid}: id must be {language}.<name>"
        assert rule.get("severity") in SEMGREP_SEVERITIES, rid
        assert isinstance(rule.get("message"), str) and rule["message"].strip(), rid
        assert rule.get("languages"), rid
        meta = rule.get("metadata") or {}
        assert CWE_RE.match(str(meta.get("cwe", ""))), f"{rid}: cwe must look like 'CWE-89: name'"
        assert meta.get("sluice_severity") in SLUICE_SEVERITIES, rid
        assert meta.get("confidence") in CONFIDENCES, rid
        assert isinstance(meta.get("remediation"), str) and meta["remediation"].strip(), rid
        assert meta.get("category") == "security", rid


def test_rule_ids_are_globally_unique() -> None:
    seen: dict[str, Path] = {}
    for path, rules in _rules_by_file().items():
        for rule in rules:
            assert rule["id"] not in seen, f"{rule['id']} in {path} and {seen[rule['id']]}"
            seen[rule["id"]] = path


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: str(p.relative_to(RULES_ROOT)))
def test_every_rule_has_a_positive_test_case(path: Path) -> None:
    """`semgrep --test` passes vacuously for a rule nobody annotated; demand a `ruleid:` line for each."""
    tests = [p for p in path.parent.glob(f"{path.stem}.*") if p.suffix not in {".yaml", ".yml"}]
    assert tests, f"{path} has no test file beside it"
    annotated = "\n".join(p.read_text(encoding="utf-8") for p in tests)
    for rule in _rules_by_file()[path]:
        assert re.search(rf"ruleid:[^\n]*\b{re.escape(rule['id'])}\b", annotated), (
            f"{rule['id']} has no 'ruleid:' case in {[p.name for p in tests]}"
        )


# --- semgrep --test ------------------------------------------------------------------------------


def _failures(report: dict[str, Any]) -> list[str]:
    """Readable problems from a `semgrep --test --json` report (both CLIs emit the same shape)."""
    problems = [f"no test file for {c}" for c in report["config_missing_tests"]]
    problems += [f"invalid config {c}" for c in report["config_with_errors"]]
    for result in report["results"].values():
        for rule_id, check in result["checks"].items():
            if check["passed"]:
                continue
            for target, lines in check["matches"].items():
                expected, reported = set(lines["expected_lines"]), set(lines["reported_lines"])
                problems.append(
                    f"{rule_id} in {Path(target).name}: missed lines {sorted(expected - reported)}, "
                    f"unexpected lines {sorted(reported - expected)}"
                )
            problems += [f"{rule_id}: {err}" for err in check["errors"]]
    return problems


@pytest.mark.parametrize("pack", _language_dirs(), ids=lambda p: p.name)
def test_semgrep_test_annotations_pass(pack: Path, record_property: Any) -> None:
    """Each rule reports exactly the lines annotated `ruleid:` in its test file, nothing on the others.

    Runs `semgrep test` (the OCaml implementation, ~0.5 s per pack; the Python `semgrep --test` takes
    ~1 s per rule file and runs once for the whole tree below).
    """
    started = time.perf_counter()
    proc = subprocess.run(
        [str(SEMGREP), "test", "--experimental", "--json", str(pack)],
        capture_output=True,
        text=True,
        timeout=120,
        env=SEMGREP_ENV,
        cwd=ROOT,
        check=False,
    )
    record_property("semgrep_test_seconds", round(time.perf_counter() - started, 2))
    assert proc.stdout.strip(), proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    ran = {(ROOT / cfg).resolve() for cfg in report["results"]}
    assert ran >= set(pack.glob("*.yaml")), f"not every rule file of {pack.name} was tested: {sorted(ran)}"
    problems = _failures(report)
    assert proc.returncode == 0 and not problems, "\n".join(problems) or proc.stderr[-2000:]


def test_classic_semgrep_test_cli_agrees() -> None:
    """Parity check: the Python `semgrep --test --config DIR DIR` CLI accepts our packs too.

    It costs ~1 s of CPU per rule file, so it runs on the python pack only; every pack goes through
    `semgrep test` above.
    """
    pack = RULES_ROOT / "python"
    proc = _semgrep("--test", "--json", "--config", str(pack), str(pack), timeout=300)
    report = json.loads(proc.stdout)
    problems = _failures(report)
    assert proc.returncode == 0 and not problems, "\n".join(problems) or proc.stderr[-2000:]
    assert {(ROOT / cfg).resolve() for cfg in report["results"]} >= set(pack.glob("*.yaml"))


def test_rule_files_load_in_semgrep_core() -> None:
    """semgrep-core's own parser (osemgrep, LSP, direct engine calls) must accept every file as written.

    PyYAML-based loaders resolve YAML anchors/aliases, semgrep-core does not: this catches such drift.
    """
    spec = importlib.util.find_spec("semgrep")
    assert spec is not None and spec.submodule_search_locations, "semgrep is not installed"
    core = Path(next(iter(spec.submodule_search_locations))) / "bin" / "semgrep-core"
    files = [str(p) for p in _rule_files()]
    proc = subprocess.run(
        [str(core), "-check_rules", os.devnull, *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "error" in ln.lower()]
    assert proc.returncode == 0 and not errors, "\n".join(errors)


# --- labelled corpus -------------------------------------------------------------------------------


def _manifest(folder: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    assert isinstance(entries, list), f"{folder}/manifest.yaml must be a list"
    return entries


def test_corpus_exists_for_rule_packs() -> None:
    corpora = {p.name for p in _corpus_dirs()}
    assert {"python", "javascript", "typescript", "java", "go", "bash"} <= corpora, corpora


@pytest.mark.parametrize("folder", _corpus_dirs(), ids=lambda p: p.name)
def test_corpus_manifest_matches_files(folder: Path) -> None:
    entries = _manifest(folder)
    listed: set[str] = set()
    for entry in entries:
        file, label, expect = entry.get("file"), entry.get("label"), entry.get("expect")
        assert isinstance(file, str) and (folder / file).is_file(), f"{folder.name}: missing {file}"
        assert file not in listed, f"{folder.name}: {file} listed twice"
        listed.add(file)
        assert label in {"insecure", "safe"} and file.startswith(f"{label}/"), f"{file}: label {label}"
        assert isinstance(expect, list), f"{file}: expect must be a list"
        if label == "insecure":
            assert expect and all(str(c).startswith("CWE-") for c in expect), f"{file}: expect CWEs"
        else:
            assert expect == [], f"{file}: a safe snippet expects nothing"
        rule_id = entry.get("rule")
        if rule_id is not None:
            rule = _rules_by_id().get(rule_id)
            assert rule is not None, f"{file}: unknown rule {rule_id}"
            assert _cwe_id(rule["metadata"]["cwe"]) in expect, f"{file}: {rule_id}'s CWE not in expect"
    on_disk = {
        str(p.relative_to(folder)) for sub in ("insecure", "safe") for p in (folder / sub).rglob("*") if p.is_file()
    }
    assert on_disk == listed, f"unlisted: {sorted(on_disk - listed)}; missing: {sorted(listed - on_disk)}"
    labels = [e["label"] for e in entries]
    assert labels.count("insecure") >= MIN_SNIPPETS_PER_LABEL, folder.name
    assert labels.count("safe") >= MIN_SNIPPETS_PER_LABEL, folder.name


@cache
def _corpus_findings() -> dict[str, set[str]]:
    """One semgrep run over the whole corpus with every pack: relative file path -> rule ids found.

    The corpus is scanned from a copy because semgrep's default ignore list skips any `tests/` folder.
    """
    known = set(_rules_by_id())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(CORPUS_ROOT, corpus)
        # --experimental: the OCaml CLI, same results as the Python one in ~1/5 of the time
        proc = _semgrep(
            "scan", "--experimental", "--config", str(RULES_ROOT), "--json", "--quiet", str(corpus), timeout=180
        )
        assert proc.returncode == 0, proc.stderr[-4000:]
        report = json.loads(proc.stdout)
        assert not report["errors"], report["errors"][:3]
        found: dict[str, set[str]] = {}
        for result in report["results"]:
            rel = str(Path(result["path"]).resolve().relative_to(corpus.resolve()))
            # the Python CLI prefixes ids with the rule file's dotted folder path when --config is a folder
            check_id = result["check_id"]
            rule_id = next((r for r in known if check_id == r or check_id.endswith("." + r)), check_id)
            found.setdefault(rel, set()).add(rule_id)
    return found


@pytest.mark.parametrize("folder", _corpus_dirs(), ids=lambda p: p.name)
def test_corpus_labels_hold_for_semgrep_packs(folder: Path) -> None:
    """An insecure snippet labelled with a rule is found by it; a safe snippet draws no finding at all."""
    found = _corpus_findings()
    problems = []
    for entry in _manifest(folder):
        rel = f"{folder.name}/{entry['file']}"
        hits = found.get(rel, set())
        if entry["label"] == "safe" and hits:
            problems.append(f"false positive in {rel}: {sorted(hits)}")
        if entry["label"] == "insecure" and entry.get("rule") and entry["rule"] not in hits:
            problems.append(f"missed {entry['rule']} in {rel} (found {sorted(hits)})")
    assert not problems, "\n".join(problems)
