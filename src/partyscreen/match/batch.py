"""Batch screening of a CSV file, streamed row by row to JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from partyscreen._csv import safe_row
from partyscreen.decide.levels import DECISIONS, most_severe
from partyscreen.match.query import QUERY_COLUMNS, Query
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.model import ENTITY_SCHEMATA, is_date
from partyscreen.normalize.countries import country_code
from partyscreen.sources.base import UNDECODED, Problems, bom_codec, csv_records
from partyscreen.store import Store

#: ``disposition`` and ``alert_id``: the alert of a book party's hit ("false_positive" when a decision is remembered).
HIT_COLUMNS = ("decision", "entity_id", "list", "name", "matched_name", "score", "match", "explanation", "disposition", "alert_id")
MAX_NAME = 1000


class BatchError(ValueError):
    """The input file cannot be screened at all (no name column, unreadable)."""


@dataclass
class BatchSummary:
    rows: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def worst(self) -> str | None:
        return most_severe(self.decisions) if self.rows else None


def screener_for(store: Store, config: Path | None = None) -> Screener:
    return Screener.open(store, Thresholds.load(config))


def row_to_query(row: dict[str, str]) -> Query:
    """A query from a batch row; raises ValueError with a message a user can act on."""
    name = (row.get("name") or "").strip()
    if not name:
        raise ValueError("the name is empty")
    if "\n" in name or "\r" in name:
        # In a CSV, the rows after an unclosed quote are read into the cell: screening it would lose them unseen.
        raise ValueError("the name holds a line break (in a CSV: a closing quote is probably missing, and the rows after it were read into it)")
    if len(name) > MAX_NAME:
        raise ValueError(f"the name is longer than {MAX_NAME} characters")
    schema = (row.get("schema") or "").strip()
    if schema and schema not in ENTITY_SCHEMATA:
        raise ValueError(f"unknown schema {schema!r}; one of {', '.join(ENTITY_SCHEMATA)}")
    countries = []
    for value in re.split(r"[;,|]", row.get("country") or ""):
        if value.strip():
            code = country_code(value)
            if not code:
                raise ValueError(f"unknown country {value.strip()!r}")
            countries.append(code)
    dates = [d.strip() for d in (row.get("birth_date") or "").split(";") if d.strip()]
    for date in dates:
        if not is_date(date, partial=True):
            raise ValueError(f"birth date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    address = (row.get("address") or "").strip()
    extra = {k: v for k, v in row.items() if k not in QUERY_COLUMNS and k is not None}
    return Query(
        name=name,
        schema=schema,
        countries=tuple(countries),
        birth_dates=tuple(dates),
        addresses=(address,) if address else (),
        id=(row.get("id") or "").strip(),
        extra={k: (v or "") for k, v in extra.items()},
    )




def screenable_rows(reader: csv.DictReader, path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:  # type: ignore[type-arg]
    """(first line, row) of every row that can be screened; the others are reported to ``problems``.

    A row the csv module cannot read (a cell over its size limit) or whose quoted cell swallowed the
    rows after it is reported by :func:`~partyscreen.sources.base.csv_records`, as list imports are.
    """
    width = len(reader.fieldnames or [])
    for line, raw in csv_records(reader, path, problems):
        if None in raw:  # cells beyond the header's: an unquoted comma shifted the row's cells
            cells = width + len(raw[None])
            problems.report(path, line, f"the row has {cells} cells and the header {width}: a cell with a comma needs quotes; skipped")
            continue
        row = {k: (v or "") for k, v in raw.items() if k is not None}
        bad = next((m.group() for v in row.values() for m in [UNDECODED.search(v)] if m), "")
        if bad:
            shown = " ".join(f"0x{ord(c) - 0xDC00:02X}" for c in bad[:4])
            problems.report(path, line, f"bytes that are not UTF-8 ({shown}); save the file as UTF-8; skipped")
            continue
        yield line, row


def check_header(input: Path, columns: list[str]) -> None:
    if any(UNDECODED.search(c) for c in columns):
        raise BatchError(f"{input.name}: the header is not UTF-8 text; save the CSV as UTF-8")
    if "name" not in columns:
        hint = next((f"; the header has no comma but {label}: save the file with commas between the columns"
                     for sep, label in ((";", "semicolons"), ("\t", "tabs")) if len(columns) == 1 and sep in columns[0]), "")
        raise BatchError(f"{input.name}: no 'name' column (columns: {', '.join(columns) or 'none'}){hint}")
    twice = [c for c, n in Counter(columns).items() if n > 1]
    if twice:
        # Only one of the values would be read (and written out): which one was meant cannot be known.
        raise BatchError(f"{input.name}: column {', '.join(repr(c) for c in twice)} appears twice in the header; rename or remove one")


def check_utf8_start(input: Path) -> None:
    """Refuse a file that starts as UTF-16 or UTF-32 (Excel's "Unicode text"): every line of it would be garbage."""
    with input.open("rb") as fh:
        start = fh.read(4)
    codec = bom_codec(start).upper()
    if codec:
        raise BatchError(f"{input.name}: {codec} text (it starts with a {codec} byte-order mark); save it as UTF-8")


def check_output(input: Path, output: Path) -> None:
    """Refuse an output that cannot be written before anything is screened."""
    if output.is_dir():
        raise BatchError(f"{output}: a folder; give a file name ending in .jsonl or .csv")
    if not output.parent.is_dir():
        raise BatchError(f"{output.parent}: no such folder")
    if output.exists() and input.exists() and os.path.samefile(input, output):
        raise BatchError(f"{output}: the output would overwrite the input; give another --output")


def partial_path(output: Path) -> Path:
    """Where the results are written until complete (beside the output, so that it is replaced in one step)."""
    return output.with_name(f".{output.name}.partial")


#: Rows handed to a recorder at once (one audit transaction each).
RECORD_CHUNK = 1000


def run_batch(
    screener: Screener, input: Path, output: Path, *, limit: int = 10, progress: bool = False,
    record: Callable[[Sequence[tuple[Query, ScreenResult]]], None] | None = None,
) -> BatchSummary:
    """Screen every row of ``input``; memory stays flat whatever the file size.

    ``record`` (the audit trail, ``partyscreen.cases.recording``) gets the results
    in chunks before they are written, and may mark their hits.
    """
    summary = BatchSummary()
    problems = Problems()
    check_output(input, output)
    with open_rows(input) as (reader, columns):
        total = _count_rows(input) if progress else None
        # Written beside the output and put in place when complete: a failure half-way leaves
        # no half-written file that looks complete (and an older output as it was).
        partial = partial_path(output)
        try:
            with partial.open("w", encoding="utf-8", newline="") as dst, _progress(total) as advance:
                _screen_rows(screener, reader, input, dst, output, columns, problems, summary, limit, record, advance)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    summary.problems = [str(p) for p in sorted(problems.items, key=lambda p: p.line)]
    summary.decisions = Counter({d: summary.decisions[d] for d in DECISIONS if summary.decisions[d]})
    return summary


@contextmanager
def open_rows(input: Path) -> Iterator[tuple[csv.DictReader, list[str]]]:  # type: ignore[type-arg]
    """A batch CSV opened as ``batch`` reads it, with its columns; refused (BatchError) where it is
    UTF-16 or UTF-32 or its header is unusable.  Read its rows with :func:`screenable_rows`."""
    check_utf8_start(input)
    # Bytes that are not UTF-8 are kept as stand-ins, so that only the rows holding them are skipped.
    with input.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as src:
        reader = csv.DictReader(src)
        try:
            columns = list(reader.fieldnames or [])
        except csv.Error as exc:
            raise BatchError(f"{input.name}: the header cannot be read as CSV ({exc})") from None
        check_header(input, columns)
        yield reader, columns


def _screen_rows(
    screener: Screener, reader: csv.DictReader, input: Path, dst: IO[str], output: Path, columns: list[str],  # type: ignore[type-arg]
    problems: Problems, summary: BatchSummary, limit: int,
    record: Callable[[Sequence[tuple[Query, ScreenResult]]], None] | None, advance: Callable[[], None],
) -> None:
    pending: list[tuple[Query, ScreenResult]] = []
    writer = _CsvOut(dst, columns) if output.suffix.lower() == ".csv" else _JsonlOut(dst)

    def flush() -> None:
        if record is not None and pending:
            record(pending)
        for _, done in pending:
            writer.write(done)
            summary.decisions[done.decision] += 1
        pending.clear()

    for line, row in screenable_rows(reader, input, problems):
        try:
            query = row_to_query(row)
        except ValueError as exc:
            problems.report(input, line, str(exc))
            continue
        result = screen_row(screener, query, row, columns, limit)
        pending.append((query, result))
        if len(pending) >= RECORD_CHUNK:
            flush()
        summary.rows += 1
        advance()
    flush()


def screen_row(screener: Screener, query: Query, row: dict[str, str], columns: Sequence[str], limit: int) -> ScreenResult:
    """What ``batch`` writes for one row: its result, carrying every input column.

    partyscreen.spark calls this too, so both engines give the same lines.
    """
    result = screener.screen(query, limit=limit)
    result.input = {c: row.get(c, "") for c in columns}
    return result


def jsonl_line(result: ScreenResult) -> str:
    """A result as its JSONL line (without the newline)."""
    return json.dumps(result.to_json(), ensure_ascii=False)


def _count_rows(path: Path) -> int:
    with path.open("rb") as fh:
        return max(0, sum(1 for _ in fh) - 1)


def _progress(total: int | None):  # type: ignore[no-untyped-def]
    if total is None:
        return nullcontext(lambda: None)
    from rich.progress import Progress

    class _Bar:
        def __enter__(self):  # type: ignore[no-untyped-def]
            self.progress = Progress(transient=True)
            self.progress.__enter__()
            task = self.progress.add_task("screening", total=total)
            return lambda: self.progress.advance(task)

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return self.progress.__exit__(*exc)

    return _Bar()


class _JsonlOut:
    def __init__(self, dst: IO[str]) -> None:
        self.dst = dst

    def write(self, result: ScreenResult) -> None:
        self.dst.write(jsonl_line(result) + "\n")


class _CsvOut:
    def __init__(self, dst: IO[str], columns: list[str]) -> None:
        self.columns = columns
        self.writer = csv.writer(dst)
        self.writer.writerow(safe_row([*columns, *HIT_COLUMNS]))

    def write(self, result: ScreenResult) -> None:
        base = [result.input.get(c, "") for c in self.columns]
        if not result.hits:
            self.writer.writerow(safe_row([*base, result.decision, *[""] * (len(HIT_COLUMNS) - 1)]))
            return
        for hit in result.hits:
            data = hit.to_json()
            self.writer.writerow(safe_row([*base, *(data.get(c, "") for c in HIT_COLUMNS)]))
