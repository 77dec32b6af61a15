"""Parser for the Remarks column of OFAC's legacy CSV files.

OFAC packs most of an entry's details into one free-text cell of
semicolon-separated segments::

    DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; Gender Male;
    Passport 123456 (Russia) expires 01 Jan 2020; a.k.a. 'BNC'; Linked To: X.

This module turns the segments it understands into structured values and
leaves the rest alone.  It is a pure function of the text: it never raises on
odd input, it just reports what it could not place in ``unparsed``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from partyscreen.model import Identifier
from partyscreen.normalize.countries import country_code


@dataclass
class ParsedRemarks:
    birth_dates: list[str] = field(default_factory=list)  # ISO, possibly partial
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # ISO alpha-2
    citizenships: list[str] = field(default_factory=list)  # ISO alpha-2
    gender: str = ""  # "male" / "female" (FollowTheMoney values)
    identifiers: list[Identifier] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)  # a.k.a. 'NAME'
    former_names: list[str] = field(default_factory=list)  # f.k.a. 'NAME'
    linked_to: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)

    def add_property(self, key: str, value: str) -> None:
        value = value.strip()
        if value:
            _append_unique(self.properties.setdefault(key, []), value)


def parse_remarks(text: str) -> ParsedRemarks:
    """Parse an OFAC Remarks cell (already joined with its sdn_comments continuation)."""
    result = ParsedRemarks()
    for segment in split_segments(text or ""):
        try:
            handled = _handle(segment, result)
        except Exception:  # noqa: BLE001 - odd text must never break an import
            handled = False
        if not handled:
            result.unparsed.append(segment)
    return result


# --------------------------------------------------------------------------
# Segmenting


# Company-name endings that keep their full stop: the final "." of a Remarks
# cell is OFAC's sentence end, except when the last name ends in one of these
# (OFAC writes "Linked To: PETROLEOS DE VENEZUELA, S.A." with a single dot).
_ABBREVIATIONS = {
    "CO", "LTD", "INC", "CORP", "BHD", "PVT", "CIA", "SDN", "LTDA", "JR", "SR",
    "ST", "CV", "SA", "AG", "NV", "BV", "LLC", "PLC", "DR", "MR", "GEN", "COL",
}


def split_segments(text: str) -> list[str]:
    """The cell's segments, stripped, without OFAC's closing full stop."""
    segments = [s.strip() for s in text.split(";")]
    segments = [s for s in segments if s and s != "-0-"]
    if segments:
        segments[-1] = _strip_final_stop(segments[-1])
    return [s for s in segments if s]


def _strip_final_stop(segment: str) -> str:
    if not segment.endswith("."):
        return segment
    if _LINKED_TO.match(segment) and _ends_with_abbreviation(segment[:-1]):
        return segment  # the stop belongs to the linked name
    return segment[:-1].rstrip()


def _ends_with_abbreviation(text: str) -> bool:
    words = text.split()
    last = words[-1].strip(",") if words else ""
    return (
        "." in last  # S.A., C.V., U.S.
        or last.upper() in _ABBREVIATIONS
        or (len(last) == 1 and last.isalpha())  # an initial: "SMITH, John A."
    )


# --------------------------------------------------------------------------
# Dates

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_LINKED_TO = re.compile(r"^(?:alt\.?\s+)?Linked To:", re.I)
_DATE = re.compile(r"^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{4})$")
_MAX_YEAR_SPAN = 30  # wider "DOB x to y" ranges keep only their ends


def parse_date(text: str) -> str:
    """``07 Oct 1952`` -> ``1952-10-07``, ``Oct 1952`` -> ``1952-10``, ``1952``; else ``""``."""
    match = _DATE.match(text.strip())
    if not match:
        return ""
    day, month_name, year = match.groups()
    if month_name is None:
        return "" if day else year
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return ""
    if day is None:
        return f"{year}-{month:02d}"
    if not 1 <= int(day) <= 31:
        return ""
    return f"{year}-{month:02d}-{int(day):02d}"


def parse_birth_dates(text: str) -> list[str]:
    """Dates of a DOB segment: a date, ``circa`` a date, or a range ``x to y`` / ``x-y``."""
    value = re.sub(r"^(?:circa|approximately|about)\s+", "", text.strip(), flags=re.I)
    parts = re.split(r"\s+to\s+|(?<=\d{4})\s*-\s*(?=\d{4}$)", value, maxsplit=1)
    if len(parts) == 1:
        date = parse_date(value)
        return [date] if date else []
    start, end = parse_date(parts[0]), parse_date(parts[1])
    if not start or not end:
        return [d for d in (start, end) if d]
    return _expand_range(start, end)


def _expand_range(start: str, end: str) -> list[str]:
    # A range of whole years ("1955 to 1958", "01 Jan 1960 to 31 Dec 1962")
    # becomes every year in it, so matching on any of them works.
    if _is_year_start(start) and _is_year_end(end):
        first, last = int(start[:4]), int(end[:4])
        if 0 <= last - first <= _MAX_YEAR_SPAN:
            return [str(y) for y in range(first, last + 1)]
        return [str(first), str(last)]
    if start[:7] == end[:7] and start[8:] in ("", "01") and end[8:] in ("", "28", "29", "30", "31"):
        return [start[:7]]  # "01 Mar 1960 to 31 Mar 1960": the month
    return [start, end] if start != end else [start]


def _is_year_start(date: str) -> bool:
    return len(date) == 4 or date[4:] in ("-01", "-01-01")


def _is_year_end(date: str) -> bool:
    return len(date) == 4 or date[4:] in ("-12", "-12-31")


# --------------------------------------------------------------------------
# Identifiers

# Identifier types that do not end in a telling word (No., Number, ID, ...).
_KNOWN_ID_TYPES = (
    "C.U.R.P.", "R.F.C.", "RFC", "SWIFT/BIC", "ISIN", "D.N.I.", "BIK (RU)",
    "Credencial electoral", "Cartilla de Servicio Militar Nacional", "US FEIN",
    "SSN", "I.F.E.", "C.U.I.T.", "C.U.I.P.", "C.U.I.", "RTN", "NIT", "C.I.F.",
    "N.I.T.", "VisaNumberID", "Numero de Identidad", "Aircraft Mode S Transponder Code",
    "Aircraft Construction Number (also called L/N or S/N or F/N)", "D-U-N-S Number",
    "UN/LOCODE", "Equity Ticker", "MMSI", "Matricula Mercantil No", "RUC",
    "Numero Unico de Identificacao Tributaria (NUIT)", "Aircraft Serial Identification",
    "Vessel Registration Identification",
)
_KNOWN_ID = re.compile(
    r"^(?P<type>" + "|".join(re.escape(t) for t in sorted(_KNOWN_ID_TYPES, key=len, reverse=True))
    + r")(?=[\s:#])[\s:#]*(?P<rest>\S.*)$"
)
# "<words without digits> <No.|Number|ID|...> [(ABBR)] <value with a digit>":
# greedy, so "National ID No. 1234" gives the type "National ID No.".
_GENERIC_ID = re.compile(
    r"^(?P<type>(?=[A-Za-z])[^\d;:]{0,70}\b(?:No\.?|Number|number|ID|Code|Card|Passport"
    r"|License|Licence|Document|Certificate|CAN|Permit)(?:\s*\([A-Za-z/ ]+\))?)"
    r"[\s:#]+(?P<rest>(?=.*\d)\S.*)$"
)
# Issue and expiry dates end an identifier segment; kept as its note.
_ID_DATES = re.compile(r"\s(?:issued|expires|valid until)\b", re.I)
_ID_PAREN = re.compile(r"\(([^()]*)\)$")


def parse_identifier(segment: str) -> Identifier | None:
    """``Passport 123456 (Russia) expires 01 Jan 2020`` -> Identifier; None if not an id."""
    match = _KNOWN_ID.match(segment) or _GENERIC_ID.match(segment)
    if not match:
        return None
    id_type = " ".join(match.group("type").split())
    value, country, note = _split_id_tail(match.group("rest"))
    if not value or not any(c.isalnum() for c in value):
        return None
    return Identifier(type=id_type, value=value, country=country, note=note)


def _split_id_tail(rest: str) -> tuple[str, str, str]:
    """``123456 (Russia) expires 01 Jan 2020`` -> value, country code, note."""
    # Plain string steps, no nested regex quantifiers: odd text must not
    # make the parser backtrack for minutes.
    notes: list[str] = []
    dates = _ID_DATES.search(rest)
    if dates:
        notes.append(rest[dates.start():].strip())
        rest = rest[: dates.start()]
    rest = rest.strip()
    country = ""
    paren = _ID_PAREN.search(rest)
    if paren:
        inner = paren.group(1).strip()
        country = country_code(inner)
        if not country:
            notes.insert(0, f"({inner})")  # not a country: keep it, as a note
        rest = rest[: paren.start()]
    return rest.strip().strip(","), country, "; ".join(notes)


# --------------------------------------------------------------------------
# Segment handlers: (pattern, handler) tried in order; a handler returns False
# when the segment looked right but its value did not parse.

Handler = Callable[[re.Match[str], ParsedRemarks], bool]


def _dob(m: re.Match[str], r: ParsedRemarks) -> bool:
    dates = parse_birth_dates(m["v"])
    for d in dates:
        _append_unique(r.birth_dates, d)
    return bool(dates)


def _pob(m: re.Match[str], r: ParsedRemarks) -> bool:
    _append_unique(r.birth_places, m["v"].strip())
    return True


def _country_list(attr: str) -> Handler:
    def handle(m: re.Match[str], r: ParsedRemarks) -> bool:
        code = country_code(m["v"])
        if code:
            _append_unique(getattr(r, attr), code)
        return bool(code)

    return handle


def _gender(m: re.Match[str], r: ParsedRemarks) -> bool:
    r.gender = m["v"].lower()
    return True


def _quoted_name(m: re.Match[str], r: ParsedRemarks) -> bool:
    name = " ".join(m["v"].split())
    target = r.former_names if m["kind"].lower() == "f" else r.weak_aliases
    _append_unique(target, name)
    return bool(name)


def _linked_to(m: re.Match[str], r: ParsedRemarks) -> bool:
    _append_unique(r.linked_to, " ".join(m["v"].split()))
    return True


def _prop(key: str, as_country: bool = False, as_date: bool = False) -> Handler:
    def handle(m: re.Match[str], r: ParsedRemarks) -> bool:
        value = m["v"].strip()
        if as_country:
            value = country_code(value)  # "None Identified" and the like: nothing
        elif as_date:
            value = parse_date(value) or value
        r.add_property(key, value)
        return bool(value)

    return handle


def _id_and_prop(id_type: str, key: str) -> Handler:
    def handle(m: re.Match[str], r: ParsedRemarks) -> bool:
        _append_unique(r.identifiers, Identifier(type=id_type, value=m["v"]))
        r.add_property(key, m["v"])
        return True

    return handle


def _sanctions_info(m: re.Match[str], r: ParsedRemarks) -> bool:
    # Directives, secondary-sanctions flags, CAATSA/IFCA menus, CMIC dates:
    # what a decision rule may need, kept verbatim.
    r.add_property("sanctionsInfo", m.string)
    return True


def _crypto(m: re.Match[str], r: ParsedRemarks) -> bool:
    ident = Identifier(type=f"Digital Currency Address - {m['cur']}", value=m["v"])
    _append_unique(r.identifiers, ident)
    return True


def _tail_number(m: re.Match[str], r: ParsedRemarks) -> bool:
    id_type = "Previous Aircraft Tail Number" if m["prev"] else "Aircraft Tail Number"
    _append_unique(r.identifiers, Identifier(type=id_type, value=m["v"].strip()))
    return True


_HANDLERS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"^DOB:?\s+(?P<v>.+)$", re.I), _dob),
    (re.compile(r"^POB:?\s+(?P<v>.+)$", re.I), _pob),
    (re.compile(r"^nationality:?\s+(?:possibly\s+)?(?P<v>.+)$"), _country_list("nationalities")),
    (re.compile(r"^citizen:?\s+(?:possibly\s+)?(?P<v>.+)$"), _country_list("citizenships")),
    (re.compile(r"^Gender:?\s+(?P<v>Male|Female)$", re.I), _gender),
    (re.compile(r"^(?P<kind>[afn])\.k\.a\.?,?\s*'(?P<v>.+)'$", re.I), _quoted_name),
    (re.compile(r"^Linked To:\s*(?P<v>.+)$", re.I), _linked_to),
    (re.compile(r"^Website:?\s+(?P<v>\S+)$", re.I), _prop("website")),
    (re.compile(r"^Email(?: Address)?:?\s+(?P<v>\S+@\S+)$", re.I), _prop("email")),
    (re.compile(r"^(?:Phone(?: Number)?|Telephone(?: No\.| Number)?):?\s*(?P<v>[\d+(].*)$", re.I),
     _prop("phone")),
    (re.compile(r"^Fax(?: No\.| Number)?:?\s*(?P<v>[\d+(].*)$", re.I), _prop("fax")),
    (re.compile(r"^.*\bIMO\s*\(?(?P<v>\d{7})\)?$"), _id_and_prop("IMO", "imoNumber")),
    (re.compile(r"^Vessel Registration Identification:?\s+(?P<v>\d{7})$", re.I),
     _id_and_prop("IMO", "imoNumber")),
    (re.compile(r"^International Maritime Organization No\.?\s*\(?(?P<v>\d{7})\)?$", re.I),
     _id_and_prop("IMO", "imoNumber")),
    (re.compile(r"^MMSI:?\s+(?P<v>\d{9})$"), _id_and_prop("MMSI", "mmsi")),
    (re.compile(r"^Digital Currency Address - (?P<cur>\S+)\s+(?P<v>\S+)$"), _crypto),
    (re.compile(r"^Organization Established Date:?\s+(?P<v>.+)$", re.I),
     _prop("incorporationDate", as_date=True)),
    (re.compile(r"^Organization Type:?\s+(?P<v>.+)$", re.I), _prop("organizationType")),
    (re.compile(r"^Issuer Name:?\s+(?P<v>.+)$", re.I), _prop("issuerName")),
    (re.compile(r"^Target Type:?\s+(?P<v>.+)$", re.I), _prop("targetType")),
    (re.compile(r"^Nationality of Registration:?\s+(?P<v>.+)$", re.I),
     _prop("jurisdiction", as_country=True)),
    (re.compile(r"^(?:Other|Former) Vessel Flag:?\s+(?P<v>.+)$", re.I),
     _prop("pastFlags", as_country=True)),
    (re.compile(r"^Other Vessel Call Sign:?\s+(?P<v>.+)$", re.I), _prop("callSign")),
    (re.compile(r"^Other Vessel Type:?\s+(?P<v>.+)$", re.I), _prop("vesselType")),
    (re.compile(r"^Vessel Year of Build:?\s+(?P<v>.+)$", re.I), _prop("buildDate")),
    (re.compile(r"^Aircraft Model:?\s+(?P<v>.+)$", re.I), _prop("model")),
    (re.compile(r"^Aircraft Operator:?\s+(?P<v>.+)$", re.I), _prop("operator")),
    (re.compile(r"^Aircraft Manufacture Date:?\s+(?P<v>.+)$", re.I),
     _prop("buildDate", as_date=True)),
    (re.compile(r"^(?P<prev>Previous )?Aircraft Tail Number:?\s+(?P<v>.+)$", re.I), _tail_number),
    (re.compile(
        r"^(?:Additional Sanctions Information -|Secondary sanctions risk:"
        r"|Transactions Prohibited For Persons|Executive Order \d+ (?:Directive|information)"
        r"|CAATSA Section \d+|IFCA Determination|Listing Date \(|Effective Date \("
        r"|Purchase/Sales For Divestment Date|Sanctions Information)", re.I),
     _sanctions_info),
]


_ALT_PREFIX = re.compile(r"^alt\.?\s+", re.I)


def _handle(segment: str, result: ParsedRemarks) -> bool:
    # "alt. DOB 1960" only says the value is an alternative one.
    text = _ALT_PREFIX.sub("", segment)
    for pattern, handler in _HANDLERS:
        match = pattern.match(text)
        if match:
            return handler(match, result)
    ident = parse_identifier(text)
    if ident is None:
        return False
    _append_unique(result.identifiers, ident)
    return True


def _append_unique(items: list, value: object) -> None:
    if value and value not in items:
        items.append(value)
