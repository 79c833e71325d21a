"""The permissively licensed Python packages added to the standard library in the training corpus.

Each candidate package is read from the interpreter's installed distributions; its licence comes from
its own metadata (``License-Expression``, else ``License``, else the ``License ::`` classifiers) and it
is used only when every licence named there is permissive (MIT, BSD, Apache-2.0, ISC, PSF) and none
is copyleft (GPL, LGPL, AGPL, MPL, EPL...). Vendored copies and tests are skipped, and each package
is capped so no single project dominates the stream. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
from dataclasses import dataclass
from pathlib import Path

# Hand-written library code with docstrings (no generated API clients, data tables or huge model zoos).
CANDIDATE_PACKAGES = (
    "aiohttp", "alembic", "anyio", "attrs", "bandit", "boltons", "bracex", "click", "cryptography",
    "filelock", "h11", "httpcore", "httpx", "idna", "iniconfig", "Jinja2", "litestar", "Mako",
    "markdown-it-py", "networkx", "packaging", "pluggy", "PyJWT", "pyparsing", "pytest",
    "python-dateutil", "python-dotenv", "PyYAML", "redis", "requests", "rich", "sortedcontainers",
    "SQLAlchemy", "starlette", "stevedore", "structlog", "tomlkit", "typer", "urllib3", "uvicorn",
    "wcmatch", "websockets", "Werkzeug",
)
PERMISSIVE = re.compile(r"\b(MIT|BSD|Apache|ISC|PSF|Python Software Foundation)\b", re.IGNORECASE)
COPYLEFT = re.compile(r"\b(A?GPL|LGPL|General Public|MPL|Mozilla|EPL|Eclipse|EUPL|CDDL)\b", re.IGNORECASE)
SKIPPED_PARTS = frozenset({"test", "tests", "testing", "_vendor", "vendor", "vendored", "__pycache__"})
MAX_BYTES_PER_PACKAGE = 600_000


@dataclass(frozen=True)
class PackageSource:
    name: str
    version: str
    license: str
    files: tuple[tuple[str, str], ...]  # (package/relative/path.py, text)


def declared_license(dist: metadata.Distribution) -> str:
    """The licence as the package's metadata states it (SPDX expression when present)."""
    meta = dist.metadata
    expression = (meta.get_all("License-Expression") or [""])[0].strip()
    if expression:
        return expression
    text = (meta.get_all("License") or [""])[0].strip()
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " AND ".join(classifiers)


def is_permissive(license_text: str) -> bool:
    return bool(license_text) and bool(PERMISSIVE.search(license_text)) and not COPYLEFT.search(license_text)


def package_source(name: str, max_bytes: int = MAX_BYTES_PER_PACKAGE) -> PackageSource | None:
    """The package's own ``*.py`` files (sorted, capped), or None when absent or not permissive."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    license_text = declared_license(dist)
    if not is_permissive(license_text):
        return None
    paths = sorted(
        str(f) for f in dist.files or []
        if str(f).endswith(".py") and not SKIPPED_PARTS.intersection(Path(str(f)).parts[:-1])
        and not str(f).startswith("..")
    )
    files: list[tuple[str, str]] = []
    size = 0
    for rel in paths:
        try:
            text = Path(str(dist.locate_file(rel))).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not text.strip() or size + len(text) > max_bytes:
            continue
        files.append((rel, text))
        size += len(text)
    if not files:
        return None
    return PackageSource(dist.metadata["Name"], dist.version, license_text, tuple(files))


def package_sources(names: tuple[str, ...] = CANDIDATE_PACKAGES) -> list[PackageSource]:
    return [p for p in (package_source(n) for n in names) if p is not None]
