"""Re-screening the counterparty book when lists change.

``monitor`` compares every feed's version in force with the version it last
monitored (``monitor_state``) and re-screens the whole book against what
changed: added and changed entries.  A party is screened in full only when
candidate retrieval over the full index finds one of those entries for it, so
the hits and scores are exactly those a full screening would give, at a
fraction of the cost.  Alerts open only for new hits, or reopen where a
remembered false positive no longer holds; undecided alerts on removed entries
are closed.  A feed never monitored before counts as wholly added.
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
from partyscreen.cases.recording import ScreeningRecorder, versions_json
from partyscreen.match import screener as screener_module
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.store import Store
from partyscreen.store import schema as t
from partyscreen.store.versions import version_hashes

#: Parties handed to a worker at once.
_SLICE = 2000
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
    if summary.parties and (target or full) and not baseline:
        for results in _rescreen(store, screener, target, full, workers or os.cpu_count() or 1, digest):
            summary.rescreened += len(results)
            kept = [(q, r) for q, r in results if r.hits]
            if kept:
                recorder(kept)
                _collect(summary, kept, target, recorder)
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
    store: Store, screener: Screener, target: set[str], full: bool, workers: int, digest: Any,
) -> Iterator[list[tuple[Any, ScreenResult]]]:
    """Slices of ``(query, result)`` for every party, results holding only hits on ``target`` (all hits with ``full``)."""
    cards = {i for i, card in enumerate(screener.index.cards) if card.id in target}
    words = _ChangedWords(screener, cards) if not full else None
    _WORKER.update(screener=screener, cards=cards, target=target, full=full, words=words)
    slices = _party_slices(store, digest)
    if workers <= 1:
        for parties in slices:
            yield _screen_slice(parties)
        return
    # Forked workers share the loaded index; the parent writes to the database.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = []
        for parties in slices:
            pending.append(pool.submit(_screen_slice, parties))
            if len(pending) >= workers * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _party_slices(store: Store, digest: Any) -> Iterator[list[book.Party]]:
    with store.engine.connect() as conn:
        chunk: list[book.Party] = []
        for party in book.iter_parties(conn):
            digest.update(f"{party.id}\x1f{party.content_hash}\n".encode())
            chunk.append(party)
            if len(chunk) >= _SLICE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def _screen_slice(parties: list[book.Party]) -> list[tuple[Any, ScreenResult]]:
    screener: Screener = _WORKER["screener"]
    cards: set[int] = _WORKER["cards"]
    target: set[str] = _WORKER["target"]
    full: bool = _WORKER["full"]
    words: _ChangedWords | None = _WORKER["words"]
    min_share = getattr(screener_module, "MIN_SHARE", 0.2)
    out = []
    for party in parties:
        query = party.to_query()
        if not full and not _may_hit(screener, query, cards, min_share, words):
            continue  # a full screening would not hit a changed entry
        result = screener.screen(query, limit=RESCREEN_LIMIT)
        if not full:
            result.hits = [h for h in result.hits if h.entity_id in target]
        out.append((query, result))
    return out


class _ChangedWords:
    """The words and acronyms of the changed entries, as the candidate index holds them.

    Retrieval reaches an entry only through an index word that one of the
    query's words expands to (itself, a spelling variant, the same sound) or
    through an acronym; a party none of whose words expands to a word of a
    changed entry cannot retrieve one.  That check costs a few dictionary
    lookups, against a pass over every row of the index for retrieval.
    """

    def __init__(self, screener: Screener, cards: set[int]) -> None:
        self.tokens: set[str] = set()
        self.acronyms: set[str] = set()
        for index in cards:
            for _, form in screener.index.cards[index].names:
                self.tokens.update(form.tokens)
                self.acronyms.update(form.acronyms)
                if form.is_acronym:
                    self.acronyms.add("".join(form.tokens))
        # The index's own (cached) word expansion and weights; without them every party goes on to retrieval.
        self.index = screener.index
        needed = ("_expand", "weights", "postings", "_common")
        self.expand = screener.index._expand if all(hasattr(screener.index, a) for a in needed) else None

    def may_reach(self, forms: Sequence[Any], min_share: float) -> bool:
        """False only when no changed entry can come out of retrieval for these forms.

        Per form, as retrieval weighs it: each query word credits a row at most
        the best weight of its expansions that the row holds (words too common
        to retrieve by count only when the form has nothing else).  The sum of
        those bests over the changed entries' words bounds what any changed
        entry can score; below ``min_share`` of the form's weight none is kept.
        """
        index = self.index
        if self.expand is None:
            return True
        for form in forms:
            person = form.kind == "person"
            total = 0.0
            gains: list[tuple[float, bool]] = []  # per word: best gain on a changed word, whether that word is common
            common_only = True
            for token in dict.fromkeys(form.tokens):
                total += index.weights.idf(token)
                best, best_common = 0.0, False
                for vocab, sim in self.expand(token, person):
                    common = _posting_size(index, vocab) > index._common
                    common_only &= common
                    if vocab in self.tokens:
                        gain = index.weights.idf(vocab) * sim
                        if gain > best:
                            best, best_common = gain, common
                gains.append((best, best_common))
            if form.is_acronym or form.acronyms:
                joined = {"".join(form.tokens)} if form.is_acronym else set()
                if any(a in self.acronyms or a in self.tokens for a in joined | set(form.acronyms)):
                    return True
            if total <= 0:
                continue
            bound = sum(g for g, common in gains if common_only or not common)
            if bound > 0 and bound / total >= min_share - 1e-6:
                return True
        return False


def _may_hit(screener: Screener, query: Any, cards: set[int], min_share: float, words: _ChangedWords | None = None) -> bool:
    """Whether screening ``query`` can give a hit on one of ``cards``.

    The changed entries' words first, then the same retrieval the screener
    runs and only the changed entries among its candidates scored against the
    review threshold, as the screener scores them: a party passing is screened
    in full, so its hits are exactly a full screening's.
    """
    side = screener.side(query)
    forms = [form for _, form in side.names]
    if not forms or (words is not None and not words.may_reach(forms, min_share)):
        return False
    thresholds = screener.thresholds
    for candidate in screener.index.candidates(forms, screener_module.CANDIDATES, min_share):
        index = _card_index(candidate)
        if index not in cards:
            continue
        card = screener.index.cards[index]
        if hasattr(candidate, "names"):
            scored = screener.score_card(side, card, tuple(card.names[i] for i in candidate.names), explain=False)
        else:
            scored = screener.score_card(side, card, explain=False)
        _, review_at = thresholds.for_entry(card.list_code, card.schema)
        if scored.score >= max(review_at, thresholds.floor):
            return True
    return False


def _posting_size(index: Any, vocab: str) -> int:
    # Postings are (start, end) into one array, or an array per word, by index version.
    posting = index.postings[vocab]
    return posting[1] - posting[0] if isinstance(posting, tuple) else len(posting)


def _card_index(candidate: Any) -> int:
    # CandidateIndex.candidates gives (card, share) pairs or Candidate objects, by version.
    return int(candidate.card) if hasattr(candidate, "card") else int(candidate[0])


def last_monitored(store: Store) -> dict[str, datetime]:
    with store.engine.connect() as conn:
        return {feed: at for feed, at in conn.execute(select(t.monitor_state.c.feed, t.monitor_state.c.monitored_at))}
