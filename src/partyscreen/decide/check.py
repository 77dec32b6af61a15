"""The transaction check: screen every party, then apply the rules to item, destination and end use.

This is the one place where screening and the decision rules meet: it runs
the screener for each party (and for its address, since the Entity List has
address-only entries), re-decides each hit for the item and date, and adds the
destination and end-use reasons (see :mod:`partyscreen.decide.rules`).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partyscreen.decide.levels import most_severe
from partyscreen.decide.rules import (
    ROLES,
    Item,
    PartyHit,
    Reason,
    check_transaction,
    in_force,
    parse_item,
    party_consequence,
    today,
)
from partyscreen.decide.tables import tables
from partyscreen.match.batch import row_to_query
from partyscreen.match.index import Card
from partyscreen.match.query import Query
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.model import is_date
from partyscreen.normalize.countries import country_code



@dataclass
class Party:
    role: str  # one of ROLES, or "" when not given
    query: Query

    @property
    def label(self) -> str:
        return f"{self.role}: {self.query.name}" if self.role else self.query.name


@dataclass
class CheckResult:
    decision: str
    item: str
    destination: str
    as_of: str
    reasons: list[Reason]
    parties: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "item": self.item,
            "destination": self.destination,
            "as_of": self.as_of,
            "reasons": [r.to_json() for r in self.reasons],
            "parties": self.parties,
        }


def parse_as_of(value: str | None) -> str:
    if not value:
        return today()
    if not is_date(value):
        raise ValueError(f"--as-of {value!r} is not a date written YYYY-MM-DD")
    return value


def parse_destination(value: str) -> str:
    """An ISO code, a covered-region code (UA-CRIMEA, UA-DONETSK, UA-LUHANSK) or a country name, as a code."""
    text = (value or "").strip()
    known = set(tables().chart) | {e.code for e in tables().embargoes}
    if text.upper() in known:
        return text.upper()
    code = country_code(text)
    if not code:
        raise ValueError(f"unknown destination {value!r}: give an ISO code (e.g. CN) or a name")
    return code


def parse_party(value: str) -> tuple[str, str]:
    """``"end-user=Acme Ltd"`` -> ``("end-user", "Acme Ltd")``; a name without a known role keeps role ``""``."""
    role, sep, name = value.partition("=")
    if sep and role.strip().lower() in ROLES:
        return role.strip().lower(), name.strip()
    return "", value.strip()


def parties_from_csv(path: Path) -> list[Party]:
    """Parties from a CSV with the batch columns plus ``role``; raises ValueError naming the line."""
    out: list[Party] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            if "name" not in (reader.fieldnames or []):
                raise ValueError(f"{path.name}: no 'name' column")
            for row in reader:
                row = {k: (v or "") for k, v in row.items() if k is not None}
                role = row.pop("role", "").strip().lower()
                if role and role not in ROLES:
                    raise ValueError(f"{path.name}:{reader.line_num}: unknown role {role!r}; one of {', '.join(ROLES)}")
                try:
                    out.append(Party(role, row_to_query(row)))
                except ValueError as exc:
                    raise ValueError(f"{path.name}:{reader.line_num}: {exc}") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path.name}: not UTF-8 text; save the CSV as UTF-8") from None
        except csv.Error as exc:  # a cell over the csv module's size limit
            raise ValueError(f"{path.name}:{reader.line_num + 1}: row cannot be read as CSV ({exc})") from None
    return out


def _screen_party(screener: Screener, party: Party, limit: int) -> ScreenResult:
    result = screener.screen(party.query, limit=limit)
    seen = {h.entity_id for h in result.hits}
    for address in party.query.addresses:
        # Address-only Entity List entries are matched on the party's address.
        for hit in screener.screen(Query(name=address), limit=limit).hits:
            if hit.schema == "Address" and hit.entity_id not in seen:
                seen.add(hit.entity_id)
                result.hits.append(hit)
    return result


def run_check(screener: Screener, parties: list[Party], item: Item | str, destination: str,
              end_use: str | None = None, as_of: str | None = None, limit: int = 10) -> CheckResult:
    """Screen every party and decide the transaction as on ``as_of`` (default today)."""
    item = parse_item(item) if isinstance(item, str) else item
    on = parse_as_of(as_of)
    dest = parse_destination(destination)
    cards: Mapping[str, Card] = screener.index.cards.by_id
    previous = getattr(screener, "as_of", None)
    screener.as_of = on  # type: ignore[attr-defined]  # read by Screener.screen when it decides hits
    try:
        screened = [(party, _screen_party(screener, party, limit)) for party in parties]
    finally:
        screener.as_of = previous  # type: ignore[attr-defined]
    lines: list[dict[str, Any]] = []
    party_hits: list[tuple[str, list[PartyHit]]] = []
    graph_reasons: list[Reason] = []
    graph = getattr(screener, "graph", None)
    for party, result in screened:
        hits = []
        for hit in result.hits:
            card = cards[hit.entity_id]
            if not in_force(card, on):
                continue
            if graph is not None and graph.owns(hit):
                # Found through the relationship graph, or a red flag: decided by partyscreen.graph (issue #5).
                decision, found = graph.decide(screener, hit, item, on, party.label)
                hit.decision, hit.reasons = decision, [r.to_json() for r in found]
                graph_reasons += found
                continue
            decision, reasons = party_consequence(card, hit.match, item, on, party=party.label)
            hit.decision, hit.reasons = decision, [r.to_json() for r in reasons]
            hits.append(PartyHit(card, hit.match))
        party_hits.append((party.label, hits))
        lines.append({**result.to_json(), "role": party.role})
    decision, reasons = check_transaction(party_hits, item, dest, end_use, on)
    if graph_reasons:
        reasons = [*graph_reasons, *reasons]
        decision = most_severe(r.decision for r in reasons)
    return CheckResult(decision, str(item), dest, on, reasons, lines)
