"""The simple relationship CSV: ``subject,relation,object,percent,start_date,end_date,source``.

Optional ``subject_country`` and ``object_country`` (ISO codes).  ``relation``
is one of ``owned_by``, ``controlled_by``, ``subsidiary_of``, ``director_of``,
``renamed_from`` (the subject is the same entity under its new name),
``successor_of``, ``shares_address_with`` and ``made_by`` (product -> maker).
Subjects and objects are names, entity ids (``feed:native-id``) or LEIs; names
are resolved against the lists and the graph when the graph is built, so a row
never depends on which list version is in force.

Every row needs a source: a link nobody can trace is not evidence.  A bad row
is reported with its line and the rest of the file loads.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from partyscreen.graph.dates import day_number, is_date
from partyscreen.graph.relations import BY_CSV, CSV_RELATIONS, OWNERSHIP, SUBSIDIARY
from partyscreen.model import Record, Relation
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import Format, FormatError, ImportOptions, ParseResult, Problems, csv_records, head_text, open_text

FEED = "relations"
COLUMNS = ("subject", "relation", "object", "percent", "start_date", "end_date", "source")
OPTIONAL = ("subject_country", "object_country")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*:\S+$")
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
MAX_CELL = 1000


def sniff(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_header_ok(head_text(p)) for p in paths)


def _header_ok(head: str) -> bool:
    lines = head.splitlines()
    first = next(csv.reader(lines[:1]), [])
    return {"subject", "relation", "object"} <= {c.strip().lower() for c in first}


def reference(cell: str) -> tuple[str, str]:
    """``(ref, name)``: an entity id or ``lei:...`` as ref, else the cell as a name."""
    value = cell.strip()
    if _LEI.match(value.upper()) and value.isalnum():
        return "lei:" + value.upper(), ""
    if _ID.match(value):
        return value, ""
    return "", value


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or FEED
    records: list[Record] = []
    seen: set[str] = set()
    for path in paths:
        with open_text(path, problems) as fh:
            reader = csv.DictReader(fh)
            try:
                header = [c.strip().lower() for c in reader.fieldnames or []]
            except csv.Error as exc:
                raise FormatError(f"{path.name}: header line cannot be read as CSV ({exc})") from None
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise FormatError(f"{path.name}: not a relationship CSV (missing columns: {', '.join(missing)})")
            reader.fieldnames = header
            for line, row in csv_records(reader, path, problems):
                relation = _row(row, feed, path, line, problems)
                if relation is None:
                    continue
                if relation.id in seen:
                    problems.report(path, line, "duplicate row (same subject, relation, object and start date)")
                    continue
                seen.add(relation.id)
                records.append(relation)
    return ParseResult(records=records)


def _row(row: dict[str, str], feed: str, path: Path, line: int, problems: Problems) -> Relation | None:
    cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if None in row:
        problems.report(path, line, "more cells than columns")
        return None
    too_long = [k for k, v in cells.items() if len(v) > MAX_CELL]
    if too_long:
        problems.report(path, line, f"cell {too_long[0]!r} is longer than {MAX_CELL} characters")
        return None
    word = cells.get("relation", "").lower()
    if word not in BY_CSV or word not in CSV_RELATIONS:
        problems.report(path, line, f"unknown relation {cells.get('relation', '')!r}; one of {', '.join(CSV_RELATIONS)}")
        return None
    kind = BY_CSV[word]
    subject, obj = cells.get("subject", ""), cells.get("object", "")
    if not subject or not obj:
        problems.report(path, line, "subject and object are both required")
        return None
    if subject.casefold() == obj.casefold():
        problems.report(path, line, "subject and object are the same")
        return None
    percent = None
    if cells.get("percent"):
        match = _PERCENT.match(cells["percent"])
        if not match or not 0 < float(match.group(1)) <= 100:
            problems.report(path, line, f"percent {cells['percent']!r} is not a number above 0 and at most 100")
            return None
        if kind.kind not in (OWNERSHIP, SUBSIDIARY):
            problems.report(path, line, f"a percent only belongs to owned_by or subsidiary_of, not {word}")
            return None
        percent = float(match.group(1))
    start, end = cells.get("start_date", ""), cells.get("end_date", "")
    for label, value in (("start_date", start), ("end_date", end)):
        if value and not is_date(value):
            problems.report(path, line, f"{label} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            return None
    if start and end and day_number(start) > day_number(end, end=True):
        problems.report(path, line, f"start_date {start} is after end_date {end}")
        return None
    if not cells.get("source"):
        problems.report(path, line, "no source: every relationship needs one")
        return None
    countries = {}
    for side in ("subject", "object"):
        value = cells.get(f"{side}_country", "")
        if value:
            code = country_code(value)
            if len(code) != 2:
                problems.report(path, line, f"{side}_country {value!r} is not an ISO country code")
                return None
            countries[side] = code
    # The CSV subject is the relation's object for the "X of / by Y" words (owned_by: Y owns X).
    csv_ends = {"subject": reference(subject), "object": reference(obj)}
    if kind.csv_subject_is_relation_subject:
        rel_ends = {"subject": ("subject", csv_ends["subject"]), "object": ("object", csv_ends["object"])}
    else:
        rel_ends = {"subject": ("object", csv_ends["object"]), "object": ("subject", csv_ends["subject"])}
    props: dict[str, list[str]] = {}
    for side, (csv_side, (ref, name)) in rel_ends.items():
        if name:
            props[f"{side}_name"] = [name]
        if csv_side in countries:
            props[f"{side}_country"] = [countries[csv_side]]
    digest = hashlib.sha1("\x1f".join([subject.casefold(), word, obj.casefold(), start]).encode()).hexdigest()[:16]
    return Relation(
        id=f"{feed}:{digest}",
        schema=kind.schema,
        subject_id=rel_ends["subject"][1][0],
        object_id=rel_ends["object"][1][0],
        percent=percent,
        start_date=start,
        end_date=end,
        source=cells["source"],
        properties=props,
    )


FORMAT = Format(
    name="relations-csv",
    default_feed=FEED,
    description="relationship CSV: subject,relation,object,percent,start_date,end_date,source",
    sniff=sniff,
    read=read,
)
