"""A listed entity as screening needs it: its names analysed, and what the decision rules read.

The candidate index keeps one card per entity, so screening needs no database read.
A stored index holds tens of thousands of cards, and loading it means building them
all again: this module is compiled (setup.py), so that building a card costs a
fraction of what a frozen dataclass does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from partyscreen.normalize import NameForm


@dataclass(slots=True, unsafe_hash=True)
class Card:
    """What screening needs of a listed entity, kept in the index so no database read is needed."""

    id: Final[str]
    schema: Final[str]
    list_code: Final[str]
    name: Final[str]
    names: Final[tuple[tuple[str, NameForm], ...]]  # (kind, form) for every name form
    countries: Final[tuple[str, ...]]
    birth_dates: Final[tuple[str, ...]]
    identifiers: Final[tuple[str, ...]]
    listed_on: Final[str]
    end_date: Final[str]
    content_hash: Final[str]
    # What the decision rules read (decide/rules.py), so a hit's consequence needs no database read.
    license_requirement: Final[str]
    license_policy: Final[str]
    federal_register_notices: Final[tuple[str, ...]]
    programs: Final[tuple[str, ...]]

    # Not ``frozen=True``: a compiled class would run the generated ``__init__`` as
    # interpreted Python, setting each field through object.__setattr__.  The fields
    # are Final instead: type checking and the compiled class refuse a change.
    def __init__(
        self,
        id: str,
        schema: str,
        list_code: str,
        name: str,
        names: tuple[tuple[str, NameForm], ...],
        countries: tuple[str, ...],
        birth_dates: tuple[str, ...],
        identifiers: tuple[str, ...],
        listed_on: str,
        end_date: str,
        content_hash: str,
        license_requirement: str = "",
        license_policy: str = "",
        federal_register_notices: tuple[str, ...] = (),
        programs: tuple[str, ...] = (),
    ) -> None:
        self.id = id
        self.schema = schema
        self.list_code = list_code
        self.name = name
        self.names = names
        self.countries = countries
        self.birth_dates = birth_dates
        self.identifiers = identifiers
        self.listed_on = listed_on
        self.end_date = end_date
        self.content_hash = content_hash
        self.license_requirement = license_requirement
        self.license_policy = license_policy
        self.federal_register_notices = federal_register_notices
        self.programs = programs

    def __reduce__(self) -> tuple[type[Card], tuple[object, ...]]:
        return (Card, (self.id, self.schema, self.list_code, self.name, self.names, self.countries, self.birth_dates,
                       self.identifiers, self.listed_on, self.end_date, self.content_hash, self.license_requirement,
                       self.license_policy, self.federal_register_notices, self.programs))
