"""Which parties of the book can a changed list entry reach?  The filter in front of a delta re-screen.

A full screening hits a listed entry only in one of these ways:

* matching: retrieval puts one of the entry's names at or above ``MIN_SHARE``
  of the query's word weight (and then the entry ranks among the candidates
  and scores at or above the review threshold);
* a red flag of the relationship graph: a distinctive word shared with the
  entry, the entry's address, or a path from an unlisted party the query names.

:class:`ChangedEntries` computes the first share exactly as
``CandidateIndex.candidates`` does, but over the rows of the changed entries
only (a few thousand, against the whole index), with the full index's word
weights, expansions and common-word rule, so the share a changed row gets is
the share it gets in a full retrieval.  A party with no changed row at
``MIN_SHARE`` and no graph route to a changed entry cannot hit one; the others
go on to the screener's own retrieval and scoring, so their hits are exactly a
full screening's.  The per-word work is cached: a book repeats its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from partyscreen.graph.paths import search
from partyscreen.graph.redflags import MAX_SHARE, MIN_CAP
from partyscreen.match.algorithm import Side
from partyscreen.match.forms import joined_words
from partyscreen.match.index import acronym_keys, initials_key
from partyscreen.match.query import Query

#: Shares are summed here in float64, by retrieval in float32: a party this close below the cut is kept.
_TOLERANCE = 1e-4
#: What the filter reads of the candidate index; without it every party goes on to full screening.
_INDEX_NEEDS = ("_expand", "weights", "postings", "postings_data", "acronym_lookups", "joined", "_common", "cards")


class ChangedEntries:
    """The rows (name forms) of the changed entries, looked up the way retrieval looks up the full index."""

    def __init__(self, index: Any, positions: Iterable[int]) -> None:
        self.index = index
        self.exact = all(hasattr(index, name) for name in _INDEX_NEEDS)
        self.rows: list[int] = []  # local row -> card position
        self.words: dict[str, list[int]] = {}  # word -> local rows holding it
        self.written: dict[str, list[int]] = {}  # acronym written in the name -> local rows
        self.derived: dict[str, list[int]] = {}  # acronym derived from its words -> local rows
        self.initials: dict[str, list[int]] = {}  # initials_key -> local rows
        self.joined: dict[str, list[int]] = {}  # word as written without hyphens -> local rows
        for position in sorted(set(positions)):
            for _, form in index.cards[position].names:
                row = len(self.rows)
                self.rows.append(position)
                for token in set(form.tokens):
                    self.words.setdefault(token, []).append(row)
                written, derived = acronym_keys(form)
                for acronym in written:
                    self.written.setdefault(acronym, []).append(row)
                for acronym in derived:
                    self.derived.setdefault(acronym, []).append(row)
                key = initials_key(form)
                if key is not None:
                    self.initials.setdefault(key, []).append(row)
                if self.exact:
                    for word in joined_words(form):
                        if word not in index.postings:
                            self.joined.setdefault(word, []).append(row)
        self._tokens: dict[tuple[str, bool], tuple[bool, tuple[tuple[tuple[int, ...], float, bool], ...]]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def _posting_size(self, vocab: str) -> int:
        start, end = self.index.postings[vocab]
        return end - start

    def _token(self, token: str, person: bool) -> tuple[bool, tuple[tuple[tuple[int, ...], float, bool], ...]]:
        """``(all expansions common, ((changed rows, gain, common), ...))`` for one query word."""
        key = (token, person)
        cached = self._tokens.get(key)
        if cached is not None:
            return cached
        index = self.index
        all_common = True
        found = []
        for vocab, sim in index._expand(token, person):
            common = self._posting_size(vocab) > index._common
            all_common &= common
            rows = self.words.get(vocab)
            if rows:
                found.append((tuple(rows), index.weights.idf(vocab) * sim, common))
        cached = self._tokens[key] = (all_common, tuple(found))
        return cached

    def reached(self, forms: Sequence[Any], min_share: float) -> set[int]:
        """Card positions of changed entries a retrieval for ``forms`` gives at least ``min_share``.

        ``forms``: name forms, or anything with their ``kind``, ``tokens``, ``acronyms``, ``is_acronym`` and ``original``.
        """
        if not self.exact:
            return set(self.rows)
        weights = self.index.weights
        out: set[int] = set()
        for form in forms:
            person = form.kind == "person"
            total = 0.0
            common_only = True
            per_word: list[list[tuple[tuple[int, ...], float, bool]]] = []
            for token in dict.fromkeys(form.tokens):
                total += weights.idf(token)
                all_common, found = self._token(token, person)
                common_only &= all_common
                if found:
                    per_word.append(list(found))
            # As retrieval, an acronym met gives the row its share of the whole (not added to its words').
            by_acronym: dict[int, float] = {}
            if form.kind != "person" or form.is_acronym or form.acronyms:
                doors = {"written": self.written, "derived": self.derived, "initials": self.initials, "word": self.words}
                for acronym, door, share in self.index.acronym_lookups(form):
                    common_only = False  # as retrieval: a usable acronym is never common
                    for row in doors[door].get(acronym, ()):
                        by_acronym[row] = max(by_acronym.get(row, 0.0), share * total)
            joined = [
                (tuple((self.joined if in_joined else self.words).get(word, ())), gain, False)
                for word, in_joined, gain in self.index.joined_lookups(form.tokens)
            ]
            if joined:
                per_word.append(joined)
            if total <= 0 or not (per_word or by_acronym):
                continue
            scores: dict[int, float] = {}
            for found in per_word:
                best: dict[int, float] = {}  # a row is credited once per query word: its best expansion
                for rows, gain, common in found:
                    if common and not common_only:
                        continue  # too common to retrieve by, and the form has other words
                    for row in rows:
                        if gain > best.get(row, 0.0):
                            best[row] = gain
                for row, gain in best.items():
                    scores[row] = scores.get(row, 0.0) + gain
            for row, gain in by_acronym.items():
                scores[row] = max(scores.get(row, 0.0), gain)
            cut = (min_share - _TOLERANCE) * total
            out.update(self.rows[row] for row, score in scores.items() if score >= cut)
        return out


class GraphRoutes:
    """Red flags and graph paths of a full screening that can lead to a changed entry."""

    def __init__(self, screener: Any, positions: Iterable[int], target: set[str]) -> None:
        self.screener = screener
        self.graph = screener.graph if not getattr(screener, "_skip_graph", False) else None
        self.target = target
        self.words: set[str] = set()
        self._reach: dict[int, bool] = {}
        if self.graph is None:
            return
        index = screener.index
        words = self.graph.word_index(index)
        cap = max(MIN_CAP, int(words.total * MAX_SHARE))
        for position in positions:
            if index.cards[position].schema == "Person":
                continue  # red flags are raised on organisations only
            # Only the entry's leading word raises the flag, and only when no listed person
            # carries it (redflags.distinctive_matches).
            self.words.update(
                w for w in words.leading.get(position, ()) if w not in words.personal and len(words.words.get(w, ())) <= cap
            )
        self._names = getattr(self.graph.bundle, "names", None)
        self._addresses = getattr(self.graph.bundle, "addresses", None)

    def flagged(self, query: Query, forms: Sequence[Any]) -> bool:
        """Whether a red flag (distinctive word, address) can point ``query`` to a changed entry.

        ``forms``: the query's name forms, or their words.  A few set lookups: checked first.
        """
        if self.graph is None:
            return False
        if self.words and any(form.kind != "person" and not self.words.isdisjoint(form.tokens) for form in forms):
            return True
        if query.addresses and self._addresses is not None:
            for address in query.addresses:
                if any(entity_id in self.target for entity_id, _ in self._addresses.lookup(address)):
                    return True
        return False

    def by_path(self, side: Callable[[], Side]) -> bool:
        """Whether an unlisted party the query names leads to a changed entry (``side``: made only if needed)."""
        if self.graph is None or self._names is None:
            return False
        return any(self._leads_to_target(node) for node, _, _ in self.graph.starts(self.screener, side()))

    def _leads_to_target(self, node: int) -> bool:
        known = self._reach.get(node)
        if known is None:
            ctx = self.graph.context(self.screener)
            graph = self.graph.bundle.graph
            found = search(graph, node, ctx.day, max_depth=self.graph.depth)
            known = any(not self.target.isdisjoint(graph.listings.get(path.target, ())) for path in found.paths)
            self._reach[node] = known
        return known
