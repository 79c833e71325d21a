"""The winnowing index of reference code, stored in the database."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from gateway.db.errors import is_connection_lost
from gateway.scanning.license.classify import LicenseCategory, classify_expression
from gateway.scanning.license.models import LicenseFingerprint, LicenseSource
from gateway.scanning.license.winnowing import (
    GUARANTEE,
    WINDOW,
    K,
    Normalized,
    covered,
    extend_match,
    fingerprints,
    normalize,
)

T = TypeVar("T")
log = logging.getLogger("sluice.scanning")
_TABLES = ("license_sources", "license_fingerprints")
_QUERY_CHUNK = 500  # hashes per IN (...) clause, well under SQLite's parameter limit


def async_url(url: str) -> str:
    """Accept plain driver URLs too: sqlite:// and postgresql:// get their async drivers."""
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


@dataclass(frozen=True, slots=True)
class ReuseMatch:
    source_path: str
    package: str | None
    license: str
    category: LicenseCategory
    matched_chars: int  # normalized characters of the query covered by exact shared runs
    longest_run: int
    start: int  # offsets in the original query text of the first and last matched characters
    end: int


@dataclass(frozen=True, slots=True)
class IndexedSource:
    id: int
    path: str
    package: str | None
    license: str
    fingerprints: int


# Below this many characters the thread hop costs more than fingerprinting.
OFF_LOOP_CHARS = 4096


def _fingerprinted(text: str) -> tuple[Normalized, list[tuple[int, int]]]:
    query = normalize(text)
    return query, fingerprints(query.text)


class LicenseIndex:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._texts: dict[int, str] = {}  # normalized source texts, fetched on first match

    @classmethod
    def from_url(cls, url: str) -> LicenseIndex:
        return cls(create_async_engine(async_url(url)))

    async def create_tables(self) -> None:
        """Create the index tables directly (tools and tests; deployments use Alembic)."""
        async with self._engine.begin() as conn:
            await conn.run_sync(
                lambda sync: LicenseSource.metadata.create_all(
                    sync, tables=[LicenseSource.metadata.tables[n] for n in _TABLES]
                )
            )

    async def aclose(self) -> None:
        await self._engine.dispose()

    async def add(self, path: str, text: str, license: str, package: str | None = None) -> IndexedSource | None:
        """Fingerprint one file; None when identical content is already indexed."""
        norm = normalize(text).text
        digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()
        prints = fingerprints(norm)
        async with self._sessions() as session, session.begin():
            exists = await session.scalar(select(LicenseSource.id).where(LicenseSource.sha256 == digest))
            if exists is not None:
                return None
            source = LicenseSource(
                path=path,
                package=package,
                license=license,
                sha256=digest,
                k=K,
                window_size=WINDOW,
                normalized=norm,
            )
            session.add(source)
            await session.flush()
            session.add_all(LicenseFingerprint(source_id=source.id, position=p, hash=h) for h, p in prints)
        return IndexedSource(source.id, path, package, license, len(prints))

    async def remove(self, source_id: int) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(delete(LicenseFingerprint).where(LicenseFingerprint.source_id == source_id))
            await session.execute(delete(LicenseSource).where(LicenseSource.id == source_id))
        self._texts.pop(source_id, None)

    async def list_sources(self) -> list[IndexedSource]:
        count = func.count(LicenseFingerprint.position)
        stmt = (
            select(LicenseSource.id, LicenseSource.path, LicenseSource.package, LicenseSource.license, count)
            .outerjoin(LicenseFingerprint, LicenseFingerprint.source_id == LicenseSource.id)
            .group_by(LicenseSource.id)
            .order_by(LicenseSource.id)
        )
        async with self._sessions() as session:
            return [IndexedSource(*row) for row in (await session.execute(stmt)).all()]

    async def search(self, text: str, min_chars: int = 150) -> list[ReuseMatch]:
        """Indexed sources sharing at least `min_chars` normalized characters with `text`.

        Thresholds below GUARANTEE may miss shorter shared runs (winnowing only promises runs of
        GUARANTEE characters); they still never report a run that is not really shared.
        """
        # Fingerprinting is pure Python (~0.4 s for a 200 KB completion prompt given as context):
        # long texts leave the event loop so that one request does not stall the others.
        if len(text) > OFF_LOOP_CHARS:
            query, prints = await asyncio.to_thread(_fingerprinted, text)
        else:
            query, prints = _fingerprinted(text)
        if not prints:
            return []
        positions: dict[int, list[int]] = {}
        for h, p in prints:
            positions.setdefault(h, []).append(p)
        found = await self._read(lambda: self._anchors(positions))
        if found is None:
            return []
        anchors, sources = found
        matches = []
        for source_id, pairs in anchors.items():
            runs = [r for q, s in pairs if (r := extend_match(query.text, self._texts[source_id], q, s))]
            if not runs:
                continue
            total = covered(runs)
            if total < min_chars:
                continue
            src = sources[source_id]
            expression, category = classify_expression(src.license)
            start, end = min(a for a, _ in runs), max(b for _, b in runs)
            matches.append(
                ReuseMatch(
                    src.path,
                    src.package,
                    expression,
                    category,
                    total,
                    max(b - a for a, b in runs),
                    query.offsets[start],
                    query.offsets[end - 1] + 1,
                )
            )
        return sorted(matches, key=lambda m: -m.matched_chars)

    async def _read(self, read: Callable[[], Awaitable[T]]) -> T:
        """Run a read; if its pooled connection turns out dead (the database restarted since it was
        last used), once more on a new one. A read is safe to repeat, and a stale connection must not
        turn into a scanner error that blocks an answer."""
        try:
            return await read()
        except Exception as exc:
            if not is_connection_lost(exc):
                raise
            log.warning("license index connection lost (%s); retrying on a new connection", type(exc).__name__)
        return await read()

    async def _anchors(
        self, positions: dict[int, list[int]]
    ) -> tuple[dict[int, list[tuple[int, int]]], dict[int, Any]] | None:
        """Indexed sources sharing fingerprints with the query: anchors per source and the sources' rows."""
        anchors: dict[int, list[tuple[int, int]]] = {}  # source id -> (query pos, source pos)
        hashes = list(positions)
        async with self._sessions() as session:
            for i in range(0, len(hashes), _QUERY_CHUNK):
                chunk = hashes[i : i + _QUERY_CHUNK]
                rows = await session.execute(
                    select(LicenseFingerprint.source_id, LicenseFingerprint.hash, LicenseFingerprint.position).where(
                        LicenseFingerprint.hash.in_(chunk)
                    )
                )
                for source_id, h, spos in rows:
                    anchors.setdefault(source_id, []).extend((qpos, spos) for qpos in positions[h])
            if not anchors:
                return None
            sources = {
                s.id: s
                for s in (
                    await session.execute(
                        select(
                            LicenseSource.id, LicenseSource.path, LicenseSource.package, LicenseSource.license
                        ).where(LicenseSource.id.in_(list(anchors)))
                    )
                ).all()
            }
            missing = [sid for sid in anchors if sid not in self._texts]
            if missing:
                texts = await session.execute(
                    select(LicenseSource.id, LicenseSource.normalized).where(LicenseSource.id.in_(missing))
                )
                self._texts.update({sid: norm for sid, norm in texts})
        return anchors, sources

__all__ = ["GUARANTEE", "IndexedSource", "LicenseIndex", "ReuseMatch", "async_url"]
