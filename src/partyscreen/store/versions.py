"""List versions: write one atomically, read what is in force, compare two."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, update

from partyscreen.model import Entity, Product, Record, Relation, record_from_dict
from partyscreen.sources.base import RowProblem
from partyscreen.store import schema as t

_CHUNK = 500


@dataclass(frozen=True)
class VersionInfo:
    id: int
    feed: str
    seq: int
    format: str
    file_hash: str
    files: list[str]
    source_date: str
    imported_at: datetime
    entity_count: int
    relation_count: int
    problem_count: int
    counts: dict[str, int]
    current: bool = False

    @property
    def age_days(self) -> float:
        imported = self.imported_at
        if imported.tzinfo is None:
            imported = imported.replace(tzinfo=UTC)
        return (datetime.now(UTC) - imported).total_seconds() / 86400


def _version_from_row(row, current_ids: set[int]) -> VersionInfo:  # type: ignore[no-untyped-def]
    return VersionInfo(
        id=row.id,
        feed=row.feed,
        seq=row.seq,
        format=row.format,
        file_hash=row.file_hash,
        files=json.loads(row.files),
        source_date=row.source_date,
        imported_at=row.imported_at,
        entity_count=row.entity_count,
        relation_count=row.relation_count,
        problem_count=row.problem_count,
        counts=json.loads(row.counts),
        current=row.id in current_ids,
    )


def list_versions(conn: Connection, feed: str | None = None) -> list[VersionInfo]:
    current = {r for (r,) in conn.execute(select(t.feed.c.current_version_id)) if r is not None}
    query = select(t.list_version).order_by(t.list_version.c.feed, t.list_version.c.seq)
    if feed is not None:
        query = query.where(t.list_version.c.feed == feed)
    return [_version_from_row(row, current) for row in conn.execute(query)]


def current_versions(conn: Connection) -> list[VersionInfo]:
    return [v for v in list_versions(conn) if v.current]


def write_version(
    conn: Connection,
    *,
    feed: str,
    format: str,
    file_hash: str,
    files: Sequence[str],
    source_date: str,
    records: Iterable[Record],
    problems: Sequence[RowProblem],
) -> VersionInfo:
    """Write a new version of ``feed`` and put it in force.

    Must run inside the caller's transaction: the version row, its records and
    the switch of the feed's current version commit together or not at all.
    """
    by_id: dict[str, tuple[str, str, str]] = {}  # id -> (kind, hash, json)
    counts: Counter[str] = Counter()
    entity_count = relation_count = 0
    for record in records:
        data = record.to_dict()
        digest = record.content_hash()
        kind = "R" if isinstance(record, Relation) else "P" if isinstance(record, Product) else "E"
        if record.id in by_id:
            continue  # importers merge duplicates; a second copy adds nothing
        by_id[record.id] = (kind, digest, json.dumps(data, ensure_ascii=False, sort_keys=True))
        if isinstance(record, Entity):
            entity_count += 1
            counts[record.list_code] += 1
        elif isinstance(record, Product):
            counts["products"] += 1  # no column of its own: shown with the per-list counts
        else:
            relation_count += 1

    seq = (conn.execute(select(func.max(t.list_version.c.seq)).where(t.list_version.c.feed == feed)).scalar() or 0) + 1
    version_id = conn.execute(
        insert(t.list_version).values(
            feed=feed,
            seq=seq,
            format=format,
            file_hash=file_hash,
            files=json.dumps(list(files)),
            source_date=source_date or "",
            imported_at=datetime.now(UTC),
            entity_count=entity_count,
            relation_count=relation_count,
            problem_count=len(problems),
            counts=json.dumps(dict(sorted(counts.items()))),
        )
    ).inserted_primary_key[0]

    _insert_new_blobs(conn, {digest: data for _, digest, data in by_id.values()})
    rows = [
        {"version_id": version_id, "record_id": rid, "kind": kind, "hash": digest}
        for rid, (kind, digest, _) in by_id.items()
    ]
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(t.version_record), rows[start : start + _CHUNK])
    if problems:
        conn.execute(
            insert(t.import_problem),
            [{"version_id": version_id, "file": p.file, "line": p.line, "message": p.message} for p in problems],
        )
    _set_current(conn, feed, format, version_id)
    return next(v for v in list_versions(conn, feed) if v.id == version_id)


def _insert_new_blobs(conn: Connection, blobs: dict[str, str]) -> None:
    hashes = list(blobs)
    existing: set[str] = set()
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        existing.update(h for (h,) in conn.execute(select(t.record_blob.c.hash).where(t.record_blob.c.hash.in_(chunk))))
    new = [{"hash": h, "data": blobs[h]} for h in hashes if h not in existing]
    for start in range(0, len(new), _CHUNK):
        conn.execute(insert(t.record_blob), new[start : start + _CHUNK])


def _set_current(conn: Connection, feed: str, format: str, version_id: int) -> None:
    exists = conn.execute(select(t.feed.c.name).where(t.feed.c.name == feed)).first()
    if exists:
        conn.execute(update(t.feed).where(t.feed.c.name == feed).values(current_version_id=version_id, format=format))
    else:
        conn.execute(insert(t.feed).values(name=feed, format=format, current_version_id=version_id))


def version_hashes(conn: Connection, version_id: int, kind: str | None = "E") -> dict[str, str]:
    """``{record id: content hash}`` of one version."""
    query = select(t.version_record.c.record_id, t.version_record.c.hash).where(
        t.version_record.c.version_id == version_id
    )
    if kind:
        query = query.where(t.version_record.c.kind == kind)
    return {record_id: digest for record_id, digest in conn.execute(query)}


def iter_records(conn: Connection, version_ids: Sequence[int], kind: str | None = "E") -> Iterator[Record]:
    """The records of the given versions, decoded."""
    if not version_ids:
        return
    query = (
        select(t.record_blob.c.data)
        .join(t.version_record, t.version_record.c.hash == t.record_blob.c.hash)
        .where(t.version_record.c.version_id.in_(list(version_ids)))
        .order_by(t.version_record.c.record_id)
    )
    if kind:
        query = query.where(t.version_record.c.kind == kind)
    for (data,) in conn.execute(query):
        yield record_from_dict(json.loads(data))


def load_blobs(conn: Connection, hashes: Iterable[str]) -> dict[str, Record]:
    out: dict[str, Record] = {}
    hashes = list(hashes)
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        for digest, data in conn.execute(
            select(t.record_blob.c.hash, t.record_blob.c.data).where(t.record_blob.c.hash.in_(chunk))
        ):
            out[digest] = record_from_dict(json.loads(data))
    return out


def version_problems(conn: Connection, version_id: int) -> list[RowProblem]:
    query = select(t.import_problem).where(t.import_problem.c.version_id == version_id).order_by(t.import_problem.c.id)
    return [RowProblem(r.file, r.line, r.message) for r in conn.execute(query)]


def entities_by_id(conn: Connection, version_ids: Sequence[int], entity_ids: Sequence[str]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    ids = list(dict.fromkeys(entity_ids))
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(t.record_blob.c.data)
            .join(t.version_record, t.version_record.c.hash == t.record_blob.c.hash)
            .where(t.version_record.c.version_id.in_(list(version_ids)))
            .where(t.version_record.c.record_id.in_(ids[start : start + _CHUNK]))
        )
        for (data,) in conn.execute(query):
            entity = record_from_dict(json.loads(data))
            if isinstance(entity, Entity):
                out[entity.id] = entity
    return out
