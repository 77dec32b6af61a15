"""Screening: a query in, ranked and explained hits out."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

from partyscreen.decide.rules import in_force, party_consequence
from partyscreen.match import algorithm
from partyscreen.match.fingerprint import analysis_fingerprint
from partyscreen.match.algorithm import Side
from partyscreen.match.forms import normalize_identifier, query_forms
from partyscreen.match.index import FORMAT_VERSION, CandidateIndex, Card
from partyscreen.match.query import Query
from partyscreen.match.result import Hit, ScreenResult
from partyscreen.match.thresholds import Thresholds
from partyscreen.store import Store, VersionInfo

#: How many candidates retrieval hands to full scoring.
CANDIDATES = 15
#: A candidate must share at least this much of the query's word weight to be scored.
MIN_SHARE = 0.3
INDEX_PREFIX = "match-index:"


def index_key(versions: Sequence[VersionInfo]) -> str:
    ids = ",".join(str(v.id) for v in sorted(versions, key=lambda v: v.id))
    # The analysis fingerprint: an index built by other normalisation code is rebuilt, not reused.
    digest = hashlib.sha256(f"{algorithm.ALGORITHM}|{FORMAT_VERSION}|{analysis_fingerprint()}|{ids}".encode()).hexdigest()[:32]
    return f"{INDEX_PREFIX}{digest}"


def build_index(store: Store) -> CandidateIndex:
    """Build the index over the versions in force and store it with them."""
    versions = store.current_versions()
    # Entities marked target=false (FtM non-targets, GLEIF records) are graph parties, not list
    # entries: screening reaches them through the graph (partyscreen.graph.follow).
    index = CandidateIndex.build(e for e in store.entities(versions) if e.properties.get("target") != ["false"])
    store.save_artifact(index_key(versions), index.dumps(), keep_prefix=INDEX_PREFIX)
    return index


def load_index(store: Store) -> CandidateIndex:
    """The stored index for the versions in force; built (and stored) if missing."""
    blob = store.load_artifact(index_key(store.current_versions()))
    if blob is not None:
        try:
            return CandidateIndex.loads(blob)
        except (ValueError, AttributeError, ImportError):
            pass  # stale format: rebuild below
    return build_index(store)


class Screener:
    #: Follows the relationship graph when set (Screener.open sets it): see partyscreen.graph.follow.
    graph = None

    def __init__(self, index: CandidateIndex, thresholds: Thresholds | None = None, versions: Sequence[VersionInfo] = ()) -> None:
        self.index = index
        self.thresholds = thresholds or Thresholds()
        self.versions = list(versions)

    @classmethod
    def open(cls, store: Store, thresholds: Thresholds | None = None) -> Screener:
        started = time.perf_counter()
        screener = cls(load_index(store), thresholds, store.current_versions())
        from partyscreen.graph.follow import GraphScreening

        screener.graph = GraphScreening.open(store)
        screener.load_seconds = time.perf_counter() - started
        return screener

    #: The last query analysed and its side: screen() and the graph (graph.follow) both ask for it.
    _last_side: tuple[Query, Side] | None = None

    def side(self, query: Query) -> Side:
        last = self._last_side  # one read: another thread may replace it meanwhile
        if last is not None and last[0] is query:
            return last[1]
        side = Side(
            names=query_forms(query.names(), query.schema),
            schema=query.schema,
            countries=query.countries,
            birth_dates=query.birth_dates,
            identifiers=tuple(normalize_identifier(i) for i in query.identifiers),
        )
        self._last_side = (query, side)
        return side

    def score_card(self, side: Side, card: Card, names: tuple | None = None, explain: bool = True) -> algorithm.Score:  # type: ignore[type-arg]
        """Score one listed entry; ``names``: only these of its names (those retrieval found)."""
        candidate = Side(names or card.names, card.schema, card.countries, card.birth_dates, card.identifiers, card.names)
        return algorithm.score(side, candidate, self.index.weights, explain)

    def screen(self, query: Query, limit: int = 10) -> ScreenResult:
        side = self.side(query)
        hits: list[Hit] = []
        # Hits by retrieval wait for their explanation until they are among the ``limit`` returned.
        unexplained: dict[int, tuple[Card, tuple]] = {}  # type: ignore[type-arg]
        # Among equal scores, a hit on the whole query name ranks before one on a short
        # name inside it ("China State Shipbuilding ... (CSSC) 710th Research Institute"
        # before every entry with the alias "CSSC").
        query_length: dict[int, int] = {}
        if side.names:
            floor = self.thresholds.floor
            as_of = getattr(self, "as_of", None)
            for candidate in self.index.candidates([form for _, form in side.names], CANDIDATES, MIN_SHARE):
                card = self.index.cards[candidate.card]
                names = scored_names(card, candidate.names)
                scored = self.score_card(side, card, names, explain=False)
                match_at, review_at = self.thresholds.for_entry(card.list_code, card.schema)
                if scored.score < max(review_at, floor):
                    continue
                is_match = scored.score >= match_at
                # The party-level consequence (no item); entries not in force on the date are dropped.
                if not in_force(card, as_of):
                    continue
                decision, reasons = party_consequence(card, is_match, as_of=as_of)
                hit = Hit(
                    entity_id=card.id,
                    list=card.list_code,
                    name=card.name,
                    matched_name=scored.matched_name,
                    score=scored.score,
                    match=is_match,
                    decision=decision,
                    explanation="",
                    schema=card.schema,
                    reasons=[r.to_json() for r in reasons],
                )
                hits.append(hit)
                unexplained[id(hit)] = (card, names)
                query_length[id(hit)] = len(scored.query_name)
        if self.graph is not None and not getattr(self, "_skip_graph", False):
            hits += self.graph.hits(self, query, hits)
        hits.sort(key=lambda h: (-h.score, -query_length.get(id(h), 0), h.entity_id))
        hits = hits[:limit]
        for hit in hits:
            waiting = unexplained.get(id(hit))
            if waiting is not None:
                scored = self.score_card(side, *waiting)  # the same score, now with its explanation
                hit.matched_name, hit.explanation, hit.features = scored.matched_name, scored.explanation(), scored.feature_scores()
        return ScreenResult(id=query.id, input=query_input(query), hits=hits, algorithm=algorithm.ALGORITHM)


def scored_names(card: Card, found: list[int]) -> tuple:  # type: ignore[type-arg]
    """The names of an entry to score: those retrieval found, each with its other readings.  An
    entry its list does not type has every name read as an organisation's and as a person's, and a
    person's name is read in each order; retrieval may reach one reading only ("Steve Ed Smith" read
    as a company has the initials of the company reading of STEPHEN EDWARD SMITH), and the reading
    that fits the query must be scored too."""
    names = card.names
    last = len(names) - 1
    picked = list(found)
    for i in found:
        original = names[i][1].original
        for step in (-1, 1):  # a name's readings are side by side (index._card_names)
            j = i + step
            while 0 <= j <= last and names[j][1].original == original:
                if j not in picked:
                    picked.append(j)
                j += step
    return tuple(names[i] for i in picked)


def query_input(query: Query) -> dict[str, str]:
    data = {"id": query.id, "name": query.name}
    if query.schema:
        data["schema"] = query.schema
    if query.countries:
        data["country"] = ";".join(query.countries)
    if query.birth_dates:
        data["birth_date"] = ";".join(query.birth_dates)
    if query.addresses:
        data["address"] = ";".join(query.addresses)
    data.update(query.extra)
    return data
