"""When Bandit cannot report anything on a snippet, so the scan can be skipped.

Bandit was the largest single cost of a short guarded answer (~0.4 ms a scan, most of it the
visitor building a context for every node), and most short answers give it nothing to report.
Every Bandit test is keyed to a node type and compares names or string values against fixed
lists; `BanditPrefilter.from_test_set` reads the tests Bandit actually loaded and collects, for
each, text that any finding of it needs. A snippet that contains none of it is skipped.

Why that is sound (per test id, Bandit 1.7-1.9; `_STATIC_TRIGGERS` and the config readers below):

* Call tests compare `call_function_name` (the call's own `func.id` / `func.attr`) or
  `call_function_name_qual` (that chain, its first name replaced by what an `import` bound it to)
  with fixed names. Every component of either is an identifier written in the snippet: in the call
  or in the import statement. So each test needs one of its function names as text (and a test
  that needs a keyword argument, e.g. `shell=`, `debug=`, needs that word).
* The blacklist (B001: B3xx calls by exact qualified name, B4xx imports by prefix) needs the
  last component of a call name, or the first component of an import name, or `__import__` /
  `import_module` (which take the name from a string argument).
* B105-B107 (hard-coded passwords) need an identifier or string matching Bandit's own
  `RE_CANDIDATES`, each of whose words contains `pas`, `pwd`, `token` or `secret`.
* B110/B112 need an `except` whose body is `pass` / `continue`; B101 an `assert`.
* Str tests read string *values*: B104 ("0.0.0.0"), B105 (a key matching `RE_CANDIDATES`),
  B108 (a configured temp dir prefix), B608 (an SQL statement built from string constants by `+`
  chains joined with spaces, `.format`/`.replace`, or an f-string's parts joined with nothing: its
  leading keyword select/delete/insert/update lies within one constant or one f-string's join).
  Those are checked on the values the parser produces (escapes decoded, implicit concatenation
  folded), with Bandit's own patterns and flags.
* B613 (trojan source) needs bidirectional control characters: non-ASCII.

Identifiers are written as themselves only in ASCII source without an encoding declaration (the
parser NFKC-normalises non-ASCII identifiers; a `coding:` line such as utf-7 re-decodes the
bytes), so anything else runs Bandit. Code that does not parse runs Bandit too (its parse error is
a finding). A loaded test this module does not know (a plugin, a newer Bandit) turns the
prefilter off: `from_test_set` answers None and every snippet is scanned.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Call tests whose names are fixed in the plugin: text one of which every finding needs.
_STATIC_TRIGGERS: dict[str, tuple[str, ...]] = {
    "B101": ("*assert",),
    "B102": ("exec",),
    "B103": ("*chmod",),  # `"chmod" in call_function_name`: a substring
    "B106": (),  # keyword argument names: the password words below
    "B107": (),  # argument names with defaults: the password words below
    "B113": ("requests", "httpx"),
    "B201": ("debug",),  # `<x>.run(..., debug=True)`
    "B202": ("*extractall",),  # `"extractall" in call_function_name`
    "B324": ("hashlib", "crypt"),
    "B501": ("requests", "httpx"),
    "B504": ("wrap_socket", "Context"),
    "B505": ("generate_private_key", "generate"),
    "B506": ("yaml",),
    "B507": ("set_missing_host_key_policy",),
    "B508": ("CommunityData",),
    "B509": ("UsmUserData",),
    "B601": ("exec_command",),
    "B604": ("shell",),  # any call with a `shell=` keyword
    "B610": ("extra",),
    "B611": ("RawSQL",),
    "B612": ("listen",),
    "B614": ("torch",),
    "B615": ("from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download", "repository_id"),
    "B701": ("Environment",),
    "B702": ("Template",),
    "B703": ("mark_safe", "SafeText", "SafeUnicode", "SafeString", "SafeBytes"),
    "B704": ("Markup",),
}
# Tests whose triggers come from their configuration (read in `_config_triggers`).
_SHELL_TESTS = frozenset({"B602", "B603", "B604", "B605", "B606", "B607", "B609"})
_SSL_VERSION_TESTS = frozenset({"B502", "B503"})
# Tests on string values, checked in `_StringChecks`; B613 needs non-ASCII text.
_STRING_TESTS = frozenset({"B104", "B105", "B108", "B608"})
_EXCEPT_TESTS = {"B110": "pass", "B112": "continue"}
_NON_ASCII_TESTS = frozenset({"B613"})
_KNOWN_NODE_TYPES = frozenset({"Call", "Import", "ImportFrom", "Str", "FunctionDef", "ExceptHandler", "Assert", "File"})

# Every word of Bandit's RE_CANDIDATES contains one of these (case-blind, as that pattern is).
_PASSWORD_WORDS = ("pas", "pwd", "token", "secret")  # searched in lower-cased ASCII text
_WORD = re.compile(r"[A-Za-z0-9_]+")
# The leading keyword of each alternative of Bandit's SIMPLE_SQL_RE (same flags).
_SQL_KEYWORD = re.compile(r"select|delete|insert|update", re.IGNORECASE)
# Where a string value is not a piece of the source text: an escape, an f-string (its constant
# parts are values, and B608 joins them), or literals next to each other (the parser joins them;
# only blanks and comments can stand between two). Matches more than that, never less; linear
# (a comment must end at its newline, so no two ways to match the same text).
_VALUES_DIFFER_FROM_TEXT = re.compile(r"""\\|[fF][rR]?['"]|[rR][fF]['"]|['"]\s*(?:#[^\n]*\n\s*)*[rRbBuU]{0,2}['"]""")
# PEP 263: an encoding declaration on line 1 or 2 re-decodes the bytes Bandit parses.
_CODING = re.compile(r"coding[:=]")


@dataclass(frozen=True, slots=True)
class _StringChecks:
    bind_all: bool  # B104
    password_key: re.Pattern[str] | None  # B105: Bandit's RE_CANDIDATES
    tmp_dirs: tuple[str, ...]  # B108
    sql: bool  # B608

    def may_fire_in_text(self, text: str) -> bool:
        """`any_fires` for every string value of `text`, when each value is a piece of the text."""
        if self.bind_all and "0.0.0.0" in text:  # noqa: S104 (the value Bandit looks for)
            return True
        if any(d in text for d in self.tmp_dirs):
            return True
        if self.password_key is not None and self.password_key.search(text):
            return True
        return self.sql and _SQL_KEYWORD.search(text) is not None

    def any_fires(self, value: str) -> bool:
        return (
            (self.bind_all and value == "0.0.0.0")  # noqa: S104 (the value Bandit looks for)
            or (self.password_key is not None and self.password_key.search(value) is not None)
            or (bool(self.tmp_dirs) and value.startswith(self.tmp_dirs))
            or (self.sql and _SQL_KEYWORD.search(value) is not None)
        )


class BanditPrefilter:
    """`may_report(code)`: False only when no loaded Bandit test can report on `code`."""

    def __init__(
        self, triggers: Iterable[str], password_names: bool, except_bodies: Iterable[str], strings: _StringChecks
    ) -> None:
        self._triggers = _Triggers(set(triggers), password_names)
        self._except_bodies = tuple(sorted(set(except_bodies)))
        self._strings = strings

    @classmethod
    def from_test_set(cls, test_set: Any) -> BanditPrefilter | None:
        """The prefilter for a `BanditTestSet`, or None when it holds a test not described here."""
        tests: dict[str, Any] = {}
        for node_type, functions in test_set.tests.items():
            if node_type not in _KNOWN_NODE_TYPES:
                return None
            for fn in functions:
                tests[str(getattr(fn, "_test_id", ""))] = fn
        known = set(_STATIC_TRIGGERS) | _SHELL_TESTS | _SSL_VERSION_TESTS | _STRING_TESTS | _NON_ASCII_TESTS
        known |= set(_EXCEPT_TESTS) | {"B001"}
        triggers: list[str] = []
        for test_id, fn in tests.items():
            extra = _config_triggers(test_id, getattr(fn, "_config", None)) if test_id in known else None
            if extra is None:
                return None
            triggers.extend(_STATIC_TRIGGERS.get(test_id, ()))
            triggers.extend(extra)
        password_names = bool({"B105", "B106", "B107"} & set(tests))
        strings = _StringChecks(
            bind_all="B104" in tests,
            password_key=_password_pattern() if "B105" in tests else None,
            tmp_dirs=_tmp_dirs(tests["B108"]) if "B108" in tests else (),
            sql="B608" in tests,
        )
        return cls(triggers, password_names, [body for tid, body in _EXCEPT_TESTS.items() if tid in tests], strings)

    def may_report(self, code: str, tree: ast.Module | None = None) -> bool:
        """`tree`: `code` already parsed (as `ast.parse(code)`), or None to parse it here."""
        if not code.isascii() or _CODING.search("\n".join(code.split("\n", 2)[:2])):
            return True
        if self._triggers.found_in(code):
            return True
        if self._except_bodies and "except" in code and any(body in code for body in self._except_bodies):
            return True
        if tree is None:
            try:
                tree = ast.parse(code)
            except Exception:  # Bandit reports the parse error (or fails the same way): let it
                return True
        if "'" not in code and '"' not in code:
            return False  # no string literal, so no string value
        # Triple quotes read as single ones, so that a docstring is not two empty strings side by side
        # (a triple next to another literal still shows as two quotes with only blanks between).
        if not _VALUES_DIFFER_FROM_TEXT.search(code.replace('"""', '"').replace("'''", "'")):
            # Every string value is the text between its quotes: the text search covers them all.
            return self._strings.may_fire_in_text(code)
        return any(self._value_may_report(v) for v in _string_values(tree))

    def _value_may_report(self, value: str) -> bool:
        return self._strings.any_fires(value) or self._triggers.found_in(value)


class _Triggers:
    """Every trigger looked up in one pass over the words of a text.

    Bandit compares names whole (`==`, `in` a list of components), so a trigger is a whole word;
    except a prefix (`^word`: an import matched with `startswith`) and a substring (`*word`: a test
    that looks for text inside a name, like `"chmod" in name`). Identifiers in ASCII source are
    maximal runs of `[A-Za-z0-9_]`, the words `_WORD` finds (a set lookup each: one regex
    alternation of ~150 names cost 100 us on a short answer).
    """

    def __init__(self, triggers: set[str], password_names: bool) -> None:
        self.whole = frozenset(t for t in triggers if t and t[0] not in "^*")
        self.prefixes = tuple(sorted({t[1:] for t in triggers if t.startswith("^") and len(t) > 1}))
        self.substrings = tuple(sorted({t[1:] for t in triggers if t.startswith("*") and len(t) > 1}))
        self.password = password_names

    def found_in(self, text: str) -> bool:
        """Whether `text` (ASCII) holds a trigger."""
        if any(s in text for s in self.substrings):
            return True
        if self.password:
            lower = text.lower()
            if any(w in lower for w in _PASSWORD_WORDS):
                return True
        words = set(_WORD.findall(text))
        if not self.whole.isdisjoint(words):
            return True
        return bool(self.prefixes) and any(w.startswith(self.prefixes) for w in words)


def _string_values(tree: ast.AST) -> Iterable[str]:
    """Every str constant's value, and each f-string's constant parts joined (as B608 joins them)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))


def _last_names(qualnames: Iterable[Any]) -> list[str]:
    return [str(q).rsplit(".", 1)[-1] for q in qualnames]


def _config_triggers(test_id: str, config: Any) -> list[str] | None:
    """Trigger text from a test's configuration; None when the configuration is not understood."""
    try:
        if test_id == "B001":  # the blacklist: {node type: [{"qualnames": [...], ...}, ...]}
            found = ["__import__", "import_module"]
            for node_type, checks in config.items():
                if node_type not in ("Call", "Import", "ImportFrom"):
                    return None
                for check in checks:
                    names = [str(q) for q in check["qualnames"]]
                    # Calls match the whole qualified name; imports match by prefix of "module.name".
                    found += _last_names(names) if node_type == "Call" else ["^" + q.split(".", 1)[0] for q in names]
            return found
        if test_id in _SHELL_TESTS:
            lists = [config[k] for k in ("subprocess", "shell", "no_shell") if k in config]
            return ["shell"] + [name for names in lists for name in _last_names(names)]
        if test_id in _SSL_VERSION_TESTS:
            return [str(v) for v in config["bad_protocol_versions"]]
        if test_id == "B704":
            return _last_names(config.get("extend_markup_names", []))
    except (AttributeError, KeyError, TypeError):
        return None
    return []


def _tmp_dirs(fn: Any) -> tuple[str, ...]:
    config = getattr(fn, "_config", None)
    dirs = config.get("tmp_dirs") if isinstance(config, dict) else None
    defaults = ("/tmp", "/var/tmp", "/dev/shm")  # noqa: S108 (Bandit's own defaults)
    return tuple(str(d) for d in (dirs or defaults))


def _password_pattern() -> re.Pattern[str]:
    from bandit.plugins.general_hardcoded_password import RE_CANDIDATES

    return RE_CANDIDATES
