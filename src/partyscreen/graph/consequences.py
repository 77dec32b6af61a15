"""What a path to a listed party means: the decision and its reasons.

* A rename or a branch is the listed entity itself: the listing's own consequence.
* Ownership: the OFAC 50% rule (owners on the SDN List) and the BIS Affiliates
  rule (owners on the Entity List, the MEU List or the SDN List), each over the
  aggregate of all covered owners, cascading.  For the Affiliates rule the
  ``--as-of`` date picks the period of ``affiliates_rule.csv``: in force, the
  owners' most restrictive requirement applies to a foreign affiliate;
  suspended or not yet in force, it is a red flag.  A U.S.-located affiliate is
  a red flag on any date.  Unknown percentages and minority stakes are red flags.
* Control without ownership, succession, a shared address or director: red flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partyscreen.decide.levels import most_severe, severity
from partyscreen.decide.rules import Reason, in_force, party_consequence
from partyscreen.decide.tables import tables as decide_tables
from partyscreen.graph.ownership import Ownership, ownership_of
from partyscreen.graph.paths import Path
from partyscreen.graph.relations import describe_step
from partyscreen.graph.structure import Graph
from partyscreen.graph.tables import affiliates_period, evasion_rules

IDENTITY_LABELS = frozenset({"renamed_from", "renamed_to", "branch_of"})
OWNERSHIP_LABELS = IDENTITY_LABELS | {"owned_by", "subsidiary_of"}
OFAC_LISTS = frozenset({"SDN"})
#: Owners whose listing the Affiliates rule extends (EL, MEU, and SDNs under § 744.8).
AFFILIATES_LISTS = frozenset({"EL", "MEU", "SDN"})


@dataclass
class Context:
    """One screening's view: the graph, the list entries by id, the date."""

    graph: Graph
    cards: Mapping[str, Any]  # entity id -> index Card (or Entity): what the decision rules read
    on: str  # ISO date
    depth: int = 6
    item: Any = None
    _ownership: dict[tuple[str, int], Ownership] = field(default_factory=dict)

    @property
    def day(self) -> int:
        return date.fromisoformat(self.on).toordinal()

    def listed(self, node: int, lists: frozenset[str] | None = None) -> list[Any]:
        """The node's list entries in force on the date (only of ``lists`` when given)."""
        out = []
        for entity_id in self.graph.listings.get(node, ()):
            card = self.cards.get(entity_id)
            if card is not None and in_force(card, self.on) and (lists is None or card.list_code in lists):
                out.append(card)
        return out

    def ownership(self, rule: str, start: int) -> Ownership:
        key = (rule, start)
        if key not in self._ownership:
            lists = OFAC_LISTS if rule == "ofac" else AFFILIATES_LISTS
            self._ownership[key] = ownership_of(self.graph, start, self.day, lambda n: bool(self.listed(n, lists)), self.depth)
        return self._ownership[key]

    def strongest(self, node: int) -> tuple[Any, str, list[Reason]] | None:
        """The node's entry whose own consequence is the most severe, with that consequence."""
        best = None
        for card in self.listed(node):
            decision, reasons = party_consequence(card, True, self.item, self.on)
            if best is None or severity(decision) > severity(best[1]):
                best = (card, decision, reasons)
        return best


def listing_label(card: Any) -> str:
    """ "Entity List, 90 FR 14046" for the end of a path."""
    listing = decide_tables().lists.get(card.list_code)
    name = listing.rule.split(" (")[0] if listing else card.list_code
    notices = "; ".join(list(card.federal_register_notices or ())[:2])
    return f"{name}, {notices}" if notices else name


def path_text(graph: Graph, path: Path, end_card: Any) -> str:
    parts = [graph.names[path.steps[0].entity]] if path.steps else []
    for step in path.steps:
        start, end = graph.dates(step.edge)
        parts.append(describe_step(step.label, graph.names[step.target], graph.percent(step.edge), start, end))
    return " → ".join(parts) + f" ({listing_label(end_card)})"


def _rule_reason(rule_id: str, detail: str, party: str, entity_id: str, citation: str = "") -> Reason:
    rule = evasion_rules()[rule_id]
    return Reason(rule.decision, rule.rule, citation or rule.citation, f"{detail} {rule.detail}".strip(), party, entity_id)


def _owners_text(ctx: Context, ownership: Ownership) -> str:
    names = []
    for node, pct, covered in ownership.owners:
        share = "unknown %" if pct is None else f"{pct:g}%"
        names.append(f"{ctx.graph.names[node]} ({share}{'' if covered else ', itself owned by listed parties in an unknown share'})")
    return ", ".join(names) or "no direct owner on record"


def ownership_reasons(ctx: Context, start: int, party: str, entity_id: str) -> list[Reason]:
    """Reasons from both 50% rules for the party at node ``start``."""
    name = ctx.graph.names[start]
    reasons: list[Reason] = []
    ofac = ctx.ownership("ofac", start)
    tail = " Owners beyond the depth bound were not followed." if ofac.truncated else ""
    if ofac.status == "covered":
        reasons.append(_rule_reason("ofac_50", f"{name} is owned {ofac.share:g}% in aggregate by blocked persons: {_owners_text(ctx, ofac)}.{tail}", party, entity_id))
    elif ofac.status == "possible":
        reasons.append(_rule_reason("ofac_possible", f"{name}: blocked owners {_owners_text(ctx, ofac)}; known aggregate {ofac.share:g}%.{tail}", party, entity_id))
    elif ofac.status == "minority":
        reasons.append(_rule_reason("ofac_minority", f"{name} is owned {ofac.share:g}% in aggregate by blocked persons: {_owners_text(ctx, ofac)}.{tail}", party, entity_id))

    bis = ctx.ownership("bis", start)
    if bis.status == "none":
        return reasons
    country = ctx.graph.countries[start]
    if bis.status == "covered" or bis.status == "minority":
        owned = f"{name} is owned {bis.share:g}% in aggregate by listed parties or parties they own 50% or more: {_owners_text(ctx, bis)}."
    else:
        owned = (f"Listed parties own part of {name} in a share that is not known (known aggregate {bis.share:g}%): "
                 f"{_owners_text(ctx, bis)}.")
    if bis.truncated:
        owned += " Owners beyond the depth bound were not followed."
    if country == "US" and bis.status in ("covered", "possible"):
        reasons.append(_rule_reason("affiliates_us", owned, party, entity_id))
    elif bis.status == "possible":
        reasons.append(_rule_reason("affiliates_possible", owned, party, entity_id))
    elif bis.status == "minority":
        reasons.append(_rule_reason("affiliates_minority", owned, party, entity_id))
    else:
        reasons.append(_affiliate(ctx, bis, owned, country, party, entity_id))
    return reasons


def _affiliate(ctx: Context, bis: Ownership, owned: str, country: str, party: str, entity_id: str) -> Reason:
    period = affiliates_period(ctx.on)
    where = "" if country else " Its country is not on record: treated as foreign."
    if period.status != "in_force":
        return Reason("red_flag", "BIS Affiliates rule (not in force on this date)", period.citation,
                      f"{owned}{where} {period.detail}", party, entity_id)
    # The most restrictive requirement of the owners applies.
    best: tuple[str, Reason] | None = None
    for root in bis.roots:
        for card in ctx.listed(root, AFFILIATES_LISTS):
            if card.list_code == "SDN":
                decision = "licence_required"
                reason = Reason(decision, "15 CFR 744.8", "15 CFR 744.8", f"End-user controls on {card.name} (SDN) extend to its affiliates.", party, card.id)
            else:
                decision, found = party_consequence(card, True, ctx.item, ctx.on)
                reason = found[0]
            if best is None or severity(decision) > severity(best[0]):
                best = (decision, reason)
    if best is None:  # owners' entries all out of force on the date: cannot happen for a covered party
        return Reason("red_flag", "BIS Affiliates rule", period.citation, f"{owned}{where} {period.detail}", party, entity_id)
    decision, owner_reason = best
    return Reason(decision, "BIS Affiliates rule", f"{period.citation}; {owner_reason.citation}",
                  f"{owned}{where} The owners' most restrictive requirement applies: {owner_reason.detail} {period.detail}",
                  party, entity_id)


def path_consequence(ctx: Context, path: Path, start: int, card: Any, party: str = "") -> tuple[str, list[Reason]]:
    """The decision for the party at ``start`` given its path to the listed entry ``card``."""
    labels = set(path.labels)
    name = ctx.graph.names[start]
    if labels <= IDENTITY_LABELS:
        decision, reasons = party_consequence(card, True, ctx.item, ctx.on, party=party)
        rule = evasion_rules()["renamed"]
        same = Reason(decision, rule.rule, card.list_code, f"{name} is {card.name} under another name or a branch of it: the listing applies.", party, card.id)
        return decision, [same, *reasons]
    if labels <= OWNERSHIP_LABELS:
        reasons = ownership_reasons(ctx, start, party, card.id)
        if not reasons:
            reasons = [_rule_reason("listed_link", f"{name} is owned by {card.name} ({card.list_code}), a list neither 50% rule covers.", party, card.id)]
        return most_severe(r.decision for r in reasons), reasons
    if "has_director" in labels or "director_of" in labels:
        reasons = [_rule_reason("shared_director", f"{name} and {card.name} ({card.list_code}) are linked through a director.", party, card.id)]
    elif "shares_address_with" in labels:
        reasons = [_rule_reason("shared_address", f"{name} and {card.name} ({card.list_code}) share an address.", party, card.id)]
    elif "controlled_by" in labels:
        reasons = [_rule_reason("control", f"{name} is controlled by {card.name} ({card.list_code}).", party, card.id)]
    elif "successor_of" in labels:
        reasons = [_rule_reason("succession", f"{name} succeeded {card.name} ({card.list_code}).", party, card.id)]
    else:
        reasons = [_rule_reason("listed_link", f"{name} leads to {card.name} ({card.list_code}).", party, card.id)]
    # Ownership found on the way still counts (e.g. controlled and also part-owned).
    reasons += [r for r in ownership_reasons(ctx, start, party, card.id) if r.decision != "clear"]
    return most_severe(r.decision for r in reasons), reasons


def as_possible_match(decision: str, reasons: Sequence[Reason], party_name: str) -> tuple[str, list[Reason]]:
    """A query that only possibly names the party gets ``review``, with what a confirmed match would mean."""
    if severity(decision) <= severity("review"):
        return decision, list(reasons)
    note = Reason("review", "Possible match", "", f"{party_name!r} is only a possible match for the query; if confirmed: {decision}.")
    return "review", [note, *reasons]
