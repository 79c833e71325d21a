"""The abstract values the interpreter computes: where a value came from, and what it is safe for.

A value is a point in a small lattice, per variable:

* `taint`: CLEAN (provably built from constants and known-clean APIs), OPAQUE (from something we
  cannot see: a global, another module, a parameter of a function nobody calls: neither reported
  nor cleared), WEAK (request data through a step we do not model: reported with medium
  confidence) or STRONG (request data on a path we followed exactly: high confidence);
* `safe`: the sink categories the request data was sanitized for (`"*"`: all of them);
* `const`: the Python constant, when known (for folding conditions, keys and indexes);
* `elems` / `keys`: the contents of a list or a dict with constant keys, so that fetching the
  constant element of a container holding request data is clean;
* `kind` and `flags`: what an object is (a response, an XML parser, a weak random number) where a
  sink needs to know.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

CLEAN, OPAQUE, WEAK, STRONG = 0, 1, 2, 3
ALL = "*"
# Judged acceptable by code we trust without seeing it (a `validate_name(x)` call, a route's `<int:id>`):
# no finding, but no proof either, so other engines' findings are not cleared on its strength.
JUDGED = "?"


class _NoConst:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOCONST"


NOCONST: Any = _NoConst()
# Constants larger than this are not kept (a hostile `'a' * 10**9` folds to "unknown string").
MAX_CONST_CHARS = 4096


@dataclass(frozen=True, slots=True)
class Val:
    taint: int = CLEAN
    safe: frozenset[str] = frozenset()
    const: Any = NOCONST
    elems: tuple[Val, ...] | None = None
    keys: tuple[tuple[Any, Val], ...] | None = None
    kind: str = ""
    flags: frozenset[str] = frozenset()
    line: int = 0  # where a flagged value (a weak random number) was made

    @property
    def known(self) -> bool:
        return self.const is not NOCONST

    def dangerous_for(self, category: str) -> int:
        """WEAK or STRONG when request data that is not sanitized for `category` is in the value."""
        if self.taint < WEAK or ALL in self.safe or JUDGED in self.safe or category in self.safe:
            return CLEAN
        return self.taint

    def cleared_for(self, category: str) -> bool:
        """Provably constant, or request data sanitized for `category`."""
        return self.taint == CLEAN or ALL in self.safe or category in self.safe

    def sanitized(self, *categories: str) -> Val:
        if self.taint == CLEAN:
            return self
        return replace(self, safe=self.safe | frozenset(categories), const=NOCONST)

    def with_flags(self, *flags: str, line: int = 0) -> Val:
        return replace(self, flags=self.flags | frozenset(flags), line=line or self.line)


UNKNOWN = Val(taint=OPAQUE)
NONE = Val(const=None)


def const(value: Any) -> Val:
    if isinstance(value, str | bytes) and len(value) > MAX_CONST_CHARS:
        return Val()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1 << 64:
        return Val()
    return Val(const=value)


def tainted(level: int = STRONG) -> Val:
    return Val(taint=level)


def _safe_join(a: Val, b: Val) -> frozenset[str]:
    if a.taint >= WEAK and b.taint >= WEAK:
        return a.safe & b.safe
    if a.taint >= WEAK:
        return a.safe
    if b.taint >= WEAK:
        return b.safe
    return a.safe & b.safe


def join(a: Val, b: Val) -> Val:
    """Either value (a merge point after a branch that does not fold)."""
    if a is b:
        return a
    same_const = a.known and b.known and type(a.const) is type(b.const) and a.const == b.const
    elems = None
    if a.elems is not None and b.elems is not None and len(a.elems) == len(b.elems):
        elems = tuple(join(x, y) for x, y in zip(a.elems, b.elems, strict=True))
    keys = None
    if a.keys is not None and b.keys is not None:
        merged: dict[Any, Val] = dict(a.keys)
        for k, v in b.keys:
            merged[k] = join(merged[k], v) if k in merged else v
        keys = tuple(merged.items())
    return Val(
        taint=max(a.taint, b.taint),
        safe=_safe_join(a, b),
        const=a.const if same_const else NOCONST,
        elems=elems,
        keys=keys,
        kind=a.kind if a.kind == b.kind else _joined_kind(a.kind, b.kind),
        flags=a.flags | b.flags,
        line=a.line or b.line,
    )


def _joined_kind(a: str, b: str) -> str:
    """Instances of two same-file classes (a branch chose the implementation): both, for dispatch."""
    if a.startswith("instance:") and b.startswith("instance:"):
        return "instance:" + ",".join(sorted(set(a[9:].split(",")) | set(b[9:].split(","))))
    return ""


def combine(parts: list[Val], *, level_cap: int = STRONG) -> Val:
    """A value computed from all of `parts` (concatenation, formatting): the worst taint wins."""
    taint, safe, flags, line = CLEAN, None, frozenset[str](), 0
    for p in parts:
        flags |= p.flags
        line = line or p.line
        if p.taint >= WEAK:
            safe = p.safe if safe is None else safe & p.safe
        taint = max(taint, p.taint)
    level = min(taint, level_cap) if taint >= WEAK else taint
    return Val(taint=level, safe=safe or frozenset(), flags=flags, line=line)


def container(elems: tuple[Val, ...] | None = None, keys: tuple[tuple[Any, Val], ...] | None = None,
              kind: str = "") -> Val:
    """A list (elems) or dict (keys) whose summary taint is that of its contents."""
    contents = list(elems or ()) + [v for _, v in keys or ()] + [const(k) for k, _ in keys or ()]
    summary = combine(contents)
    return replace(summary, elems=elems, keys=keys, kind=kind)


def element_of(v: Val) -> Val:
    """Any one element of a container (or of a string: its characters)."""
    if v.elems:
        out = v.elems[0]
        for e in v.elems[1:]:
            out = join(out, e)
        return out
    if v.keys:
        out = v.keys[0][1]
        for _, e in v.keys[1:]:
            out = join(out, e)
        return out
    return Val(taint=v.taint, safe=v.safe, flags=v.flags, line=v.line)
