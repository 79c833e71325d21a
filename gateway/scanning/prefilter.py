"""A rule's necessary condition on the snippet text, derived from its YAML, to skip semgrep soundly.

semgrep-core computes a prefilter from a rule's literal tokens, but gives none for a rule whose
patterns are all metavariables (`$NAME = "$VALUE"` filtered by a `metavariable-regex` on
`$NAME`): those rules ran on every snippet, so every Python answer paid a semgrep round trip.

Here a rule's `metavariable-regex` on a metavariable that every positive pattern binds becomes a
requirement on the text: a metavariable is bound to a range of the scanned source, so the text it
is matched against appears literally in the snippet, and a regex with no context-sensitive parts
(anchors inside, lookarounds, word boundaries) that matches that text also finds it in the
snippet. Requirements combine as semgrep combines patterns (`patterns`: all, `pattern-either`:
any, taint: any sink); anything not understood is "always possible", so a False is proof that the
rule cannot match and never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gateway.scanning.linear_regex import LinearPattern, LinearPatternError, compile_linear, widened_for_re2
from gateway.scanning.regex_literals import literal_search

Predicate = Callable[[str], bool]

_POSITIVE_PATTERN_KEYS = ("pattern", "pattern-inside", "pattern-either", "patterns")
# After the whole-value anchors are stripped, these make a match depend on what surrounds the
# metavariable's text in the snippet, so a search over the snippet could miss it.
_CONTEXT_SENSITIVE = re.compile(r"[\^$]|\\[bBAZzG]|\(\?<?[=!]")
_MEMBER_ACCESS = frozenset(
    {"python", "py", "javascript", "js", "typescript", "ts", "java", "go", "golang", "csharp", "c#"}
)
_PYTHON = frozenset({"python", "py", "python3"})
_COMMENT = re.compile(r"#[^\n]*")
# Classes narrower in RE2 (ASCII) than in Python's `re` (Unicode): a regex with one runs on `re`.
_UNICODE_CLASSES = re.compile(r"\\[wdsb]")
# Escapes the widened RE2 copy of a regex reads differently from `re` even on ASCII text.
_NOT_EXACT_ON_ASCII = re.compile(r"\\[bBS]")
# Snippets up to this long are searched with a backtracking regex (a few ms at worst).
MAX_BACKTRACKING_CHARS = 2000
_LEADING_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_STRING_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
# `.name` right after an identifier, a call or a subscript (not `...`, not a metavariable).
_ATTRIBUTE = re.compile(r"(?<=[A-Za-z0-9_)\]])\.([A-Za-z_][A-Za-z0-9_]*)")


def always(_: str) -> bool:
    return True


def _all(parts: list[Predicate]) -> Predicate:
    parts = [p for p in parts if p is not always]
    if not parts:
        return always
    if len(parts) == 1:
        return parts[0]
    return lambda code: all(p(code) for p in parts)


def _any(parts: list[Predicate]) -> Predicate:
    if not parts or any(p is always for p in parts):
        return always
    if len(parts) == 1:
        return parts[0]
    return lambda code: any(p(code) for p in parts)


def both(first: Predicate, second: Predicate) -> Predicate:
    """Two necessary conditions (semgrep-core's and ours) hold together."""
    return _all([first, second])


def _mentions(text: str, metavariable: str) -> bool:
    return re.search(re.escape(metavariable) + r"(?![A-Za-z0-9_])", text) is not None


def _binds(node: Any, metavariable: str) -> bool:
    """Whether every match of this positive pattern node binds `metavariable`."""
    if isinstance(node, str):
        return _mentions(node, metavariable)
    if not isinstance(node, dict):
        return False
    if "pattern" in node or "pattern-inside" in node:
        text = node.get("pattern", node.get("pattern-inside"))
        return isinstance(text, str) and _mentions(text, metavariable)
    if "pattern-either" in node:
        branches = node["pattern-either"]
        return isinstance(branches, list) and bool(branches) and all(_binds(b, metavariable) for b in branches)
    if "patterns" in node:
        items = node["patterns"]
        return isinstance(items, list) and any(_binds(i, metavariable) for i in items)
    return False


def _pattern_texts(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _pattern_texts(item)]
    if isinstance(node, dict):
        return [t for key, value in node.items() if key.startswith("pattern") for t in _pattern_texts(value)]
    return []


def _quoted_in(node: Any, metavariable: str) -> bool:
    return any(
        _mentions(literal.group(0), metavariable)
        for text in _pattern_texts(node)
        for literal in _STRING_LITERAL.finditer(text)
    )


def _may_fold_strings(code: str) -> bool:
    """Whether a string value could be built from pieces or escapes: more than one literal.

    Counted by quote characters (a triple quote as one), so one docstring or one literal is not
    enough, while any second literal, an interpolation or an apostrophe is (a superset).
    """
    if "\\" in code:
        return True
    quotes = code.replace('"""', '"').replace("'''", "'")
    return sum(quotes.count(q) for q in "\"'`") > 2


def _text_regex(regex: str) -> Predicate:
    """A search over the snippet that finds any metavariable text the rule's regex accepts."""
    if "[:" in regex:  # a POSIX class ([[:alpha:]]) is one class to PCRE, a class and "]" to Python
        return always
    flags = ""
    body = regex
    if match := _LEADING_FLAGS.match(body):
        flags, body = match.group(0), body[match.end() :]
    body = body.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    if _CONTEXT_SENSITIVE.search(body):  # the literals every match consumes are still in the snippet
        return literal_search(regex) or always
    try:
        compiled = re.compile(flags + body)
        if compiled.search("") is not None:  # matches an empty text: no requirement on the snippet
            return always
        re.compile(regex)  # semgrep would reject what Python cannot read: do not second-guess it
    except re.error:
        return always
    return _linear_search(flags + body, compiled)


def _linear_search(pattern: str, compiled: re.Pattern[str]) -> Predicate:
    """The search in time linear in the snippet: model output is hostile input.

    Python's `re` backtracks: `(.*_)?(password|pass)` costs quadratic time on one long line
    (5 s on 32 KB, on the event loop). RE2 matches the same language in linear time, except that
    its word, digit, space and boundary escapes are ASCII-only (PCRE's and Python's may be wider),
    so it is used only for regexes without them; the others search with `re` a snippet of bounded
    length and keep the rule on a longer one (no proof either way).
    """
    if not _UNICODE_CLASSES.search(pattern):
        try:
            linear = compile_linear(pattern)
        except LinearPatternError:
            pass
        else:
            return lambda code: linear.search(code) is not None
    # The literals every match consumes, searched first: a literal alternation costs a few us where
    # the backtracking search of `\w*(role|perm|...)\w*` cost 100-300 us on a 10-line answer, and
    # it holds at any length (a necessary condition, linear in the snippet).
    literals = literal_search(pattern)
    if literals is None:
        bounded: Predicate = lambda code: len(code) > MAX_BACKTRACKING_CHARS or compiled.search(code) is not None  # noqa: E731
    else:
        bounded = lambda code: literals(code) and (  # noqa: E731
            len(code) > MAX_BACKTRACKING_CHARS or compiled.search(code) is not None
        )
    # The widened RE2 copy matches at least what `re` does, and exactly that on ASCII text when the
    # pattern is ASCII without boundaries or `\S`: then `re`'s quadratic search (0.1 s on a
    # 2,000-character hostile line) is never needed; elsewhere it only runs where RE2 said yes.
    wide = _widened_linear(pattern)
    if wide is None:
        return bounded
    exact_on_ascii = pattern.isascii() and not _NOT_EXACT_ON_ASCII.search(pattern)

    def search(code: str) -> bool:
        if wide.search(code) is None:
            return False
        if exact_on_ascii and code.isascii():
            return True
        return bounded(code)

    return search


def linear_regex_prefilter(pattern: str) -> Predicate:
    """A search for `pattern` (semgrep-core's prefilter regexes) that never backtracks.

    These run on every snippet, on the event loop: a `.*`-gapped regex took 2-22 s on one 20 KB
    line with `re`. RE2 runs a widened copy (`widened_for_re2`: matches at least what `re` does,
    Unicode classes included); otherwise (look-around, backreferences)
    only the literals every match consumes are required. Each is a necessary condition, so a
    False still proves the rule cannot match; an unreadable regex proves nothing (always).
    """
    try:
        re.compile(pattern)
    except re.error:  # semgrep would read it differently: no requirement
        return always
    linear = _widened_linear(pattern)
    if linear is not None:
        return lambda code: linear.search(code) is not None
    return literal_search(pattern) or always


def _widened_linear(pattern: str) -> LinearPattern | None:
    """RE2's compiled widened copy of `pattern` (matches at least what `re` does), or None where
    there is none (look-around, backreferences) or RE2 refuses it."""
    widened = widened_for_re2(pattern)
    if widened is None:
        return None
    try:
        return compile_linear(widened)
    except LinearPatternError:
        return None


def _conjunction(items: list[Any], attributes: Syntax) -> Predicate:
    """`patterns:` every positive item holds; a metavariable-regex adds a requirement on the text."""
    positives = [i for i in items if isinstance(i, dict) and any(k in i for k in _POSITIVE_PATTERN_KEYS)]
    parts = [_node(i, attributes) for i in positives]
    for item in items:
        spec = item.get("metavariable-regex") if isinstance(item, dict) else None
        if not isinstance(spec, dict):
            continue
        metavariable, regex = spec.get("metavariable"), spec.get("regex")
        if not isinstance(metavariable, str) or not isinstance(regex, str):
            continue
        # An unbound metavariable proves nothing about the text; nor does a string-valued one that
        # semgrep may have computed (constant propagation), so only plain bindings count.
        if any(_binds(p, metavariable) for p in positives) and not spec.get("constant-propagation"):
            text = _text_regex(regex)
            # A quoted metavariable ($D["$NAME"]) binds a string's value, which semgrep folds from
            # pieces ("pass" + "word", "pass" "word", f-strings): the name need not appear whole.
            quoted = any(_quoted_in(p, metavariable) for p in positives)
            parts.append(_any([text, _may_fold_strings]) if quoted else text)
    for item in items:
        spec = item.get("metavariable-pattern") if isinstance(item, dict) else None
        if isinstance(spec, dict):
            parts.append(_metavariable_pattern(spec, positives, attributes))
    return _all(parts)


def _metavariable_pattern(spec: dict[str, Any], positives: list[Any], attributes: Syntax) -> Predicate:
    """The inner patterns must match inside what the metavariable bound: a range of the snippet.

    Every predicate here only searches for text, so one that holds on a part of the snippet holds
    on all of it. Semgrep may however match the inner patterns against a string's *value* (escapes
    decoded, pieces folded), so a snippet that could build one (`_may_fold_strings`) keeps the
    rule; and another `language` re-parses the text in ways not modelled here.
    """
    metavariable = spec.get("metavariable")
    if not isinstance(metavariable, str) or "language" in spec:
        return always
    if not any(_binds(p, metavariable) for p in positives):
        return always
    return _any([_node(spec, attributes), _may_fold_strings])


@dataclass(frozen=True, slots=True)
class Syntax:
    """What the rule's languages make literal in code that a pattern matches."""

    attributes: bool  # `.name` is member access, matched by name
    decorators: bool  # `@` only begins a decorator (or is the `@` operator): Python


def _node(node: Any, attributes: Syntax) -> Predicate:
    if not isinstance(node, dict):
        return always
    if "patterns" in node and isinstance(node["patterns"], list):
        return _conjunction(node["patterns"], attributes)
    if "pattern-either" in node and isinstance(node["pattern-either"], list):
        return _any([_node(b, attributes) for b in node["pattern-either"]])
    parts: list[Predicate] = []
    # A pattern-inside matches a range of the snippet as a pattern does: its attribute names and
    # decorators are there too (python.secret-compare-timing's `$MAC = hmac.new(...)` branch).
    positive = node.get("pattern", node.get("pattern-inside"))
    if attributes.attributes and isinstance(positive, str):
        parts.append(_attribute_names(positive))
    if attributes.decorators and isinstance(positive, str):
        parts.append(_decorator(positive))
    # `pattern-regex`, other tokens: semgrep-core's own prefilter covers literal tokens.
    return _all(parts)


def _decorator(pattern: str) -> Predicate:
    """A Python pattern with `@` outside its strings and comments (a decorator, the `@` operator)
    matches only code that has one: semgrep has no equivalence that makes either implicit."""
    code_only = _COMMENT.sub("", _STRING_LITERAL.sub('""', pattern))
    return _has_at if "@" in code_only else always


def _has_at(code: str) -> bool:
    return "@" in code


def _attribute_names(pattern: str) -> Predicate:
    """Attribute names a pattern accesses (`$APP.secret_key`): semgrep matches them literally.

    Only these tokens: other identifiers go through semgrep's equivalences (import aliases,
    constant propagation), which semgrep-core's own prefilter already knows.
    """
    code_only = _STRING_LITERAL.sub('""', pattern)
    names = {m.group(1) for m in _ATTRIBUTE.finditer(code_only)}
    if not names:
        return always
    return lambda code: all(name in code for name in names)


def _sinks(rule: dict[str, Any], attributes: Syntax) -> Predicate:
    sinks = rule.get("pattern-sinks")
    if not isinstance(sinks, list) or not sinks:
        return always
    return _any([_node(s, attributes) for s in sinks])


def rule_requirement(rule: dict[str, Any]) -> Predicate:
    """A predicate that is False only for snippets on which `rule` cannot possibly match."""
    languages = rule.get("languages")
    # `.name` is member access (matched literally) only in these; in bash it is part of a word.
    names = set(map(str, languages)) if isinstance(languages, list) and languages else set()
    attributes = Syntax(attributes=bool(names) and names <= _MEMBER_ACCESS, decorators=bool(names) and names <= _PYTHON)
    if rule.get("mode") == "taint":
        return _sinks(rule, attributes)
    if rule.get("mode") not in (None, "search"):
        return always  # join, extract, steps: not understood here
    return _node(rule, attributes)
