"""What a hit, a destination, an item and an end use mean for a transaction.

Pure functions over the data tables (``decide/data/``): no database, no
screening.  Every consequence is a :class:`Reason` carrying one of the five
decisions, the rule, its citation and the detail a compliance officer needs;
the decision of a transaction is the most severe of its reasons.  A reason
whose decision is ``clear`` is an informational note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from partyscreen.decide.entity_list import LicenceTerms, parse_entry
from partyscreen.decide.levels import most_severe
from partyscreen.decide.tables import ChartRow, EccnReasons, MeuItem, tables

ROLES = ("purchaser", "intermediate-consignee", "ultimate-consignee", "end-user")
_ECCN = re.compile(r"^(\d[A-E]\d{3})((?:\.[a-z0-9]+)*)$", re.I)
_USML = re.compile(r"^USML:\s*(?:CAT(?:EGORY)?\.?\s*)?([IVXL]+|\d{1,2})(?:\b.*)?$", re.I)
#: Destinations whose military end users need a licence for all items (§ 744.21 as amended in 2022).
_MEU_ALL_ITEMS = frozenset({"RU", "BY"})


class ListedEntry(Protocol):
    """What the rules read of a listed entry: an :class:`~partyscreen.model.Entity` or an index ``Card``."""

    id: str
    list_code: str
    name: str
    listed_on: str
    end_date: str
    license_requirement: str
    license_policy: str
    federal_register_notices: Sequence[str]
    countries: Sequence[str]


@dataclass(frozen=True)
class Reason:
    decision: str
    rule: str
    citation: str
    detail: str
    party: str = ""
    entity_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "rule": self.rule,
            "citation": self.citation,
            "detail": self.detail,
            "party": self.party,
            "entity_id": self.entity_id,
        }


@dataclass(frozen=True)
class Item:
    """What is exported: an ECCN (``3A090.a``), ``EAR99`` or a USML category (``USML:XI``)."""

    kind: str  # eccn, ear99 or usml
    code: str

    @property
    def eccn(self) -> str:
        """The five-character ECCN without paragraphs ("3A090" for "3A090.a.1")."""
        return self.code[:5] if self.kind == "eccn" else ""

    def __str__(self) -> str:
        return self.code


def parse_item(text: str) -> Item:
    """``3a090.A`` -> ``Item("eccn", "3A090.a")``; raises ValueError with a message a user can act on."""
    value = re.sub(r"\s+", " ", text or "").strip()
    if value.upper() == "EAR99":
        return Item("ear99", "EAR99")
    if m := _ECCN.match(value):
        return Item("eccn", m.group(1).upper() + m.group(2).lower())
    if m := _USML.match(value):
        return Item("usml", f"USML:{_roman(m.group(1))}")
    raise ValueError(f"item {text!r} is not an ECCN (e.g. 3A090), EAR99 or USML:CATEGORY (e.g. USML:XI)")


def _roman(value: str) -> str:
    if value.isdecimal():
        number = int(value)
        out = ""
        for n, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while number >= n:
                out, number = out + sym, number - n
        return out
    return value.upper()


def today() -> str:
    return date.today().isoformat()


def in_force(entry: ListedEntry, as_of: str | None = None) -> bool:
    """Whether the entry applies on ``as_of`` (ISO date, default today): listed by then and not yet removed."""
    on = as_of or today()
    listed, ended = entry.listed_on or "", entry.end_date or ""
    # Partial dates ("2019", "2019-05") compare by their known prefix.
    if listed and listed[: len(on)] > on[: len(listed)]:
        return False
    if ended and ended[: len(on)] < on[: len(ended)]:
        return False
    return True


@lru_cache(maxsize=4096)
def _terms(requirement: str, policy: str, notices: tuple[str, ...]) -> LicenceTerms:
    return parse_entry(requirement, policy, notices)


def entity_list_terms(entry: ListedEntry) -> LicenceTerms:
    return _terms(entry.license_requirement or "", entry.license_policy or "", tuple(entry.federal_register_notices or ()))


def party_consequence(entry: ListedEntry, is_match: bool, item: Item | str | None = None, as_of: str | None = None,
                      party: str = "") -> tuple[str, list[Reason]]:
    """The decision a hit on ``entry`` gives, with its reasons.

    A possible match (between the review and the match thresholds) gives
    ``review``.  An entry not in force on ``as_of`` gives ``clear`` with an
    informational reason: callers drop such hits.  Without an item the
    party-level consequence of the list is returned.
    """
    if isinstance(item, str):
        item = parse_item(item)
    on = as_of or today()
    listing = tables().lists.get(entry.list_code)
    rule = listing.rule if listing else entry.list_code
    citation = listing.citation if listing else ""

    def reason(decision: str, detail: str, rule: str = rule, citation: str = citation) -> tuple[str, list[Reason]]:
        return decision, [Reason(decision, rule, citation, detail, party, entry.id)]

    if not in_force(entry, on):
        return reason("clear", f"The entry was not in force on {on} (listed {entry.listed_on or '?'}, ended {entry.end_date or '-'}).")
    if not is_match:
        return reason("review", f"Possible match with {entry.name!r} ({entry.list_code}): confirm or rule out the identity before relying on it.")
    if listing is None:
        return reason("review", f"Hit on list {entry.list_code!r}, whose consequences are not in the table: read the listing.", citation="")
    scope = listing.scope
    if scope == "entry":
        return _entity_list(entry, item, party, listing.rule, listing.citation)
    if scope == "meu":
        return _meu(entry, item, party, listing.rule, listing.citation, listing.detail)
    if scope == "usml" and item is not None and item.kind != "usml":
        return reason("red_flag", "ITAR debarment bars defense articles and services; for an item subject to the EAR it is a strong red flag to resolve.")
    if scope == "items" and item is not None:
        return reason(listing.decision, listing.detail + f" Item: {item}.")
    return reason(listing.decision, listing.detail)


def _entity_list(entry: ListedEntry, item: Item | None, party: str, rule: str, citation: str) -> tuple[str, list[Reason]]:
    terms = entity_list_terms(entry)
    cites = "; ".join(str(c) for c in terms.citations)
    full_citation = f"{citation}; {cites}" if cites else citation
    caught, why = _el_catches(terms, item)
    policy = terms.describe_policy() if item is None else _policy_words(terms, item)
    detail = f"Licence required for {terms.describe_scope()}; review policy: {policy}; no licence exceptions (§ 744.16(b))."
    if terms.citations:
        detail += f" Federal Register: {cites}."
    if terms.needs_reading:
        verbatim = " | ".join((*terms.unparsed, *terms.exceptions)) or ", ".join(terms.missing) + " empty"
        detail += f" Read the entry: part of it was not understood or is conditional ({verbatim})."
    if caught == "yes":
        decision = "licence_required"
    elif caught in ("maybe", "flag"):
        decision, detail = ("review" if caught == "maybe" else "red_flag"), f"{why} {detail}"
    else:
        decision, detail = "clear", f"{why} (Entity List entry: {terms.describe_scope()}.)"
    return decision, [Reason(decision, rule, full_citation, detail, party, entry.id)]


def _policy_words(terms: LicenceTerms, item: Item) -> str:
    kind = terms.policy_for(item.code if item.kind != "usml" else None)
    if kind in ("mixed", "see_section"):
        return terms.describe_policy()
    return {"presumption_of_denial": "presumption of denial", "policy_of_denial": "policy of denial",
            "case_by_case": "case-by-case review", "presumption_of_approval": "presumption of approval"}.get(kind, "not stated")


def _el_catches(terms: LicenceTerms, item: Item | None) -> tuple[str, str]:
    """Whether the entry's licence requirement covers ``item``: yes, no, maybe (classify) or flag, and why."""
    if item is None or terms.scope in ("all", "unknown"):
        if item is not None and item.kind == "usml" and terms.scope == "all":
            return "flag", f"{item} is a defense article (ITAR): the Entity List governs items subject to the EAR; treat the listing as a red flag."
        return "yes", ""
    if item.kind == "usml":
        return "no", f"{item} is not subject to the EAR."
    if terms.scope == "ccl":
        return ("no", "EAR99 is outside the entry's licence requirement.") if item.kind == "ear99" else ("yes", "")
    if terms.scope == "supp2":
        if item.kind == "ear99":
            return "no", "EAR99 is not in Supp. No. 2 to part 744."
        covered, why, _ = _in_supp2(item)
        return covered, why
    if terms.scope == "eccns":
        if item.kind == "ear99":
            return "no", "EAR99 is outside the entry's licence requirement."
        for listed in terms.eccns:
            if item.code == listed or item.code.startswith(listed + "."):
                return "yes", ""
            if listed.startswith(item.code + "."):
                return "maybe", f"The entry covers {listed}; classify {item} to the paragraph."
        return "no", f"{item} is outside the ECCNs the entry names."
    return "yes", ""


def _meu(entry: ListedEntry, item: Item | None, party: str, rule: str, citation: str, detail: str) -> tuple[str, list[Reason]]:
    all_items = bool(_MEU_ALL_ITEMS & set(entry.countries or ()))
    if item is None or all_items:
        decision, text = "licence_required", detail
    elif item.kind == "ear99":
        decision, text = "clear", "EAR99 is not in Supp. No. 2 to part 744, so the Military End-User listing needs no licence for it (informational)."
    elif item.kind == "usml":
        decision, text = "red_flag", f"{item} is a defense article (ITAR); a listed military end user is a red flag to resolve."
    else:
        decision, text, citation = _meu_item(item, detail, citation)
    return decision, [Reason(decision, rule, citation, text, party, entry.id)]


def _meu_item(item: Item, detail: str, citation: str) -> tuple[str, str, str]:
    """An MEU listing against an ECCN: licence if Supp. No. 2 lists it, clear if not, review if it cannot tell."""
    covered, why, listed = _in_supp2(item)
    cite = f"{citation}; {listed.citation}" if listed else citation
    decision = {"yes": "licence_required", "no": "clear", "maybe": "review"}[covered]
    if decision == "clear":
        return decision, f"{why} The Military End-User listing needs no licence for it (informational; other rules may still apply).", cite
    return decision, f"{why} {detail}".strip(), cite


def _in_supp2(item: Item) -> tuple[str, str, MeuItem | None]:
    """Whether an ECCN item is in Supp. No. 2 to part 744: yes, no or maybe (classify), why, and the Supp. 2 row."""
    t = tables()
    listed = t.meu_items.get(item.eccn)
    if listed is None:
        if t.eccn_entry(item.code) is None:  # an ECCN the engine does not know could be mistyped or misclassified
            return "maybe", (f"{item.eccn} is not in Supp. No. 2 to part 744 as the table holds it (eCFR as of 2026-09-24), but it is not "
                             "an ECCN the engine knows: confirm the classification; a licence is needed if the item is in Supp. No. 2."), None
        return "no", f"{item.eccn} is not in Supp. No. 2 to part 744 (eCFR as of 2026-09-24).", None
    covered = listed.covers(item.code)
    if covered == "yes":
        return "yes", f"{item} is in Supp. No. 2 to part 744 ({listed.description}).", listed
    if covered == "no":
        return "no", f"{item} is outside the part of {item.eccn} that Supp. No. 2 to part 744 lists ({listed.description}).", listed
    return "maybe", (f"Supp. No. 2 to part 744 lists only part of {item.eccn}: {listed.description}. "
                     f"A licence is required if {item} is within that part: classify it."), listed


# -- destination, item, end use -------------------------------------------------------


def destination_reasons(destination: str, item: Item, as_of: str | None = None) -> list[Reason]:
    """Embargoes in force on ``as_of`` and the Commerce Country Chart for ``item`` to ``destination``."""
    on = as_of or today()
    t = tables()
    reasons: list[Reason] = []
    for row in t.embargoes:
        if row.code != destination or not row.in_force(on):
            continue
        if row.items == "all" or (row.items == "ccl" and item.kind == "eccn") or (row.items == "ear99" and item.kind == "ear99"):
            reasons.append(Reason(row.decision, row.rule, row.citation, f"{row.destination}: {row.detail}"))
    embargo_all = any(r.decision in ("block", "licence_required") for r in reasons) and any(
        row.code == destination and row.items == "all" and row.in_force(on) for row in t.embargoes)
    if embargo_all:
        return reasons  # the chart does not govern a comprehensively embargoed destination
    if item.kind == "usml":
        reasons.append(Reason("licence_required", "ITAR export licence", "22 CFR 123.1; 22 CFR 126.1",
                              f"{item} is a defense article: an ITAR licence (or exemption) is needed for its export; § 126.1 lists the destinations with a policy of denial."))
        return reasons
    if item.kind == "ear99":
        reasons.append(Reason("clear", "Commerce Country Chart", "15 CFR 738.4; 15 CFR 734.3(c)",
                              "EAR99 is not on the CCL: the Country Chart needs no licence for it (informational)."))
        return reasons
    reasons.append(_chart_reason(destination, item))
    return reasons


def _chart_reason(destination: str, item: Item) -> Reason:
    t = tables()
    entry = t.eccn_entry(item.code)
    if entry is None:
        return Reason("review", "Commerce Country Chart", "15 CFR 738.4",
                      f"{item.eccn} is not in the ECCN table: classify and check manually against its Reasons for Control.")
    row = t.chart.get(destination)
    if row is None:
        return Reason("review", "Commerce Country Chart", "15 CFR Part 738, Supp. No. 1",
                      f"Destination {destination!r} is not in the Country Chart table: check manually.")
    reason = _entry_reason(entry, row, item)
    if reason.decision != "clear":
        return reason
    # A finer paragraph of the item may need a licence where the entry as a whole does not
    # (3B001.c.1.a worldwide, 5A001.f.1 to all destinations, 5A992.z to the 3A090.b destinations...).
    finer = [e for e in t.eccn_descendants(item.code) if _entry_reason(e, row, item).decision == "licence_required"]
    if not finer:
        return reason
    citation = "; ".join(dict.fromkeys([entry.citation, *(e.citation for e in finer), row.citation]))
    notes = " ".join(dict.fromkeys(e.note.split(": ", 1)[-1] for e in finer if e.note))
    return Reason("review", f"{item.code} to {row.country}", citation,
                  f"No licence for {item.code} as a whole, but {', '.join(e.eccn for e in finer)} need(s) one for {row.country}: "
                  f"classify to the paragraph. {notes}".strip())


def _entry_reason(entry: EccnReasons, row: ChartRow, item: Item) -> Reason:
    """The chart decision of one ECCN table row for one destination row."""
    t = tables()
    label = f"{item.eccn} to {row.country}"
    caveat = "" if row.checked else " (chart row recorded from the regulation, not yet compared line by line with the published chart: confirm)"
    citation = f"{entry.citation}; {row.citation}"
    hits = [c for c in entry.columns if c in row.columns]
    group = t.groups[entry.destinations.removeprefix("@")] if entry.destinations else None
    if group is not None and group.covers(row.code):
        return Reason("licence_required", label, f"{citation}; {group.citation}",
                      f"{entry.note} {row.country} is covered ({group.detail})".strip())
    if hits:
        return Reason("licence_required", label, citation,
                      f"Reasons for control {', '.join(hits)} have an X for {row.country}: licence required unless a licence exception applies.{caveat} {entry.note}".strip())
    partial = [c for c in entry.partial if c in row.columns]
    if partial:
        return Reason("review", label, citation,
                      f"{', '.join(partial)} apply to parts of {entry.eccn} and have an X for {row.country}: classify to the paragraph. {entry.note}".strip())
    if entry.outside == "review":
        where = f"outside the {entry.destinations.removeprefix('@')} destinations" if group is not None else "without an X in the chart columns of the entry"
        return Reason("review", label, f"{citation}; {group.citation}" if group is not None else citation,
                      f"{row.country} is {where}, but a licence requirement the chart does not show may apply to {entry.eccn}: {entry.note}".strip())
    return Reason("clear", label, citation,
                  f"No X for {', '.join(entry.columns) or 'its reasons for control'} for {row.country}: no licence required by the chart (informational).{caveat}")


def end_use_reasons(category: str | None) -> list[Reason]:
    if not category:
        return []
    row = tables().end_uses.get(category)
    if row is None:
        raise ValueError(f"unknown end use {category!r}; one of {', '.join(tables().end_uses)}")
    return [Reason(row.decision, row.rule, row.citation, row.detail)]


@dataclass
class PartyHit:
    """One hit of one party of the transaction, as the rules need it."""

    entry: ListedEntry
    is_match: bool


def check_transaction(parties: Sequence[tuple[str, Iterable[PartyHit]]], item: Item, destination: str,
                      end_use: str | None = None, as_of: str | None = None) -> tuple[str, list[Reason]]:
    """Every reason of a transaction and its decision (the most severe).

    ``parties`` is ``(label, hits)`` per party, the label naming the party and
    its role in the reasons.  Hits on entries not in force on ``as_of`` are
    left out.
    """
    on = as_of or today()
    reasons: list[Reason] = []
    for label, hits in parties:
        for hit in hits:
            if not in_force(hit.entry, on):
                continue
            reasons += party_consequence(hit.entry, hit.is_match, item, on, party=label)[1]
    reasons += destination_reasons(destination, item, on)
    reasons += end_use_reasons(end_use)
    return most_severe(r.decision for r in reasons), reasons
