"""Semgrep rule packs: load, validate with semgrep-core, and prefilter per snippet.

Rules that semgrep-core rejects are skipped (and listed), never fatal: one bad rule in a
third-party pack (CodeShield ships a Java rule that does not parse) must not disable scanning.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gateway.scanning.codeshield_pack import bundle_files
from gateway.scanning.findings import Severity, normalize_cwe
from gateway.scanning.languages import normalize_language
from gateway.scanning.prefilter import always, both, linear_regex_prefilter, rule_requirement

log = logging.getLogger(__name__)

SEMGREP_LANGUAGE = {  # our canonical name -> semgrep analyzer name
    "python": "python",
    "javascript": "javascript",
    "typescript": "typescript",
    "java": "java",
    "go": "go",
    "bash": "bash",
    "c": "c",
    "cpp": "cpp",
    "csharp": "csharp",
    "php": "php",
    "ruby": "ruby",
    "rust": "rust",
}

_SEMGREP_SEVERITY = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
_CORE_TIMEOUT_S = 60


class RuleLoadError(Exception):
    pass


def find_semgrep_core(explicit: Path | None = None) -> Path:
    """The engine binary inside the installed semgrep wheel (never the slow Python CLI)."""
    if explicit is not None:
        return explicit
    spec = importlib.util.find_spec("semgrep")
    if spec and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "bin" / "semgrep-core"
        if candidate.exists():
            return candidate
    found = shutil.which("semgrep-core")
    if found:
        return Path(found)
    raise RuleLoadError("semgrep-core not found: install the semgrep wheel")


def codeshield_rule_files() -> list[Path]:
    """Meta CodeShield's generated semgrep bundles, if the optional `codeshield` package is installed."""
    return bundle_files(None)


# A pack's hook to adapt or drop a third-party rule as it loads (None: drop it).
RuleAdjuster = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    pack: str
    languages: frozenset[str]
    body: str  # the rule as JSON, ready to splice into a rules file
    severity: Severity
    confidence: str
    cwe: str | None
    remediation: str | None
    prefilter: Callable[[str], bool] = field(compare=False)
    # Identifiers semgrep-core's prefilter needs all of (checked first, from one pass per snippet).
    needs: frozenset[str] = field(default=frozenset(), compare=False)
    # `prefilter` in two parts for `RulePack.candidates`: semgrep-core's formula as alternatives
    # (None: too many, use `prefilter`), and the requirement prefilter.py derives from the YAML.
    core: CoreAlternatives | None = field(default=None, compare=False)
    requirement: Callable[[str], bool] = field(default=always, compare=False)

    def admits(self, code: str, present: frozenset[str]) -> bool:
        """`prefilter(code)`, given `present`: every identifier of `core` that occurs in `code`."""
        if self.core is None:
            return self.prefilter(code)
        return self.core.holds(code, present) and (self.requirement is always or self.requirement(code))


@dataclass(frozen=True, slots=True)
class CoreAlternatives:
    """semgrep-core's prefilter formula in disjunctive form: it holds when one alternative does.

    An alternative is identifiers that must all occur (substrings, as `_compile_prefilter` reads
    them) and regexes that must all match. With the identifiers found in one pass per snippet,
    most alternatives cost a C-level subset test instead of a tree of Python closures.
    """

    idents_only: tuple[frozenset[str], ...]
    # Each regex as a linear-time search (`linear_regex_prefilter`): model output is hostile input.
    with_regexes: tuple[tuple[frozenset[str], tuple[Callable[[str], bool], ...]], ...] = ()

    def identifiers(self) -> frozenset[str]:
        return frozenset().union(*self.idents_only, *(ids for ids, _ in self.with_regexes))

    def holds(self, code: str, present: frozenset[str]) -> bool:
        if any(map(present.issuperset, self.idents_only)):
            return True
        for idents, regexes in self.with_regexes:
            if idents <= present and all(search(code) for search in regexes):
                return True
        return False


# Alternatives a formula may expand to before it is left as a tree (And of Ors multiplies).
_MAX_ALTERNATIVES = 64
_Alternative = tuple[frozenset[str], frozenset[str]]  # identifiers, regex sources


def _alternatives(node: Any) -> list[_Alternative] | None:
    """The formula as a list of alternatives (an empty one is "always"); None when too large."""
    kind = node[0] if isinstance(node, list) and node else None
    if kind == "And":
        combined: list[_Alternative] = [(frozenset(), frozenset())]
        for child in node[1]:
            branch = _alternatives(child)
            if branch is None:
                return None
            combined = _absorbed([(a[0] | b[0], a[1] | b[1]) for a in combined for b in branch])
            if len(combined) > _MAX_ALTERNATIVES:
                return None
        return combined
    if kind == "Or":
        union: list[_Alternative] = []
        for child in node[1]:
            branch = _alternatives(child)
            if branch is None:
                return None
            union.extend(branch)
        merged = _absorbed(union)
        return merged if len(merged) <= _MAX_ALTERNATIVES else None
    if kind == "Pred":
        pred_kind, arg = node[1][0], node[1][1]
        if pred_kind == "Idents":
            return [(frozenset(str(i) for i in arg), frozenset())]
        if pred_kind == "Regexp":
            try:
                re.compile(str(arg))
            except re.error:  # as `_compile_prefilter`: a regex Python cannot read proves nothing
                return [(frozenset(), frozenset())]
            return [(frozenset(), frozenset({str(arg)}))]
    return [(frozenset(), frozenset())]


def _absorbed(alternatives: list[_Alternative]) -> list[_Alternative]:
    """Without alternatives that need more than another one (A or (A and B) is A)."""
    unique = sorted(set(alternatives), key=lambda a: (len(a[0]) + len(a[1]), sorted(a[0]), sorted(a[1])))
    kept: list[_Alternative] = []
    for ids, regexes in unique:
        if not any(k_ids <= ids and k_regexes <= regexes for k_ids, k_regexes in kept):
            kept.append((ids, regexes))
    return kept


def _core_alternatives(node: Any) -> CoreAlternatives | None:
    found = _alternatives(node)
    if found is None:
        return None
    idents_only = tuple(ids for ids, regexes in found if not regexes)
    with_regexes = tuple((ids, tuple(_regex_search(r) for r in sorted(regexes))) for ids, regexes in found if regexes)
    return CoreAlternatives(idents_only, with_regexes)


def _regex_search(pattern: str) -> Callable[[str], bool]:
    search = _regex_searches.get(pattern)
    if search is None:
        search = _regex_searches[pattern] = linear_regex_prefilter(pattern)
    return search


# One search per distinct regex: the two forms of every rule's formula share it.
_regex_searches: dict[str, Callable[[str], bool]] = {}

_always = always  # one identity, so combined prefilters can drop it


def _compile_prefilter(node: Any) -> Callable[[str], bool]:
    """semgrep-core's prefilter formula (And/Or of identifiers and regexes) as a Python predicate.

    Evaluated as a superset (substring for identifiers), so a False is proof the rule cannot match.
    """
    # Every snippet evaluates every candidate rule's formula: plain loops and `map` over C methods,
    # not generator expressions (a third of the time on a short answer).
    kind = node[0] if isinstance(node, list) and node else None
    if kind == "And":
        conjuncts = [p for p in (_compile_prefilter(n) for n in node[1]) if p is not _always]
        if not conjuncts:
            return _always

        def all_of(code: str) -> bool:
            for part in conjuncts:
                if not part(code):
                    return False
            return True

        return all_of
    if kind == "Or":
        disjuncts = [_compile_prefilter(n) for n in node[1]]
        if any(p is _always for p in disjuncts):
            return _always

        def any_of(code: str) -> bool:
            for part in disjuncts:
                if part(code):
                    return True
            return False

        return any_of
    if kind == "Pred":
        pred_kind, arg = node[1][0], node[1][1]
        if pred_kind == "Idents":
            idents = tuple(str(i) for i in arg)
            if not idents:
                return _always
            return lambda code: all(map(code.__contains__, idents))
        if pred_kind == "Regexp":
            search = _regex_search(str(arg))
            return _always if search is always else search
    return _always


def _required_idents(node: Any) -> frozenset[str]:
    """Identifiers every snippet that satisfies semgrep-core's prefilter formula contains."""
    kind = node[0] if isinstance(node, list) and node else None
    if kind == "And":
        return frozenset().union(*(_required_idents(n) for n in node[1]))
    if kind == "Or":
        branches = [_required_idents(n) for n in node[1]]
        return frozenset.intersection(*branches) if branches else frozenset()
    if kind == "Pred" and node[1][0] == "Idents":
        return frozenset(str(i) for i in node[1][1])
    return frozenset()


def _read_rule_file(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise RuleLoadError("no top-level 'rules' list")
    return [r for r in rules if isinstance(r, dict)]


def _rule_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()))
        elif path.is_file():
            files.append(path)
    return files


def _run_core(binary: Path, args: list[str]) -> dict[str, Any] | list[Any] | None:
    proc = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=_CORE_TIMEOUT_S, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(("{", "[")):
            try:
                parsed: dict[str, Any] | list[Any] = json.loads(line)
            except json.JSONDecodeError:
                return None
            return parsed
    return None


@dataclass(frozen=True, slots=True)
class _RuleIndex:
    """Which rules of a language a snippet's identifiers could let through, without visiting the rest.

    Each alternative of a rule's `CoreAlternatives` needs all of its identifiers, so it is filed
    under one of them (the longest: usually the rarest); a rule with an alternative that needs no
    identifier (or with no alternatives form) is always checked. A rule none of whose keys occurs
    has no alternative that holds, so skipping it changes nothing: the others are checked in full.
    """

    by_ident: dict[str, tuple[int, ...]]
    always: frozenset[int]

    @classmethod
    def of(cls, rules: list[CompiledRule]) -> _RuleIndex:
        filed: dict[str, set[int]] = {}
        always: set[int] = set()
        for i, rule in enumerate(rules):
            if rule.core is None:
                always.add(i)
                continue
            for idents in (*rule.core.idents_only, *(ids for ids, _ in rule.core.with_regexes)):
                if not idents:
                    always.add(i)
                else:
                    filed.setdefault(max(sorted(idents), key=len), set()).add(i)
        return cls({k: tuple(sorted(v)) for k, v in filed.items()}, frozenset(always))

    def worth_checking(self, present: frozenset[str]) -> list[int]:
        """Rule positions in load order (the order candidates are reported in)."""
        found = set(self.always)
        for ident in present:
            found.update(self.by_ident.get(ident, ()))
        return sorted(found)


class RulePack:
    """Validated rules indexed by language, each with its compiled prefilter."""

    def __init__(self, rules: list[CompiledRule], skipped: list[tuple[str, str]]) -> None:
        self.rules = {r.id: r for r in rules}
        self.skipped = skipped
        self._by_language: dict[str, list[CompiledRule]] = {}
        for rule in rules:
            for lang in rule.languages:
                self._by_language.setdefault(lang, []).append(rule)
        # Every identifier some rule of the language needs: looked up once per snippet, so a rule
        # whose identifiers are missing costs a set comparison, not its whole formula.
        # The identifiers of every rule's semgrep-core alternatives too: one pass finds them all.
        self._idents = {
            lang: frozenset().union(*(r.needs | (r.core.identifiers() if r.core else frozenset()) for r in rs))
            for lang, rs in self._by_language.items()
        }
        self._index = {lang: _RuleIndex.of(rs) for lang, rs in self._by_language.items()}

    def languages(self) -> set[str]:
        return set(self._by_language)

    def candidates(self, language: str, code: str) -> list[CompiledRule]:
        """Rules for `language` whose prefilter says they could match `code`."""
        rules = self._by_language.get(language)
        if not rules:
            return []
        present = frozenset(filter(code.__contains__, self._idents[language]))
        checked = self._index[language].worth_checking(present)
        return [r for r in map(rules.__getitem__, checked) if r.needs <= present and r.admits(code, present)]

    @classmethod
    def load(
        cls, binary: Path, sources: list[tuple[str, list[Path]]], adjusters: Mapping[str, RuleAdjuster] | None = None
    ) -> RulePack:
        """Load (pack name, files or folders) pairs; blocking, run at start-up.

        `adjusters[pack]` sees each of that pack's rules first and may change or drop it.
        """
        raw: list[tuple[str, dict[str, Any]]] = []
        skipped: list[tuple[str, str]] = []
        seen: set[str] = set()
        for pack, paths in sources:
            for file in _rule_files(paths):
                try:
                    rules = _read_rule_file(file)
                except (OSError, ValueError, yaml.YAMLError, RuleLoadError) as exc:
                    skipped.append((str(file), f"unreadable rule file: {exc}"))
                    continue
                adjust = (adjusters or {}).get(pack)
                for original in rules:
                    rule = adjust(original) if adjust else original
                    if rule is None:
                        continue
                    rule_id = str(rule.get("id", "")) or file.stem
                    if pack != "sluice":
                        rule_id = f"{pack}.{rule_id}"
                    while rule_id in seen:
                        rule_id += "_"
                    seen.add(rule_id)
                    raw.append((pack, {**rule, "id": rule_id}))
        valid, rejected = cls._validate(binary, [r for _, r in raw])
        skipped.extend(rejected)
        filters = cls._prefilters(binary, [r for _, r in raw if r["id"] in valid])
        compiled = []
        for pack, rule in raw:
            if rule["id"] not in valid:
                continue
            langs = frozenset(filter(None, (normalize_language(str(x)) for x in rule.get("languages", ()))))
            if not langs:
                skipped.append((rule["id"], f"no supported language in {rule.get('languages')}"))
                continue
            # Two necessary conditions: semgrep-core's (literal tokens) and ours (metavariable-regex).
            unfiltered = (_always, frozenset[str](), CoreAlternatives((frozenset(),)))
            core, needs, alternatives = filters.get(rule["id"], unfiltered)
            requirement = rule_requirement(rule)
            compiled.append(
                cls._compile(pack, rule, langs, both(core, requirement), needs, alternatives, requirement)
            )
        if skipped:
            log.warning("semgrep: skipped %d rules or files (first: %s)", len(skipped), skipped[0])
        return cls(compiled, skipped)

    @staticmethod
    def _compile(pack: str, rule: dict[str, Any], langs: frozenset[str], pf: Callable[[str], bool],
                 needs: frozenset[str] = frozenset(), core: CoreAlternatives | None = None,
                 requirement: Callable[[str], bool] = always) -> CompiledRule:
        meta = rule.get("metadata") or {}
        severity = Severity.parse(
            str(meta.get("sluice_severity", "")),
            default=_SEMGREP_SEVERITY.get(str(rule.get("severity", "")).upper(), Severity.MEDIUM),
        )
        return CompiledRule(
            id=rule["id"],
            pack=pack,
            languages=langs,
            body=json.dumps(rule),
            severity=severity,
            confidence=str(meta.get("confidence", "medium")).lower(),
            cwe=normalize_cwe(meta.get("cwe")) or normalize_cwe(meta.get("cwe_id")),
            remediation=meta.get("remediation"),
            prefilter=pf,
            needs=needs,
            core=core,
            requirement=requirement,
        )

    @staticmethod
    def _validate(binary: Path, rules: list[dict[str, Any]]) -> tuple[set[str], list[tuple[str, str]]]:
        """semgrep-core parses every rule against an empty target list and names the bad ones."""
        ids = {r["id"] for r in rules}
        if not rules:
            return ids, []
        with tempfile.TemporaryDirectory(prefix="sluice-rules-") as tmp:
            rules_file, targets_file = Path(tmp, "rules.json"), Path(tmp, "targets.json")
            rules_file.write_text(json.dumps({"rules": rules}))
            targets_file.write_text('["Targets", []]')
            out = _run_core(binary, ["-rules", str(rules_file), "-targets", str(targets_file), "-json"])
        if not isinstance(out, dict):
            raise RuleLoadError(f"semgrep-core at {binary} could not validate the rules")
        rejected = []
        for err in out.get("errors", []):
            rule_id = err.get("rule_id")
            if rule_id in ids:
                ids.discard(rule_id)
                rejected.append((rule_id, str(err.get("message", "invalid rule")).splitlines()[0]))
        return ids, rejected

    @staticmethod
    def _prefilters(
        binary: Path, rules: list[dict[str, Any]]
    ) -> dict[str, tuple[Callable[[str], bool], frozenset[str], CoreAlternatives | None]]:
        if not rules:
            return {}
        with tempfile.TemporaryDirectory(prefix="sluice-rules-") as tmp:
            rules_file = Path(tmp, "rules.json")
            rules_file.write_text(json.dumps({"rules": rules}))
            out = _run_core(binary, ["-prefilter_of_rules", str(rules_file)])
        if not isinstance(out, list):
            log.warning("semgrep: no prefilters computed; every rule runs on every snippet")
            return {}
        filters: dict[str, tuple[Callable[[str], bool], frozenset[str], CoreAlternatives | None]] = {}
        for entry in out:
            node = entry.get("filter")
            if isinstance(node, list) and node and node[0] == "Some":
                filters[entry["rule_id"]] = (
                    _compile_prefilter(node[1]),
                    _required_idents(node[1]),
                    _core_alternatives(node[1]),
                )
        return filters
