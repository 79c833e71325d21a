"""Shell-style glob lists compiled once into one case-sensitive regex."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from gateway.scanning.languages import normalize_language


def compile_globs(patterns: Iterable[str], *, ignore_case: bool = False) -> re.Pattern[str]:
    """One regex matching any of the globs (`*`, `?`, `[...]`), anchored at both ends."""
    parts = [fnmatch.translate(p) for p in patterns]
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile("|".join(f"(?:{p})" for p in parts) or r"(?!)", flags)


def as_list(value: str | list[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def canonical_language(name: str | None) -> str | None:
    """Sluice's name for a language tag ('py' -> 'python'); unknown tags lowercased as-is."""
    if not name or not name.strip():
        return None
    return normalize_language(name) or name.strip().lower()
