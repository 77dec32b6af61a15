"""GLEIF Level 1 (who is who) and Level 2 (who owns whom) records, CSV or JSON.

Level 1, the LEI-CDF golden copy: ``LEI``, ``Entity.LegalName``,
``Entity.OtherEntityNames.OtherEntityName.N`` with ``.type``
(``PREVIOUS_LEGAL_NAME``, ``TRADING_OR_OPERATING_NAME``, ...), the legal and
headquarters addresses, ``Entity.SuccessorEntity.N.SuccessorLEI``; in JSON the
golden-copy shape (``{"records": [{"LEI": {"$": ...}, "Entity": {...}}]}``) or
the API's (``{"data": [{"type": "lei-records", "attributes": {...}}]}``).
Each record becomes a graph party (an entity marked ``target: false``: a LEI
record is not a listing), a rename from each previous legal name, and a
succession to its successor.

Level 2, the relationship-record golden copy: ``Relationship.StartNode.NodeID``
(the child), ``Relationship.EndNode.NodeID`` (the parent),
``Relationship.RelationshipType`` (``IS_DIRECTLY_CONSOLIDATED_BY``,
``IS_ULTIMATELY_CONSOLIDATED_BY``, ``IS_INTERNATIONAL_BRANCH_OF``),
``Relationship.RelationshipStatus``, ``Relationship.Period.N.startDate/endDate/periodType``
and ``Relationship.Quantifiers.N.QuantifierAmount`` (a percentage when
``QuantifierUnits`` is ``PERCENTAGE``).  Consolidation is accounting control,
so a parent without a quantifier has an unknown percentage.  Relationship
types with no bearing on ownership (fund management) and inactive records
without an end date are skipped and counted.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from partyscreen.model import Address, Entity, Identifier, Record, Relation
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    csv_records,
    head_text,
    open_text,
    read_bytes,
)

L1_FEED = "gleif-l1"
L2_FEED = "gleif-l2"
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
L2_TYPES = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ("Subsidiary", "direct"),
    "IS_ULTIMATELY_CONSOLIDATED_BY": ("Subsidiary", "ultimate"),
    "IS_INTERNATIONAL_BRANCH_OF": ("Branch", ""),
}


# --------------------------------------------------------------------------- sniffing


def _kind(path: Path) -> str:
    head = head_text(path, 8192).lstrip()
    if head.startswith(("{", "[")):
        if '"RelationshipRecord"' in head or '"relationship-records"' in head or '"StartNode"' in head:
            return "l2"
        if '"LEI"' in head and '"Entity"' in head or '"lei-records"' in head:
            return "l1"
        return ""
    first = head.split("\n", 1)[0]
    if "Relationship.StartNode.NodeID" in first:
        return "l2"
    cells = [c.strip().strip('"') for c in first.split(",")]
    if cells[:1] == ["LEI"] and "Entity.LegalName" in cells:
        return "l1"
    return ""


def sniff_l1(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_kind(p) == "l1" for p in paths)


def sniff_l2(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_kind(p) == "l2" for p in paths)


# --------------------------------------------------------------------------- reading rows


def _flat(value: Any, prefix: str, out: dict[str, str]) -> None:
    """Golden-copy JSON to the CSV's dotted names: {"Entity": {"LegalName": {"$": "X"}}} -> Entity.LegalName = X."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$":
                out[prefix] = str(inner)
            elif key.startswith("@"):
                out[f"{prefix}.{key[1:].replace('xml:lang', 'xmllang')}"] = str(inner)
            else:
                _flat(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        for number, inner in enumerate(value, start=1):
            _flat(inner, f"{prefix}.{number}", out)
    elif value is not None:
        out[prefix] = str(value)


def _rows(path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
    head = head_text(path).lstrip()
    if not head.startswith(("{", "[")):
        with open_text(path, problems) as fh:
            reader = csv.DictReader(fh)
            try:
                reader.fieldnames  # read here: a header that cannot be read is no row to skip
            except csv.Error as exc:
                raise FormatError(f"{path.name}: header line cannot be read as CSV ({exc})") from None
            for line, row in csv_records(reader, path, problems):
                if None in row or None in row.values():  # DictReader's marks of too many and too few cells
                    count = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
                    problems.report(path, line, f"{count} fields where the header has {len(reader.fieldnames or [])}; skipped")
                    continue
                yield line, {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        return
    try:
        data = json.loads(read_bytes(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"{path.name}: not valid JSON ({exc})") from None
    except RecursionError:  # the decoder recurses per level of nesting
        raise FormatError(f"{path.name}: not a GLEIF file (JSON nested too deeply to read)") from None
    items = data if isinstance(data, list) else next((data[k] for k in ("records", "relations", "data") if isinstance(data, dict) and k in data), None)
    if not isinstance(items, list):
        raise FormatError(f"{path.name}: no records, relations or data array")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.report(path, number, "record is not an object")
            continue
        row: dict[str, str] = {}
        try:
            if "attributes" in item:  # the API shape
                _api_row(item, row)
            else:
                _flat(item.get("RelationshipRecord", item.get("LEIRecord", item)), "", row)
        except (AttributeError, TypeError) as exc:  # a value of another JSON type than the API's
            problems.report(path, number, f"malformed record ({exc}); skipped")
            continue
        yield number, row


def _api_row(item: dict[str, Any], row: dict[str, str]) -> None:
    attrs = item.get("attributes") or {}
    if "relationship" in attrs:
        rel = attrs["relationship"]
        row["Relationship.StartNode.NodeID"] = str((rel.get("startNode") or {}).get("id", ""))
        row["Relationship.EndNode.NodeID"] = str((rel.get("endNode") or {}).get("id", ""))
        row["Relationship.RelationshipType"] = str(rel.get("type", ""))
        row["Relationship.RelationshipStatus"] = str(rel.get("status", ""))
        for n, period in enumerate(rel.get("periods") or [], start=1):
            row[f"Relationship.Period.{n}.startDate"] = str(period.get("startDate") or "")
            row[f"Relationship.Period.{n}.endDate"] = str(period.get("endDate") or "")
            row[f"Relationship.Period.{n}.periodType"] = str(period.get("type") or "")
        for n, q in enumerate(rel.get("quantifiers") or [], start=1):
            row[f"Relationship.Quantifiers.{n}.QuantifierAmount"] = str(q.get("quantifierAmount") or "")
            row[f"Relationship.Quantifiers.{n}.QuantifierUnits"] = str(q.get("quantifierUnits") or "")
        return
    entity = attrs.get("entity") or {}
    row["LEI"] = str(attrs.get("lei") or item.get("id") or "")
    row["Entity.LegalName"] = str((entity.get("legalName") or {}).get("name", ""))
    for n, other in enumerate(entity.get("otherNames") or [], start=1):
        row[f"Entity.OtherEntityNames.OtherEntityName.{n}"] = str(other.get("name", ""))
        row[f"Entity.OtherEntityNames.OtherEntityName.{n}.type"] = str(other.get("type", ""))
    for kind, key in (("LegalAddress", "legalAddress"), ("HeadquartersAddress", "headquartersAddress")):
        address = entity.get(key) or {}
        lines = address.get("addressLines") or []
        row[f"Entity.{kind}.FirstAddressLine"] = str(lines[0]) if lines else ""
        for part, api in (("City", "city"), ("Region", "region"), ("Country", "country"), ("PostalCode", "postalCode")):
            row[f"Entity.{kind}.{part}"] = str(address.get(api) or "")
    row["Entity.EntityStatus"] = str(entity.get("status") or "")
    successor = entity.get("successorEntity") or {}
    if isinstance(successor, dict) and successor.get("lei"):
        row["Entity.SuccessorEntity.1.SuccessorLEI"] = str(successor["lei"])


def _numbered(row: dict[str, str], prefix: str, suffix: str = "") -> Iterator[tuple[int, str]]:
    n = 1
    while f"{prefix}.{n}{suffix}" in row:
        yield n, row[f"{prefix}.{n}{suffix}"]
        n += 1


def _address(row: dict[str, str], kind: str) -> Address | None:
    first = row.get(f"Entity.{kind}.FirstAddressLine", "")
    extra = [v for _, v in _numbered(row, f"Entity.{kind}.AdditionalAddressLine") if v]
    street = ", ".join([first, *extra]).strip(", ")
    address = Address(street=street, city=row.get(f"Entity.{kind}.City", ""), state=row.get(f"Entity.{kind}.Region", ""),
                      postal_code=row.get(f"Entity.{kind}.PostalCode", ""), country=row.get(f"Entity.{kind}.Country", "").upper()[:2])
    return address if address.text() else None


def _date(value: str) -> str:
    match = _DATE.match(value or "")
    return match.group(1) if match else ""


# --------------------------------------------------------------------------- level 1


def read_l1(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or L1_FEED
    records: list[Record] = []
    seen: set[str] = set()
    for path in paths:
        if _kind(path) != "l1":
            raise FormatError(f"{path.name}: not a GLEIF Level 1 (LEI record) file")
        for number, row in _rows(path, problems):
            lei = row.get("LEI", "").upper()
            name = row.get("Entity.LegalName", "")
            if not _LEI.match(lei):
                problems.report(path, number, f"LEI {lei!r} is not 20 letters and digits")
                continue
            if not name:
                problems.report(path, number, f"LEI {lei} has no legal name")
                continue
            if lei in seen:
                problems.report(path, number, f"duplicate LEI {lei}")
                continue
            seen.add(lei)
            for _, successor in _numbered(row, "Entity.SuccessorEntity", ".SuccessorLEI"):
                if successor and not _LEI.match(successor.upper()):  # else the succession would vanish unsaid
                    problems.report(path, number, f"successor LEI {successor!r} is not 20 letters and digits; left out")
            records += _l1_records(feed, lei, name, row)
    return ParseResult(records=records)


def _l1_records(feed: str, lei: str, name: str, row: dict[str, str]) -> list[Entity | Relation]:
    aliases: list[str] = []
    previous: list[str] = []
    for n, other in _numbered(row, "Entity.OtherEntityNames.OtherEntityName"):
        kind = row.get(f"Entity.OtherEntityNames.OtherEntityName.{n}.type", "")
        if other and other != name:
            (previous if kind == "PREVIOUS_LEGAL_NAME" else aliases).append(other)
    for _, other in _numbered(row, "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName"):
        if other and other != name:
            aliases.append(other)
    addresses = [a for a in (_address(row, "LegalAddress"), _address(row, "HeadquartersAddress")) if a]
    countries = list(dict.fromkeys(a.country for a in addresses if a.country))
    status = row.get("Entity.EntityStatus", "")
    entity = Entity(
        id=f"{feed}:{lei}", schema="Company", list_code="GLEIF", name=name,
        aliases=list(dict.fromkeys(aliases)), addresses=addresses, countries=countries,
        identifiers=[Identifier("LEI", lei)],
        properties={"target": ["false"], **({"entity_status": [status]} if status else {})},
    )
    out: list[Entity | Relation] = [entity]
    for old in dict.fromkeys(previous):
        out.append(Relation(id=f"{feed}:{lei}:former:{old}", schema="Rename", subject_id="", object_id=f"lei:{lei}",
                            source=f"GLEIF LEI record {lei} (previous legal name)", properties={"subject_name": [old]}))
    for _, successor in _numbered(row, "Entity.SuccessorEntity", ".SuccessorLEI"):
        if _LEI.match(successor.upper()):
            out.append(Relation(id=f"{feed}:{lei}:successor:{successor.upper()}", schema="Succession", subject_id=f"lei:{lei}",
                                object_id=f"lei:{successor.upper()}", source=f"GLEIF LEI record {lei} (successor entity)"))
    return out


# --------------------------------------------------------------------------- level 2


def read_l2(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or L2_FEED
    records: list[Record] = []
    skipped: Counter[str] = Counter()
    seen: set[str] = set()
    for path in paths:
        if _kind(path) != "l2":
            raise FormatError(f"{path.name}: not a GLEIF Level 2 (relationship record) file")
        for number, row in _rows(path, problems):
            child, parent = row.get("Relationship.StartNode.NodeID", "").upper(), row.get("Relationship.EndNode.NodeID", "").upper()
            kind = row.get("Relationship.RelationshipType", "")
            if not _LEI.match(child) or not _LEI.match(parent):
                problems.report(path, number, f"start and end nodes must be LEIs (got {child!r}, {parent!r})")
                continue
            if kind not in L2_TYPES:
                skipped[f"relationship type {kind or '(none)'}"] += 1
                continue
            start, end = _period(row)
            if row.get("Relationship.RelationshipStatus", "ACTIVE").upper() == "INACTIVE" and not end:
                skipped["inactive relationship without an end date"] += 1
                continue
            schema, level = L2_TYPES[kind]
            relation = Relation(
                id=f"{feed}:{child}:{kind}:{parent}", schema=schema, subject_id=f"lei:{parent}", object_id=f"lei:{child}",
                percent=_percent(row), start_date=start, end_date=end,
                source=f"GLEIF relationship record {child} {kind} {parent}" + (f" ({row['Registration.ValidationSources']})" if row.get("Registration.ValidationSources") else ""),
                properties={"level": [level]} if level else {},
            )
            if relation.id in seen:
                problems.report(path, number, f"duplicate relationship {child} {kind} {parent}")
                continue
            seen.add(relation.id)
            records.append(relation)
    return ParseResult(records=records, skipped=dict(skipped))


def _period(row: dict[str, str]) -> tuple[str, str]:
    best = ("", "")
    for n, start in _numbered(row, "Relationship.Period", ".startDate"):
        end = row.get(f"Relationship.Period.{n}.endDate", "")
        kind = row.get(f"Relationship.Period.{n}.periodType", "RELATIONSHIP_PERIOD")
        if kind == "RELATIONSHIP_PERIOD" or best == ("", ""):
            best = (_date(start), _date(end))
    return best


def _percent(row: dict[str, str]) -> float | None:
    for n, amount in _numbered(row, "Relationship.Quantifiers", ".QuantifierAmount"):
        if row.get(f"Relationship.Quantifiers.{n}.QuantifierUnits", "").upper() == "PERCENTAGE":
            try:
                value = float(amount)
            except ValueError:
                continue
            if 0 < value <= 100:
                return value
    return None


FORMAT_L1 = Format(name="gleif-l1", default_feed=L1_FEED, description="GLEIF Level 1 LEI records (golden copy CSV or JSON, API JSON)",
                   sniff=sniff_l1, read=read_l1)
FORMAT_L2 = Format(name="gleif-l2", default_feed=L2_FEED, description="GLEIF Level 2 relationship records (golden copy CSV or JSON, API JSON)",
                   sniff=sniff_l2, read=read_l2)
