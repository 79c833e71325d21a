"""Meta CodeShield's semgrep bundles as a Sluice rule source: which languages load by default and
which of its rules we drop or demote because they were measured to misfire.

The rules are read from the installed `codeshield` package (MIT) at start-up, never copied into
this project. Per language, the pack was scored on semgrep-rules' annotated tests (see
docs/scanning.md, "Other languages"): it is on by default where it adds recall without raising the
false-positive rate, and the rules that flagged the look-alike safe lines there are dropped or kept
at severity low (annotate-only hints) below. Python stays off: there the pack found 0.3 % of the
insecure lines and our own rules and Bandit cover every API it knows.

The bundles name CWEs as "CWE-89 Improper Neutralization ..." (or not at all, for C); the CWE is
taken from `cwe_id`, else from the rule's source YAML shipped beside the bundle.

Beside the bundles, `bundle_files` hands the loader one generated file: CodeShield's line regexes
converted to semgrep rules (`codeshield_regex.py`, where each one's measured decision is recorded)
and `crypto-weak-prng-secret`, derived here from a bundle rule too broad to keep at its severity.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gateway.scanning import codeshield_regex
from gateway.scanning.languages import normalize_language

log = logging.getLogger(__name__)

# Languages where the pack is on unless settings say otherwise (measured; docs/scanning.md). Rust
# and Ruby have no semgrep bundle: for them this loads CodeShield's regex rules only.
DEFAULT_LANGUAGES = frozenset({"c", "cpp", "csharp", "java", "javascript", "typescript", "php", "rust", "ruby"})

# Bundle file stem per language: C and C++ share one bundle (the cpp file is a byte-identical copy,
# loading both would double every finding), TypeScript uses the JavaScript bundle.
_BUNDLE = {
    "c": "c",
    "cpp": "c",
    "csharp": "csharp",
    "java": "java",
    "javascript": "javascript",
    "typescript": "javascript",
    "php": "php",
    "python": "python",
}

# Scored rule by rule on semgrep-rules' annotated tests (insecure lines found / safe look-alike
# lines flagged). Rules wrong more often than right are dropped; rules right only about twice as
# often as wrong, on a handful of lines, are kept as hints at severity low (they annotate and block
# nothing, as Bandit's API-wide tests do).
_DROPPED = {
    "dangerously-set-inner-html": "any dangerouslySetInnerHTML, sanitized or constant (1 found / 7 false)",
    "crypto-weak-cipher-mode": "every CipherMode assignment, CBC and GCM included (0 / 2)",
    "xss-insecure-servlet-response": "any servlet writer, escaped output included (0 / 1)",
}
_DEMOTED = {
    "xxe-injection": "misses XmlResolver = null / DtdProcessing.Prohibit (6 / 3)",
    "command-injection": "Process.Start with constant arguments too (3 / 2)",
    "csrf": "actions without [ValidateAntiForgeryToken], GET-only ones too (2 / 1)",
    "ldap-injection": "any DirectorySearcher filter, constants included (1 / 1)",
    "non-literal-require": "any non-literal require(), constant path.join included (2 / 4)",
    "unsafe-hash-use": "md5()/sha1() anywhere, checksums included (2 / 1)",
    # not in the measured corpus's labels; fires on every malloc(n * sizeof(x)), constants included
    "potential-integer-overflow-to-buffer-overflow": "any multiplication in malloc(), sizeof(char) * 10 too",
    # Juliet C/C++ (juliet-c in corpora.toml): any strcpy flagged 43 good*() functions. Narrowed to a
    # non-literal source it still flagged 13 (goodG2B copies a sized local array, which Sluice's own
    # c.* string rules judge by its bounds) and found no insecure one those rules missed: Juliet C
    # FPR 5.0 -> 7.5 at equal TPR, so it stays a hint and the bounds stay the c.* rules' job
    "vulnerable-strcpy": "any strcpy(); a non-literal source too (Juliet C 13 false, 0 new found)",
    # any rand(), a dice game included; `crypto-weak-prng-secret` (below) reports it at medium where
    # the value is stored under a secret's name
    "crypto-weak-prng": "any rand()/srand(), games and simulations too",
    # the only own-corpus JavaScript/TypeScript/PHP false alarms (JS 9.5 %, TS 8.3 %, PHP 6.7 % FPR):
    # a realpath-guarded or basename'd path and a constant chmod, an intval()-cast exec argument
    "pathtraversal-non-literal-fs-filename": "any non-literal fs path, realpath/basename-guarded too",
    "unsafe-exec": "any exec()/system() with a variable, intval()-cast arguments too",
}

# CWEs the package states nowhere (facts about the API, not rule text).
_CWE_FACTS = {"vulnerable-strcpy": "CWE-120"}

# Names that make a value a secret: rand() stored there is a guessable key, token or password.
_SENSITIVE_NAME = r"(?i)(key|token|passw|pwd|secret|nonce|salt|otp|session|cred|seed|challenge|(^|_)iv(_|$))"


def _derived_rules(languages: frozenset[str] | None) -> list[dict[str, Any]]:
    """`crypto-weak-prng-secret`: CodeShield's any-rand() rule, kept at its own severity (medium)
    where rand()'s value is assigned to a secret-named variable or array element (key[i] =
    rand() % 256); the general rule stays a low hint (games, simulations, jitter)."""
    chosen = [lang for lang in ("c", "cpp") if languages is None or lang in languages]
    if not chosen:
        return []
    target = "<... rand() ...>"
    return [
        {
            "id": "crypto-weak-prng-secret",
            "languages": chosen,
            "severity": "WARNING",
            "message": "rand() makes a secret here (a key, token, password, nonce or seed): its output is"
            " predictable; use a cryptographic generator (getrandom, RAND_bytes, /dev/urandom).",
            "metadata": {"cwe_id": "CWE-338", "confidence": "medium"},
            "patterns": [
                {
                    "pattern-either": [
                        {"pattern": f"$X = {target};"},
                        {"pattern": f"$T $X = {target};"},
                        {"pattern": f"$X[$I] = {target};"},
                        {"pattern": f"$S.$X = {target};"},
                        {"pattern": f"$S->$X = {target};"},
                    ]
                },
                {"metavariable-regex": {"metavariable": "$X", "regex": _SENSITIVE_NAME}},
            ],
        }
    ]


# A metavariable binds a name, a short expression or a format string: 200 characters around a
# keyword (the format before its `%s`) cover what generated code writes.
_METAVARIABLE_GAP = 200


def _bounded_metavariable_regexes(node: Any) -> Any:
    """The rule with `.*` in its metavariable regexes bounded (`codeshield_regex.bounded`).

    semgrep-core hands such a regex to the rule prefilter, which searches the whole snippet with
    Python's backtracking `re` on the event loop: `bugprone-snprintf`'s `.*(snprintf).*` took 5.8 s
    on one 21 KB line of C without the word in it.
    """
    if isinstance(node, list):
        return [_bounded_metavariable_regexes(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _bounded_metavariable_regexes(value) for key, value in node.items()}
    spec = out.get("metavariable-regex")
    if isinstance(spec, dict) and isinstance(spec.get("regex"), str):
        out["metavariable-regex"] = {**spec, "regex": codeshield_regex.bounded(spec["regex"], _METAVARIABLE_GAP)}
    return out


def package_root() -> Path | None:
    spec = importlib.util.find_spec("codeshield")
    if not spec or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "insecure_code_detector" / "rules" / "semgrep"


def bundle_files(languages: frozenset[str] | None = None) -> list[Path]:
    """The `_generated_/<lang>_codeshield.json` bundles for `languages` (None: every bundle)."""
    root = package_root()
    if root is None:
        return []
    folder = root / "_generated_"
    if languages is None:
        stems = set(_BUNDLE.values())
    else:
        stems = {_BUNDLE[lang] for lang in languages if lang in _BUNDLE}
    bundles = sorted(p for p in (folder / f"{stem}_codeshield.json" for stem in stems) if p.is_file())
    # The regex rules and the narrowed rules derived from the bundles, generated at start-up.
    generated = codeshield_regex.rules_file(languages, _derived_rules(languages))
    return bundles + ([generated] if generated else [])


@cache
def _source_cwes() -> dict[str, str]:
    """rule id -> CWE id from the source YAMLs beside the bundles (the C bundle lost its CWEs)."""
    root = package_root()
    out: dict[str, str] = {}
    if root is None:
        return out
    for path in sorted(root.glob("*/*.yaml")):
        try:
            parsed = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for rule in parsed.get("rules", []) if isinstance(parsed, dict) else []:
            meta = rule.get("metadata") or {} if isinstance(rule, dict) else {}
            cwe = meta.get("cwe_id") if isinstance(meta, dict) else None
            if cwe and rule.get("id"):
                out.setdefault(str(rule["id"]), str(cwe))
    return out


def adjust_rule(rule: dict[str, Any], languages: frozenset[str] | None) -> dict[str, Any] | None:
    """The rule as Sluice loads it (languages narrowed, CWE filled in, severity capped), or None."""
    rule_id = str(rule.get("id", ""))
    if rule_id in _DROPPED:
        return None
    kept = [
        lang for lang in rule.get("languages", ()) if languages is None or normalize_language(str(lang)) in languages
    ]
    if not kept:
        return None
    rule = _bounded_metavariable_regexes(rule)
    meta = dict(rule.get("metadata") or {})
    cwe = meta.get("cwe_id") or _source_cwes().get(rule_id) or _CWE_FACTS.get(rule_id)
    if cwe:
        meta["cwe"] = str(cwe)
    meta.setdefault("confidence", "medium")  # API-pattern rules: annotate, never block on their own
    if rule_id in _DEMOTED:
        meta["sluice_severity"] = "low"
    return {**rule, "languages": kept, "metadata": meta}
