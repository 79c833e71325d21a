"""The local corpus cache: ~/.cache/sluice-corpora/<owner>+<name>@<commit>/, never committed.

A corpus is exported from a git mirror (`--mirror DIR` holding `<owner>+<name>/repo` or
`<owner>+<name>.git`) or cloned when SLUICE_CORPORA_CLONE=1 allows the network. The scan itself
never downloads anything.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

from benchmarks.corpora.model import Corpus

CACHE_ROOT = Path(os.environ.get("SLUICE_CORPORA_CACHE", Path.home() / ".cache" / "sluice-corpora"))


def cache_dir(corpus: Corpus) -> Path:
    assert corpus.repo and corpus.commit
    return CACHE_ROOT / f"{corpus.repo.replace('/', '+')}@{corpus.commit}"


def _git_dirs(corpus: Corpus, mirrors: list[Path]) -> list[Path]:
    assert corpus.repo
    slug = corpus.repo.replace("/", "+")
    return [c for m in mirrors for c in (m / slug / "repo", m / f"{slug}.git", m / slug) if c.is_dir()]


def _prefixes(corpus: Corpus) -> list[str]:
    """The folders the corpus globs live in (large unrelated files in the repository stay out)."""
    out = set()
    for pattern in corpus.paths:
        parts = []
        for part in pattern.split("/"):
            if any(ch in part for ch in "*?["):
                break
            parts.append(part)
        out.add("/".join(parts) or ".")
    return sorted(out)


def materialize(corpus: Corpus, mirrors: list[Path]) -> Path | None:
    """The corpus checked out at its pinned commit, or None when it is not available offline."""
    target = cache_dir(corpus)
    if (target / ".complete").is_file():
        return target
    sources = _git_dirs(corpus, mirrors)
    if not sources and os.environ.get("SLUICE_CORPORA_CLONE") == "1":
        clone = CACHE_ROOT / f"{corpus.repo.replace('/', '+')}.git"  # type: ignore[union-attr]
        if not clone.is_dir():
            subprocess.run(
                ["git", "clone", "--bare", "--filter=blob:none", f"https://github.com/{corpus.repo}", str(clone)],
                check=True,
            )
        sources = [clone]
    for git_dir in sources:
        archive = subprocess.run(
            ["git", f"--git-dir={git_dir}", "archive", "--format=tar", str(corpus.commit), *_prefixes(corpus)],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            continue
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(target, filter="data")
        (target / ".complete").write_text(f"{corpus.repo} {corpus.commit}\n")
        return target
    return None
