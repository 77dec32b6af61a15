"""Any CSV, read through a column mapping: internal and custom lists.

Used only when asked for (``--format csv``), with ``--map FIELD=COLUMN``
options and a ``--feed``: nothing in a generic CSV says what it is, so
``sniff`` never claims a file.

Choices worth knowing:

* Multi-valued cells (aliases, countries, addresses, ...) are split on
  ``options.alias_sep``.  A country cell part that is not a country as a whole
  is further split on "/" and ";" ("중국/홍콩" = China and Hong Kong).
* Without an id column the native id is
  ``fallback_native_id(list code, name, FR notice)``.  Rows that end up with the
  same id describe the same party (e.g. a name listed under two countries) and
  are merged into one entity; an explicit id shared by two different names is
  reported instead.
* Country names that ``country_code`` does not know are kept in
  ``properties["unresolved_countries"]`` rather than dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from partyscreen.model import ENTITY_SCHEMATA, Address, Entity, fallback_native_id, make_id
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    csv_records,
    open_text,
    split_multi,
)
from partyscreen.sources.merging import merge_entity

#: Target fields a mapping may fill.
TARGETS = (
    "id", "name", "aliases", "weak_aliases", "former_names", "schema", "countries", "address",
    "birth_date", "nationality", "programs", "listed_on", "federal_register_notice",
    "license_requirement", "license_policy", "remarks", "source_url", "list",
)
_SCHEMA_WORDS = {
    "individual": "Person",
    "person": "Person",
    "entity": "Organization",  # not a person; a column that does not say stays LegalEntity
    "company": "Company",
    "organisation": "Organization",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
    "address": "Address",
}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y")
_DELIMITERS = (",", "\t", ";", "|")


def sniff(paths: Sequence[Path]) -> bool:
    return False  # only ever chosen explicitly


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    if not options.feed:
        raise FormatError("a mapped CSV needs --feed NAME")
    _check_mapping(options.mapping)
    entities: dict[str, Entity] = {}
    for path in paths:
        for line, row in _rows(path, options.mapping, problems):
            entity = _entity(row, options, path, line, problems)
            if entity is not None:
                _add(entities, entity, row, options, path, line, problems)
    return ParseResult(records=list(entities.values()))


FORMAT = Format(
    name="csv",
    default_feed="",
    description="Any CSV with a column mapping (--map FIELD=COLUMN, --feed NAME)",
    sniff=sniff,
    read=read,
)


# --------------------------------------------------------------------------- reading


def _check_mapping(mapping: dict[str, str]) -> None:
    unknown = sorted(set(mapping) - set(TARGETS))
    if unknown:
        raise FormatError(
            f"unknown mapping target(s) {', '.join(unknown)}; choose from: {', '.join(TARGETS)}"
        )
    if not mapping.get("name"):
        raise FormatError("a mapped CSV needs a name column: --map name=COLUMN")


def _rows(path: Path, mapping: dict[str, str], problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {target field: cell}) for each data row."""
    with open_text(path, problems) as fh:
        text = fh.read()
    header_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise FormatError(f"{path.name}: header row cannot be read as CSV ({exc})") from None
    if not any(header):
        raise FormatError(f"{path.name}: empty file, no header row")
    missing = [f"{target}={column}" for target, column in mapping.items() if column not in header]
    if missing:
        raise FormatError(
            f"{path.name}: mapped column(s) not in the header: {', '.join(missing)}; "
            f"the header has: {', '.join(header)}"
        )
    positions = {target: header.index(column) for target, column in mapping.items()}
    for start, cells in csv_records(reader, path, problems):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            # Two rows run together (a stray quote or line break) or a row cut short:
            # loading it would drop or shift values without a word.
            problems.report(path, start, f"{len(cells)} fields where the header has {len(header)}; skipped")
            continue
        yield start, {t: cells[i].strip() if i < len(cells) else "" for t, i in positions.items()}


def _entity(
    row: dict[str, str], options: ImportOptions, path: Path, line: int, problems: Problems
) -> Entity | None:
    name = row.get("name", "")
    if not name:
        problems.report(path, line, f"no name in column {options.mapping['name']!r}")
        return None
    sep = options.alias_sep
    list_code = row.get("list") or options.list_code or options.feed
    fr = row.get("federal_register_notice", "")
    native_id = row.get("id") or fallback_native_id(list_code, name, fr)
    entity = Entity(
        id=make_id(options.feed, native_id),
        schema=_schema(row.get("schema", "")),
        list_code=list_code,
        name=name,
        aliases=_names(row.get("aliases", ""), sep, name),
        weak_aliases=_names(row.get("weak_aliases", ""), sep, name),
        former_names=_names(row.get("former_names", ""), sep, name),
        birth_dates=split_multi(row.get("birth_date", ""), sep),
        programs=split_multi(row.get("programs", ""), sep),
        federal_register_notices=split_multi(fr, sep),
        license_requirement=row.get("license_requirement", ""),
        license_policy=row.get("license_policy", ""),
        remarks=row.get("remarks", ""),
        source_urls=split_multi(row.get("source_url", ""), sep),
    )
    entity.countries = _countries(entity, row.get("countries", ""), sep)
    entity.nationalities = _countries(entity, row.get("nationality", ""), sep)
    entity.addresses = _addresses(row.get("address", ""), sep, entity.countries)
    entity.listed_on = _iso_date(row.get("listed_on", ""), path, line, problems)
    return entity


def _add(
    entities: dict[str, Entity],
    entity: Entity,
    row: dict[str, str],
    options: ImportOptions,
    path: Path,
    line: int,
    problems: Problems,
) -> None:
    existing = entities.get(entity.id)
    if existing is None:
        entities[entity.id] = entity
    elif row.get("id") and _norm(existing.name) != _norm(entity.name):
        problems.report(
            path, line, f"id {row['id']!r} already used for {existing.name!r}, here {entity.name!r}"
        )
    else:
        merge_entity(existing, entity)


# --------------------------------------------------------------------------- fields


def _schema(value: str) -> str:
    if value in ENTITY_SCHEMATA:
        return value
    return _SCHEMA_WORDS.get(value.strip().lower(), "LegalEntity")


def _names(cell: str, sep: str, name: str) -> list[str]:
    return [n for n in split_multi(cell, sep) if n != name]


def _countries(entity: Entity, cell: str, sep: str) -> list[str]:
    codes: list[str] = []
    for part in split_multi(cell, sep):
        pieces = [part] if country_code(part) else re.split(r"\s*[/;]\s*", part)
        for piece in filter(None, pieces):
            code = country_code(piece)
            if code:
                codes.append(code)
            else:
                unresolved = entity.properties.setdefault("unresolved_countries", [])
                if piece not in unresolved:
                    unresolved.append(piece)
    return list(dict.fromkeys(codes))


def _addresses(cell: str, sep: str, countries: list[str]) -> list[Address]:
    # With a single country for the row, it is the country of every address.
    country = countries[0] if len(countries) == 1 else ""
    return [Address(full=text, country=country) for text in split_multi(cell, sep)]


def _iso_date(value: str, path: Path, line: int, problems: Problems) -> str:
    value = value.strip()
    if not value:
        return ""
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    problems.report(path, line, f"listed_on {value!r} is not a date")
    return ""


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())
