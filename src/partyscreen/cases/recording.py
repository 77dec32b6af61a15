"""What every screening writes: the audit record, the party's alerts, the memory marks.

``screen`` and ``batch`` hand their results here in chunks; each chunk is one
transaction holding the audit chain's lock, so a thousand screenings cost one
commit.  For a party in the counterparty book (its id is in the book, or
``batch --book`` put it there) every hit at or above the review threshold is
looked up:

* a remembered false positive for exactly this party data and entry content is
  marked ``"disposition": "false_positive"`` with its alert id, and no longer
  raises the row's decision;
* otherwise the party's alert on that entry is opened (new), reopened (it was
  a false positive but the data changed, or it was closed) or, if a decision
  is pending, marked with its state.

Alerts belong to the party as the book holds it: a row with a book id but other
data is recorded and reported, not tied to the party's alerts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select

from partyscreen.cases import alerts, book, memory
from partyscreen.cases.alerts import Alert, Sighting
from partyscreen.cases.audit import Clock, appending, utc_now
from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.query import Query
from partyscreen.match.result import Hit, ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.store import Store
from partyscreen.store import schema as t
from partyscreen.store.versions import VersionInfo

_CHUNK = 1000  # rows per transaction, as `batch` hands them over


def versions_json(versions: Sequence[VersionInfo]) -> list[dict[str, Any]]:
    """The list versions a screening used, as the audit trail and reports show them."""
    return [
        {
            "feed": v.feed, "version": v.seq, "version_id": v.id, "format": v.format, "file_hash": v.file_hash,
            "source_date": v.source_date, "imported_at": v.imported_at.isoformat(), "entities": v.entity_count,
        }
        for v in sorted(versions, key=lambda v: v.feed)
    ]


class ScreeningRecorder:
    """Records screenings for one run (one ``screen``, one ``batch``, one ``monitor``)."""

    def __init__(
        self, store: Store, screener: Screener, actor: str, *, book: bool = False, source: str = "screen",
        clock: Clock = utc_now,
    ) -> None:
        self.engine = store.engine
        self.screener = screener
        self.actor = actor
        self.book = book
        self.source = source
        self.clock = clock
        as_of = getattr(screener, "as_of", None)
        self.context: dict[str, Any] = {
            "lists": versions_json(screener.versions),
            "algorithm": ALGORITHM,
            "settings": screener.thresholds.to_json(),
            "as_of": str(as_of) if as_of else None,
        }
        self.stats: Counter[str] = Counter()
        self.problems: list[str] = []
        #: Alerts this run opened and reopened.
        self.opened: set[int] = set()
        self.reopened: set[int] = set()

    def entity_hash(self, entity_id: str) -> str:
        """The content hash of the listed entry as screened (from the index the screener used)."""
        card = self.screener.index.cards.by_id.get(entity_id)
        return card.content_hash if card is not None else ""

    def __call__(self, items: Sequence[tuple[Query, ScreenResult]]) -> None:
        for start in range(0, len(items), _CHUNK):
            self._record(items[start : start + _CHUNK])

    def _record(self, items: Sequence[tuple[Query, ScreenResult]]) -> None:
        now = self.clock()
        with self.engine.begin() as conn, appending(conn, self.actor, self.clock) as chain:
            if self.book:
                self._add_to_book(conn, items, chain, now)
            ids = list(dict.fromkeys(q.id for q, _ in items if q.id))
            members = _in_book(conn, ids)
            remembered = memory.lookup(conn, list(members))
            existing = alerts.for_parties(conn, list(members))
            refreshes: list[tuple[int, Sighting]] = []
            screened: list[str] = []
            for query, result in items:
                norm = _normalised(query)
                p_hash = book.content_digest(norm)
                touched: list[int] = []
                # Alerts and remembered decisions belong to the party as the book holds it:
                # a row with the party's id but other data is recorded, not tied to them.
                as_in_book = members.get(query.id) == p_hash
                if as_in_book:
                    screened.append(query.id)
                    for hit in result.hits:
                        touched += self._disposition(conn, chain, query.id, p_hash, hit, remembered, existing, refreshes, now)
                elif query.id in members:
                    self.stats["differs_from_book"] += 1
                    if len(self.problems) < 100:
                        self.problems.append(f"{query.id}: the data screened differs from the book's; no alert (`--book` updates the party)")
                self.stats["recorded"] += 1
                chain.append("screening", {
                    "source": self.source, "input": result.input, "normalised": norm, "party_id": query.id,
                    "party_hash": p_hash, "in_book": as_in_book, **self.context,
                    "hits": [h.to_json() for h in result.hits], "decision": result.decision, "alerts": touched,
                }, party_id=query.id or None)
            alerts.refresh(conn, refreshes, now)
            book.mark_screened(conn, screened, now)

    def _add_to_book(self, conn, items, chain, now) -> None:  # type: ignore[no-untyped-def]
        parties = []
        for query, _ in items:
            try:
                parties.append(book.party_from_query(query))
            except ValueError as exc:
                self.problems.append(f"{query.name[:60]!r} not added to the book: {exc}")
        for outcome in book.upsert(conn, parties, chain, now).values():
            self.stats[f"parties_{outcome}"] += 1

    def _disposition(
        self, conn, chain, party_id: str, p_hash: str, hit: Hit, remembered: memory.Memory,  # type: ignore[no-untyped-def]
        existing: dict[tuple[str, str], Alert], refreshes: list[tuple[int, Sighting]], now,
    ) -> list[int]:
        e_hash = self.entity_hash(hit.entity_id)
        known = memory.remembered(remembered, party_id, p_hash, hit.entity_id, e_hash)
        if known is not None:
            hit.disposition, hit.alert_id = "false_positive", known
            self.stats["remembered"] += 1
            return []
        sighting = Sighting(party_id, hit.entity_id, hit.list, hit.name, hit.matched_name, hit.score, hit.explanation, p_hash, e_hash)
        alert = existing.get((party_id, hit.entity_id))
        if alert is None:
            alert_id = alerts.open_alert(conn, chain, sighting, f"hit scored {hit.score:.2f}, at or above the review threshold", now)
            self.stats["alerts_opened"] += 1
            self.opened.add(alert_id)
        elif alert.state in ("false_positive", "closed"):
            alerts.reopen(conn, chain, alert, sighting, alerts.change_reason(alert, p_hash, e_hash), now)
            alert_id = alert.id
            self.stats["alerts_reopened"] += 1
            self.reopened.add(alert_id)
        else:
            hit.disposition, hit.alert_id = alert.state, alert.id
            if alert.state in ("open", "escalated") and (alert.party_hash, alert.entity_hash, alert.score) != (p_hash, e_hash, hit.score):
                refreshes.append((alert.id, sighting))
            return []
        existing[(party_id, hit.entity_id)] = alerts.get(conn, alert_id)
        hit.disposition, hit.alert_id = "open", alert_id
        return [alert_id]


def _normalised(query: Query) -> dict[str, Any]:
    return book.normalised(query)


def _in_book(conn, party_ids: Sequence[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """``{party id: content hash}`` of those ids the book holds."""
    found: dict[str, str] = {}
    for start in range(0, len(party_ids), _CHUNK):
        chunk = list(party_ids[start : start + _CHUNK])
        found.update(conn.execute(select(t.party.c.id, t.party.c.content_hash).where(t.party.c.id.in_(chunk))).all())
    return found


#: What ``match.batch.run_batch`` calls with each chunk of results, before writing them.
Recorder = Callable[[Sequence[tuple[Query, ScreenResult]]], None]
