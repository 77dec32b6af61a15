"""The audit trail: append-only records, each hash-chained to the one before.

Every record's hash covers its sequence number, time, actor, kind, party,
alert, payload and the previous record's hash, so editing, inserting or
deleting a record breaks the chain where it happened.  Writers serialise on
the one ``audit_head`` row: they lock it first thing in their transaction
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the first write takes the
database's write lock), so two processes never build on the same head.

A chain kept in the same database cannot show that its newest records were cut
off or that the whole chain was recomputed: an *anchor* (``SEQ:HASH`` of the
head, kept outside the database) can, and ``verify`` checks anchors.
"""

from __future__ import annotations

import hashlib
import json

import orjson
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from partyscreen.store import schema as t

GENESIS = "0" * 64
_HEAD_ID = 1
_VERIFY_BATCH = 5000
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The one text form of a time in the chain: UTC, microseconds, sortable as text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def canonical(payload: dict[str, Any]) -> str:
    """The payload as stored and hashed: JSON with sorted keys, no spaces, UTF-8 as is (orjson: fast enough for batch)."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str).decode("utf-8")


def chain_hash(
    prev_hash: str, seq: int, recorded_at: str, actor: str, kind: str, party_id: str | None, alert_id: int | None, payload: str
) -> str:
    """SHA-256 over the fields in this order, each as UTF-8 prefixed by its length (8 bytes, big-endian).

    Length prefixes make the framing unambiguous whatever a field contains; an
    absent party or alert is the empty string.
    """
    digest = hashlib.sha256()
    for value in (str(seq), recorded_at, actor, kind, party_id or "", "" if alert_id is None else str(alert_id), payload, prev_hash):
        raw = value.encode("utf-8")
        digest.update(len(raw).to_bytes(8, "big"))
        digest.update(raw)
    return digest.hexdigest()


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    recorded_at: str
    actor: str
    kind: str
    party_id: str | None
    alert_id: int | None
    payload: str
    prev_hash: str
    hash: str

    def data(self) -> dict[str, Any]:
        return json.loads(self.payload)

    def expected_hash(self, seq: int | None = None) -> str:
        return chain_hash(
            self.prev_hash, self.seq if seq is None else seq, self.recorded_at, self.actor, self.kind,
            self.party_id, self.alert_id, self.payload,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "recorded_at": self.recorded_at, "actor": self.actor, "kind": self.kind,
            "party_id": self.party_id, "alert_id": self.alert_id, "payload": self.data(),
            "prev_hash": self.prev_hash, "hash": self.hash,
        }


def _record(row) -> AuditRecord:  # type: ignore[no-untyped-def]
    return AuditRecord(row.seq, row.recorded_at, row.actor, row.kind, row.party_id, row.alert_id, row.payload, row.prev_hash, row.hash)


# -- appending ---------------------------------------------------------------------


class ChainWriter:
    """Appends records inside the caller's transaction, holding the head lock until it commits."""

    def __init__(self, conn: Connection, actor: str, clock: Clock = utc_now) -> None:
        self.conn = conn
        self.actor = actor
        self.clock = clock
        _lock_head(conn)
        head = conn.execute(select(t.audit_head).where(t.audit_head.c.id == _HEAD_ID).with_for_update()).one()
        self.seq: int = head.seq
        self.hash: str = head.hash
        self._rows: list[dict[str, Any]] = []

    def append(
        self, kind: str, payload: dict[str, Any], *, party_id: str | None = None, alert_id: int | None = None, actor: str | None = None
    ) -> int:
        """Add one record; returns its sequence number.  Written by :meth:`flush`."""
        seq = self.seq + 1
        recorded_at = stamp(self.clock())
        who = actor or self.actor
        text = canonical(payload)
        digest = chain_hash(self.hash, seq, recorded_at, who, kind, party_id, alert_id, text)
        self._rows.append({
            "seq": seq, "recorded_at": recorded_at, "actor": who, "kind": kind, "party_id": party_id,
            "alert_id": alert_id, "payload": text, "prev_hash": self.hash, "hash": digest,
        })
        self.seq, self.hash = seq, digest
        return seq

    def flush(self) -> None:
        if not self._rows:
            return
        self.conn.execute(insert(t.audit_record), self._rows)
        self.conn.execute(update(t.audit_head).where(t.audit_head.c.id == _HEAD_ID).values(seq=self.seq, hash=self.hash))
        self._rows = []


def _lock_head(conn: Connection) -> None:
    # On SQLite a transaction that reads first cannot always upgrade to a write
    # (another writer may have committed meanwhile): writing first takes the
    # database's write lock before anything is read.  On PostgreSQL the same
    # statement row-locks the head; the SELECT ... FOR UPDATE that follows holds it.
    conn.execute(update(t.audit_head).where(t.audit_head.c.id == _HEAD_ID).values(seq=t.audit_head.c.seq))


@contextmanager
def appending(conn: Connection, actor: str, clock: Clock = utc_now) -> Iterator[ChainWriter]:
    """Lock the chain in ``conn``'s transaction; what is appended is written on leaving."""
    writer = ChainWriter(conn, actor, clock)
    yield writer
    writer.flush()


def append(engine: Engine, actor: str, kind: str, payload: dict[str, Any], *, party_id: str | None = None, clock: Clock = utc_now) -> int:
    """Append one record in a transaction of its own."""
    with engine.begin() as conn, appending(conn, actor, clock) as chain:
        return chain.append(kind, payload, party_id=party_id)


# -- reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    base_seq: int
    base_hash: str


def head(conn: Connection) -> Head:
    row = conn.execute(select(t.audit_head).where(t.audit_head.c.id == _HEAD_ID)).one()
    return Head(row.seq, row.hash, row.base_seq, row.base_hash)


def records_between(conn: Connection, start: datetime | None = None, end: datetime | None = None) -> Iterator[AuditRecord]:
    """Records with ``start <= recorded_at < end``, in chain order, streamed."""
    query = select(t.audit_record).order_by(t.audit_record.c.seq)
    if start is not None:
        query = query.where(t.audit_record.c.recorded_at >= stamp(start))
    if end is not None:
        query = query.where(t.audit_record.c.recorded_at < stamp(end))
    for row in conn.execution_options(yield_per=_VERIFY_BATCH).execute(query):
        yield _record(row)


def party_records(conn: Connection, party_id: str) -> list[AuditRecord]:
    query = select(t.audit_record).where(t.audit_record.c.party_id == party_id).order_by(t.audit_record.c.seq)
    return [_record(row) for row in conn.execute(query)]


# -- anchors -----------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, sep, digest = text.strip().partition(":")
        digest = digest.strip().lower()
        if not sep or not seq.strip().isdecimal() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"anchor {text.strip()[:80]!r}: write SEQ:HASH (a number, a colon, 64 hex digits)")
        return cls(int(seq), digest)


def take_anchor(engine: Engine, anchor_file: Path | None = None, clock: Clock = utc_now) -> Anchor:
    """The current head; appended as ``TIME SEQ:HASH`` to ``anchor_file`` when one is given."""
    with engine.connect() as conn:
        current = head(conn)
    anchor = Anchor(current.seq, current.hash)
    if anchor_file is not None:
        anchor_file.parent.mkdir(parents=True, exist_ok=True)
        with anchor_file.open("a", encoding="utf-8") as fh:
            fh.write(f"{stamp(clock())} {anchor}\n")
    return anchor


def read_anchor_file(path: Path) -> list[Anchor]:
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            anchors.append(Anchor.parse(line.split()[-1]))
        except ValueError as exc:
            raise ValueError(f"{path.name}:{number}: {exc}") from None
    return anchors


# -- verifying ---------------------------------------------------------------------


@dataclass
class Verification:
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    last_hash: str = GENESIS
    problem: str = ""
    problem_seq: int | None = None
    anchors_checked: list[Anchor] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem

    def fail(self, seq: int | None, message: str) -> Verification:
        if not self.problem:
            self.problem, self.problem_seq = message, seq
        return self


def verify(engine: Engine, anchors: Sequence[Anchor] = ()) -> Verification:
    """Walk the whole chain; report the first record that was altered, inserted or deleted."""
    result = Verification()
    with engine.connect() as conn:
        current = head(conn)
        expected_seq, expected_prev = current.base_seq + 1, current.base_hash
        before_prev = ""  # the hash of the record before the previous one
        by_seq: dict[int, str] = {}
        wanted = {a.seq for a in anchors}
        purges: list[AuditRecord] = []
        for record in records_between(conn):
            if record.seq in wanted:
                by_seq[record.seq] = record.hash
            if record.kind == "purge":
                purges.append(record)
            if result.first_seq is None:
                result.first_seq = record.seq
            problem = _check(record, expected_seq, expected_prev, before_prev)
            if problem:
                return _with_anchors(result.fail(problem[0], problem[1]), anchors, by_seq, current)
            result.records += 1
            before_prev = expected_prev
            expected_seq, expected_prev = record.seq + 1, record.hash
            result.last_seq, result.last_hash = record.seq, record.hash
        last_seq = expected_seq - 1
        if current.seq > last_seq:
            result.fail(last_seq + 1, f"records {last_seq + 1}..{current.seq} were deleted from the end: the head says {current.seq}, the chain ends at {last_seq}")
        elif current.seq < last_seq:
            result.fail(current.seq + 1, f"records {current.seq + 1}..{last_seq} were added outside the product: the head still says {current.seq}")
        elif current.hash != expected_prev:
            result.fail(last_seq, f"record {last_seq} does not match the head's hash: it was altered or replaced")
        if current.base_seq and not any(_explains(p, current) for p in purges):
            result.fail(current.base_seq, f"the chain starts after record {current.base_seq} but no purge record explains why: records were deleted from the start")
    return _with_anchors(result, anchors, by_seq, current)


def _check(record: AuditRecord, expected_seq: int, expected_prev: str, before_prev: str) -> tuple[int, str] | None:
    seq = record.seq
    if seq != expected_seq:
        return expected_seq, f"records {expected_seq}..{seq - 1} were deleted: the chain jumps from {expected_seq - 1} to {seq}"
    if record.expected_hash() != record.hash:
        if record.expected_hash(seq - 1) == record.hash:
            return seq - 1, f"record {seq - 1} was inserted: record {seq} was renumbered from {seq - 1} to make room"
        if record.expected_hash(seq + 1) == record.hash:
            return seq, f"record {seq} was deleted: the records after it were renumbered ({seq + 1} is now {seq})"
        return seq, f"record {seq} was altered: its content does not match its hash"
    if record.prev_hash != expected_prev:
        if before_prev and record.prev_hash == before_prev:
            return seq - 1, f"record {seq - 1} was inserted: record {seq} links to record {seq - 2}"
        return seq - 1, (
            f"record {seq} does not link to record {seq - 1}: record {seq - 1} was altered and its hash recomputed, "
            f"or records were inserted or deleted there"
        )
    return None


def _explains(purge: AuditRecord, current: Head) -> bool:
    data = purge.data()
    return data.get("through_seq") == current.base_seq and data.get("through_hash") == current.base_hash


def _with_anchors(result: Verification, anchors: Sequence[Anchor], by_seq: dict[int, str], current: Head) -> Verification:
    for anchor in anchors:
        if anchor.seq <= current.base_seq:
            result.notes.append(f"anchor {anchor.seq} lies in records purged after their retention; not checkable")
            continue
        if anchor.seq in by_seq:
            if by_seq[anchor.seq] != anchor.hash:
                result.fail(anchor.seq, f"record {anchor.seq} differs from its anchor: the chain was rewritten from there on (or before)")
            else:
                result.anchors_checked.append(anchor)
            continue
        last = result.last_seq if result.last_seq is not None else current.base_seq
        if result.ok and anchor.seq > last:
            result.fail(last + 1, f"the chain ends at record {last} but an anchor holds record {anchor.seq}: records were cut off from the end")
        elif result.ok:
            result.fail(anchor.seq, f"record {anchor.seq} of the anchor is missing from the chain")
    return result


# -- retention ---------------------------------------------------------------------


class RetentionError(ValueError):
    """A deletion that would reach records younger than the retention."""


def retention_cutoff(now: datetime, years: int) -> datetime:
    """The moment ``years`` before ``now``: records at or after it must be kept."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@dataclass(frozen=True)
class Purge:
    deleted: int
    through_seq: int


def purge(engine: Engine, actor: str, before: datetime, retention_years: int, clock: Clock = utc_now) -> Purge:
    """Delete the records older than ``before`` from the start of the chain, and record that it was done.

    Refused when ``before`` lies within the retention: nothing younger than the
    retention can be deleted through the product.
    """
    cutoff = retention_cutoff(clock(), retention_years)
    if before.tzinfo is None:
        before = before.replace(tzinfo=UTC)
    if before > cutoff:
        raise RetentionError(
            f"refused: records from {before.date()} on are younger than the retention of {retention_years} years "
            f"(only records before {cutoff.date()} may be deleted)"
        )
    with engine.begin() as conn, appending(conn, actor, clock) as chain:
        current = head(conn)
        first_young = conn.execute(
            select(func.min(t.audit_record.c.seq)).where(t.audit_record.c.recorded_at >= stamp(before))
        ).scalar()
        through = (first_young - 1) if first_young is not None else chain.seq
        if through <= current.base_seq:
            return Purge(0, current.base_seq)
        last = conn.execute(select(t.audit_record.c.hash).where(t.audit_record.c.seq == through)).scalar_one()
        deleted = conn.execute(delete(t.audit_record).where(t.audit_record.c.seq <= through)).rowcount
        conn.execute(update(t.audit_head).where(t.audit_head.c.id == _HEAD_ID).values(base_seq=through, base_hash=last))
        chain.append("purge", {
            "through_seq": through, "through_hash": last, "before": stamp(before), "deleted": deleted,
            "retention_years": retention_years,
        })
    return Purge(deleted, through)
