"""OFAC legacy CSV files: the SDN list and the consolidated (non-SDN) list.

Each list is a set of headerless CSV files joined on ``ent_num``:

====================  ==========================  =======================================
SDN set               consolidated set            columns
====================  ==========================  =======================================
``sdn.csv``           ``cons_prim.csv``           ent_num, SDN_Name, SDN_Type, Program,
                                                  Title, Call_Sign, Vess_type, Tonnage,
                                                  GRT, Vess_flag, Vess_owner, Remarks
``add.csv``           ``cons_add.csv``            ent_num, Add_num, Address,
                                                  City/State/Province/Postal Code,
                                                  Country, Add_remarks
``alt.csv``           ``cons_alt.csv``            ent_num, alt_num, alt_type, alt_name,
                                                  alt_remarks
``sdn_comments.csv``  ``cons_comments.csv``       ent_num, Remarks_Extended
====================  ==========================  =======================================

``-0-`` means empty, cells carry trailing blanks, and files end with a 0x1A
(DOS end-of-file) line.  ``Remarks_Extended`` continues a Remarks cell that
OFAC cut at its length limit, so it is appended without a separator.

A file's role comes from its name when it is one of the names above, and
otherwise from its content (the column count of its rows), so a renamed copy
such as ``sdn_2024-05-03.csv.gz`` still works.  Companion rows whose
``ent_num`` has no primary row (an ``alt.csv`` newer than the ``sdn.csv``)
are skipped and counted, not reported: they are expected when files of
different dates are combined.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partyscreen.model import Address, Entity, make_id
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    csv_records,
    head_text,
    logical_name,
    open_text,
)
from partyscreen.sources.ofac_remarks import ParsedRemarks, parse_remarks

log = logging.getLogger(__name__)

SDN, CONS = "sdn", "cons"  # the two file sets
PRIMARY, ADDRESS, ALIAS, COMMENTS = "primary", "address", "alias", "comments"

_COLUMNS = {PRIMARY: 12, ADDRESS: 6, ALIAS: 5, COMMENTS: 2}
_ROLE_BY_COLUMNS = {n: role for role, n in _COLUMNS.items()}
_KNOWN_NAMES = {
    "sdn.csv": (SDN, PRIMARY),
    "add.csv": (SDN, ADDRESS),
    "alt.csv": (SDN, ALIAS),
    "sdn_comments.csv": (SDN, COMMENTS),
    "cons_prim.csv": (CONS, PRIMARY),
    "cons_add.csv": (CONS, ADDRESS),
    "cons_alt.csv": (CONS, ALIAS),
    "cons_comments.csv": (CONS, COMMENTS),
}
_PRIMARY_NAME = {SDN: "sdn.csv", CONS: "cons_prim.csv"}
_DEFAULT_FEED = {SDN: "ofac-sdn", CONS: "ofac-cons"}

_SCHEMA_BY_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
_ALIAS_KIND = {"aka": "aliases", "nka": "aliases", "fka": "former_names"}
_VESSEL_COLUMNS = (  # (column index in the primary file, property)
    (5, "callSign"),
    (6, "vesselType"),
    (7, "tonnage"),
    (8, "grossRegisteredTonnage"),
    (9, "flag"),
    (10, "owner"),
)
_TEXT_COLUMN = {PRIMARY: 11, COMMENTS: 1}
_REMARKS_LIMIT = 1000  # OFAC cuts Remarks here and continues them in *_comments.csv
_DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
_SNIFF_BYTES = 16384
_EMPTY = "empty"  # content role of a file without data rows


# --------------------------------------------------------------------------
# Public entry points


@dataclass
class ReadStats:
    """What a read saw, beyond the records: rows per role and skipped orphans."""

    rows: Counter[str] = field(default_factory=Counter)
    #: role -> companion rows without a primary row; "stale comments" counts
    #: comments that do not continue their entry's (uncut) remarks.
    orphans: Counter[str] = field(default_factory=Counter)


def read_set(
    paths: Sequence[Path], variant: str, options: ImportOptions, problems: Problems
) -> tuple[ParseResult, ReadStats]:
    """Read one OFAC file set (``SDN`` or ``CONS``); also returns the read statistics."""
    files = _files_for(paths, variant)
    feed = options.feed or _DEFAULT_FEED[variant]
    stats = ReadStats()
    builder = _Builder(variant, feed, options.list_code, stats)
    for role in (PRIMARY, COMMENTS, ALIAS, ADDRESS):  # primary rows first: the rest join on them
        for path in files[role]:
            for line, cells in _rows(path, role, problems):
                stats.rows[role] += 1
                builder.add(role, path, line, cells, problems)
    entities = builder.finish()
    if sum(stats.orphans.values()):
        log.info("%s: skipped companion rows without a primary row: %s", feed, dict(stats.orphans))
    return ParseResult(records=list(entities)), stats


def _read_sdn(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    return read_set(paths, SDN, options, problems)[0]


def _read_cons(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    return read_set(paths, CONS, options, problems)[0]


def _sniff_sdn(paths: Sequence[Path]) -> bool:
    return _sniff(paths, SDN)


def _sniff_cons(paths: Sequence[Path]) -> bool:
    return _sniff(paths, CONS)


FORMAT_SDN = Format(
    name="ofac-sdn",
    default_feed=_DEFAULT_FEED[SDN],
    description="OFAC SDN list, legacy CSV files (sdn.csv, add.csv, alt.csv, sdn_comments.csv)",
    sniff=_sniff_sdn,
    read=_read_sdn,
)

FORMAT_CONS = Format(
    name="ofac-cons",
    default_feed=_DEFAULT_FEED[CONS],
    description=(
        "OFAC consolidated non-SDN lists (SSI, FSE, NS-MBS, CMIC, PLC, CAPTA), legacy CSV "
        "files (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv)"
    ),
    sniff=_sniff_cons,
    read=_read_cons,
)

#: The formats of this module, for a registry that collects them.
FORMATS = (FORMAT_SDN, FORMAT_CONS)


# --------------------------------------------------------------------------
# Consolidated list: the list code comes from the programs

# Every program of cons_prim.csv 2025-12, checked against the trade.gov CSL
# "source" of the same entries (2023-11).  A rule word matches a program that
# is the word or starts with "<word>-" (FSE-IR, NS-CMIC-EO13959); earlier rules
# win, so an SSI entry that also has RUSSIA-EO14024 stays SSI.
_CONS_LIST_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PLC", ("NS-PLC", "PLC")),
    ("CMIC", ("CMIC", "NS-CMIC")),
    ("FSE", ("FSE",)),
    ("CAP", ("561-RELATED", "CAPTA", "CAP")),
    ("SSI", ("UKRAINE-EO13662", "SSI")),
    ("MBS", ("NS-MBS", "MBS", "RUSSIA-EO14024", "CAATSA - RUSSIA", "BURMA-EO14014",
             "ILLICIT-DRUGS-EO14059", "NS-ISA")),
)


def cons_list_code(programs: Sequence[str]) -> str:
    """CSL list code of a consolidated-list entry; the raw program when unknown."""
    upper = [p.upper() for p in programs]
    for code, words in _CONS_LIST_RULES:
        if any(p == w or p.startswith(f"{w}-") for p in upper for w in words):
            return code
    return programs[0] if programs else ""


def split_programs(cell: str) -> list[str]:
    """``SDGT] [IRGC`` (OFAC strips the outer brackets) -> ``["SDGT", "IRGC"]``."""
    parts = cell.replace("[", "]").split("]")
    seen: dict[str, None] = {}
    for part in parts:
        part = " ".join(part.split())
        if part:
            seen.setdefault(part, None)
    return list(seen)


# --------------------------------------------------------------------------
# Finding the files and their roles


def _expand(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Files to consider, each with whether it was named explicitly (not found in a folder)."""
    out: list[tuple[Path, bool]] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += [(p, False) for p in sorted(path.iterdir()) if p.is_file()
                    and not p.name.startswith(".")]
        else:
            out.append((path, True))
    return out


def _classify(path: Path) -> tuple[str, str] | None:
    """(set, role) of a file: by its name if known, else by its content; None if not OFAC."""
    name = logical_name(path)
    if name in _KNOWN_NAMES:
        variant, role = _KNOWN_NAMES[name]
        if _content_role(path) not in (role, _EMPTY):
            return None
        return variant, role
    content = _content_role(path, by_content_only=True)
    if content in (None, _EMPTY):
        return None
    return (CONS if name.startswith("cons") else SDN), content


def _content_role(path: Path, by_content_only: bool = False) -> str | None:
    """Role told by the first rows: their column count, with a numeric ent_num first.

    With ``by_content_only`` (a file whose name says nothing) the test is
    stricter, so that some other headed or numbered CSV is not taken for an
    OFAC file: the first row must be a data row, and a primary file must use
    OFAC's ``-0-`` placeholder.
    """
    try:
        text = head_text(path, _SNIFF_BYTES)
    except (OSError, EOFError):
        return None
    if text.lstrip()[:1] in ("<", "{", "["):  # XML, JSON: not worth parsing
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
    # head_text decodes; a character cut at the end becomes U+FFFD (3 bytes).
    truncated = len(text.encode("utf-8")) >= _SNIFF_BYTES - 3
    if truncated and records:
        records.pop()  # may be cut off mid-row
    records = [r for r in records if not _is_filler(r)][:20]
    if not records:
        return None if truncated else _EMPTY
    votes = Counter(
        _ROLE_BY_COLUMNS[len(r)]
        for r in records
        if len(r) in _ROLE_BY_COLUMNS and r[0].strip().isdigit()
    )
    if not votes:
        return None
    role, count = votes.most_common(1)[0]
    if count * 2 <= len(records):  # most rows must agree: one odd row does not decide
        return None
    if by_content_only:
        first = records[0]
        if _ROLE_BY_COLUMNS.get(len(first)) != role or not first[0].strip().isdigit():
            return None  # e.g. a header row: OFAC files have none
        if role == PRIMARY and "-0-" not in text:
            return None
    return role


def _files_for(paths: Sequence[Path], variant: str) -> dict[str, list[Path]]:
    """The set's files by role; FormatError when they do not make an OFAC ``variant`` set."""
    files: dict[str, list[Path]] = {role: [] for role in _COLUMNS}
    for path, explicit in _expand(paths):
        if not path.exists():
            raise FormatError(f"{path}: no such file")
        kind = _classify(path)
        if kind is None:
            if explicit:
                raise FormatError(f"{path.name}: not an OFAC legacy CSV file{_expected(path)}")
            continue  # other files in a folder (README, ...) are not ours
        file_variant, role = kind
        if file_variant != variant:
            if explicit:
                raise FormatError(f"{path.name}: belongs to the OFAC {file_variant} set")
            continue
        files[role].append(path)
    primary = files[PRIMARY]
    if not primary:
        raise FormatError(f"no OFAC {_PRIMARY_NAME[variant]} (primary names file) given")
    if len(primary) > 1:
        names = ", ".join(p.name for p in primary)
        raise FormatError(f"more than one OFAC primary names file: {names}")
    if _content_role(primary[0]) == _EMPTY:
        raise FormatError(f"{primary[0].name}: no entries (refusing to load an empty list)")
    return files


def _expected(path: Path) -> str:
    known = _KNOWN_NAMES.get(logical_name(path))
    if known is None:
        return ""
    return f" (its name asks for {_COLUMNS[known[1]]} columns with a numeric ent_num first)"


def _sniff(paths: Sequence[Path], variant: str) -> bool:
    try:
        _files_for(paths, variant)
    except (FormatError, OSError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------
# Reading rows


def _rows(path: Path, role: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """(line, cleaned cells) of each well-formed row; bad rows go to ``problems``."""
    expected = _COLUMNS[role]
    try:
        fh = open_text(path, problems)
    except OSError as exc:  # unreadable (a damaged .gz is refused by open_text itself)
        raise FormatError(f"{path.name}: cannot be read: {exc}") from exc
    with fh:
        for start, record in csv_records(csv.reader(fh), path, problems):
            if _is_filler(record):
                continue
            if len(record) != expected:
                problems.report(path, start, f"expected {expected} columns, found {len(record)}")
                continue
            cells = _clean_row(record, role)
            if not cells[0].isdigit():
                problems.report(path, start, f"ent_num {cells[0]!r} is not a number")
                continue
            cells[0] = str(int(cells[0]))  # "0123" and "123" must join
            yield start, cells


def _is_filler(record: list[str]) -> bool:
    # Blank lines and the trailing 0x1A (DOS end-of-file) line.
    return not "".join(record).strip(" \t\r\n\x1a")


def _clean_row(record: list[str], role: str) -> list[str]:
    cells = ["" if c.strip() == "-0-" else c.strip() for c in record]
    # Remarks are cut into 1000-character pieces that may start or end with a
    # blank, and are rejoined later: keep those cells unstripped.
    text_column = _TEXT_COLUMN.get(role)
    if text_column is not None and cells[text_column]:
        cells[text_column] = record[text_column]
    return cells


# --------------------------------------------------------------------------
# Building entities


class _Builder:
    """Joins the rows of one file set into entities, keyed by ent_num."""

    def __init__(self, variant: str, feed: str, list_code: str, stats: ReadStats) -> None:
        self.variant = variant
        self.feed = feed
        self.list_code = list_code
        self.stats = stats
        self.entities: dict[str, Entity] = {}
        self.remarks: dict[str, str] = {}

    def add(self, role: str, path: Path, line: int, cells: list[str], problems: Problems) -> None:
        ent_num = cells[0]
        if role == PRIMARY:
            self._add_primary(path, line, cells, problems)
            return
        entity = self.entities.get(ent_num)
        if entity is None:
            self.stats.orphans[role] += 1
            return
        if role == COMMENTS:
            self._add_comment(ent_num, cells[1])
        elif role == ALIAS:
            self._add_alias(entity, path, line, cells, problems)
        elif role == ADDRESS:
            self._add_address(entity, cells)

    def _add_primary(self, path: Path, line: int, cells: list[str], problems: Problems) -> None:
        ent_num, name, sdn_type, program_cell, title = cells[:5]
        if not name:
            problems.report(path, line, f"ent_num {ent_num}: empty name")
            return
        if ent_num in self.entities:
            problems.report(path, line, f"duplicate ent_num {ent_num}")
            return
        programs = split_programs(program_cell)
        entity = Entity(
            id=make_id(self.feed, ent_num),
            # No type ("-0-") is OFAC's "entity": an organisation, never a person.
            schema=_SCHEMA_BY_TYPE.get(sdn_type.lower(), "Organization"),
            list_code=self._list_code(programs),
            name=name,
            programs=programs,
            titles=[title] if title else [],
            source_urls=[_DETAILS_URL.format(ent_num)],
        )
        for index, key in _VESSEL_COLUMNS:
            if cells[index]:
                value = _flag(cells[index]) if key == "flag" else cells[index]
                if value:
                    entity.properties[key] = [value]
        self.entities[ent_num] = entity
        self.remarks[ent_num] = cells[11]

    def _add_comment(self, ent_num: str, text: str) -> None:
        remarks = self.remarks[ent_num]
        if len(remarks) < _REMARKS_LIMIT:
            # Not a cut-off cell: the comment belongs to another version of the
            # entry (files of different dates), and would garble the remarks.
            self.stats.orphans["stale comments"] += 1
            return
        self.remarks[ent_num] = remarks + text

    def _list_code(self, programs: list[str]) -> str:
        if self.variant == CONS:
            return cons_list_code(programs) or self.list_code or "CONS"
        return self.list_code or "SDN"

    def _add_alias(
        self, entity: Entity, path: Path, line: int, cells: list[str], problems: Problems
    ) -> None:
        alt_type, alt_name = cells[2].lower(), " ".join(cells[3].split())
        if not alt_name:
            problems.report(path, line, f"ent_num {cells[0]}: empty alias")
            return
        # Unknown alias kinds are kept as aliases: better matched than lost.
        target = getattr(entity, _ALIAS_KIND.get(alt_type, "aliases"))
        if alt_name != entity.name and alt_name not in target:
            target.append(alt_name)

    def _add_address(self, entity: Entity, cells: list[str]) -> None:
        street, city, country_text, remarks = cells[2], cells[3], cells[4], cells[5]
        if not (street or city or country_text):
            return  # OFAC lists an all "-0-" address for many entries
        country = _address_country(country_text)
        full = ", ".join(p for p in (street, city, country_text) if p)
        if remarks:
            full += f" ({remarks})"
        address = Address(full=full, street=street, city=city, country=country)
        if address not in entity.addresses:
            entity.addresses.append(address)

    def finish(self) -> list[Entity]:
        names = {e.name for e in self.entities.values()}
        for ent_num, entity in self.entities.items():
            remarks = self.remarks[ent_num].strip()
            entity.remarks = remarks
            if remarks:
                _apply_remarks(entity, parse_remarks(remarks), names)
            entity.countries = _countries(entity)
        return list(self.entities.values())


def _flag(text: str) -> str:
    # ISO code like other country fields; unresolved names are kept as published,
    # except OFAC's placeholders for "no flag known".
    if text.lower() in ("none identified", "unknown", "undetermined"):
        return ""
    return country_code(text) or text


def _address_country(text: str) -> str:
    # "Region: Crimea" and the like name a region; resolve what follows.
    if text.lower().startswith("region:"):
        text = text.split(":", 1)[1]
    return country_code(text)


def _apply_remarks(entity: Entity, parsed: ParsedRemarks, names: set[str]) -> None:
    entity.birth_dates = parsed.birth_dates
    entity.birth_places = parsed.birth_places
    entity.nationalities = parsed.nationalities
    entity.citizenships = parsed.citizenships
    if entity.schema == "Person":
        entity.gender = parsed.gender
    entity.identifiers = parsed.identifiers
    strong = {entity.name, *entity.aliases}
    entity.weak_aliases = [n for n in parsed.weak_aliases if n not in strong]
    for name in parsed.former_names:
        if name not in entity.former_names:
            entity.former_names.append(name)
    for key, values in parsed.properties.items():
        current = entity.properties.setdefault(key, [])
        current += [v for v in values if v not in current]
    if parsed.linked_to:
        entity.properties["linkedTo"] = [_resolve_linked(n, names) for n in parsed.linked_to]


def _resolve_linked(name: str, names: set[str]) -> str:
    # The remarks parser cannot always tell OFAC's closing full stop from one
    # that ends the name ("... CO."); the list's own names settle it.
    if name in names:
        return name
    if f"{name}." in names:
        return f"{name}."
    if name.endswith(".") and name[:-1] in names:
        return name[:-1]
    return name


def _countries(entity: Entity) -> list[str]:
    seen: dict[str, None] = {}
    for code in [a.country for a in entity.addresses] + entity.nationalities + entity.citizenships:
        if code:
            seen.setdefault(code, None)
    return list(seen)
