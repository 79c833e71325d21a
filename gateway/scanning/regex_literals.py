"""Texts that every match of a regex contains: a necessary condition to search a snippet for.

A rule's `metavariable-regex` is matched against text bound from the snippet, so whatever every
match of the regex must contain, the snippet contains too. Anchors, word boundaries and
lookarounds are zero-width: they decide *where* a match may be, never what characters it
consumes, so the literals around them still have to be in the text (the reason
`prefilter._text_regex` cannot simply search for such a regex is exactly what this sidesteps).

The requirement is a list of clauses; every clause is a set of literals of which the text holds
at least one. Derived from Python's own parse of the pattern (`re._parser`, the tree `re` itself
compiles), conservatively: a construct not understood contributes no clause, never a wrong one.
"""

from __future__ import annotations

import re
import re._constants as sre  # the opcodes of `re._parser`'s tree
import re._parser as sre_parse
from collections.abc import Callable
from typing import Any

Clause = frozenset[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def _best(clauses: list[Clause]) -> Clause | None:
    """The most selective clause: longest shortest literal, then fewest alternatives."""
    if not clauses:
        return None
    return max(clauses, key=lambda c: (min(len(s) for s in c), -len(c)))


def _sequence(items: Any) -> list[Clause]:
    """Clauses every match of this sequence of parsed items satisfies (all of them)."""
    clauses: list[Clause] = []
    run = ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg)
            continue
        if run:
            clauses.append(frozenset({run}))
            run = ""
        if op is sre.SUBPATTERN:
            clauses.extend(_sequence(arg[3]))
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            clauses.extend(_sequence(arg))
        elif op in _REPEATS and arg[0] >= 1:  # a mandatory repeat matches its body at least once
            clauses.extend(_sequence(arg[2]))
        elif op is sre.BRANCH:
            branches = [_best(_sequence(branch)) for branch in arg[1]]
            if branches and all(b is not None for b in branches):
                clauses.append(frozenset().union(*(b for b in branches if b is not None)))
        # Anything else (classes, `.`, anchors, lookarounds, optional parts, backreferences)
        # consumes text not known here or none at all: no clause, and the literal run ends.
    if run:
        clauses.append(frozenset({run}))
    return clauses


def required_literals(regex: str) -> tuple[list[Clause], bool] | None:
    """(clauses, ignore case) every match satisfies; None when nothing is known or it won't parse."""
    if "[:" in regex:  # a POSIX class ([[:alpha:]]) is one class to PCRE, a class and "]" to Python
        return None
    try:
        parsed = sre_parse.parse(regex)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    clauses = [c for c in _sequence(parsed) if c and all(c)]
    if not clauses:
        return None
    # Case-insensitive anywhere ((?i) or a scoped (?i:...)) makes the whole search case-insensitive:
    # a superset of the matches, so still a necessary condition.
    return clauses, bool(parsed.state.flags & re.IGNORECASE) or _scoped_ignore_case(parsed)


def _scoped_ignore_case(node: Any) -> bool:
    """Whether any group of the parsed tree turns case-insensitivity on (`(?i:...)`)."""
    if isinstance(node, (list, tuple, sre_parse.SubPattern)):
        items = list(node)
        if len(items) == 4 and isinstance(items[1], int) and items[1] & re.IGNORECASE and isinstance(
            items[3], sre_parse.SubPattern
        ):
            return True
        return any(_scoped_ignore_case(item) for item in items)
    return False


def literal_search(regex: str) -> Callable[[str], bool] | None:
    """A predicate true on every text that could hold a match of `regex`; None: no requirement."""
    found = required_literals(regex)
    if found is None:
        return None
    clauses, ignore_case = found
    literals = [tuple(sorted(clause)) for clause in clauses]
    if not ignore_case:
        return lambda code: all(any(map(code.__contains__, clause)) for clause in literals)
    # Case-blind: `re` folds some non-ASCII letters onto ASCII ones (the long s, the Kelvin sign), so
    # lower-casing finds the same as re.IGNORECASE only for ASCII text and literals; a regex does the
    # rest. The regex was a third of a short answer's rule prefilter time.
    searches = [re.compile("|".join(re.escape(s) for s in clause), re.IGNORECASE) for clause in literals]
    lowered = [tuple(s.lower() for s in clause) for clause in literals]
    if not all(s.isascii() for clause in literals for s in clause):
        return lambda code: all(search.search(code) is not None for search in searches)

    def search(code: str) -> bool:
        if not code.isascii():
            return all(search.search(code) is not None for search in searches)
        lower = code.lower()
        return all(any(map(lower.__contains__, clause)) for clause in lowered)

    return search
