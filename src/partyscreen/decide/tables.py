"""The regulatory data tables in ``decide/data/``, loaded and checked once.

Each table is a CSV written from the regulation it cites (every row has a
citation).  Loading validates what the engine relies on: decision values,
chart column names, dates and references between tables, so a typo in a table
fails at load time instead of giving a wrong answer later.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from partyscreen.decide.levels import DECISIONS
from partyscreen.model import is_date

#: Columns of the Commerce Country Chart (15 CFR Part 738, Supp. No. 1), in the chart's order.
CHART_COLUMNS = ("CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2", "FC1", "CC1", "CC2", "CC3", "AT1", "AT2")
LIST_SCOPES = ("entry", "all", "meu", "directive", "none", "items", "usml", "party")
EMBARGO_ITEMS = ("all", "ccl", "ear99")
END_USE_CATEGORIES = (
    "military", "military-intelligence", "nuclear", "missile-uav",
    "chemical-biological", "supercomputer", "advanced-semiconductor",
)
_ECCN = re.compile(r"^[0-9][A-E][0-9]{3}$")
#: An ECCN or one of its paragraphs ("3A090", "3A090.a", "9A012.a.1").
_ECCN_PARAGRAPH = re.compile(r"^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$")
#: Renderings of the Commerce Country Chart a row can be compared with (see data/README.md).
CHART_SOURCES = {
    "ecfr-2026-01-01": "eCFR edition 2026-01-01, as extracted in toolstop/toolstop packages/mcp-export-control/data.mjs",
    "ecfr-2026-06-20": "eCFR as of 2026-06-20, partial published rendering (rows Afghanistan to Congo (Republic of the))",
    "ecfr-2026-09-24": "eCFR as of 2026-09-24, as extracted in OSUGIYAMA/EyeWarnYou data/snapshots/ear-country-chart.json",
}
#: Decisions an ECCN row may give outside its destination group (or, without one, where none of its chart columns has an X).
OUTSIDE_DECISIONS = ("clear", "review")
MEU_SCOPES = ("all", "part")


class TableError(ValueError):
    """A data table is malformed; the message names the table and the row."""


@dataclass(frozen=True)
class ListConsequence:
    list: str
    decision: str
    scope: str
    rule: str
    citation: str
    detail: str


@dataclass(frozen=True)
class Embargo:
    code: str
    destination: str
    valid_from: str
    valid_to: str
    items: str  # all, ccl (items on the CCL) or ear99
    decision: str
    rule: str
    citation: str
    detail: str

    def in_force(self, on: str) -> bool:
        return (not self.valid_from or self.valid_from <= on) and (not self.valid_to or on <= self.valid_to)


@dataclass(frozen=True)
class ChartRow:
    code: str
    country: str
    columns: frozenset[str]  # the columns with an X
    checked: bool  # compared with a published rendering of the chart
    note: str
    citation: str
    compared_with: tuple[str, ...] = ()  # keys of CHART_SOURCES


@dataclass(frozen=True)
class EccnReasons:
    eccn: str
    columns: tuple[str, ...]  # chart columns that apply to the entire entry
    partial: tuple[str, ...]  # chart columns that apply to some paragraphs only
    destinations: str  # "@GROUP" for a licence requirement outside the chart, else ""
    note: str
    citation: str
    outside: str = "clear"  # review: a licence requirement the chart columns do not show (worldwide/contested text) may apply outside the group


@dataclass(frozen=True)
class MeuItem:
    """One entry of Supp. No. 2 to part 744 (items subject to the military end-use/end-user rule)."""

    eccn: str
    scope: str  # all: the whole ECCN; part: only what `paragraphs` or `description` says
    paragraphs: tuple[str, ...]  # e.g. ("a.1",) for 9A012: these paragraphs only
    description: str
    citation: str

    def covers(self, code: str) -> str:
        """yes, no or maybe (classify against the description) for an item code such as "9A012.a.1"."""
        if self.scope == "all":
            return "yes"
        if not self.paragraphs:
            return "maybe"
        rest = code[len(self.eccn) + 1:] if code.startswith(self.eccn + ".") else ""
        if not rest:
            return "maybe"
        for para in self.paragraphs:
            if rest == para or rest.startswith(para + "."):
                return "yes"
            if para.startswith(rest + "."):
                return "maybe"  # the item is classified less precisely than the listed paragraph
        return "no"


@dataclass(frozen=True)
class DestinationGroup:
    group: str
    codes: frozenset[str]  # "*" = every destination; "*-CA" = all but Canada
    citation: str
    detail: str

    def covers(self, code: str) -> bool:
        if "*" in self.codes:
            return True
        if "*-CA" in self.codes:
            return code != "CA"
        return code in self.codes


@dataclass(frozen=True)
class EndUse:
    category: str
    decision: str
    rule: str
    citation: str
    detail: str


@dataclass(frozen=True)
class Tables:
    lists: dict[str, ListConsequence]
    embargoes: tuple[Embargo, ...]
    chart: dict[str, ChartRow]
    eccns: dict[str, EccnReasons]
    groups: dict[str, DestinationGroup]
    end_uses: dict[str, EndUse]
    meu_items: dict[str, MeuItem]

    def eccn_descendants(self, code: str) -> tuple[EccnReasons, ...]:
        """The rows for paragraphs below ``code``: "3B001" -> 3B001.c, 3B001.c.1.a, ..."""
        prefix = code + "."
        return tuple(e for k, e in self.eccns.items() if k.startswith(prefix))

    def eccn_entry(self, code: str) -> EccnReasons | None:
        """The most specific row for an item code: "3A090.a.1" -> the 3A090.a row, else the 3A090 row."""
        while code:
            if code in self.eccns:
                return self.eccns[code]
            code = code.rpartition(".")[0]
        return None


def _read(name: str, text: str | None = None) -> list[dict[str, str]]:
    if text is None:
        text = (resources.files("partyscreen.decide") / "data" / name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for number, row in enumerate(rows, start=2):
        if not (row.get("citation") or "").strip():
            raise TableError(f"{name}:{number}: every row needs a citation")
        if None in row or any(v is None for v in row.values()):
            raise TableError(f"{name}:{number}: wrong number of cells")
    return rows


def _decision(name: str, number: int, value: str) -> str:
    if value not in DECISIONS:
        raise TableError(f"{name}:{number}: unknown decision {value!r}; one of {', '.join(DECISIONS)}")
    return value


def _columns(name: str, number: int, value: str) -> tuple[str, ...]:
    cols = tuple(value.split())
    for col in cols:
        if col not in CHART_COLUMNS:
            raise TableError(f"{name}:{number}: unknown chart column {col!r}")
    return cols


def parse_list_consequences(text: str | None = None) -> dict[str, ListConsequence]:
    out = {}
    for n, row in enumerate(_read("list_consequences.csv", text), start=2):
        _decision("list_consequences.csv", n, row["decision"])
        if row["scope"] not in LIST_SCOPES:
            raise TableError(f"list_consequences.csv:{n}: unknown scope {row['scope']!r}")
        out[row["list"]] = ListConsequence(**row)
    return out


def parse_embargoes(text: str | None = None) -> tuple[Embargo, ...]:
    out = []
    for n, row in enumerate(_read("embargoes.csv", text), start=2):
        _decision("embargoes.csv", n, row["decision"])
        if row["items"] not in EMBARGO_ITEMS:
            raise TableError(f"embargoes.csv:{n}: unknown items {row['items']!r}")
        for key in ("valid_from", "valid_to"):
            if row[key] and not is_date(row[key]):
                raise TableError(f"embargoes.csv:{n}: {key} {row[key]!r} is not YYYY-MM-DD")
        out.append(Embargo(**row))
    return tuple(out)


def parse_chart(text: str | None = None) -> dict[str, ChartRow]:
    out = {}
    for n, row in enumerate(_read("country_chart.csv", text), start=2):
        marks = {c for c in CHART_COLUMNS if row[c].strip()}
        if any(row[c].strip() not in ("", "X") for c in CHART_COLUMNS):
            raise TableError(f"country_chart.csv:{n}: a cell must be X or empty")
        checked = row["checked"] == "yes"
        compared = tuple((row.get("compared_with") or "").split())
        unknown = [c for c in compared if c not in CHART_SOURCES]
        if unknown:
            raise TableError(f"country_chart.csv:{n}: unknown source {unknown[0]!r}; one of {', '.join(CHART_SOURCES)}")
        if checked and not compared:
            raise TableError(f"country_chart.csv:{n}: checked=yes needs compared_with (the rendering it was compared with)")
        out[row["code"]] = ChartRow(row["code"], row["country"], frozenset(marks), checked, row["note"], row["citation"], compared)
    return out


def parse_eccns(groups: dict[str, DestinationGroup], text: str | None = None) -> dict[str, EccnReasons]:
    out = {}
    for n, row in enumerate(_read("eccn_reasons.csv", text), start=2):
        if not _ECCN_PARAGRAPH.match(row["eccn"]):
            raise TableError(f"eccn_reasons.csv:{n}: {row['eccn']!r} is not an ECCN (or ECCN.paragraph)")
        dest = row["destinations"]
        if dest and dest.removeprefix("@") not in groups:
            raise TableError(f"eccn_reasons.csv:{n}: unknown destination group {dest!r}")
        outside = row.get("outside") or "clear"
        if outside not in OUTSIDE_DECISIONS:
            raise TableError(f"eccn_reasons.csv:{n}: outside must be one of {', '.join(OUTSIDE_DECISIONS)}, not {outside!r}")
        out[row["eccn"]] = EccnReasons(
            row["eccn"],
            _columns("eccn_reasons.csv", n, row["columns"]),
            _columns("eccn_reasons.csv", n, row["partial"]),
            dest,
            row["note"],
            row["citation"],
            outside,
        )
    return out


def parse_groups(text: str | None = None) -> dict[str, DestinationGroup]:
    return {
        row["group"]: DestinationGroup(row["group"], frozenset(row["codes"].split()), row["citation"], row["detail"])
        for row in _read("destination_groups.csv", text)
    }


def parse_end_uses(text: str | None = None) -> dict[str, EndUse]:
    out = {}
    for n, row in enumerate(_read("end_uses.csv", text), start=2):
        _decision("end_uses.csv", n, row["decision"])
        if row["category"] not in END_USE_CATEGORIES:
            raise TableError(f"end_uses.csv:{n}: unknown end-use category {row['category']!r}")
        out[row["category"]] = EndUse(**row)
    return out


def parse_meu_items(text: str | None = None) -> dict[str, MeuItem]:
    out: dict[str, MeuItem] = {}
    for n, row in enumerate(_read("meu_items.csv", text), start=2):
        eccn = row["eccn"]
        if not _ECCN.match(eccn):
            raise TableError(f"meu_items.csv:{n}: {eccn!r} is not an ECCN")
        if eccn in out:
            raise TableError(f"meu_items.csv:{n}: {eccn} is listed twice")
        if row["scope"] not in MEU_SCOPES:
            raise TableError(f"meu_items.csv:{n}: scope must be one of {', '.join(MEU_SCOPES)}, not {row['scope']!r}")
        paragraphs = tuple(row["paragraphs"].split())
        if paragraphs and row["scope"] != "part":
            raise TableError(f"meu_items.csv:{n}: paragraphs only make sense with scope=part")
        if row["scope"] == "part" and not (paragraphs or row["description"].strip()):
            raise TableError(f"meu_items.csv:{n}: scope=part needs the paragraphs or the description of the part listed")
        out[eccn] = MeuItem(eccn, row["scope"], paragraphs, row["description"], row["citation"])
    return out


@lru_cache(maxsize=1)
def tables() -> Tables:
    """All tables, loaded and validated once per process."""
    groups = parse_groups()
    return Tables(
        lists=parse_list_consequences(),
        embargoes=parse_embargoes(),
        chart=parse_chart(),
        eccns=parse_eccns(groups),
        groups=groups,
        end_uses=parse_end_uses(),
        meu_items=parse_meu_items(),
    )
