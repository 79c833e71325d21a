"""What a corpus is (one `[[corpus]]` table of benchmarks/corpora.toml) and what it yields."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = Path(__file__).resolve().parents[1] / "corpora.toml"


@dataclass(frozen=True, slots=True)
class Label:
    insecure: bool
    cwes: frozenset[str]  # expected CWEs (empty: any medium+ finding counts for an insecure label)
    line: int | None = None  # 1-based line the label is about; None: the whole unit
    rule: str | None = None  # the labelling rule (annotated corpora), for --show-misses


@dataclass(slots=True)
class Unit:
    corpus: str
    language: str
    name: str  # stable id inside the corpus (path, path:index)
    code: str
    labels: list[Label] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    kind: str
    license: str
    repo: str | None = None
    commit: str | None = None
    path: str | None = None  # a folder inside this project (kind = manifest)
    paths: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def pinned(self) -> str:
        return f"{self.repo}@{self.commit[:12]}" if self.repo and self.commit else "this checkout"


_KNOWN = {"name", "kind", "license", "repo", "commit", "path", "paths"}


def read_manifest(path: Path = MANIFEST) -> list[Corpus]:
    tables = tomllib.loads(path.read_text(encoding="utf-8")).get("corpus", [])
    return [
        Corpus(
            name=t["name"],
            kind=t["kind"],
            license=t.get("license", ""),
            repo=t.get("repo"),
            commit=t.get("commit"),
            path=t.get("path"),
            paths=tuple(t.get("paths", ())),
            options={k: v for k, v in t.items() if k not in _KNOWN},
        )
        for t in tables
    ]
