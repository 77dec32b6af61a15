"""What is screened: one party as the caller describes it."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Batch input columns that mean something to the screener; any other column is carried through.
QUERY_COLUMNS = ("id", "name", "schema", "country", "birth_date", "address")


@dataclass(frozen=True)
class Query:
    name: str
    schema: str = ""  # "" = unknown: Person, Company, Organization, LegalEntity, Vessel, Aircraft
    countries: tuple[str, ...] = ()  # ISO alpha-2, upper case
    birth_dates: tuple[str, ...] = ()  # ISO, may be partial
    addresses: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # further names of the same party (from FtM queries)
    id: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases) if self.name else self.aliases
