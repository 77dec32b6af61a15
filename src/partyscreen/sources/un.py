"""UN Security Council Consolidated List (the XML the UN publishes).

One ``<INDIVIDUAL>`` becomes a ``Person``; one ``<ENTITY>`` an ``Organization``
(the UN list mixes armed groups, companies, banks and ministries without
saying which; FollowTheMoney's Organization is any of them and never a person,
and it meets Company and Organization queries alike).

Choices worth knowing:

* The file is parsed with defusedxml and any DTD is refused: the UN file has
  none, so a ``<!DOCTYPE`` (billion laughs, external entities) means the file
  is not what it claims to be.
* Alias quality: ``Good`` and ``a.k.a.`` are aliases, ``Low`` are weak aliases,
  ``f.k.a.`` are former names; an alias with an empty quality is an alias.
* Dates of birth: ``EXACT``/``APPROXIMATELY`` with a DATE or YEAR give that
  date; ``BETWEEN`` gives *every* year of the range (ranges are 1-6 years in
  practice, and explicit years let a year-level comparison match any of them).
  Month-year notes such as "Nov. 1973" become ``1973-11``.  Anything else the
  UN only gives in prose is kept in ``properties["birth_date_notes"]``.
* The reference number (``QDi.001``) is the native id and also an identifier,
  so a reviewer can search for it; DATAID is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from partyscreen.model import Address, Entity, Identifier, make_id
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    head_text,
    read_bytes,
)

FEED = "un-sc"
LIST_CODE = "UN"
ROOT_TAG = "CONSOLIDATED_LIST"
RECORD_TAGS = ("INDIVIDUAL", "ENTITY")
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?", re.IGNORECASE)
# Document types the UN sometimes gives in French or Spanish.
_DOCUMENT_TYPES = {"numéro de passeport": "Passport", "número de pasaporte": "Passport"}


# --------------------------------------------------------------------------- format


def sniff(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(
        f"<{ROOT_TAG}" in head_text(p, 2048) for p in paths
    )


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or FEED
    records: list[Entity] = []
    seen: set[str] = set()
    source_date = ""
    for path in paths:
        root, lines = _parse_xml(path)
        source_date = max(source_date, root.get("dateGenerated", "")[:10])
        for elem in _records(root):
            line = lines.get(id(elem), 0)
            entity = _entity(elem, feed, path, line, problems)
            if entity is None:
                continue
            if entity.id in seen:
                problems.report(path, line, f"duplicate reference number {entity.id}")
                continue
            seen.add(entity.id)
            records.append(entity)
    return ParseResult(records=list(records), source_date=source_date)


FORMAT = Format(
    name="un",
    default_feed=FEED,
    description="UN Security Council Consolidated List (XML)",
    sniff=sniff,
    read=read,
)


# --------------------------------------------------------------------------- XML


class _LineRecorder:
    """Tree-builder target that remembers the line each record starts on.

    ElementTree keeps no source positions; problem reports need them.
    """

    def __init__(self) -> None:
        self._builder = TreeBuilder()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        elem = self._builder.start(tag, attrs)
        if tag in RECORD_TAGS and self.parser is not None:
            self.lines[id(elem)] = self.parser.parser.CurrentLineNumber
        return elem

    def end(self, tag: str) -> Element:
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> Element:
        return self._builder.close()


def _parse_xml(path: Path) -> tuple[Element, dict[int, int]]:
    """Parse safely: no DTD, no entity declarations, no external references."""
    target = _LineRecorder()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.parser = parser
    try:
        parser.feed(read_bytes(path))
        root = parser.close()
    except DefusedXmlException as exc:
        raise FormatError(
            f"{path.name}: refused, the XML declares a DTD or entities ({exc!r}); "
            "the UN list has none"
        ) from exc
    except ParseError as exc:
        raise FormatError(f"{path.name}: not well-formed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # after DefusedXmlException, itself a ValueError
        # The XML declaration names an encoding expat cannot read ("UTF-16" over
        # bytes expat was handed whole, or an unknown name).
        raise FormatError(f"{path.name}: cannot be read: the XML declares an unreadable encoding ({exc})") from exc
    if root.tag != ROOT_TAG:
        raise FormatError(f"{path.name}: root element is <{root.tag}>, not <{ROOT_TAG}>")
    return root, target.lines


def _records(root: Element) -> Iterable[Element]:
    for section in root:
        for elem in section:
            if elem.tag in RECORD_TAGS:
                yield elem


def _text(elem: Element | None, tag: str | None = None) -> str:
    """Whitespace-normalised text of ``elem`` (or of its child ``tag``)."""
    if elem is not None and tag is not None:
        elem = elem.find(tag)
    if elem is None or elem.text is None:
        return ""
    return _SPACE.sub(" ", elem.text).strip()


def _values(elem: Element, tag: str) -> list[str]:
    """The ``<VALUE>`` texts under every ``tag`` child, e.g. NATIONALITY."""
    out = [_text(v) for child in elem.findall(tag) for v in child.findall("VALUE")]
    return _unique(out)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# --------------------------------------------------------------------------- records


def _entity(elem: Element, feed: str, path: Path, line: int, problems: Problems) -> Entity | None:
    is_person = elem.tag == "INDIVIDUAL"
    ref = _text(elem, "REFERENCE_NUMBER")
    native_id = ref or _text(elem, "DATAID")
    if not native_id:
        problems.report(path, line, f"{elem.tag} without REFERENCE_NUMBER or DATAID")
        return None
    name, extra_names = _primary_name(elem, is_person)
    if not name:
        problems.report(path, line, f"{elem.tag} {native_id} has no name")
        return None

    entity = Entity(
        id=make_id(feed, native_id),
        schema="Person" if is_person else "Organization",
        list_code=LIST_CODE,
        name=name,
        listed_on=_text(elem, "LISTED_ON")[:10],
        remarks=_text(elem, "COMMENTS1"),
        programs=_unique([_text(elem, "UN_LIST_TYPE")]),
        titles=_values(elem, "TITLE") + _values(elem, "DESIGNATION"),
        gender=_text(elem, "GENDER").lower(),
    )
    if ref:
        entity.identifiers.append(Identifier("UN Reference Number", ref))
    entity.aliases.extend(extra_names)
    _add_aliases(entity, elem)
    _add_addresses(entity, elem)
    if is_person:
        _add_person_details(entity, elem)
    _finish(entity, elem)
    return entity


def _primary_name(elem: Element, is_person: bool) -> tuple[str, list[str]]:
    """The name, plus further names the UN packed into it.

    Entity names sometimes list two names separated by " ; "; the first is the
    name, the rest are aliases.  The original-script name is always an alias.
    """
    if is_person:
        name = " ".join(p for p in (_text(elem, t) for t in NAME_PARTS) if p)
        parts = [name] if name else []
    else:
        parts = [p.strip() for p in _text(elem, "FIRST_NAME").split(";") if p.strip()]
    original = _text(elem, "NAME_ORIGINAL_SCRIPT")
    if not parts and original:
        return original, []
    if not parts:
        return "", []
    return parts[0], _unique(parts[1:] + [original])


def _add_aliases(entity: Entity, elem: Element) -> None:
    for alias in elem.findall(f"{elem.tag}_ALIAS"):
        name = _text(alias, "ALIAS_NAME")
        if not name or name == entity.name:
            continue
        quality = _text(alias, "QUALITY").lower()
        if quality == "low":
            target = entity.weak_aliases
        elif quality == "f.k.a.":
            target = entity.former_names
        else:  # "good", "a.k.a." or unstated
            target = entity.aliases
        if name not in target:
            target.append(name)
        note = _text(alias, "NOTE")
        if note:
            entity.properties.setdefault("alias_notes", []).append(f"{name}: {note}")
        # Some aliases carry the birth details used under that name.
        birth_date = _text(alias, "DATE_OF_BIRTH")[:10]
        if birth_date:
            entity.birth_dates.append(birth_date)
        place = _join(_text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH"))
        if place:
            entity.birth_places.append(place)


def _add_addresses(entity: Entity, elem: Element) -> None:
    for node in elem.findall(f"{elem.tag}_ADDRESS"):
        address = _address(node)
        if address is not None and address not in entity.addresses:
            entity.addresses.append(address)


def _address(node: Element) -> Address | None:
    street, city = _text(node, "STREET"), _text(node, "CITY")
    state, postal = _text(node, "STATE_PROVINCE"), _text(node, "ZIP_CODE")
    country_name, note = _text(node, "COUNTRY"), _text(node, "NOTE")
    full = _join(street, city, state, postal, country_name)
    if not full:
        return None
    if note:  # "as of June 2016" and the like: the reviewer needs it
        full = f"{full} ({note})"
    return Address(
        full=full,
        street=street,
        city=city,
        state=state,
        postal_code=postal,
        country=country_code(country_name),
    )


def _add_person_details(entity: Entity, elem: Element) -> None:
    for node in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        dates, note = _birth_dates(node)
        entity.birth_dates.extend(dates)
        if _text(node, "TYPE_OF_DATE") == "APPROXIMATELY":
            entity.properties.setdefault("approximate_birth_dates", []).extend(dates)
        if note:
            entity.properties.setdefault("birth_date_notes", []).append(note)
    for node in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = _join(*(_text(node, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")))
        if place:
            entity.birth_places.append(place)
    nationalities = _values(elem, "NATIONALITY")
    entity.nationalities = _codes(entity, nationalities, "unresolved_nationalities")
    for node in elem.findall("INDIVIDUAL_DOCUMENT"):
        _add_document(entity, node)


def _birth_dates(node: Element) -> tuple[list[str], str]:
    """ISO dates (possibly partial) of one date-of-birth element, and its note."""
    kind = _text(node, "TYPE_OF_DATE")
    note = _text(node, "NOTE")
    if kind == "BETWEEN":
        start, end = _text(node, "FROM_YEAR"), _text(node, "TO_YEAR")
        if start.isdecimal() and end.isdecimal() and int(start) <= int(end):
            return [str(y) for y in range(int(start), int(end) + 1)], note
        return _unique([start, end]), note
    date = _text(node, "DATE")[:10] or _text(node, "YEAR")
    months = _note_months(note)
    if months and len(date) in (0, 4):
        # "Nov. 1973", or YEAR 1958 with the note "Sep.": month precision.
        found = _YEAR.search(note)
        year = date or (found.group(1) if found else "")
        if year:
            return [f"{year}-{m:02d}" for m in months], ""
    return ([date] if date else []), note


def _note_months(note: str) -> list[int]:
    """Months named in a short month-year note; none for prose or other calendars."""
    if not note or "hijri" in note.lower() or len(note) > 40:
        return []
    return _unique_ints(_MONTHS[m.group(1).lower()] for m in _MONTH.finditer(note))


def _unique_ints(values: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(values))


def _add_document(entity: Entity, node: Element) -> None:
    kind = _text(node, "TYPE_OF_DOCUMENT")
    kind = _DOCUMENT_TYPES.get(kind.lower(), kind) or "Document"
    number = _text(node, "NUMBER")
    note = _document_note(node)
    if not number:
        # The UN sometimes gives the number only in prose; keep it readable.
        if note:
            entity.properties.setdefault("document_notes", []).append(f"{kind}: {note}")
        return
    country = country_code(_text(node, "ISSUING_COUNTRY") or _text(node, "COUNTRY_OF_ISSUE"))
    identifier = Identifier(kind, number, country, note)
    if identifier not in entity.identifiers:
        entity.identifiers.append(identifier)


def _document_note(node: Element) -> str:
    issued = _join(_text(node, "DATE_OF_ISSUE"), _text(node, "CITY_OF_ISSUE"))
    parts = [_text(node, "TYPE_OF_DOCUMENT2"), f"issued {issued}" if issued else "", _text(node, "NOTE")]
    return "; ".join(p for p in parts if p)


def _finish(entity: Entity, elem: Element) -> None:
    """Countries from addresses, bookkeeping properties, de-duplication."""
    address_countries = [a.country for a in entity.addresses if a.country]
    entity.countries = _unique(address_countries)
    entity.birth_dates = _unique(entity.birth_dates)
    entity.birth_places = _unique(entity.birth_places)
    entity.titles = _unique(entity.titles)
    entity.aliases = [a for a in _unique(entity.aliases) if a != entity.name]
    updated = _values(elem, "LAST_DAY_UPDATED")
    if updated:
        entity.properties["last_updated"] = updated
    data_id = _text(elem, "DATAID")
    if data_id:
        entity.properties["dataid"] = [data_id]


def _codes(entity: Entity, names: list[str], unresolved_key: str) -> list[str]:
    codes = []
    for name in names:
        code = country_code(name)
        if code:
            codes.append(code)
        else:
            entity.properties.setdefault(unresolved_key, []).append(name)
    return _unique(codes)


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)
