"""Imports of packages whose license the policy denies (license from installed metadata or a map)."""

from __future__ import annotations

import ast
import bisect
import importlib.metadata as md
import re
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from gateway.scanning.license.classify import LicenseCategory, classify_license_name


@dataclass(frozen=True, slots=True)
class ImportedPackage:
    module: str  # top-level import name ("yaml", "@scope/pkg")
    line: int


@dataclass(frozen=True, slots=True)
class PackageLicense:
    package: str  # distribution name
    license: str
    category: LicenseCategory
    source: str  # "policy" | "metadata"


# Linear under Python's `re`: model output and completion prompts reach these. Indentation is
# `[ \t]*`: `\s*` after `^` restarts at every line of a run of blank lines (quadratic). Not RE2:
# its Python wrapper slows down with the number of matches (40,000 imports: 1 s against 13 ms).
_PY_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import|import[ \t]+([A-Za-z_][\w., \t]*))", re.MULTILINE
)
_JS_IMPORT = re.compile(
    r"""(?:\brequire\([ \t]*|\bimport[ \t]*\([ \t]*|\bfrom[ \t]+|^[ \t]*import[ \t]+)"""
    r"""['"](?P<spec>[^'"./\n][^'"\n]*)['"]""",
    re.MULTILINE,
)
# Python's parser needs memory and time far beyond linear on hostile text (200 KB of
# "GNU GPL " is a MemoryError, of "server=a;pwd=" 0.6 s): longer code is read line by line.
MAX_AST_CHARS = 32_000


class _LineIndex:
    """1-based line of an offset in O(log n) (counting newlines per import was quadratic)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def _python_import_lines(code: str) -> list[ImportedPackage]:
    """Imports at the start of a line: partial or very long code."""
    line = _LineIndex(code)
    found: list[ImportedPackage] = []
    for m in _PY_IMPORT.finditer(code):
        names = [m.group(1)] if m.group(1) else [n.strip().split(" ")[0] for n in m.group(2).split(",")]
        found.extend(ImportedPackage(n.split(".")[0], line(m.start())) for n in names if n)
    return found


def python_imports(code: str, tree: ast.Module | None = None) -> list[ImportedPackage]:
    """`tree`: the engine's parse of `code` when it has one (one parse per snippet)."""
    if "import" not in code:  # both an import statement and the line reader need the keyword
        return []
    if len(code) > MAX_AST_CHARS:
        return _python_import_lines(code)
    if tree is None:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):  # partial code: read line by line
            return _python_import_lines(code)
    found: list[ImportedPackage] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(ImportedPackage(a.name.split(".")[0], node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(ImportedPackage(node.module.split(".")[0], node.lineno))
    return found


def javascript_imports(code: str) -> list[ImportedPackage]:
    line = _LineIndex(code)
    found = []
    for m in _JS_IMPORT.finditer(code):
        spec = m.group("spec").removeprefix("node:")
        parts = spec.split("/")
        name = "/".join(parts[:2]) if spec.startswith("@") else parts[0]
        found.append(ImportedPackage(name, line(m.start())))
    return found


@cache
def _distributions_by_module() -> dict[str, list[str]]:
    return {k: list(v) for k, v in md.packages_distributions().items()}


@cache
def _metadata_license(distribution: str) -> str:
    try:
        meta: Any = md.metadata(distribution)
    except md.PackageNotFoundError:
        return ""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    specific = [c for c in classifiers if c.count("::") >= 2 and not c.endswith(":: OSI Approved")]
    if specific:
        return specific[0].rsplit("::", 1)[1].strip()
    return str(meta.get("License") or "").strip()


def license_of(module: str, policy_map: dict[str, str]) -> PackageLicense | None:
    """The license of the package providing `module`: the policy map wins, then installed metadata."""
    if module in sys.stdlib_module_names:
        return None
    for name in (module, module.lower(), module.replace("_", "-")):
        if name in policy_map:
            expression, category = classify_license_name(policy_map[name])
            return PackageLicense(name, expression, category, "policy")
    for dist in _distributions_by_module().get(module, []):
        if dist in policy_map:
            expression, category = classify_license_name(policy_map[dist])
            return PackageLicense(dist, expression, category, "policy")
        text = _metadata_license(dist)
        if text:
            expression, category = classify_license_name(text)
            return PackageLicense(dist, expression, category, "metadata")
    return None


def imported_packages(code: str, language: str | None, tree: ast.Module | None = None) -> list[ImportedPackage]:
    if language == "python":
        return python_imports(code, tree)
    if language in {"javascript", "typescript"}:
        return javascript_imports(code)
    return []
