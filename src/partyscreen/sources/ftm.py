"""FollowTheMoney entities as JSON lines (OpenSanctions exports, yente datasets).

Each line is ``{"id", "schema", "properties", "caption", "datasets", ...}``.
The importer reads every file first, because FtM spreads one listing over
several lines: a ``Sanction`` carries the program and listing date of the
entity it points at, an ``Address`` entity holds the address text, and a
``Passport`` the holder's passport number.  Those are folded into the holder;
interval schemata (Ownership, Directorship, ...) become relations.

Choices worth knowing:

* References are resolved through ids *and* ``referents`` (OpenSanctions
  merges source entities and keeps their old ids there).
* An ``Address`` entity that some entity points at is folded into it; one that
  nothing points at is a listing of its own (``Address`` schema).
* Entities that are not sanction targets themselves (``"target": false``, e.g.
  companies owned by a listed person) are imported too - relations need both
  ends - and carry ``properties["target"] = ["false"]`` so screening can tell.
* Volatile export metadata (``first_seen``, ``last_seen``, ``last_change``)
  is dropped so that re-importing an unchanged entity gives the same content hash.
* Schemata the model has no place for (Payment, Note, ...) are skipped and
  counted in ``ParseResult.skipped``; they are not row problems.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partyscreen.model import Address, Entity, Identifier, Relation, make_id
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    head_text,
    open_text,
)

FEED = "ftm"
LIST_CODE = "FTM"

#: FtM schema -> model schema, for entities that become list entries.
ENTITY_SCHEMATA = {
    "Person": "Person",
    "Company": "Company",
    "Organization": "Organization",
    "PublicBody": "Organization",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
    "Address": "Address",
}

#: Relation schema -> (subject property, object property).
RELATION_ENDS = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Succession": ("predecessor", "successor"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"),
    "UnknownLink": ("subject", "object"),
}

#: Identity documents folded into their holder's identifiers.
DOCUMENT_SCHEMATA = ("Passport", "Identification")

#: Properties that are identifiers; the property name is the identifier type.
IDENTIFIER_PROPS = (
    "idNumber", "registrationNumber", "taxNumber", "vatCode", "innCode", "ogrnCode",
    "kppCode", "okpoCode", "leiCode", "swiftBic", "dunsCode", "permId", "uniqueEntityId",
    "bikCode", "npiCode", "cikCode", "ricCode", "passportNumber", "socialSecurityNumber",
    "imoNumber", "mmsi", "callSign", "icaoCode", "serialNumber",
)

# Properties read into model fields; everything else goes to ``properties``.
_CONSUMED = {
    "name", "alias", "weakAlias", "previousName", "abbreviation", "country",
    "jurisdiction", "nationality", "citizenship", "birthDate", "birthPlace", "gender",
    "address", "addressEntity", "sourceUrl", "notes", "title", "position", *IDENTIFIER_PROPS,
}
# Parts of an Address entity, read into the model's Address.
_ADDRESS_PROPS = {"full", "street", "city", "region", "state", "postalCode", "country"}
_METADATA = ("datasets", "referents")  # top-level keys worth keeping
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


@dataclass
class _Line:
    file: Path
    line: int
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def schema(self) -> str:
        return self.data["schema"]

    def values(self, prop: str) -> list[str]:
        raw = self.data["properties"].get(prop) or []
        values = raw if isinstance(raw, list) else [raw]
        return _unique(str(v).strip() for v in values)

    def first(self, prop: str) -> str:
        values = self.values(prop)
        return values[0] if values else ""


# --------------------------------------------------------------------------- format


def sniff(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_looks_like_ftm(head_text(p)) for p in paths)


def _looks_like_ftm(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    return first.startswith("{") and '"schema"' in first and '"properties"' in first


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    lines = [line for path in paths for line in _load(path, problems)]
    builder = _Builder(lines, options.feed or FEED, options.list_code or LIST_CODE, problems)
    return builder.build()


FORMAT = Format(
    name="ftm",
    default_feed=FEED,
    description="FollowTheMoney entities, JSON lines (OpenSanctions, yente)",
    sniff=sniff,
    read=read,
)


# --------------------------------------------------------------------------- loading


def _load(path: Path, problems: Problems) -> Iterable[_Line]:
    with open_text(path, problems) as fh:
        seen_content = False
        for number, raw in enumerate(fh, start=1):
            text = raw.strip()
            if not text:
                continue
            if not seen_content and not text.startswith("{"):
                # The first line decides the format; later bad lines are row problems.
                raise FormatError(f"{path.name}: not FollowTheMoney JSON lines (line {number})")
            seen_content = True
            line = _parse_line(path, number, text, problems)
            if line is not None:
                yield line


def _parse_line(path: Path, number: int, text: str, problems: Problems) -> _Line | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.report(path, number, f"not valid JSON: {exc.msg}")
        return None
    except RecursionError:  # the decoder recurses per level of nesting
        problems.report(path, number, "JSON nested too deeply to read")
        return None
    if not isinstance(data, dict):
        problems.report(path, number, "not a JSON object")
        return None
    missing = [k for k in ("id", "schema") if not data.get(k)]
    if missing:
        problems.report(path, number, f"entity without {' and '.join(missing)}")
        return None
    if not isinstance(data.get("properties", {}), dict):
        problems.report(path, number, "properties is not an object")
        return None
    # The builder indexes, joins and strips these: another JSON type is a bad line, not a crash.
    wrong = [k for k in ("id", "schema", "caption") if k in data and data[k] is not None and not isinstance(data[k], str)]
    wrong += [
        k for k in _METADATA
        if data.get(k) is not None and not (isinstance(data[k], list) and all(isinstance(v, str) for v in data[k]))
    ]
    if wrong:
        problems.report(path, number, f"{' and '.join(wrong)} of the wrong JSON type (FtM has strings and lists of strings)")
        return None
    data.setdefault("properties", {})
    return _Line(path, number, data)


# --------------------------------------------------------------------------- building


class _Builder:
    """Turns the loaded lines into entities and relations."""

    def __init__(self, lines: list[_Line], feed: str, list_code: str, problems: Problems):
        self.lines = lines
        self.feed = feed
        self.list_code = list_code
        self.problems = problems
        self.skipped: Counter[str] = Counter()
        self.by_ref = _index(lines)
        self.sanctions: dict[str, list[_Line]] = defaultdict(list)
        self.documents: dict[str, list[_Line]] = defaultdict(list)
        self.referenced_addresses: set[str] = set()

    def build(self) -> ParseResult:
        self._collect_attachments()
        records: list[Entity | Relation] = []
        seen: set[str] = set()
        for line in self.lines:
            record = self._record(line)
            if record is None:
                continue
            if record.id in seen:
                self.problems.report(line.file, line.line, f"duplicate id {line.id}")
                continue
            seen.add(record.id)
            records.append(record)
        return ParseResult(records=records, skipped=dict(self.skipped))

    def _collect_attachments(self) -> None:
        """Group sanctions and documents by the entity they describe."""
        for line in self.lines:
            if line.schema == "Sanction":
                self._attach(line, "entity", self.sanctions)
            elif line.schema in DOCUMENT_SCHEMATA:
                self._attach(line, "holder", self.documents)
            for ref in line.values("addressEntity"):
                target = self.by_ref.get(ref)
                if target is not None:
                    self.referenced_addresses.add(target.id)

    def _attach(self, line: _Line, prop: str, into: dict[str, list[_Line]]) -> None:
        target = self._resolve(line.first(prop))
        if target is None:
            self.skipped[f"{line.schema} (no {prop} in file)"] += 1
        else:
            into[target].append(line)

    def _resolve(self, ref: str) -> str | None:
        line = self.by_ref.get(ref)
        return line.id if line is not None else None

    def _record(self, line: _Line) -> Entity | Relation | None:
        schema = line.schema
        if schema in RELATION_ENDS:
            return self._relation(line)
        if schema == "Address" and line.id in self.referenced_addresses:
            return None  # folded into the entities that point at it
        if schema in ENTITY_SCHEMATA:
            return self._entity(line)
        if schema not in ("Sanction", *DOCUMENT_SCHEMATA):
            self.skipped[schema] += 1
        return None

    # ----------------------------------------------------------------- entities

    def _entity(self, line: _Line) -> Entity | None:
        names = line.values("name")
        if line.schema == "Address":
            names = [line.data.get("caption") or _address_text(line)]
        name = (line.data.get("caption") or "").strip() or (names[0] if names else "")
        if not name:
            self.problems.report(line.file, line.line, f"{line.schema} {line.id} has no name")
            return None
        entity = Entity(
            id=make_id(self.feed, line.id),
            schema=ENTITY_SCHEMATA[line.schema],
            list_code=self.list_code,
            name=name,
            aliases=_without(names + line.values("alias"), name),
            weak_aliases=_without(line.values("weakAlias") + line.values("abbreviation"), name),
            former_names=_without(line.values("previousName"), name),
            countries=_upper(line.values("country") + line.values("jurisdiction")),
            nationalities=_upper(line.values("nationality")),
            citizenships=_upper(line.values("citizenship")),
            birth_dates=line.values("birthDate"),
            birth_places=line.values("birthPlace"),
            gender=line.first("gender").lower(),
            titles=_unique(line.values("title") + line.values("position")),
            remarks="\n".join(line.values("notes")),
            source_urls=line.values("sourceUrl"),
            identifiers=_identifiers(line),
            addresses=self._addresses(line),
            properties=_properties(line),
        )
        self._add_sanctions(entity, line.id)
        self._add_documents(entity, line.id)
        return entity

    def _addresses(self, line: _Line) -> list[Address]:
        if line.schema == "Address":
            return [_address_of(line)]
        out = [Address(full=text) for text in line.values("address")]
        for ref in line.values("addressEntity"):
            target = self.by_ref.get(ref)
            if target is not None and target.schema == "Address":
                out.append(_address_of(target))
        return _dedupe_addresses(out)

    def _add_sanctions(self, entity: Entity, ftm_id: str) -> None:
        sanctions = self.sanctions.get(ftm_id, [])
        if not sanctions:
            return
        for sanction in sanctions:
            entity.programs.extend(sanction.values("program"))
            entity.source_urls.extend(sanction.values("sourceUrl"))
            for prop, key in (("authority", "sanction_authority"), ("reason", "sanction_reason")):
                entity.properties.setdefault(key, []).extend(sanction.values(prop))
        entity.programs = _unique(entity.programs)
        entity.source_urls = _unique(entity.source_urls)
        for key in ("sanction_authority", "sanction_reason"):
            entity.properties[key] = _unique(entity.properties[key])
            if not entity.properties[key]:
                del entity.properties[key]
        starts = [s.first("listingDate") or s.first("startDate") for s in sanctions]
        entity.listed_on = min((d for d in starts if d), default="")
        ends = [s.first("endDate") for s in sanctions]
        # Still listed while any sanction is open-ended.
        entity.end_date = max(ends) if all(ends) else ""

    def _add_documents(self, entity: Entity, ftm_id: str) -> None:
        for doc in self.documents.get(ftm_id, []):
            number = doc.first("number")
            if not number:
                self.skipped[f"{doc.schema} (no number)"] += 1
                continue
            note = "; ".join(
                p for p in (doc.first("authority"), _span(doc.first("startDate"), doc.first("endDate"))) if p
            )
            identifier = Identifier(
                type=doc.first("type") or doc.schema,
                value=number,
                country=doc.first("country").upper(),
                note=note,
            )
            if identifier not in entity.identifiers:
                entity.identifiers.append(identifier)

    # ----------------------------------------------------------------- relations

    def _relation(self, line: _Line) -> Relation | None:
        subject_prop, object_prop = RELATION_ENDS[line.schema]
        subject, obj = line.first(subject_prop), line.first(object_prop)
        if not subject or not obj:
            self.problems.report(
                line.file, line.line, f"{line.schema} {line.id} lacks {subject_prop} or {object_prop}"
            )
            return None
        props = {
            k: line.values(k)
            for k in line.data["properties"]
            if k not in (subject_prop, object_prop, "percentage", "startDate", "endDate", "sourceUrl")
        }
        return Relation(
            id=make_id(self.feed, line.id),
            schema=line.schema,
            subject_id=make_id(self.feed, self._resolve(subject) or subject),
            object_id=make_id(self.feed, self._resolve(obj) or obj),
            percent=_percent(line.values("percentage")),
            start_date=min(line.values("startDate"), default=""),
            end_date=max(line.values("endDate"), default=""),
            source=line.first("sourceUrl") or ",".join(line.data.get("datasets") or []),
            properties={k: v for k, v in props.items() if v},
        )


# --------------------------------------------------------------------------- helpers


def _index(lines: list[_Line]) -> dict[str, _Line]:
    """Every id and referent -> its line; own ids win over referents."""
    index: dict[str, _Line] = {}
    for line in lines:
        for ref in line.data.get("referents") or []:
            index.setdefault(str(ref), line)
    for line in lines:
        index[line.id] = line
    return index


def _identifiers(line: _Line) -> list[Identifier]:
    out: list[Identifier] = []
    for prop in IDENTIFIER_PROPS:
        for value in line.values(prop):
            identifier = Identifier(type=prop, value=value)
            if identifier not in out:
                out.append(identifier)
    return out


def _properties(line: _Line) -> dict[str, list[str]]:
    consumed = _CONSUMED | _ADDRESS_PROPS if line.schema == "Address" else _CONSUMED
    props = {k: line.values(k) for k in line.data["properties"] if k not in consumed}
    for key in _METADATA:
        values = line.data.get(key)
        if values:
            props[key] = _unique(str(v) for v in values)
    if "target" in line.data:
        props["target"] = [str(bool(line.data["target"])).lower()]
    return {k: v for k, v in props.items() if v}


def _address_of(line: _Line) -> Address:
    return Address(
        full=_address_text(line),
        street=line.first("street"),
        city=line.first("city"),
        state=line.first("region") or line.first("state"),
        postal_code=line.first("postalCode"),
        country=line.first("country").upper(),
    )


def _address_text(line: _Line) -> str:
    full = line.first("full")
    if full:
        return full
    parts = [line.first(p) for p in ("street", "city", "region", "postalCode", "country")]
    return ", ".join(p for p in parts if p) or line.data.get("caption", "")


def _dedupe_addresses(addresses: list[Address]) -> list[Address]:
    seen: dict[str, Address] = {}
    for address in addresses:
        key = " ".join(address.text().casefold().split())
        # Prefer the structured version of an address given twice.
        if key not in seen or (address.country and not seen[key].country):
            seen[key] = address
    return list(seen.values())


def _percent(values: list[str]) -> float | None:
    for value in values:
        match = _PERCENT.match(value)
        if match:
            return float(match.group(1).replace(",", "."))
    return None


def _span(start: str, end: str) -> str:
    if start and end:
        return f"valid {start} to {end}"
    if start:
        return f"issued {start}"
    return f"expires {end}" if end else ""


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _upper(values: Iterable[str]) -> list[str]:
    return _unique(v.upper() for v in values)


def _without(values: Iterable[str], name: str) -> list[str]:
    return [v for v in _unique(values) if v != name]
