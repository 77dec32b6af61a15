"""The counterparty book: the caller's parties under the caller's own ids.

A party's *content hash* is the hash of what screening reads, normalised
(name, schema, countries, birth dates, address): the key the decision memory
uses, so a false positive is remembered exactly as long as the data it was
decided on stays the same.  Other attributes (account manager, notes) are kept
but do not reopen decisions when they change.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from partyscreen.cases.audit import ChainWriter, canonical
from partyscreen.match.query import Query
from partyscreen.store import schema as t

MAX_ID = 200
MAX_ROLE = 50
_CHUNK = 500


def check_party_id(value: str) -> str:
    """The caller's id, checked: raises ValueError with a message a user can act on."""
    value = (value or "").strip()
    if not value:
        raise ValueError("the party id is empty")
    if len(value) > MAX_ID or not value.isprintable():
        raise ValueError(f"party id {value[:40]!r}: at most {MAX_ID} printable characters")
    return value


def _text(value: str) -> str:
    # Unicode-normalised, case-folded, spaces collapsed: a change of spelling or
    # script is a change of data (and reopens a decision), a change of case is not.
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def normalised(query: Query) -> dict[str, Any]:
    """What screening reads of a party, normalised: recorded in the audit trail and hashed for the memory.

    Countries are ISO codes and dates ISO already (``row_to_query`` checks them).
    """
    return {
        "name": _text(query.name),
        "aliases": sorted(_text(a) for a in query.aliases),
        "schema": query.schema,
        "countries": sorted(set(query.countries)),
        "birth_dates": sorted(set(query.birth_dates)),
        "addresses": sorted(_text(a) for a in query.addresses),
        "identifiers": sorted(query.identifiers),
    }


def party_hash(query: Query) -> str:
    return content_digest(normalised(query))


def content_digest(norm: dict[str, Any]) -> str:
    """The hash of normalised party content (SHA-256 of its canonical JSON)."""
    return hashlib.sha256(canonical(norm).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    schema: str = ""
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    address: str = ""
    role: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    content_hash: str = ""
    created_at: datetime | None = None
    created_by: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    screened_at: datetime | None = None

    def to_query(self) -> Query:
        return Query(
            name=self.name, schema=self.schema, countries=self.countries, birth_dates=self.birth_dates,
            addresses=(self.address,) if self.address else (), id=self.id,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "schema": self.schema, "country": ";".join(self.countries),
            "birth_date": ";".join(self.birth_dates), "address": self.address, "role": self.role,
            "attributes": self.attributes, "content_hash": self.content_hash,
            "created_at": _iso(self.created_at), "created_by": self.created_by,
            "updated_at": _iso(self.updated_at), "updated_by": self.updated_by, "screened_at": _iso(self.screened_at),
        }


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def party_from_query(query: Query) -> Party:
    """The book entry a screened row stands for; ``role`` is taken from its extra columns."""
    party_id = check_party_id(query.id)
    role = (query.extra.get("role") or "").strip()
    if len(role) > MAX_ROLE:
        raise ValueError(f"role {role[:40]!r}: at most {MAX_ROLE} characters")
    attributes = {k: v for k, v in query.extra.items() if k != "role"}
    return Party(
        id=party_id, name=query.name, schema=query.schema, countries=query.countries, birth_dates=query.birth_dates,
        address=query.addresses[0] if query.addresses else "", role=role, attributes=attributes, content_hash=party_hash(query),
    )


def _row(party: Party) -> dict[str, Any]:
    return {
        "id": party.id, "name": party.name, "schema": party.schema, "countries": ";".join(party.countries),
        "birth_dates": ";".join(party.birth_dates), "address": party.address, "role": party.role,
        "attributes": json.dumps(party.attributes, ensure_ascii=False, sort_keys=True), "content_hash": party.content_hash,
    }


def _party(row) -> Party:  # type: ignore[no-untyped-def]
    return Party(
        id=row.id, name=row.name, schema=row.schema, countries=tuple(c for c in row.countries.split(";") if c),
        birth_dates=tuple(d for d in row.birth_dates.split(";") if d), address=row.address, role=row.role,
        attributes=json.loads(row.attributes), content_hash=row.content_hash, created_at=row.created_at,
        created_by=row.created_by, updated_at=row.updated_at, updated_by=row.updated_by, screened_at=row.screened_at,
    )


def upsert(conn: Connection, parties: Sequence[Party], chain: ChainWriter, now: datetime) -> dict[str, str]:
    """Add or update ``parties`` in the caller's transaction; each change is an audit record.

    Returns ``{party id: "added" | "updated" | "unchanged"}``.  A later row with
    the same id wins, as in a file where the last line is the newest.
    """
    latest = {p.id: p for p in parties}
    existing = get_many(conn, list(latest))
    outcome: dict[str, str] = {}
    new_rows = []
    for party_id, party in latest.items():
        before = existing.get(party_id)
        row = _row(party)
        if before is None:
            new_rows.append({**row, "created_at": now, "created_by": chain.actor, "updated_at": now, "updated_by": chain.actor})
            outcome[party_id] = "added"
            chain.append("party", {"action": "added", "party": row}, party_id=party_id)
            continue
        if _row(before) == row:
            outcome[party_id] = "unchanged"
            continue
        conn.execute(update(t.party).where(t.party.c.id == party_id).values(**row, updated_at=now, updated_by=chain.actor))
        outcome[party_id] = "updated"
        chain.append("party", {"action": "updated", "party": row, "before": _row(before)}, party_id=party_id)
    if new_rows:
        conn.execute(insert(t.party), new_rows)
    return outcome


def mark_screened(conn: Connection, party_ids: Sequence[str], now: datetime) -> None:
    ids = list(dict.fromkeys(party_ids))
    for start in range(0, len(ids), _CHUNK):
        conn.execute(update(t.party).where(t.party.c.id.in_(ids[start : start + _CHUNK])).values(screened_at=now))


def get_many(conn: Connection, party_ids: Sequence[str]) -> dict[str, Party]:
    out: dict[str, Party] = {}
    ids = list(dict.fromkeys(party_ids))
    for start in range(0, len(ids), _CHUNK):
        for row in conn.execute(select(t.party).where(t.party.c.id.in_(ids[start : start + _CHUNK]))):
            out[row.id] = _party(row)
    return out


def get(conn: Connection, party_id: str) -> Party | None:
    return get_many(conn, [party_id]).get(party_id)


def iter_parties(conn: Connection, batch: int = 2000) -> Iterator[Party]:
    """Every party, ordered by id, streamed."""
    for row in conn.execution_options(yield_per=batch).execute(select(t.party).order_by(t.party.c.id)):
        yield _party(row)


def count(conn: Connection) -> int:
    from sqlalchemy import func

    return int(conn.execute(select(func.count()).select_from(t.party)).scalar_one())


def sample(conn: Connection, size: int) -> list[Party]:
    """Up to ``size`` parties picked at random (to spot-check what is cached about them)."""
    from sqlalchemy import func

    return [_party(row) for row in conn.execute(select(t.party).order_by(func.random()).limit(size))]
