"""The store facade used by the CLI, the screening engine and the service."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from partyscreen.model import Entity, Product, Record, Relation
from partyscreen.sources.base import RowProblem
from partyscreen.store import schema as t
from partyscreen.store.db import make_engine, migrate, resolve_url
from partyscreen.store.diff import VersionDiff, diff_versions
from partyscreen.store.versions import (
    VersionInfo,
    current_versions,
    iter_records,
    list_versions,
    version_problems,
    write_version,
)


class UnknownVersionError(LookupError):
    """A feed or version number that the store does not have."""


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (and create or migrate) the store at ``--db`` / ``PARTYSCREEN_DB`` / the default."""
        engine = make_engine(resolve_url(db))
        migrate(engine)
        return cls(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # -- versions --------------------------------------------------------
    def versions(self, feed: str | None = None) -> list[VersionInfo]:
        with self.engine.connect() as conn:
            return list_versions(conn, feed)

    def current_versions(self) -> list[VersionInfo]:
        with self.engine.connect() as conn:
            return current_versions(conn)

    def current_version(self, feed: str) -> VersionInfo | None:
        return next((v for v in self.current_versions() if v.feed == feed), None)

    def version(self, feed: str, seq: int) -> VersionInfo:
        for info in self.versions(feed):
            if info.seq == seq:
                return info
        raise UnknownVersionError(f"feed {feed!r} has no version {seq}; `partyscreen lists` shows the versions")

    def add_version(
        self,
        *,
        feed: str,
        format: str,
        file_hash: str,
        files: Sequence[str],
        source_date: str,
        records: Sequence[Record],
        problems: Sequence[RowProblem],
    ) -> VersionInfo:
        """Write a version and put it in force, all in one transaction."""
        with self.engine.begin() as conn:
            return write_version(
                conn,
                feed=feed,
                format=format,
                file_hash=file_hash,
                files=files,
                source_date=source_date,
                records=records,
                problems=problems,
            )

    def problems(self, version: VersionInfo) -> list[RowProblem]:
        with self.engine.connect() as conn:
            return version_problems(conn, version.id)

    def diff(self, feed: str, old_seq: int | None = None, new_seq: int | None = None) -> VersionDiff:
        versions = self.versions(feed)
        if not versions:
            raise UnknownVersionError(f"no feed {feed!r}; `partyscreen lists` shows the feeds")
        if old_seq is None and new_seq is None:
            if len(versions) < 2:
                raise UnknownVersionError(f"feed {feed!r} has only one version; import another to compare")
            old, new = versions[-2], versions[-1]
        else:
            if old_seq is None or new_seq is None:
                raise UnknownVersionError("give both version numbers, or neither")
            old, new = self.version(feed, old_seq), self.version(feed, new_seq)
        with self.engine.connect() as conn:
            return diff_versions(conn, feed, old.id, new.id, old.seq, new.seq)

    # -- records ---------------------------------------------------------
    def entities(self, versions: Sequence[VersionInfo] | None = None) -> Iterator[Entity]:
        """Entities of the given versions (default: every version in force)."""
        ids = [v.id for v in (versions if versions is not None else self.current_versions())]
        with self.engine.connect() as conn:
            yield from iter_records(conn, ids, kind="E")  # type: ignore[misc]

    def get_entities(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The entities in force with these ids (missing ids are left out)."""
        from partyscreen.store.versions import entities_by_id

        current = [v.id for v in self.current_versions()]
        with self.engine.connect() as conn:
            return entities_by_id(conn, current, entity_ids)

    def relations(self, versions: Sequence[VersionInfo] | None = None) -> Iterator[Relation]:
        ids = [v.id for v in (versions if versions is not None else self.current_versions())]
        with self.engine.connect() as conn:
            yield from iter_records(conn, ids, kind="R")  # type: ignore[misc]

    def products(self, versions: Sequence[VersionInfo] | None = None) -> Iterator[Product]:
        """Product catalogue records of the given versions (default: every version in force)."""
        ids = [v.id for v in (versions if versions is not None else self.current_versions())]
        with self.engine.connect() as conn:
            yield from iter_records(conn, ids, kind="P")  # type: ignore[misc]

    # -- artifacts (derived data such as the candidate index) -------------
    def load_artifact(self, key: str) -> bytes | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.artifact.c.data).where(t.artifact.c.key == key)).first()
        return bytes(row[0]) if row else None

    def save_artifact(self, key: str, data: bytes, *, keep_prefix: str | None = None) -> None:
        """Store ``data`` under ``key``; with ``keep_prefix``, older artifacts of that prefix are dropped.

        Two processes storing the same key at once (two server workers building the
        same index) both succeed: a key names its content, so the first one stored stands.
        """
        try:
            with self.engine.begin() as conn:
                if keep_prefix is not None:
                    conn.execute(delete(t.artifact).where(t.artifact.c.key.like(f"{keep_prefix}%")))
                else:
                    conn.execute(delete(t.artifact).where(t.artifact.c.key == key))
                conn.execute(insert(t.artifact).values(key=key, created_at=datetime.now(UTC), data=data))
        except IntegrityError:
            if self.load_artifact(key) is None:
                raise
