"""BIS Denied Persons List: the tab-separated text file BIS publishes.

Header: Name, Street_Address, City, State, Country, Postal_Code,
Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
FR_Citation; every cell quoted, dates MM/DD/YYYY (Last_Update is ISO).

BIS publishes one row per address, so a denied person with three known
addresses is three rows.  Rows with the same name and effective date are one
denial order and become one entity with several addresses.

All entries are ``LegalEntity``: the list mixes persons and companies without
saying which, and guessing from the name would mislabel some; the matcher
treats LegalEntity as either.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from partyscreen.model import Address, Entity, fallback_native_id, make_id
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    csv_records,
    head_text,
    open_text,
    report_header,
)
from partyscreen.sources.csl import EntityCollector, iso_date, split_fr_citations

DEFAULT_FEED = "bis-dpl"
LIST_CODE = "DPL"

COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code",
    "Effective_Date", "Expiration_Date", "Standard_Order", "Last_Update",
    "Action", "FR_Citation",
)
REQUIRED_COLUMNS = frozenset({"Name", "Effective_Date", "FR_Citation"})

_SPACE = re.compile(r"\s+")
T = TypeVar("T")


def _clean(value: str) -> str:
    return _SPACE.sub(" ", value or "").strip()


@dataclass
class _Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return _clean(self.cells.get(column, ""))


def sniff(paths: Sequence[Path]) -> bool:
    for path in paths:
        lines = head_text(path).splitlines()
        columns = {c.strip().strip('"') for c in (lines[0] if lines else "").split("\t")}
        if not REQUIRED_COLUMNS <= columns:
            return False
    return bool(paths)


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or DEFAULT_FEED
    collector = EntityCollector(problems)
    for path in paths:
        for group in _groups(path, problems):
            entity = _entity(group, feed, path, problems)
            if entity is not None:
                collector.add(entity, path.name, group[0].line)
    return ParseResult(records=list(collector.records()))


def _rows(path: Path, problems: Problems) -> Iterator[_Row]:
    with open_text(path, problems) as fh:
        reader = csv.reader(fh, delimiter="\t")
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            raise FormatError(f"{path.name}: empty file, not a Denied Persons List") from None
        except csv.Error as exc:
            raise FormatError(f"{path.name}: header line cannot be read ({exc}), not a Denied Persons List") from None
        missing = REQUIRED_COLUMNS - set(header)
        if missing:
            raise FormatError(
                f"{path.name}: not a Denied Persons List (missing columns {', '.join(sorted(missing))})"
            )
        report_header(path, header, "Denied Persons List", frozenset(COLUMNS), problems)
        for line, cells in csv_records(reader, path, problems):
            if not any(c.strip() for c in cells):
                continue
            if [c.strip() for c in cells] == header:
                problems.report(path, line, "repeated header line; skipped")
                continue
            if len(cells) != len(header):
                problems.report(path, line, f"{len(cells)} fields where the header has {len(header)}; skipped")
                continue
            row = _Row(line, dict(zip(header, cells)))
            if not row.get("Name"):
                problems.report(path, line, "empty name; skipped")
                continue
            yield row


def _groups(path: Path, problems: Problems) -> list[list[_Row]]:
    """Rows of one denial order (same name and effective date), in file order."""
    groups: dict[tuple[str, str], list[_Row]] = {}
    for row in _rows(path, problems):
        key = (row.get("Name").casefold(), row.get("Effective_Date"))
        groups.setdefault(key, []).append(row)
    return list(groups.values())


def _entity(group: list[_Row], feed: str, path: Path, problems: Problems) -> Entity | None:
    first = group[0]
    name = first.get("Name")
    citations = _dedupe(c for row in group for c in split_fr_citations(row.get("FR_Citation")))
    first_citation = _order_citation(group)
    addresses = _dedupe(a for a in (_address(row) for row in group) if a.text())

    listed_on = _date(first, "Effective_Date", path, problems)
    # Rows of one order rarely disagree on the expiry; the latest is kept
    # because screening must not treat a denial as over too early.
    end_dates = [_date(row, "Expiration_Date", path, problems) for row in group]
    properties: dict[str, list[str]] = {}
    standard_orders = _dedupe(row.get("Standard_Order").upper() for row in group if row.get("Standard_Order"))
    if standard_orders:
        properties["standard_order"] = standard_orders
    last_updates = [row.get("Last_Update") for row in group if row.get("Last_Update")]
    if last_updates:
        properties["last_update"] = [max(last_updates)]

    return Entity(
        id=make_id(feed, fallback_native_id(LIST_CODE, name, first_citation)),
        schema="LegalEntity",
        list_code=LIST_CODE,
        name=name,
        addresses=addresses,
        countries=_dedupe(a.country for a in addresses if a.country),
        listed_on=listed_on,
        end_date=max((d for d in end_dates if d), default=""),
        federal_register_notices=citations,
        remarks="; ".join(_dedupe(row.get("Action") for row in group if row.get("Action"))),
        source_urls=["https://www.bis.doc.gov/index.php/the-denied-persons-list"],
        properties=properties,
    )


_FR_CORE = re.compile(r"(\d+)\s*\.?\s*F\.?\s?R\.?\s*(\d+)", re.IGNORECASE)


def _order_citation(group: list[_Row]) -> str:
    """The citation the id is built from: the order's first FR citation.

    Reduced to "<volume> FR <page>" because rows of one order spell it
    differently ("87 F.R. 52740 8/29/2002" next to "... 8/29/2022"); renewals
    are appended after it, so the id survives them.  Should rows still
    disagree, the smallest wins, so the id does not depend on row order.
    """
    keys = []
    for row in group:
        citations = split_fr_citations(row.get("FR_Citation"))
        if citations:
            core = _FR_CORE.match(citations[0])
            keys.append(f"{core[1]} FR {core[2]}" if core else citations[0])
    return min(keys, default="")


def _address(row: _Row) -> Address:
    # An empty country stays unknown: most such rows are U.S. addresses, but
    # not all, and a wrong country would mislead screening by country.
    return Address(
        street=row.get("Street_Address"),
        city=row.get("City"),
        state=row.get("State"),
        postal_code=row.get("Postal_Code"),
        country=country_code(row.get("Country")),
    )


def _date(row: _Row, column: str, path: Path, problems: Problems) -> str:
    value = row.get(column)
    parsed = iso_date(value)
    if parsed is None:
        problems.report(path, row.line, f"unreadable {column} {value!r}; loaded without it")
        return ""
    return parsed


def _dedupe(items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))


FORMAT = Format(
    name="bis-dpl",
    default_feed=DEFAULT_FEED,
    description="BIS Denied Persons List, tab-separated text file",
    sniff=sniff,
    read=read,
)
