"""The domain model: listed entities and the relationships between them.

Aligned with FollowTheMoney: an entity has a schema (Person, Company, ...), and
its names are split by how much weight they deserve in matching (primary name,
aliases, weak aliases, former names).  Everything a reviewer or the decision
engine needs from the publisher's entry is kept, so nothing has to be re-read
from the source file later.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date as _date
from typing import Any

#: Schemata an entity may have.  ``Address`` is for address-only entries
#: (the Entity List has had them since 2024).
ENTITY_SCHEMATA = (
    "Person",
    "Company",
    "Organization",
    "LegalEntity",
    "Vessel",
    "Aircraft",
    "Address",
)

#: Relationship schemata (FollowTheMoney names), stored for the evasion work.
RELATION_SCHEMATA = (
    "Ownership",
    "Directorship",
    "Succession",
    "Family",
    "Associate",
    "Membership",
    "Employment",
    "UnknownLink",
    # Evasion graph (partyscreen.graph); the FollowTheMoney names above cover
    # ownership, directorship and succession.
    "Control",  # controller -> controlled, without (known) ownership
    "Subsidiary",  # parent -> subsidiary (accounting consolidation; percentage often unknown)
    "Branch",  # head office -> branch or office (the same legal person)
    "Rename",  # former name -> current name of the same entity
    "SharedAddress",  # two parties at one address (symmetric)
    "Manufacture",  # maker -> product
)

#: The list codes of the U.S. Consolidated Screening List plus the UN list.
LIST_CODES = (
    "EL", "SDN", "DPL", "UVL", "MEU", "ISN", "DTC", "SSI",
    "FSE", "CMIC", "MBS", "CAP", "PLC", "UN",
)


@dataclass(frozen=True)
class Address:
    full: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case, or "" when unknown

    def text(self) -> str:
        """One line, as a reviewer would read it."""
        if self.full:
            return self.full
        parts = [self.street, self.city, self.state, self.postal_code, self.country]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str
    country: str = ""
    note: str = ""


@dataclass
class Entity:
    """One entry of a restricted-party list."""

    id: str  # "<feed>:<native id>", stable across imports
    schema: str
    list_code: str  # EL, SDN, ..., or a custom list name
    name: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)  # ISO, may be partial: 1952, 1952-10
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    gender: str = ""
    titles: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str = ""  # ISO date the entry took effect
    end_date: str = ""  # ISO date it expires or was removed, if published
    federal_register_notices: list[str] = field(default_factory=list)
    license_requirement: str = ""
    license_policy: str = ""
    remarks: str = ""
    source_urls: list[str] = field(default_factory=list)
    #: Anything else the publisher gives (vessel flag, call sign, ...).
    properties: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.schema not in ENTITY_SCHEMATA:
            raise ValueError(f"unknown entity schema {self.schema!r}")

    @property
    def feed(self) -> str:
        return self.id.split(":", 1)[0]

    def all_names(self) -> list[tuple[str, str]]:
        """Every name with its kind: ``name``, ``alias``, ``weak_alias``, ``former_name``."""
        out = [("name", self.name)] if self.name else []
        out += [("alias", n) for n in self.aliases]
        out += [("weak_alias", n) for n in self.weak_aliases]
        out += [("former_name", n) for n in self.former_names]
        return out

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        data = dict(data)
        data["addresses"] = [Address(**a) for a in data.get("addresses", [])]
        data["identifiers"] = [Identifier(**i) for i in data.get("identifiers", [])]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def content_hash(self) -> str:
        """Hash of the entry's content: changes when any published field changes."""
        return content_hash(self.to_dict())


@dataclass
class Relation:
    """A link between two entities (FollowTheMoney interval schemata)."""

    id: str  # "<feed>:<native id>"
    schema: str  # Ownership, Directorship, Succession, ...
    subject_id: str  # e.g. the owner / director / predecessor
    object_id: str  # e.g. the asset / organisation / successor
    percent: float | None = None
    start_date: str = ""
    end_date: str = ""
    source: str = ""
    properties: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.schema not in RELATION_SCHEMATA:
            raise ValueError(f"unknown relation schema {self.schema!r}")

    @property
    def feed(self) -> str:
        return self.id.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relation:
        known = {f.name for f in fields(cls)}
        # An end given only by name (properties["subject_name"]) has an empty id, which to_dict drops.
        return cls(**{"subject_id": "", "object_id": "", **{k: v for k, v in data.items() if k in known}})

    def content_hash(self) -> str:
        return content_hash(self.to_dict())


@dataclass
class Product:
    """A product in the catalogue: who makes it, under which brand and model, and its specification."""

    id: str  # "<feed>:<native id>"
    maker: str
    brand: str
    model: str
    source: str = ""
    specs: dict[str, str] = field(default_factory=dict)
    maker_id: str = ""  # an entity id when the catalogue names one
    schema: str = "Product"

    @property
    def feed(self) -> str:
        return self.id.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Product:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def content_hash(self) -> str:
        return content_hash(self.to_dict())


Record = Entity | Relation | Product


def record_from_dict(data: dict[str, Any]) -> Record:
    if data.get("schema") in RELATION_SCHEMATA:
        return Relation.from_dict(data)
    if data.get("schema") == "Product":
        return Product.from_dict(data)
    return Entity.from_dict(data)


def content_hash(data: dict[str, Any]) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    # Keeps stored JSON small and makes the content hash independent of
    # fields that were added to the model later with empty defaults.
    return {k: v for k, v in data.items() if v not in ("", None, [], {})}


_SPACE = re.compile(r"\s+")


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def is_date(text: str, partial: bool = False) -> bool:
    """``text`` is a date of the calendar written YYYY-MM-DD (with ``partial``, also YYYY or YYYY-MM):
    "1965-02-30" and "2020-13" are not, though they have the shape of one."""
    m = _ISO_DATE.match(text)
    if m is None or (m.group(3) is None and not partial):
        return False
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        _date(year, month, day)
    except ValueError:
        return False
    return True


def fallback_native_id(list_code: str, name: str, fr_notice: str = "") -> str:
    """A stable id for entries whose publisher gives none.

    Built from the list code, the normalised primary name and the Federal
    Register notice, so it survives re-imports and reordering of the file.
    """
    norm = unicodedata.normalize("NFKC", name).casefold()
    norm = _SPACE.sub(" ", norm).strip()
    fr = _SPACE.sub(" ", fr_notice).strip().casefold()
    digest = hashlib.sha1(f"{list_code}\x1f{norm}\x1f{fr}".encode("utf-8")).hexdigest()
    return digest[:16]


def make_id(feed: str, native_id: str) -> str:
    return f"{feed}:{native_id}"
