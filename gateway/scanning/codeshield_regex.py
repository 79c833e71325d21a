"""Meta CodeShield's line regexes (`rules/regex/*.yaml`) as semgrep `pattern-regex` rules.

CodeShield's own detector runs each regex over the raw answer. Here every regex becomes a semgrep
rule in its language, generated at start-up from the installed `codeshield` package (MIT; its
rule text is read, never copied into this project), so the regexes go through the same prefilter,
language servers, calibration and cross-engine merge as every other rule:

* a match inside a comment does not count: each rule carries `pattern-not-regex` ranges for the
  language's comments (`// ...` not right after `:` or a quote, so URLs in strings stay code,
  `/* ... */`, `# ...` where `#` starts one). A range that only overlaps a comment (the match starts
  in code) still counts;
* files follow CodeShield's own loading (C's regexes also apply to C++; `language_agnostic.yaml` to
  every language but C and C++; TypeScript shares JavaScript's);
* rule ids are `codeshield.regex.<pattern_id>` (the pack prefix is added by the loader);
* severity answers "how bad if real" and starts from CodeShield's (Error: high, Warning: medium,
  Advice: low); confidence answers "how sure" and is medium for a named dangerous API and low for
  the rest: a line regex sees text, never syntax or data flow, so none is high and none of these
  blocks on its own under the default policy. Each rule scored on external corpora is listed in
  `_DECISIONS` with the measured reason (docs/scanning.md, "CodeShield's regex rules").

Like any semgrep rule, these report only on code the language's parser accepts.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

_ALL_BUT_C = ("csharp", "java", "javascript", "typescript", "php", "python", "ruby", "rust")
# Regex file stem -> Sluice languages it is loaded for (CodeShield's `insecure_patterns.load`).
REGEX_FILES: dict[str, tuple[str, ...]] = {
    "c": ("c", "cpp"),
    "cpp": ("cpp",),
    "csharp": ("csharp",),
    "java": ("java",),
    "javascript": ("javascript", "typescript"),
    "php": ("php",),
    "python": ("python",),
    "ruby": ("ruby",),
    "rust": ("rust",),
    "language_agnostic": _ALL_BUT_C,
}

# Comment ranges per language, as PCRE for `pattern-not-regex`. `//` right after `:` or a quote is
# a URL or a string's start, not a comment; `#{` is Ruby interpolation.
_SLASH_LINE = r"""(?<![:"'\\])//[^\n]*"""
_BLOCK = r"/\*[\s\S]*?\*/"
_HASH_LINE = r"""(?<![$"'\\])#(?![{\[])[^\n]*"""
_COMMENTS: dict[str, tuple[str, ...]] = {
    "c": (_SLASH_LINE, _BLOCK),
    "cpp": (_SLASH_LINE, _BLOCK),
    "csharp": (_SLASH_LINE, _BLOCK),
    "java": (_SLASH_LINE, _BLOCK),
    "javascript": (_SLASH_LINE, _BLOCK),
    "typescript": (_SLASH_LINE, _BLOCK),
    "rust": (_SLASH_LINE, _BLOCK),
    "php": (_SLASH_LINE, _BLOCK, _HASH_LINE),
    "python": (_HASH_LINE,),
    "ruby": (_HASH_LINE,),
}
# Comment syntax shared by every language in a group, so one rule can serve them all.
_COMMENT_GROUPS = {
    "slash": ("c", "cpp", "csharp", "java", "javascript", "typescript", "rust"),
    "php": ("php",),
    "hash": ("python", "ruby"),
}

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "advice": "INFO"}
_SEMGREP_LEVEL = {"high": "ERROR", "medium": "WARNING", "low": "INFO"}


@dataclass(frozen=True, slots=True)
class Decision:
    """A measured or reasoned choice for one regex rule (None fields: CodeShield's default)."""

    reason: str
    severity: str | None = None  # "high" | "medium" | "low"; None: from CodeShield's level
    confidence: str | None = None  # "medium" | "low"; None: medium, low for Advice
    drop: bool = False
    # Extra PCRE ranges a match must not fall inside (narrowing, e.g. the safe mode of an API).
    unless: tuple[str, ...] = ()


def _drop(reason: str) -> Decision:
    return Decision(reason, drop=True)


def _hint(reason: str) -> Decision:
    return Decision(reason, severity="low", confidence="low")


def _medium(reason: str, confidence: str = "medium", unless: tuple[str, ...] = ()) -> Decision:
    return Decision(reason, severity="medium", confidence=confidence, unless=unless)


# Keyed by pattern_id (or pattern_id + "#n" for CodeShield's second rule with one id). Counts are
# "insecure labels found / safe labels flagged" per corpus (docs/scanning.md, benchmarks/corpora.toml:
# semgrep-rules `ruleid:`/`ok:` lines, Juliet bad()/good*(), sven before/after, the own corpus).
# Rules not listed load at CodeShield's level with medium confidence (low for Advice).
_DECISIONS: dict[str, Decision] = {
    # --- C (also C++) ---
    "bugprone-strcpy": _drop(
        "any strcpy(): the same lines as the bundle's vulnerable-strcpy, a hint for the reasons given "
        "in codeshield_pack (Juliet C 13 / 43, sven C 8 / 8)"
    ),
    "bugprone-gets": Decision("gets() cannot be bounded: always an overflow risk (C11 removed it)"),
    "bugprone-strcat": _hint(
        "strcat(dst, src) with a variable source: Juliet C 6 / 6 (its goodG2B() sizes the buffer), all 6 "
        "insecure ones already reported by Sluice's c.* rules: on at medium it added 6 false alarms (Juliet "
        "C FPR 5.0 -> 6.2) and no recall"
    ),
    "insecure-strtok-usage": _hint("strtok() is not thread-safe: a correctness hazard, rarely a vulnerability"),
    "unauthenticated-encryption-usage": _hint(
        "any CBC/CTR/CFB/OFB/XTS cipher, the usual choice behind a MAC too (no label in any corpus)"
    ),
    # --- C++ ---
    "deprecated-auto_ptr-usage": _hint("deprecated API, not a weakness by itself"),
    "fixed-seed-prng-usage": _hint("any fixed or default seed, simulations and tests too; unsafe only for secrets"),
    # --- Java ---
    "potential-command-injection": _hint(
        "any Runtime.exec(), constant command lines too (Juliet Java 12 / 12); Sluice's taint rules "
        "report the injectable ones"
    ),
    "deprecated-cbc-padding-usage": _hint(
        "any CBC/PKCS5Padding cipher, the usual choice behind a MAC too (semgrep-rules Java 1 / 1)"
    ),
    "rsa-without-oaep-padding": _medium(
        "narrowed to RSA: the regex also matched AES/GCM/NoPadding, the recommended AEAD mode (own corpus "
        "1 false; semgrep-rules Java 4 / 4 before narrowing)",
        unless=(r'Cipher\.getInstance\(\s*"(?!RSA)[^"]*NoPadding"',),
    ),
    "deprecated-aes-usage": Decision(
        'Cipher.getInstance("AES") is ECB: semgrep-rules Java 6 / 0; Juliet Java 1 / 12, where Juliet '
        "itself notes the flaw as incidental in its good*() functions"
    ),
    "deprecated-ecb-usage": _medium(
        'narrowed: "RSA/ECB/..." names no block mode (the JCE spelling for RSA), so it is left to the RSA '
        "padding rule (semgrep-rules Java 5 / 1 before narrowing)",
        unless=(r'Cipher\.getInstance\(\s*"RSA/ECB.*"',),
    ),
    "deprecated-thread-methods": _hint("deprecated API, not a weakness by itself"),
    "deprecated-character-methods": _hint("deprecated API, not a weakness by itself"),
    # --- JavaScript / TypeScript ---
    "unencrypted-fetch-usage": _medium(
        "plain-HTTP fetch of a fixed URL; loopback addresses (development servers) excluded",
        confidence="low",
        unless=(r"""fetch\(['"`]http://(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])([:/][^\s'"`]*)?['"`]\)""",),
    ),
    # --- PHP ---
    "missing-authorization": _drop(
        "any exec()/system() reported as CWE-862: semgrep-rules PHP 0 / 4, own corpus 0 / 2; the command "
        "rules judge the argument"
    ),
    "missing-secure-cookie": _drop(
        "setcookie(..., false, false): four nested gaps backtrack polynomially (22 s on one 20 KB line in "
        "the prefilter, still 0.3 s bounded); no corpus label exercises it and Sluice's PHP cookie-flag "
        "rules report setcookie without secure/httponly"
    ),
    "hash-without-salt": _drop(
        "password_hash(..., PASSWORD_DEFAULT) salts by itself: it is the recommended call (own corpus 0 / 1)"
    ),
    "risky-crypto-algorithm": _hint(
        "md5()/sha1() anywhere, checksums and cache keys too (semgrep-rules PHP 2 / 1, 9 lines flagged "
        "under other CWEs); the bundle's unsafe-hash-use is a hint for the same reason"
    ),
    "auth-bypass-spoofing": _hint("any read of REMOTE_ADDR/REMOTE_HOST, logging included"),
    "insufficiently-random-values": _hint("rand($n)/mt_rand($n) anywhere, games and sampling too"),
    "missing-auth-for-critical-function": _hint("any update/delete/create call on a session value"),
    # --- Ruby ---
    "RUBY-R-001": _hint("any Open3.popen3 call, constant commands too (no label in any corpus)"),
    # --- Rust: every rule is Advice in CodeShield ---
    "RUST-R-001": Decision("diesel sql_query() with a non-literal query: the SQL is built at run time"),
    "RUST-R-002": Decision("Command::new() with a program chosen at run time"),
    "RUST-R-003": _medium(
        "unsafe { } suspends the compiler's memory-safety guarantees: what a reviewer must read "
        "(semgrep-rules Rust 1 / 0, own corpus 2 / 0); low confidence: it annotates, never blocks",
        confidence="low",
    ),
    "RUST-R-004": _hint("names an API every CLI uses; unsafe only where the value flows somewhere dangerous"),
    "RUST-R-005": _hint("names an API every CLI uses; unsafe only where the value flows somewhere dangerous"),
    "RUST-R-006": _hint("names an API every CLI uses; unsafe only where the value flows somewhere dangerous"),
    "RUST-R-007": _medium("MD2/MD4/MD5/SHA-1 hashers (semgrep-rules Rust 4 / 0)", confidence="low"),
    "RUST-R-007#2": _medium("rust-openssl MD5/SHA-1 digests", confidence="low"),
    "RUST-R-008": _medium(
        "certificate or hostname checks switched off (own corpus 1 / 0); an explicit (false) excluded",
        unless=(r"danger_accept_invalid_(hostnames|certs)\(\s*false\s*\)",),
    ),
    "RUST-R-009": _medium("rustls verification replaced by a custom verifier (semgrep-rules Rust 3 / 0)"),
    "RUST-R-010": _medium("OpenSSL peer verification switched off (semgrep-rules Rust 1 / 0)"),
    "RUST-R-011": _hint("temp_dir() itself is safe; Sluice's temp-file rules judge the file created in it"),
    "RUST-R-012": _medium("RC4/Blowfish/DES ciphers (own corpus 1 / 0)"),
    # --- every language but C/C++ (CodeShield loads these for them) ---
    "ALL-R-008": _drop("any two-letter prefix and 90+ letters or digits: base64 and hex blobs too"),
    "ALL-R-009": _drop("the secrets scanner reports private keys, placeholders told apart"),
    "ALL-R-010": _drop("the secrets scanner reports GitHub tokens, placeholders told apart"),
    "ALL-R-011": _drop("the secrets scanner reports Google API keys, placeholders told apart"),
    "ALL-R-013": _drop("the secrets scanner reports Stripe keys, placeholders told apart"),
}


def regex_root() -> Path | None:
    spec = importlib.util.find_spec("codeshield")
    if not spec or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "insecure_code_detector" / "rules" / "regex"
    return folder if folder.is_dir() else None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "rule"


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        parsed = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        log.warning("codeshield: unreadable regex rules %s: %s", path, exc)
        return []
    return (
        [r for r in parsed if isinstance(r, dict) and isinstance(r.get("rule"), str)]
        if isinstance(parsed, list)
        else []
    )


def _pcre_compatible(regex: str) -> bool:
    """CodeShield's regexes are Python's; the few PCRE would read otherwise are not loaded."""
    try:
        re.compile(regex)
    except re.error:
        return False
    return "(?P" not in regex  # named groups spelt the Python way


# Longest stretch one unbounded gap (`.*`, `.+`) of a CodeShield regex may cover. The regexes are
# also the rule prefilter's (Python's backtracking `re`, on the event loop): an unbounded gap tried
# from every start on one long hostile line is quadratic or worse (`Runtime.getRuntime()` x 2000 on
# a 60 KB line took 3 s, `setcookie(` with four gaps 22 s on 20 KB). Bounded, each start costs at
# most this many steps per gap; a real match longer than this on one line is lost.
MAX_GAP = 200


def bounded(regex: str, gap: int = MAX_GAP) -> str:
    """`regex` with each unbounded `.*`/`.+` outside a character class made `.{0,gap}`/`.{1,gap}`."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif not in_class and char == "." and regex[i + 1 : i + 2] in ("*", "+"):
            # a lazy `?` after it stays and applies to the bound; a possessive `+` never backtracks
            if regex[i + 2 : i + 3] != "+":
                out.append(f".{{{0 if regex[i + 1] == '*' else 1},{gap}}}")
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _convert(
    entry: dict[str, Any], rule_id: str, languages: tuple[str, ...], decision: Decision | None
) -> dict[str, Any]:
    level = str(entry.get("severity", "")).lower()
    if decision and decision.severity:
        severity = _SEMGREP_LEVEL[decision.severity]
    else:
        severity = _SEVERITY.get(level, "WARNING")
    confidence = (decision.confidence if decision else None) or ("low" if level == "advice" else "medium")
    excluded = {pattern for lang in languages for pattern in _COMMENTS.get(lang, ())}
    patterns: list[dict[str, str]] = [{"pattern-regex": bounded(str(entry["rule"]))}]
    patterns += [{"pattern-not-regex": p} for p in sorted(excluded)]
    patterns += [{"pattern-not-regex": p} for p in (decision.unless if decision else ())]
    metadata: dict[str, Any] = {
        "cwe_id": str(entry.get("cwe_id", "")),
        "confidence": confidence,
        "source": "codeshield-regex",
    }
    if decision:
        metadata["sluice_decision"] = decision.reason
    return {
        "id": rule_id,
        "languages": list(languages),
        "severity": severity,
        "message": str(entry.get("description", "")).strip() or f"CodeShield {rule_id}",
        "metadata": metadata,
        "patterns": patterns,
    }


def converted_rules(languages: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Every CodeShield regex rule for `languages` (None: all) as semgrep rules, drops left out.

    One semgrep rule per regex and comment-syntax group (a rule for C and Rust shares `//`, PHP has
    `#` too), so the comment filter is right for every language the rule runs on.
    """
    root = regex_root()
    if root is None:
        return []
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for stem, stem_languages in REGEX_FILES.items():
        chosen = [lang for lang in stem_languages if languages is None or lang in languages]
        if not chosen:
            continue
        for entry in _read(root / f"{stem}.yaml"):
            key = str(entry.get("pattern_id") or _slug(str(entry.get("description", ""))[:40]))
            base = key
            n = 1
            while key in seen:  # CodeShield reuses an id (RUST-R-007: two weak-hash regexes)
                n += 1
                key = f"{base}#{n}"
            seen.add(key)
            decision = _DECISIONS.get(key)
            if (decision and decision.drop) or not _pcre_compatible(str(entry["rule"])):
                continue
            for group, members in _COMMENT_GROUPS.items():
                group_languages = tuple(lang for lang in chosen if lang in members)
                if not group_languages:
                    continue
                suffix = "" if all(lang in members for lang in chosen) else f".{group}"
                rule_id = "regex." + _slug(key.replace("#", "-")) + suffix
                rules.append(_convert(entry, rule_id, group_languages, decision))
    return rules


_GENERATED: dict[frozenset[str] | None, Path] = {}


def rules_file(languages: frozenset[str] | None, extra: list[dict[str, Any]] | None = None) -> Path | None:
    """The converted rules (and `extra` ones) as one JSON rule file in a private folder, once per
    process and language set: the rule loader reads files, and an unchanged path keeps its pack
    cache warm across engines."""
    if languages in _GENERATED and _GENERATED[languages].is_file():
        return _GENERATED[languages]
    rules = converted_rules(languages) + list(extra or [])
    if not rules:
        return None
    folder = _private_folder()
    name = "codeshield_regex_" + ("all" if languages is None else "_".join(sorted(languages)) or "none") + ".json"
    path = folder / name
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    _GENERATED[languages] = path
    return path


@cache
def _private_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sluice-codeshield-"))  # 0700: no other user can swap rules in
    atexit.register(shutil.rmtree, folder, True)
    return folder
