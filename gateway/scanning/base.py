"""The one interface every scanner implements."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Protocol

from gateway.scanning.findings import Finding


@dataclass(frozen=True, slots=True)
class Snippet:
    """What a scanner sees: the full code to analyse (FIM context included) and its language."""

    code: str
    language: str | None
    # Python: the engine's parse of `code` (None when it does not parse or was not parsed), shared
    # read-only by the scanners so that one snippet costs one `ast.parse`. Build ASTs only under
    # gateway.scanning.pyast; never change this one.
    tree: ast.Module | None = field(default=None, compare=False, repr=False)


class ScannerError(Exception):
    """A scanner could not produce a result; the engine reports `scan_incomplete`."""


class Scanner(Protocol):
    name: str

    def supports(self, language: str | None) -> bool: ...

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...

    async def scan(self, snippet: Snippet) -> list[Finding]:
        """Findings with 1-based lines and columns in `snippet.code`."""
        ...
