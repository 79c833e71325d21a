"""License identification: SPDX expressions, notices and license texts, and their category."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from gateway.scanning.license.gnu import find_gnu_notices, gnu_license_from_name


class LicenseCategory(StrEnum):
    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak_copyleft"
    STRONG_COPYLEFT = "strong_copyleft"
    UNKNOWN = "unknown"


# Restrictiveness for combining expressions: AND takes the most restrictive, OR the least.
_ORDER = [
    LicenseCategory.PERMISSIVE,
    LicenseCategory.WEAK_COPYLEFT,
    LicenseCategory.UNKNOWN,
    LicenseCategory.STRONG_COPYLEFT,
]

_STRONG = ("GPL-", "AGPL-", "SSPL-", "OSL-", "EUPL-", "CC-BY-SA-", "RPL-", "Sleepycat", "QPL-")
_WEAK = ("LGPL-", "MPL-", "EPL-", "CDDL-", "MS-RL", "CPL-", "CECILL-C", "APSL-", "Artistic-", "ErlPL-")
_PERMISSIVE = (
    "MIT",
    "BSD-",
    "0BSD",
    "Apache-",
    "ISC",
    "Zlib",
    "Unlicense",
    "CC0-",
    "PSF-",
    "Python-",
    "BSL-1.0",
    "X11",
    "NCSA",
    "PostgreSQL",
    "WTFPL",
    "UPL-",
    "MS-PL",
    "BlueOak-",
    "Unicode-",
    "CC-BY-4.0",
    "CC-BY-3.0",
    "AFL-",
    "HPND",
    "curl",
    "OpenSSL",
    "Ruby",
    "Vim",
    "W3C",
)
# Exceptions that turn a strong copyleft into a linking-permitted one.
_LINKING_EXCEPTIONS = (
    "Classpath-exception",
    "GCC-exception",
    "LLVM-exception",
    "Autoconf-exception",
    "Bison-exception",
    "Font-exception",
    "Linux-syscall-note",
)


def category_of_key(key: str) -> LicenseCategory:
    """Category of one SPDX license id (LGPL is tested before GPL: prefixes overlap)."""
    if key.startswith(_WEAK):
        return LicenseCategory.WEAK_COPYLEFT
    if key.startswith(_STRONG):
        return LicenseCategory.STRONG_COPYLEFT
    if key.startswith(_PERMISSIVE):
        return LicenseCategory.PERMISSIVE
    return LicenseCategory.UNKNOWN


@cache
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def _category_of_node(node: Any) -> LicenseCategory:
    name = type(node).__name__
    if name in {"AND", "OR"}:
        cats = [_category_of_node(arg) for arg in node.args]
        pick = max if name == "AND" else min
        return pick(cats, key=_ORDER.index)
    if name == "LicenseWithExceptionSymbol":
        base = category_of_key(node.license_symbol.key)
        if base is LicenseCategory.STRONG_COPYLEFT and node.exception_symbol.key.startswith(_LINKING_EXCEPTIONS):
            return LicenseCategory.WEAK_COPYLEFT
        return base
    return category_of_key(str(getattr(node, "key", node)))


def classify_expression(expression: str) -> tuple[str, LicenseCategory]:
    """('MIT OR GPL-3.0' ->) the normalized expression and its category; unknown if unparsable."""
    try:
        parsed = _licensing().parse(expression, validate=False)
    except Exception:  # license-expression raises a family of errors on garbage
        return expression.strip(), LicenseCategory.UNKNOWN
    if parsed is None:
        return expression.strip(), LicenseCategory.UNKNOWN
    return str(parsed), _category_of_node(parsed)


# Free-text license names (package metadata, classifiers) -> SPDX id. Order matters: specific first.
_NAME_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), spdx)
    for p, spdx in [
        (r"mozilla public|\bmpl", "MPL-2.0"),
        (r"eclipse public|\bepl\b", "EPL-2.0"),
        (r"server side public|\bsspl", "SSPL-1.0"),
        (r"\bapache", "Apache-2.0"),
        (r"\bmit\b|expat", "MIT"),
        (r"\bbsd\b|bsd[- ]?3", "BSD-3-Clause"),
        (r"\bisc\b", "ISC"),
        (r"python software foundation|\bpsf", "PSF-2.0"),
        (r"unlicense", "Unlicense"),
        (r"public domain|\bcc0", "CC0-1.0"),
        (r"zlib", "Zlib"),
    ]
]


def classify_license_name(name: str) -> tuple[str, LicenseCategory]:
    """An SPDX expression if it is one, else a best guess from a free-text name or classifier."""
    name = name.strip()
    if not name:
        return "", LicenseCategory.UNKNOWN
    if len(name) < 120 and "\n" not in name:
        expression, category = classify_expression(name)
        if category is not LicenseCategory.UNKNOWN:
            return expression, category
    gnu = gnu_license_from_name(name)  # GPL, LGPL, AGPL with the version the name states
    if gnu is not None:
        return gnu, category_of_key(gnu)
    for pattern, spdx in _NAME_HINTS:
        if pattern.search(name):
            return spdx, category_of_key(spdx)
    return name[:80], LicenseCategory.UNKNOWN


@dataclass(frozen=True, slots=True)
class LicenseSignal:
    kind: str  # "spdx" | "text" | "copyright"
    expression: str  # SPDX expression, best guess for texts, "" for bare copyright notices
    category: LicenseCategory
    line: int
    start: int
    end: int


_SPDX_TAG = re.compile(r"SPDX-License-Identifier:\s*(?P<expr>[A-Za-z0-9.+\-() ]+?)\s*(?:\*/|-->|$)", re.MULTILINE)
# GNU licenses are found by gnu.py (their version and one finding per notice); these are the rest.
_TEXTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), spdx)
    for p, spdx in [
        (r"Mozilla\s+Public\s+License,?\s+v(?:ersion)?\.?\s*2\.0", "MPL-2.0"),
        (r"Eclipse\s+Public\s+License", "EPL-2.0"),
        (r"Server\s+Side\s+Public\s+License", "SSPL-1.0"),
        (r"Licensed\s+under\s+the\s+Apache\s+License,?\s+Version\s+2\.0", "Apache-2.0"),
        (r"Permission\s+is\s+hereby\s+granted,\s+free\s+of\s+charge,\s+to\s+any\s+person", "MIT"),
        (r"Redistribution\s+and\s+use\s+in\s+source\s+and\s+binary\s+forms", "BSD-3-Clause"),
        (r"free\s+and\s+unencumbered\s+software\s+released\s+into\s+the\s+public\s+domain", "Unlicense"),
    ]
]
_COPYRIGHT = re.compile(r"(?:Copyright\s*(?:\(c\)|©)?|©)\s*(?:19|20)\d\d\b[^\n]{0,80}", re.IGNORECASE)


def find_license_signals(text: str) -> list[LicenseSignal]:
    """SPDX tags, recognizable license texts and copyright notices in `text`."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    signals = []
    for m in _SPDX_TAG.finditer(text):
        expression, category = classify_expression(m["expr"])
        signals.append(LicenseSignal("spdx", expression, category, line_of(m.start()), m.start(), m.end()))
    for notice in find_gnu_notices(text):
        signals.append(LicenseSignal("text", notice.spdx, category_of_key(notice.spdx), line_of(notice.start),
                                     notice.start, notice.end))
    for pattern, spdx in _TEXTS:
        for m in pattern.finditer(text):
            signals.append(LicenseSignal("text", spdx, category_of_key(spdx), line_of(m.start()), m.start(), m.end()))
    for m in _COPYRIGHT.finditer(text):
        signals.append(LicenseSignal("copyright", "", LicenseCategory.UNKNOWN, line_of(m.start()), m.start(), m.end()))
    return sorted(signals, key=lambda s: s.start)
