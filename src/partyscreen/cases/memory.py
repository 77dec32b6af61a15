"""Remembered false positives.

A reviewer's ``false_positive`` is remembered under the party's id and
normalised content hash and the listed entry's id and content hash.  While all
four stay the same the hit is marked, not raised again; when the party's data
or the entry changes (alias added, address or program changed) the key no
longer matches and the alert reopens.  There is no limit on how many are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select

from partyscreen.store import schema as t

_CHUNK = 500

#: ``{(party id, entity id): {(party hash, entity hash): alert id}}``
Memory = dict[tuple[str, str], dict[tuple[str, str], int]]


def remember(
    conn: Connection, *, party_id: str, party_hash: str, entity_id: str, entity_hash: str, alert_id: int,
    decided_by: str, approved_by: str | None, now: datetime,
) -> None:
    key = (
        (t.fp_memory.c.party_id == party_id) & (t.fp_memory.c.party_hash == party_hash)
        & (t.fp_memory.c.entity_id == entity_id) & (t.fp_memory.c.entity_hash == entity_hash)
    )
    if conn.execute(select(t.fp_memory.c.id).where(key)).first() is not None:
        return  # the same pair was decided before (data changed and changed back)
    conn.execute(insert(t.fp_memory).values(
        party_id=party_id, party_hash=party_hash, entity_id=entity_id, entity_hash=entity_hash, alert_id=alert_id,
        decided_by=decided_by, approved_by=approved_by, decided_at=now,
    ))


def lookup(conn: Connection, party_ids: Sequence[str]) -> Memory:
    """Every remembered false positive of these parties."""
    out: Memory = defaultdict(dict)
    ids = list(dict.fromkeys(party_ids))
    cols = t.fp_memory.c
    for start in range(0, len(ids), _CHUNK):
        query = select(cols.party_id, cols.entity_id, cols.party_hash, cols.entity_hash, cols.alert_id).where(
            cols.party_id.in_(ids[start : start + _CHUNK])
        )
        for party_id, entity_id, p_hash, e_hash, alert_id in conn.execute(query):
            out[(party_id, entity_id)][(p_hash, e_hash)] = alert_id
    return out


def remembered(memory: Memory, party_id: str, party_hash: str, entity_id: str, entity_hash: str) -> int | None:
    """The alert id of the remembered false positive for exactly this content, if any."""
    return memory.get((party_id, entity_id), {}).get((party_hash, entity_hash))
