"""Entity List entries as BIS prints them in the Federal Register.

An entry is prose::

    Name, a.k.a., the following two aliases: —Alias One; and —Alias Two.
    27 Taiping Road, Haidian District, Beijing, 100850, China; and 20 East
    Street, Fengtai District, Beijing, China.

:func:`parse_entry` turns one such text into a :class:`ParsedEntry`; the
importer reads either a JSON file (``{"entries": [{"name", "raw"}]}`` or a list
of such objects) or a plain-text file with one entry per paragraph.

How the prose is cut (heuristics, tested on 60 real entries):

* Name lists start at "a.k.a./f.k.a./and the following N alias(es):" and hold
  items marked by an em dash preceded by a space ("—Alias"; a dash inside a
  name, "Science—Shenyang", is not a marker).  "(a.k.a., X)" inside an item is
  a further alias.  "Subordinate institution X, a.k.a. ..." sections (used for
  academies) give names that are covered by the same entry.
* The last name of the last list ends at the first ". " after which an
  address starts; BIS sometimes omits that period ("—12th Institute 51 Yong
  Ding Road"), so a house number followed by a street word also ends it.
* Without a name list, the name ends where the first comma-separated part
  looks like an address: it starts with a number, "No.", "#", "P.O. Box",
  "Room", "Building", ... or ends with a street or area word (Road, Street,
  District, Zone, City, Province, ...).  A ``name`` given with the entry (the
  JSON ``name`` field) is used instead when the text starts with it.
* Addresses are separated by ";" (usually "; and").  An address's country is
  its last part without postal codes, resolved by ``country_code`` (which also
  knows large cities such as Beijing or Moscow); addresses without one take
  the entry's country when the entry's other addresses agree on one, or the
  country heading of a text file ("Country: China", or a short line such as
  "CHINA").
* The entry text is kept in ``properties["entry_text"]`` so a reviewer can
  check the cut.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partyscreen.model import Address, Entity, fallback_native_id, make_id
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import (
    Format,
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    head_text,
    logical_name,
    open_text,
)
from partyscreen.sources.merging import merge_entity

FEED = "bis-el-fr"
LIST_CODE = "EL"

_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}

# "a.k.a., the following two aliases:", "f.k.a. the following one alias:",
# "and the following three aliases:", "..., and thirteen subordinate institutions:"
_INTRO = re.compile(
    r",?\s*(?:(?P<kind>[af])\.k\.a\.?,?\s*|and\s+)?the\s+following\s+(?P<count>\w+)\s+"
    r"(?:aliases|alias|names|name)(?:,?\s+and\s+\w+\s+subordinate\s+institutions?)?\s*:\s*",
    re.IGNORECASE,
)
_ITEM = re.compile(r"(?:^|(?<=\s))—")
_NESTED_AKA = re.compile(r"\s*\(a\.k\.a\.?,?\s*(?P<alias>.+)\)$", re.IGNORECASE)
_SUBORDINATE = re.compile(r"(?<=[.;])\s+Subordinate\s+institutions?\s+", re.IGNORECASE)
_SEE_NOTE = re.compile(r"\s*\((?P<note>See [^()]*)\)\.?\s*$", re.IGNORECASE)
_PERIOD = re.compile(r"\.\s+")
# "51 Yong Ding Road" glued to a name: a house number, words, a street word.
_GLUED_ADDRESS = re.compile(
    r"\s(?=(?:No\.\s*|#)?\d[\d\-/]*\s+[A-Z][^,;]*?\b(?:Road|Rd|Street|St|Avenue|Ave|Lane)\b)"
)
_ADDRESS_START = re.compile(
    r"^(?:No\.?\s*\d|No\.\s|#\s*\d|\d|P\.?\s?O\.?\s*Box|(?:Room|Rm|Building|Bldg|Floor|Block|Unit"
    r"|Suite|Flat|Apt|Office|Level|Plot)\b)",
    re.IGNORECASE,
)
_ADDRESS_END = re.compile(
    r"\b(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Highway|Hwy|Drive|Alley|District"
    r"|Dist|Zone|Campus|Park|Town|City|Village|County|Province|Prefecture|Tower|Plaza|Square"
    r"|Lu|Jie|Dajie|Dadao|Hutong|Qu|Sheng|Shi)\.?$",
    re.IGNORECASE,
)
_ADDRESS_SPLIT = re.compile(r"\s*;\s*(?:and\b[\s;]*)?")
_ADDRESS_AND = re.compile(r",?\s+and\s+(?=(?:No\.?\s*|#)?\d+[\s,])")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)$")
_ABBREVIATIONS = {"co", "ltd", "inc", "corp", "llc", "jsc", "plc", "bros", "st"}
_SPACE = re.compile(r"\s+")


@dataclass
class ParsedEntry:
    """One Entity List entry, cut into its parts."""

    name: str
    aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    #: The N of "the following N aliases", summed over a.k.a. lists; None if not stated.
    stated_alias_count: int | None = None
    #: "Subordinate institution" sections: their names and aliases.
    subordinates: list[ParsedEntry] = field(default_factory=list)
    #: Parenthetical notes such as "See alternative address under United Kingdom."
    notes: list[str] = field(default_factory=list)

    def all_aliases(self) -> list[str]:
        """Aliases plus the names and aliases of subordinate institutions."""
        out = list(self.aliases)
        for sub in self.subordinates:
            out += [sub.name, *sub.aliases]
        return _unique(a for a in out if a != self.name)


@dataclass
class _Segment:
    name: str
    aliases: list[str]
    former_names: list[str]
    stated: int | None
    tail: str  # the text after the names: addresses


# --------------------------------------------------------------------------- parsing


def parse_entry(text: str, name_hint: str | None = None, country: str = "") -> ParsedEntry:
    """Cut one Entity List entry into name, aliases, former names and addresses.

    ``name_hint`` is the entry's name when the source gives it separately;
    ``country`` the ISO code of the country the entry is listed under, if known.
    """
    text = _SPACE.sub(" ", text).strip()
    notes: list[str] = []
    while (match := _SEE_NOTE.search(text)) is not None:
        notes.insert(0, match.group("note").strip())
        text = text[: match.start()].rstrip()
    segments = _SUBORDINATE.split(text)
    main = _parse_segment(segments[0], name_hint)
    subordinates = [_parse_segment(s) for s in segments[1:]]
    tails = [main.tail] + [s.tail for s in subordinates]
    addresses = [a for tail in tails for a in _parse_addresses(tail)]
    addresses, countries = _fill_countries(addresses, country)
    return ParsedEntry(
        name=main.name,
        aliases=main.aliases,
        former_names=main.former_names,
        addresses=addresses,
        countries=countries,
        stated_alias_count=main.stated,
        subordinates=[
            ParsedEntry(s.name, s.aliases, s.former_names, stated_alias_count=s.stated)
            for s in subordinates
        ],
        notes=notes,
    )


def _parse_segment(text: str, name_hint: str | None = None) -> _Segment:
    intros = list(_INTRO.finditer(text))
    if not intros:
        name, tail = _split_name_address(text, name_hint)
        return _Segment(name, [], [], None, tail)
    name = text[: intros[0].start()].strip(" ,;")
    aliases: list[str] = []
    former: list[str] = []
    stated: int | None = None
    tail = ""
    for i, intro in enumerate(intros):
        last = i == len(intros) - 1
        end = len(text) if last else intros[i + 1].start()
        names, rest = _split_names(text[intro.end() : end], last)
        if (intro.group("kind") or "").lower() == "f":
            former += names
        else:
            aliases += names
            count = _count(intro.group("count"))
            if count is not None:
                stated = (stated or 0) + count
        if last:
            tail = rest
    return _Segment(name, _unique(aliases), _unique(former), stated, tail)


def _split_names(body: str, last: bool) -> tuple[list[str], str]:
    """The names of one list, and (for the entry's last list) the text after them."""
    items = _ITEM.split(body)
    if len(items) == 1:  # a list without dashes: "...one alias: AMMS."
        items = ["", *body.split(";")]
    items = items[1:] if not items[0].strip() else items
    rest = ""
    if last and items:
        items[-1], rest = _end_of_last_name(items[-1])
    names: list[str] = []
    for item in items:
        names += _clean_names(item)
    return names, rest


def _end_of_last_name(item: str) -> tuple[str, str]:
    """Split the last listed name from the addresses that follow it."""
    item = item.strip()
    # Periods that can end a sentence: not "Co.", "Ltd.", "No." or an initial.
    periods = [
        m for m in _PERIOD.finditer(item)
        if _word_before(item, m.start()) not in _ABBREVIATIONS | {"no"}
        and len(_word_before(item, m.start())) > 1
    ]
    for match in periods:
        rest = item[match.end() :]
        if _looks_like_address(rest.split(",", 1)[0].split(";", 1)[0]):
            return item[: match.start() + 1], rest
    glued = _GLUED_ADDRESS.search(item)
    if glued is not None:
        return item[: glued.start()], item[glued.end() :]
    if periods:
        return item[: periods[0].start() + 1], item[periods[0].end() :]
    return item, ""


def _word_before(text: str, end: int) -> str:
    return text[:end].rsplit(" ", 1)[-1].lower()


def _clean_names(item: str) -> list[str]:
    """One list item -> its name, plus a nested "(a.k.a., X)" name if any."""
    item = item.strip()
    item = re.sub(r";\s*\([^()]*\)$", "", item)  # "; (all of preceding located in ...)"
    item = item.strip().rstrip(";,").strip()
    item = re.sub(r"[;,]?\s+and$", "", item).strip().rstrip(";,")
    names: list[str] = []
    nested = _NESTED_AKA.search(item)
    if nested is not None:
        item = item[: nested.start()]
        names.append(_strip_period(nested.group("alias")))
    return [n for n in [_strip_period(item), *names] if n]


def _strip_period(name: str) -> str:
    """Drop a sentence-ending period, but keep "Co." and "Ltd."."""
    name = name.strip()
    if name.endswith(".") and not name.endswith(".."):
        word = name[:-1].rsplit(" ", 1)[-1].lower()
        if word not in _ABBREVIATIONS:
            name = name[:-1]
    return name.strip()


def _split_name_address(text: str, name_hint: str | None) -> tuple[str, str]:
    """Where an entry without a name list stops naming and starts addressing."""
    if name_hint:
        hint = _SPACE.sub(" ", name_hint).strip()
        if hint and text.startswith(hint):
            return hint, text[len(hint) :].lstrip(" ,;.")
    parts = text.split(", ")
    for i in range(1, len(parts)):
        if _looks_like_address(parts[i]):
            return ", ".join(parts[:i]), ", ".join(parts[i:])
    # "Name, City, Country.": the last two parts.
    if len(parts) >= 3 and country_code(_strip_postal(parts[-1])):
        return ", ".join(parts[:-2]), ", ".join(parts[-2:])
    return text.rstrip("."), ""


def _looks_like_address(part: str) -> bool:
    part = _TRAILING_PAREN.sub("", part.strip()).strip()
    return bool(part) and bool(_ADDRESS_START.match(part) or _ADDRESS_END.search(part))


def _parse_addresses(tail: str) -> list[Address]:
    tail = tail.strip().strip(";").strip()
    out: list[Address] = []
    for chunk in _ADDRESS_SPLIT.split(tail):
        for piece in _ADDRESS_AND.split(chunk):
            text = re.sub(r"^and\s+", "", piece.strip()).rstrip(";,").strip()
            text = text[:-1].rstrip() if text.endswith(".") else text
            if text:
                out.append(Address(full=text, country=_address_country(text)))
    return out


def _address_country(text: str) -> str:
    """Country of the last part that is not just a postal code."""
    for part in reversed(text.split(",")):
        name = _strip_postal(part)
        if name:
            return country_code(name)
    return ""


def _strip_postal(part: str) -> str:
    return re.sub(r"\b\d[\d\-]*\b", "", part).strip(" .()")


def _fill_countries(addresses: list[Address], heading: str) -> tuple[list[Address], list[str]]:
    found = _unique(a.country for a in addresses)
    default = heading or (found[0] if len(found) == 1 else "")
    filled = [
        a if a.country or not default else Address(full=a.full, country=default)
        for a in addresses
    ]
    countries = _unique([a.country for a in filled] + [default])
    return filled, countries


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdecimal() else _NUMBERS.get(word)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# --------------------------------------------------------------------------- format


def sniff(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_sniff_one(p) for p in paths)


def _sniff_one(path: Path) -> bool:
    head = head_text(path)
    if logical_name(path).endswith(".json"):
        return '"entries"' in head and '"raw"' in head
    first_line = head.split("\n", 1)[0]
    return "\t" not in first_line and _INTRO.search(head) is not None


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or FEED
    list_code = options.list_code or LIST_CODE
    entities: dict[str, Entity] = {}
    for path in paths:
        for number, text, name_hint, country in _entries(path, problems):
            entity = _entity(text, name_hint, country, feed, list_code)
            if entity is None:
                problems.report(path, number, "entry without a name")
            elif entity.id in entities:
                # Listed again (e.g. under a second country): one entity.
                merge_entity(entities[entity.id], entity)
            else:
                entities[entity.id] = entity
    return ParseResult(records=list(entities.values()))


FORMAT = Format(
    name="federal-register",
    default_feed=FEED,
    description="Entity List entries as printed in the Federal Register (JSON or text)",
    sniff=sniff,
    read=read,
)


def _entity(text: str, name_hint: str | None, country: str, feed: str, list_code: str) -> Entity | None:
    parsed = parse_entry(text, name_hint, country)
    if not parsed.name:
        return None
    properties: dict[str, list[str]] = {"entry_text": [_SPACE.sub(" ", text).strip()]}
    if parsed.subordinates:
        properties["subordinate_institutions"] = [s.name for s in parsed.subordinates]
    stated = parsed.stated_alias_count
    if stated is not None and stated != len(parsed.aliases):
        # Publisher slips happen ("thirteen aliases" followed by fourteen).
        properties["alias_count_stated"] = [str(stated)]
    return Entity(
        id=make_id(feed, fallback_native_id(list_code, parsed.name, "")),
        schema="LegalEntity",
        list_code=list_code,
        name=parsed.name,
        aliases=parsed.all_aliases(),
        former_names=parsed.former_names,
        addresses=parsed.addresses,
        countries=parsed.countries,
        remarks=" ".join(parsed.notes),
        properties=properties,
    )


# --------------------------------------------------------------------------- input files


_Entry = tuple[int, str, str | None, str]  # number/line, text, name hint, country


def _entries(path: Path, problems: Problems) -> Iterable[_Entry]:
    with open_text(path, problems) as fh:
        content = fh.read()
    # A .json file is JSON even when damaged: read as prose it would load as one garbled entry.
    if logical_name(path).endswith(".json") or content.lstrip().startswith(("{", "[")):
        return _json_entries(path, content, problems)
    return _text_entries(content)


def _json_entries(path: Path, content: str, problems: Problems) -> list[_Entry]:
    try:
        data: Any = json.loads(content)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path.name}: not valid JSON: {exc}") from exc
    except RecursionError:  # the decoder recurses per level of nesting
        raise FormatError(f"{path.name}: not an entry file (JSON nested too deeply to read)") from None
    items = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise FormatError(f'{path.name}: expected {{"entries": [...]}} or a list of entries')
    heading = country_code(str(data.get("country", ""))) if isinstance(data, dict) else ""
    out: list[_Entry] = []
    for number, item in enumerate(items, start=1):
        # One bad entry is a row problem, as in the other formats: the rest still loads.
        if not isinstance(item, dict):
            problems.report(path, number, "entry is not an object; skipped")
            continue
        wrong = [k for k in ("raw", "text", "name") if item.get(k) is not None and not isinstance(item[k], str)]
        if wrong:
            problems.report(path, number, f"not a string: {', '.join(wrong)}; skipped")
            continue
        text = item.get("raw") or item.get("text") or item.get("name") or ""
        country = country_code(str(item.get("country", ""))) or heading
        out.append((number, text, item.get("name") or None, country))
    return out


def _text_entries(content: str) -> list[_Entry]:
    """Paragraphs; a short paragraph naming a country sets it for those below."""
    out: list[_Entry] = []
    country = ""
    for line_number, paragraph in _paragraphs(content):
        heading = _country_heading(paragraph)
        if heading:
            country = heading
        else:
            out.append((line_number, paragraph, None, country))
    return out


def _paragraphs(content: str) -> Iterable[tuple[int, str]]:
    start, lines = 0, []
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            start = start or number
            lines.append(line.strip())
        elif lines:
            yield start, " ".join(lines)
            start, lines = 0, []
    if lines:
        yield start, " ".join(lines)


def _country_heading(paragraph: str) -> str:
    text = paragraph.strip().rstrip(":")
    explicit = re.match(r"^country\s*:\s*(.+)$", text, re.IGNORECASE)
    if explicit:
        return country_code(explicit.group(1)) or country_code(explicit.group(1).split(",")[0])
    if len(text) > 40 or re.search(r"\d|—|a\.k\.a", text):
        return ""
    return country_code(text) or country_code(text.split(",")[0])
