"""The rule prefilter never skips a rule semgrep would report (real semgrep-core, real rule packs).

Soundness is checked against semgrep itself: every finding semgrep-core reports, on whole rule
test files, on the labelled scanning corpora and on each `ruleid:` line alone, is for a rule the
prefilter kept for that text. Then the point of it: a harmless Python answer runs no rule at all.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

import pytest

from gateway.scanning.languages import EXTENSIONS
from gateway.scanning.prefilter import always, rule_requirement
from gateway.scanning.semgrep_rules import SEMGREP_LANGUAGE, RulePack, find_semgrep_core

ROOT = Path(__file__).resolve().parents[2]
RULES_ROOT = ROOT / "policies" / "rules" / "semgrep"
CORPUS_ROOT = ROOT / "tests" / "data" / "scanning"
ANNOTATION = re.compile(r"ruleid:\s*([\w.,\- ]+)")

Target = tuple[str, str, str]  # (label, language, code)


@cache
def _pack() -> RulePack:
    return RulePack.load(find_semgrep_core(), [("sluice", [RULES_ROOT])])


def _rule_test_files() -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in sorted(RULES_ROOT.iterdir())
        if folder.is_dir()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix not in {".yaml", ".yml"}
    ]


def _corpus_files() -> list[tuple[str, Path]]:
    """(language, file) of the labelled corpora: the folder's language, else the file's extension
    (folders such as python_llm/, jvm_llm/ and pyflow/ are named for their source, not a language)."""
    by_extension = {ext: lang for lang, ext in EXTENSIONS.items()}
    found = []
    for folder in sorted(CORPUS_ROOT.iterdir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            language = folder.name if folder.name in SEMGREP_LANGUAGE else by_extension.get(path.suffix)
            if path.is_file() and path.name != "manifest.yaml" and language in SEMGREP_LANGUAGE:
                found.append((language, path))
    return found


def _annotated_lines() -> list[tuple[Target, set[str]]]:
    """Each `ruleid:` case as the code line it annotates, alone (the smallest snippet there is)."""
    cases = []
    for language, path in _rule_test_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = ANNOTATION.search(line)
            if not match:
                continue
            rules = {r.strip() for r in match.group(1).split(",") if r.strip()}
            before = line[: match.start()].rstrip().rstrip("#/").rstrip()
            code = before if before and not before.endswith(("#", "//", "/*")) else None
            if code is None and number + 1 < len(lines):
                code = lines[number + 1]
            if code and code.strip():
                cases.append(((f"{path.name}:{number + 1}", language, code.strip() + "\n"), rules))
    return cases


def _semgrep_findings(targets: list[Target]) -> dict[str, set[str]]:
    """One semgrep-core run with every rule over every target: label -> rule ids reported."""
    pack = _pack()
    with tempfile.TemporaryDirectory(prefix="sluice-prefilter-") as tmp:
        folder = Path(tmp)
        entries, labels = [], {}
        for i, (label, language, code) in enumerate(targets):
            path = folder / f"t{i}"
            path.write_text(code, encoding="utf-8")
            labels[str(path)] = label
            target = {"path": {"fpath": str(path), "ppath": f"/t{i}{EXTENSIONS.get(language, '')}"}}
            entries.append(["CodeTarget", {**target, "analyzer": SEMGREP_LANGUAGE[language], "products": ["sast"]}])
        (folder / "targets.json").write_text(json.dumps(["Targets", entries]))
        (folder / "rules.json").write_text('{"rules": [' + ",".join(r.body for r in pack.rules.values()) + "]}")
        args = ["-rules", str(folder / "rules.json"), "-targets", str(folder / "targets.json"), "-json"]
        proc = subprocess.run(
            [str(find_semgrep_core()), *args, "-disable_rule_paths", "-timeout", "30"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    line = next(ln for ln in reversed(proc.stdout.splitlines()) if ln.startswith("{"))
    found: dict[str, set[str]] = {}
    for result in json.loads(line)["results"]:
        found.setdefault(labels[result["path"]], set()).add(result["check_id"])
    return found


def _false_skips(targets: list[Target]) -> list[str]:
    found = _semgrep_findings(targets)
    by_label = {label: (language, code) for label, language, code in targets}
    problems = []
    for label, rule_ids in found.items():
        language, code = by_label[label]
        kept = {r.id for r in _pack().candidates(language, code)}
        problems.extend(f"{label}: semgrep reports {r} but the prefilter skipped it" for r in rule_ids - kept)
    return problems


def test_no_false_skip_on_whole_rule_test_files() -> None:
    targets = [(str(p.relative_to(RULES_ROOT)), lang, p.read_text(encoding="utf-8")) for lang, p in _rule_test_files()]
    assert not _false_skips(targets)


def test_no_false_skip_on_the_labelled_corpora() -> None:
    targets = [(str(p.relative_to(CORPUS_ROOT)), lang, p.read_text(encoding="utf-8")) for lang, p in _corpus_files()]
    assert len(targets) > 300
    assert not _false_skips(targets)


def test_no_false_skip_on_each_ruleid_line_alone() -> None:
    cases = _annotated_lines()
    targets = [target for target, _ in cases]
    assert len(targets) > 300
    assert not _false_skips(targets)
    # semgrep found many annotated rules on their line alone: the check above was not vacuous
    found = _semgrep_findings(targets)
    assert sum(bool(found.get(label, set()) & rules) for (label, _, _), rules in cases) > 150


def test_every_annotated_rule_is_kept_on_its_test_file() -> None:
    for language, path in _rule_test_files():
        code = path.read_text(encoding="utf-8")
        kept = {r.id for r in _pack().candidates(language, code)}
        for match in ANNOTATION.finditer(code):
            for rule_id in filter(None, (r.strip() for r in match.group(1).split(","))):
                if language in _pack().rules[rule_id].languages:
                    assert rule_id in kept, f"{path.name}: {rule_id} skipped"


@pytest.mark.parametrize(
    "answer",
    [
        'def add(a, b):\n    """Return the sum of a and b."""\n    return a + b\n',
        "def greet(name):\n    # counter 17\n    return f'Hello, {name}!'\n",
        "total = sum(range(10))\nprint(total)\n",
    ],
)
def test_a_harmless_python_answer_runs_no_semgrep_rule(answer: str) -> None:
    assert _pack().candidates("python", answer) == []


def test_credential_shapes_keep_the_credential_rules() -> None:
    kept = {r.id for r in _pack().candidates("python", 'db_password = "hunter2hunter2"\n')}
    assert {"python.hardcoded-credential", "python.placeholder-credential"} <= kept
    kept = {r.id for r in _pack().candidates("python", 'app.secret_key = "changeme"\n')}
    assert "python.placeholder-credential" in kept
    kept = {r.id for r in _pack().candidates("python", 'connect(API_KEY="abcd1234")\n')}
    assert "python.hardcoded-credential" in kept


def _regex_rule(regex: str, pattern: str = "$NAME = $V") -> dict[str, object]:
    return {
        "languages": ["python"],
        "patterns": [{"pattern": pattern}, {"metavariable-regex": {"metavariable": "$NAME", "regex": regex}}],
    }


def test_requirement_from_a_whole_value_regex() -> None:
    requirement = rule_requirement(_regex_rule("(?i)^(.*_)?(password|token)$"))
    assert requirement("DB_PASSWORD = x") and requirement("token = 1")
    assert not requirement("def add(a, b): return a + b")


@pytest.mark.parametrize(
    "regex",
    [
        r"^(?!test).*$",  # lookahead and no literal it must consume
        r"^.*$",  # matches the empty text
        r"^(?P<x>[a-",  # not a valid regex
        r"^[[:alpha:]]+x]$",  # a POSIX class: Python would read a literal "]" that PCRE does not need
    ],
)
def test_context_dependent_or_unreadable_regexes_are_always_possible(regex: str) -> None:
    assert rule_requirement(_regex_rule(regex)) is always


@pytest.mark.parametrize(
    ("regex", "could_match", "cannot_match"),
    [
        (r"^foo\b", "foo = 1", "bar = 1"),  # word boundary inside: the literal is still consumed
        (r"^a|^b$", "b = 1", "x = 1"),  # an anchor inside each branch: one of the literals
        (r"(?i)(.*?\b(password|pwd)\s*=\s*(?!x)\S{3,}|^[a-z]+://[^:]+:[^@]+@\S+)", "PWD = 1", "db = 1"),
        (r"(?i)(.*?\b(password|pwd)\s*=\s*(?!x)\S{3,}|^[a-z]+://[^:]+:[^@]+@\S+)", "u = h://a:b@c", "db = 1"),
        (r"^x(?i:ab)(?!c)", "x = AB", "x = 1"),  # a scoped (?i:...) makes the whole search case-blind
        (r"^(ab)+c?d(?<!e)$", "abd = 1", "bd = 1"),
    ],
)
def test_context_dependent_regexes_require_the_literals_every_match_consumes(
    regex: str, could_match: str, cannot_match: str
) -> None:
    requirement = rule_requirement(_regex_rule(regex, pattern="$NAME = $V"))
    assert requirement(could_match)
    assert not requirement(cannot_match)


def _metavariable_pattern_rule(inner_regex: str, language: str | None = None) -> dict[str, object]:
    spec: dict[str, object] = {
        "metavariable": "$PW",
        "patterns": [{"pattern": "$N"}, {"metavariable-regex": {"metavariable": "$N", "regex": inner_regex}}],
    }
    if language:
        spec["language"] = language
    return {
        "languages": ["python"],
        "patterns": [
            {"pattern-either": [{"pattern": '$PW == "$VALUE"'}, {"pattern": 'hmac.compare_digest($PW, "$VALUE")'}]},
            {"metavariable-pattern": spec},
        ],
    }


def test_a_metavariable_pattern_requires_its_inner_patterns_text() -> None:
    requirement = rule_requirement(_metavariable_pattern_rule("(?i)^(.*_)?(password|secret)$"))
    assert requirement('if user_password == "x":\n    pass\n')
    assert not requirement('def add(a, b):\n    """Return the sum."""\n    return a + b\n')
    # a string's value may be decoded or folded from pieces: such snippets keep the rule
    assert requirement('if "pass\\x77ord" == "x":\n    pass\n')
    assert requirement('if ("pass" "word") == "x":\n    pass\n')


def test_a_metavariable_pattern_in_another_language_proves_nothing() -> None:
    assert rule_requirement(_metavariable_pattern_rule("^password$", language="generic")) is always


def test_no_false_skip_on_metavariable_pattern_and_context_dependent_rules() -> None:
    """The two rule shapes this prefilter learned, checked against semgrep-core on their own cases."""
    targets = [
        ("check", "python", 'def login(password):\n    return password == "hunter2hunter2"\n'),
        ("check-attr", "python", 'def login(form):\n    return form.user_password != "s3cr3tpass"\n'),
        ("check-key", "python", 'def login(d):\n    return d["pass" "word"] == "s3cr3tpass"\n'),
        ("dsn", "python", 'engine = create_engine("postgresql://app:Sup3rS3cret@db/app")\n'),
        ("dsn-kv", "python", 'conn = connect("host=db user=app password=Sup3rS3cret")\n'),
        ("dsn-escape", "python", 'conn = connect("host=db user=app pass\\x77ord=Sup3rS3cret")\n'),
    ]
    found = _semgrep_findings(targets)
    assert found.get("check") and found.get("dsn")  # the cases are real, not vacuous
    assert not _false_skips(targets)


def test_a_metavariable_not_bound_by_every_branch_proves_nothing() -> None:
    rule = {
        "languages": ["python"],
        "patterns": [
            {"pattern-either": [{"pattern": "$NAME = 1"}, {"pattern": "foo($X)"}]},
            {"metavariable-regex": {"metavariable": "$NAME", "regex": "^password$"}},
        ],
    }
    assert rule_requirement(rule) is always


def test_taint_rules_need_one_of_their_sinks_and_bash_has_no_attributes() -> None:
    taint = {
        "mode": "taint",
        "languages": ["python"],
        "pattern-sources": [{"pattern": "input()"}],
        "pattern-sinks": [{"pattern": "$DB.execute(...)"}, {"pattern": "$OS.system(...)"}],
    }
    requirement = rule_requirement(taint)
    assert requirement("cur.execute(q)") and requirement("os.system(c)") and not requirement("print(x)")
    assert rule_requirement({"languages": ["bash"], "pattern": "curl $X.sh"}) is always


def test_no_false_skip_when_semgrep_folds_a_quoted_name_from_pieces() -> None:
    """semgrep folds "pass" + "word" into the value its `$D["$NAME"]` binds: the name is never whole."""
    targets = [
        ("plus", "python", 'd["pass" + "word"] = "hunter2hunter2"\n'),
        ("implicit", "python", 'd["pass" "word"] = "hunter2hunter2"\n'),
        ("f-string", "python", 'd[f"pass{\'word\'}"] = "hunter2hunter2"\n'),
        ("escape", "python", 'd["pass\\x77ord"] = "hunter2hunter2"\n'),
        ("js-plus", "javascript", 'o["pass" + "word"] = "hunter2hunter2";\n'),
    ]
    found = _semgrep_findings(targets)
    assert "python.hardcoded-credential" in found.get("plus", set())  # the case is real, not vacuous
    assert not _false_skips(targets)


def test_a_python_decorator_pattern_requires_an_at_sign() -> None:
    rule = {
        "languages": ["python"],
        "patterns": [
            {"pattern-inside": "@$APP.$ROUTE(...)\ndef $F(...):\n    ...\n"},
            {"pattern": "return $ERR"},
        ],
    }
    requirement = rule_requirement(rule)
    assert requirement("@app.get('/')\ndef f():\n    return e\n")
    assert not requirement("def f():\n    return e\n")
    # an "@" in a string or comment of the pattern, or another language, proves nothing
    assert rule_requirement({"languages": ["python"], "pattern": 'send("a@b") # @x'}) is always
    assert rule_requirement({"languages": ["java"], "pattern-inside": "@$A\nvoid $F() {...}"}) is always


def test_the_prefilter_is_linear_on_one_long_line() -> None:
    """`(.*_)?(password|...)` searched with Python's `re` took 5 s on 32 KB (quadratic, on the loop)."""
    code = "x = '" + "a" * 32_000 + "'\n"
    started = time.perf_counter()
    _pack().candidates("python", code)
    assert time.perf_counter() - started < 1.0
    requirement = rule_requirement(_regex_rule(r"(?i)^(.*_)?(password|token)$"))
    assert requirement("x" * 50_000 + " db_password = 1") and not requirement("x" * 50_000)
    # a regex with a Unicode-wide class keeps the rule on a long snippet instead of backtracking,
    # once the literals every match consumes ("_key") are there: those alone are searched linearly
    wide = rule_requirement(_regex_rule(r"^\w*_key$"))
    assert wide("k" * 5_000 + "_key") and not wide("x = 1")
    assert not wide("k" * 5_000)
