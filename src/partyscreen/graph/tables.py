"""The graph's regulatory tables in ``graph/data/``, loaded and checked once.

``affiliates_rule.csv`` holds the BIS Affiliates rule as dated periods (in
force, temporary general licence, suspended ...): the logic reads the period
that contains the ``--as-of`` date and never a date of its own, so extending
the suspension is a one-line data change.  ``evasion_rules.csv`` holds the
decision, rule name and citation of each graph finding.  Every row needs a
citation; a malformed table fails at load time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from partyscreen.decide.levels import DECISIONS
from partyscreen.graph.dates import parse_partial

STATUSES = ("in_force", "suspended", "not_in_force")
RULE_IDS = (
    "ofac_50", "ofac_possible", "ofac_minority", "affiliates_us", "affiliates_possible", "affiliates_minority",
    "control", "succession", "shared_address", "shared_director", "distinctive_name", "listed_link", "renamed",
)


class TableError(ValueError):
    """A graph data table is malformed; the message names the table and the row."""


@dataclass(frozen=True)
class AffiliatesPeriod:
    period: str
    valid_from: str  # ISO date, "" = open
    valid_to: str
    status: str  # one of STATUSES
    general_licence_until: str
    citation: str
    detail: str

    def covers(self, on: str) -> bool:
        return (not self.valid_from or self.valid_from <= on) and (not self.valid_to or on <= self.valid_to)


@dataclass(frozen=True)
class EvasionRule:
    rule_id: str
    decision: str
    rule: str
    citation: str
    detail: str


def _rows(name: str, text: str | None) -> list[dict[str, str]]:
    if text is None:
        text = (resources.files("partyscreen.graph") / "data" / name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise TableError(f"{name}:{number}: wrong number of cells")
        if not row.get("citation", "").strip():
            raise TableError(f"{name}:{number}: every row needs a citation")
    return rows


def _full_date(name: str, number: int, value: str) -> str:
    parts = parse_partial(value)
    if value and (parts is None or not parts[2]):
        raise TableError(f"{name}:{number}: {value!r} is not YYYY-MM-DD")
    return value


def parse_affiliates(text: str | None = None) -> tuple[AffiliatesPeriod, ...]:
    """The periods, checked to be in order, without gaps or overlaps, open at both ends."""
    name = "affiliates_rule.csv"
    periods = []
    for number, row in enumerate(_rows(name, text), start=2):
        if row["status"] not in STATUSES:
            raise TableError(f"{name}:{number}: unknown status {row['status']!r}; one of {', '.join(STATUSES)}")
        for key in ("valid_from", "valid_to", "general_licence_until"):
            _full_date(name, number, row[key])
        periods.append(AffiliatesPeriod(**row))
    if not periods:
        raise TableError(f"{name}: no periods")
    if periods[0].valid_from or periods[-1].valid_to:
        raise TableError(f"{name}: the first period must be open at the start and the last open at the end")
    for number, (prev, nxt) in enumerate(zip(periods, periods[1:]), start=3):
        if not prev.valid_to or not nxt.valid_from:
            raise TableError(f"{name}:{number}: only the first and last periods may be open")
        expected = date.fromordinal(date.fromisoformat(prev.valid_to).toordinal() + 1).isoformat()
        if nxt.valid_from != expected:
            raise TableError(f"{name}:{number}: period starts {nxt.valid_from}, expected {expected} (no gaps or overlaps)")
    return tuple(periods)


def parse_rules(text: str | None = None) -> dict[str, EvasionRule]:
    name = "evasion_rules.csv"
    out = {}
    for number, row in enumerate(_rows(name, text), start=2):
        if row["decision"] not in DECISIONS:
            raise TableError(f"{name}:{number}: unknown decision {row['decision']!r}")
        out[row["rule_id"]] = EvasionRule(**row)
    missing = [r for r in RULE_IDS if r not in out]
    if missing:
        raise TableError(f"{name}: missing rules {', '.join(missing)}")
    return out


@lru_cache(maxsize=1)
def affiliates_periods() -> tuple[AffiliatesPeriod, ...]:
    return parse_affiliates()


@lru_cache(maxsize=1)
def evasion_rules() -> dict[str, EvasionRule]:
    return parse_rules()


def affiliates_period(on: str, periods: tuple[AffiliatesPeriod, ...] | None = None) -> AffiliatesPeriod:
    """The period of the Affiliates rule that contains the ISO date ``on``."""
    for period in periods or affiliates_periods():
        if period.covers(on):
            return period
    raise LookupError(f"no Affiliates-rule period covers {on}")  # the table is checked to leave no gaps
