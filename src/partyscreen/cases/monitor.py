"""Re-screening the counterparty book when lists change.

``monitor`` compares every feed's version in force with the version it last
monitored (``monitor_state``) and re-screens the book against what changed:
added and changed entries.  Only the changed entries are looked up for each
party (``delta.ChangedEntries``: their few thousand name rows, weighed as the
full index weighs them, by the party's words cached between runs in
``book_words``); a party that reaches one at retrieval's cut, or that the
graph's red flags or paths can lead to one, goes on to the screener's own
retrieval and scoring, so the hits and scores are exactly those a full
screening would give, at a fraction of the cost.  Alerts open only for new
hits, or reopen where a remembered false positive no longer holds; undecided
alerts on removed entries are closed.  A feed never monitored before counts
as wholly added.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from partyscreen.cases import alerts, book
from partyscreen.cases.alerts import UNDECIDED
from partyscreen.cases.audit import Clock, appending, stamp, utc_now
from partyscreen.cases.book_words import SAMPLE, BookWords, Words, words_of
from partyscreen.cases.delta import ChangedEntries, GraphRoutes
from partyscreen.cases.recording import ScreeningRecorder, versions_json
from partyscreen.match import screener as screener_module
from partyscreen.match.algorithm import Side
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.store import Store
from partyscreen.store import schema as t
from partyscreen.store.versions import version_hashes

#: Parties handed to a worker at once.
_SLICE = 2000
#: Above this share of the index's entries changed, the book is screened in full (hits kept on changed entries).
_FILTER_MAX_SHARE = 0.5
#: Hits kept per party when re-screening: more than ``batch`` keeps, so no changed entry is cut off.
RESCREEN_LIMIT = 50


@dataclass
class FeedChange:
    feed: str
    from_version: int | None
    to_version: int
    added: int
    changed: int
    removed: int

    def to_json(self) -> dict[str, Any]:
        return {"feed": self.feed, "from_version": self.from_version, "to_version": self.to_version,
                "added": self.added, "changed": self.changed, "removed": self.removed}


@dataclass
class MonitorSummary:
    started_at: str
    full: bool
    baseline: bool = False
    feeds: list[FeedChange] = field(default_factory=list)
    parties: int = 0
    rescreened: int = 0  # parties screened in full (the rest could not hit a changed entry)
    opened: list[dict[str, Any]] = field(default_factory=list)
    reopened: list[dict[str, Any]] = field(default_factory=list)
    closed: list[dict[str, Any]] = field(default_factory=list)
    #: Decided true matches whose entry was removed: the party may no longer be listed.
    delisted_true_matches: list[dict[str, Any]] = field(default_factory=list)
    #: Changed entries hitting parties whose alert is still undecided (no new alert).
    changed_undecided: list[dict[str, Any]] = field(default_factory=list)
    remembered: int = 0
    finished_at: str = ""
    seconds: float = 0.0

    @property
    def lists_changed(self) -> bool:
        return any(f.added or f.changed or f.removed for f in self.feeds)

    @property
    def noteworthy(self) -> bool:
        return self.lists_changed or bool(self.opened or self.reopened or self.closed or self.delisted_true_matches)

    def affected_parties(self) -> list[str]:
        groups = (self.opened, self.reopened, self.closed, self.delisted_true_matches, self.changed_undecided)
        return sorted({item["party_id"] for group in groups for item in group})

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at, "finished_at": self.finished_at, "seconds": round(self.seconds, 3),
            "full": self.full, "baseline": self.baseline, "feeds": [f.to_json() for f in self.feeds], "parties": self.parties,
            "rescreened": self.rescreened, "alerts_opened": self.opened, "alerts_reopened": self.reopened,
            "alerts_closed": self.closed, "delisted_true_matches": self.delisted_true_matches,
            "changed_undecided": self.changed_undecided, "remembered_false_positives": self.remembered,
            "affected_parties": self.affected_parties(),
        }

    def text(self) -> str:
        """The summary as plain text, for people (e-mail, terminal)."""
        what = "baseline (versions recorded, nothing screened)" if self.baseline else "full re-screen" if self.full else "re-screen against list changes"
        lines = [f"partyscreen monitor, {self.started_at}: {what}"]
        for f in self.feeds:
            since = f"version {f.from_version} → {f.to_version}" if f.from_version else f"version {f.to_version} (first monitored)"
            lines.append(f"  {f.feed} {since}: {f.added:,} added, {f.changed:,} changed, {f.removed:,} removed")
        lines.append(f"{self.parties:,} parties in the book; {self.rescreened:,} screened in full")
        sections = (
            ("New alerts", self.opened), ("Reopened alerts", self.reopened), ("Closed alerts (entry removed)", self.closed),
            ("Decided true matches whose entry was removed", self.delisted_true_matches),
            ("Changed entries on undecided alerts", self.changed_undecided),
        )
        for title, items in sections:
            if not items:
                continue
            lines.append(f"{title}: {len(items):,}")
            for item in items[:200]:
                score = f" score {item['score']:.2f}" if "score" in item else ""
                lines.append(f"  alert {item.get('alert_id', '-')}: party {item['party_id']} ({item.get('party_name', '')}) ~ "
                             f"{item.get('list', '')} {item.get('entity_name', '')} [{item['entity_id']}]{score}")
            if len(items) > 200:
                lines.append(f"  … and {len(items) - 200:,} more (see `partyscreen alerts`)")
        affected = self.affected_parties()
        lines.append(f"Affected parties: {len(affected):,}" + (f" ({', '.join(affected[:50])}{' …' if len(affected) > 50 else ''})" if affected else ""))
        return "\n".join(lines)


def run_monitor(
    store: Store, thresholds: Thresholds, actor: str, *, full: bool = False, workers: int | None = None,
    baseline: bool = False, clock: Clock = utc_now,
) -> MonitorSummary:
    """Re-screen the book against what changed since the last run (everything with ``full``).

    ``baseline`` records the versions in force as monitored without screening:
    for a book that ``batch --book`` has just screened against them.
    """
    started = clock()
    summary = MonitorSummary(started_at=stamp(started), full=full, baseline=baseline)
    versions = store.current_versions()
    with store.engine.connect() as conn:
        seen = {feed: vid for feed, vid in conn.execute(select(t.monitor_state.c.feed, t.monitor_state.c.version_id))}
        seq_of = {v.id: v.seq for v in store.versions()}
        target: set[str] = set()
        removed: dict[str, tuple[str, int]] = {}  # entity id -> (feed, version)
        for v in versions:
            before = seen.get(v.feed)
            if before == v.id:
                summary.feeds.append(FeedChange(v.feed, v.seq, v.seq, 0, 0, 0))
                continue
            new = version_hashes(conn, v.id)
            old = version_hashes(conn, before) if before is not None else {}
            added = [i for i in new if i not in old]
            changed = [i for i in new if i in old and old[i] != new[i]]
            gone = [i for i in old if i not in new]
            target.update(added)
            target.update(changed)
            removed.update({i: (v.feed, v.seq) for i in gone})
            summary.feeds.append(FeedChange(v.feed, seq_of.get(before) if before else None, v.seq, len(added), len(changed), len(gone)))
        summary.parties = book.count(conn)

    screener = Screener.open(store, thresholds)
    recorder = ScreeningRecorder(store, screener, actor, source="monitor", clock=clock)
    digest = hashlib.sha256()
    if baseline:
        target, removed = set(), {}
    if summary.parties and (target or full or baseline):
        # A baseline screens nothing but analyses the book's names, so the next delta finds them cached.
        cache = BookWords.load(store, _sample(store))
        in_book: set[str] = set()
        rescreen = _rescreen(store, screener, target, full, workers or os.cpu_count() or 1, digest, cache, in_book, words_only=baseline)
        for results, words in rescreen:
            cache.update(words)
            summary.rescreened += len(results)
            kept = [(q, r) for q, r in results if r.hits]
            if kept:
                recorder(kept)
                _collect(summary, kept, target, recorder)
        cache.save(store, in_book)
    summary.remembered = recorder.stats["remembered"]
    _close_removed(store, actor, removed, summary, clock)
    finished = clock()
    summary.finished_at, summary.seconds = stamp(finished), (finished - started).total_seconds()
    with store.engine.begin() as conn, appending(conn, actor, clock) as chain:
        conn.execute(delete(t.monitor_state))
        conn.execute(insert(t.monitor_state), [{"feed": v.feed, "version_id": v.id, "monitored_at": finished} for v in versions] or [])
        record = summary.to_json()
        record.update({"lists": versions_json(versions), "settings": thresholds.to_json(), "algorithm": recorder.context["algorithm"],
                       "book_digest": digest.hexdigest()})
        chain.append("monitor", record)
    return summary


def _sample(store: Store) -> Iterator[book.Party]:
    # A generator: the book is read only if there is a cache to check.
    with store.engine.connect() as conn:
        yield from book.sample(conn, SAMPLE)


def _collect(summary: MonitorSummary, items: Sequence[tuple[Any, ScreenResult]], target: set[str], recorder: ScreeningRecorder) -> None:
    for query, result in items:
        for hit in result.hits:
            item = {"alert_id": hit.alert_id, "party_id": query.id, "party_name": query.name, "entity_id": hit.entity_id,
                    "entity_name": hit.name, "list": hit.list, "score": round(hit.score, 4),
                    "change": "added or changed entry" if hit.entity_id in target else "full re-screen"}
            if hit.alert_id in recorder.opened:
                summary.opened.append(item)
            elif hit.alert_id in recorder.reopened:
                summary.reopened.append(item)
            elif hit.disposition in UNDECIDED and hit.entity_id in target:
                summary.changed_undecided.append(item)


def _close_removed(store: Store, actor: str, removed: dict[str, tuple[str, int]], summary: MonitorSummary, clock: Clock) -> None:
    if not removed:
        return
    with store.engine.begin() as conn, appending(conn, actor, clock) as chain:
        now = clock()
        for alert in alerts.for_entities(conn, list(removed), (*UNDECIDED, "true_match")):
            feed, seq = removed[alert.entity_id]
            party = book.get(conn, alert.party_id)
            item = {"alert_id": alert.id, "party_id": alert.party_id, "party_name": party.name if party else "",
                    "entity_id": alert.entity_id, "entity_name": alert.entity_name, "list": alert.list_code, "state": alert.state}
            if alert.state == "true_match":
                summary.delisted_true_matches.append(item)
                continue
            alerts.close(conn, chain, alert, f"the entry was removed from {feed} (version {seq})", now)
            summary.closed.append(item)


# -- the re-screening itself, spread over processes ------------------------------

_WORKER: dict[str, Any] = {}


def _rescreen(
    store: Store, screener: Screener, target: set[str], full: bool, workers: int, digest: Any, cache: BookWords,
    in_book: set[str], *, words_only: bool = False,
) -> Iterator[tuple[list[tuple[Any, ScreenResult]], dict[str, tuple[Words, ...]]]]:
    """Per slice of the book: ``(query, result)`` of the parties screened, results holding only hits on
    ``target`` (all hits with ``full``), and the words of parties the cache did not hold.

    ``words_only``: nothing screened, only the words of parties the cache does not hold."""
    positions = [i for i, entity_id in enumerate(screener.index.cards.ids) if entity_id in target]
    changed = routes = None
    # When most of the lists changed (a feed seen for the first time), looking up the changed
    # entries costs as much as screening: every party is screened in full.
    if not full and not words_only and len(positions) <= _FILTER_MAX_SHARE * len(screener.index.cards):
        changed = ChangedEntries(screener.index, positions)
        routes = GraphRoutes(screener, positions, target)
    _WORKER.update(screener=screener, target=target, full=full, changed=changed, routes=routes, cache=cache, words_only=words_only)
    slices = _party_slices(store, digest, in_book)
    if workers <= 1:
        for parties in slices:
            yield _screen_slice(parties)
        return
    # Forked workers share the loaded index and cache; the parent writes to the database.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = []
        for parties in slices:
            pending.append(pool.submit(_screen_slice, parties))
            if len(pending) >= workers * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _party_slices(store: Store, digest: Any, in_book: set[str]) -> Iterator[list[book.Party]]:
    with store.engine.connect() as conn:
        chunk: list[book.Party] = []
        for party in book.iter_parties(conn):
            digest.update(f"{party.id}\x1f{party.content_hash}\n".encode())
            in_book.add(party.content_hash)
            chunk.append(party)
            if len(chunk) >= _SLICE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def _screen_slice(parties: list[book.Party]) -> tuple[list[tuple[Any, ScreenResult]], dict[str, tuple[Words, ...]]]:
    screener: Screener = _WORKER["screener"]
    target: set[str] = _WORKER["target"]
    full: bool = _WORKER["full"]
    changed: ChangedEntries | None = _WORKER["changed"]
    routes: GraphRoutes | None = _WORKER["routes"]
    cache: BookWords = _WORKER["cache"]
    out = []
    new: dict[str, tuple[Words, ...]] = {}
    for party in parties:
        query = party.to_query()
        words = cache.get(party.content_hash)
        if words is None:
            words = new[party.content_hash] = words_of(query)
        if _WORKER["words_only"]:
            continue
        if changed is not None and routes is not None and not _may_hit(screener, query, words, changed, routes):
            continue  # a full screening would not hit a changed entry
        result = screener.screen(query, limit=RESCREEN_LIMIT)
        if not full:
            result.hits = [h for h in result.hits if h.entity_id in target]
        out.append((query, result))
    return out, new


def _may_hit(screener: Screener, query: Any, words: Sequence[Words], changed: ChangedEntries, routes: GraphRoutes) -> bool:
    """Whether screening ``query`` can give a hit on a changed entry.

    The graph's red flags first (a set lookup), then the changed entries'
    rows (see ``delta``) by the party's cached words; for a party that reaches
    one, the screener's own retrieval over the full index and only the changed
    entries among its candidates scored against the review threshold, as the
    screener scores them; then the graph's paths.  A party passing is screened
    in full, so its hits are exactly a full screening's.
    """
    if routes.flagged(query, words):
        return True
    side: Side | None = None
    reached = changed.reached(words, screener_module.MIN_SHARE)
    if reached:
        side = screener.side(query)
        forms = [form for _, form in side.names]
        thresholds = screener.thresholds
        for candidate in screener.index.candidates(forms, screener_module.CANDIDATES, screener_module.MIN_SHARE):
            if candidate.card not in reached:
                continue
            card = screener.index.cards[candidate.card]
            scored = screener.score_card(side, card, screener_module.scored_names(card, candidate.names), explain=False)
            _, review_at = thresholds.for_entry(card.list_code, card.schema)
            if scored.score >= max(review_at, thresholds.floor):
                return True
    return routes.by_path(lambda: side or screener.side(query))


def last_monitored(store: Store) -> dict[str, datetime]:
    with store.engine.connect() as conn:
        return {feed: at for feed, at in conn.execute(select(t.monitor_state.c.feed, t.monitor_state.c.monitored_at))}
