"""Merging two parsed rows that describe the same listed party.

Some publisher files repeat an entry, for instance once per country it is
listed under.  Such rows share an id; rather than reporting a duplicate, the
importers fold them into one entity holding the union of what each row says.
"""

from __future__ import annotations

from partyscreen.model import Entity

_LIST_FIELDS = (
    "aliases", "weak_aliases", "former_names", "addresses", "countries", "identifiers",
    "birth_dates", "birth_places", "nationalities", "citizenships", "titles", "programs",
    "federal_register_notices", "source_urls",
)
_TEXT_FIELDS = ("gender", "listed_on", "end_date", "license_requirement", "license_policy", "remarks")


def merge_entity(into: Entity, other: Entity) -> None:
    """Add ``other``'s names, addresses, countries, ... to ``into`` (in place)."""
    for name in _LIST_FIELDS:
        values = getattr(into, name)
        for value in getattr(other, name):
            if value not in values:
                values.append(value)
    # A differently spelt primary name of the same id is worth keeping as an alias.
    if other.name != into.name and other.name not in into.aliases:
        into.aliases.append(other.name)
    into.aliases = [a for a in into.aliases if a != into.name]
    for name in _TEXT_FIELDS:
        mine, theirs = getattr(into, name), getattr(other, name)
        if not mine:
            setattr(into, name, theirs)
        elif theirs and theirs != mine and name == "remarks" and theirs not in mine:
            setattr(into, name, f"{mine}\n{theirs}")
    for key, values in other.properties.items():
        merged = into.properties.setdefault(key, [])
        merged.extend(v for v in values if v not in merged)
