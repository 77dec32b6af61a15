"""Screening follows the graph: hits through renames, ownership and links, and the red flags.

:class:`GraphScreening` is attached to a :class:`~partyscreen.match.screener.Screener`
and adds to a query's hits:

* for each unlisted party of the graph that the query matches, a hit per listed
  party it leads to, with the ``path`` and a decision from
  :mod:`partyscreen.graph.consequences`;
* a red flag per listed entry at the query's address;
* a red flag per listed entry sharing a distinctive name word with the query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partyscreen.decide.rules import Reason, in_force, today
from partyscreen.graph.build import GraphBundle, load_graph
from partyscreen.graph.consequences import Context, as_possible_match, listing_label, path_consequence, path_text
from partyscreen.graph.paths import DEFAULT_DEPTH, search, step_json
from partyscreen.graph.redflags import IndexWords, WordIndex, distinctive_matches
from partyscreen.graph.tables import evasion_rules
from partyscreen.match import algorithm
from partyscreen.match.algorithm import Side
from partyscreen.match.query import Query
from partyscreen.match.result import Hit

#: Graph parties a query may start from (best scores first).
MAX_STARTS = 5


class GraphScreening:
    def __init__(self, bundle: GraphBundle, depth: int = DEFAULT_DEPTH) -> None:
        self.bundle = bundle
        self.depth = depth
        self._cards: tuple[int, dict[str, Any], WordIndex | None] | None = None
        self._lazy_words: IndexWords | None = None

    @classmethod
    def open(cls, store) -> GraphScreening:  # type: ignore[no-untyped-def]
        return cls(load_graph(store))

    def cards(self, index) -> Mapping[str, Any]:  # type: ignore[no-untyped-def]
        """The list entries by id, from the screener's index (rebuilt when the index changes)."""
        if self._cards is None or self._cards[0] != id(index):
            self._cards = (id(index), index.cards.by_id, None)
        return self._cards[1]

    def word_index(self, index) -> WordIndex:  # type: ignore[no-untyped-def]
        """Every distinctive word at once (the monitor's delta reads them all)."""
        self.cards(index)
        assert self._cards is not None
        if self._cards[2] is None:
            self._cards = (self._cards[0], self._cards[1], WordIndex(index.cards))
        return self._cards[2]  # type: ignore[return-value]

    def words(self, index) -> WordIndex | IndexWords:  # type: ignore[no-untyped-def]
        """The distinctive words for screening: looked up one by one, unless all are built already."""
        self.cards(index)
        assert self._cards is not None
        if self._cards[2] is not None:
            return self._cards[2]
        lazy = self._lazy_words
        if lazy is None or lazy.index is not index:
            lazy = self._lazy_words = IndexWords(index)
        return lazy

    def context(self, screener, item: Any = None) -> Context:  # type: ignore[no-untyped-def]
        on = getattr(screener, "as_of", None) or today()
        return Context(self.bundle.graph, self.cards(screener.index), on, self.depth, item)

    # -- start parties ------------------------------------------------------
    def starts(self, screener, side: Side) -> list[tuple[int, algorithm.Score, bool]]:  # type: ignore[no-untyped-def]
        """``(node, score, is match)`` of the graph's unlisted parties the query names."""
        names = self.bundle.names
        if names is None or not side.names:
            return []
        out = []
        for candidate in names.candidates([form for _, form in side.names], 20):  # type: ignore[attr-defined]
            card = names.cards[candidate.card]  # type: ignore[attr-defined]
            candidate = Side(card.names, card.schema, card.countries, card.birth_dates, card.identifiers)
            scored = algorithm.score(side, candidate, names.weights, explain=True)  # type: ignore[attr-defined]
            match_at, review_at = screener.thresholds.for_entry("", card.schema)
            if scored.score >= max(review_at, screener.thresholds.floor):
                out.append((int(card.id.split(":", 1)[1]), scored, scored.score >= match_at))
        out.sort(key=lambda s: -s[1].score)
        return out[:MAX_STARTS]

    # -- hits ---------------------------------------------------------------
    def hits(self, screener, query: Query, existing: list[Hit]) -> list[Hit]:  # type: ignore[no-untyped-def]
        ctx = self.context(screener)
        side = screener.side(query)
        out: dict[tuple[str, str], Hit] = {}
        # A possible match of a graph party adds nothing where the query already names the listed party.
        named = {h.entity_id for h in existing if h.match}
        for node, scored, is_match in self.starts(screener, side):
            for hit in self.path_hits(ctx, node, scored, is_match):
                if not is_match and hit.entity_id in named:
                    continue
                key = (hit.entity_id, hit.matched_name)
                if key not in out or out[key].score < hit.score:
                    out[key] = hit
        hits = list(out.values())
        taken = {h.entity_id for h in [*existing, *hits]}
        hits += self.address_hits(ctx, query, taken)
        taken |= {h.entity_id for h in hits}
        hits += self.name_hits(screener, ctx, side, taken)
        return hits

    def path_hits(self, ctx: Context, node: int, scored: algorithm.Score, is_match: bool) -> list[Hit]:
        graph = ctx.graph
        found = search(graph, node, ctx.day, max_depth=self.depth)
        hits = []
        for path in found.paths:
            strongest = ctx.strongest(path.target)
            if strongest is None:
                continue  # no entry of that party is in force on the date
            card = strongest[0]
            decision, reasons = path_consequence(ctx, path, node, card, party=graph.names[node])
            if not is_match:
                decision, reasons = as_possible_match(decision, reasons, graph.names[node])
            listing = {path.target: card.id}
            text = path_text(graph, path, card)
            if found.truncated:
                text += f" (search stopped at depth {self.depth}: longer chains not followed)"
            hits.append(Hit(
                entity_id=card.id, list=card.list_code, name=card.name, matched_name=graph.names[node],
                score=scored.score, match=is_match, decision=decision,
                explanation=f"{text}. {scored.explanation()}", schema=card.schema,
                reasons=[r.to_json() for r in reasons],
                path=[step_json(graph, step, listing) for step in path.steps],
            ))
        return hits

    @staticmethod
    def owns(hit: Hit) -> bool:
        """Whether the hit came from here (a path or a red flag) rather than from matching a list entry."""
        rules = {r.rule for r in evasion_rules().values()}
        return bool(hit.path) or bool(hit.reasons and hit.reasons[0].get("rule") in rules)

    def decide(self, screener, hit: Hit, item: Any, on: str, party: str = "") -> tuple[str, list[Any]]:  # type: ignore[no-untyped-def]
        """A hit of this module decided again for a transaction's item and date (what ``check`` needs).

        A path hit is re-run with the item (the Affiliates rule applies the owners' requirement for that
        item); a red flag stays a red flag.
        """
        if not hit.path:
            return hit.decision, [Reason(**{k: r.get(k, "") for k in ("decision", "rule", "citation", "detail", "party", "entity_id")}) for r in hit.reasons]
        graph = self.bundle.graph
        first = hit.path[0]
        start = next((n for n, e in enumerate(graph.entity_ids) if first["entity_id"] and e == first["entity_id"]), None)
        if start is None:
            start = graph.names.index(first["entity"])
        ctx = Context(graph, self.cards(screener.index), on, self.depth, item)
        for path in search(graph, start, ctx.day, max_depth=self.depth).paths:
            if hit.entity_id in graph.listings.get(path.target, ()):
                decision, reasons = path_consequence(ctx, path, start, ctx.cards[hit.entity_id], party=party or graph.names[start])
                return as_possible_match(decision, reasons, graph.names[start]) if not hit.match else (decision, reasons)
        return hit.decision, []

    def address_hits(self, ctx: Context, query: Query, taken: set[str]) -> list[Hit]:
        hits = []
        rule = evasion_rules()["shared_address"]
        for address in query.addresses:
            for entity_id, listed_address in self.bundle.addresses.lookup(address):
                card = ctx.cards.get(entity_id)
                if card is None or entity_id in taken or not in_force(card, ctx.on):
                    continue
                taken.add(entity_id)
                detail = f"{query.name!r} gives the address {address!r}, the address of {card.name} ({card.list_code}): {listed_address!r}. {rule.detail}"
                hits.append(self._flag(card, query.name, rule, detail, 0.0))
        return hits

    def name_hits(self, screener, ctx: Context, side: Side, taken: set[str]) -> list[Hit]:  # type: ignore[no-untyped-def]
        index = screener.index
        self.cards(index)
        skip = [p for p in (index.cards.position(t) for t in taken) if p is not None]
        rule = evasion_rules()["distinctive_name"]
        hits: list[Hit] = []
        forms = [form for _, form in side.names]
        if all(form.kind == "person" for form in forms):
            return hits  # a shared surname is no red flag: the word index is not even needed
        for card_idx, word, count in distinctive_matches(self.words(index), index.cards, forms, skip):
            card = index.cards[card_idx]
            if not in_force(card, ctx.on):
                continue
            scored = screener.score_card(side, card, explain=False)
            detail = (f"{side.names[0][1].original!r} shares the word {word!r} with {card.name} ({listing_label(card)}); "
                      f"the word is in {count} of {len(index.cards)} list entries. {rule.detail}")
            hits.append(self._flag(card, side.names[0][1].original, rule, detail, scored.score))
        return hits

    @staticmethod
    def _flag(card: Any, party: str, rule: Any, detail: str, score: float) -> Hit:
        reason = {"decision": rule.decision, "rule": rule.rule, "citation": rule.citation, "detail": detail,
                  "party": party, "entity_id": card.id}
        return Hit(entity_id=card.id, list=card.list_code, name=card.name, matched_name=card.name, score=score,
                   match=False, decision=rule.decision, explanation=f"Red flag: {detail}", schema=card.schema, reasons=[reason])
