"""Batch screening of a CSV file, streamed row by row to JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from partyscreen._csv import safe_row
from partyscreen.decide.levels import DECISIONS, most_severe
from partyscreen.match.query import QUERY_COLUMNS, Query
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.model import ENTITY_SCHEMATA
from partyscreen.normalize.countries import country_code
from partyscreen.store import Store

#: ``disposition`` and ``alert_id``: the alert of a book party's hit ("false_positive" when a decision is remembered).
HIT_COLUMNS = ("decision", "entity_id", "list", "name", "matched_name", "score", "match", "explanation", "disposition", "alert_id")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_NAME = 1000


class BatchError(Exception):
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
        if not _DATE.match(date):
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


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:  # type: ignore[type-arg]
    for row in reader:
        yield reader.line_num, row


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
    pending: list[tuple[Query, ScreenResult]] = []
    with input.open(encoding="utf-8-sig", newline="") as src:
        reader = csv.DictReader(src)
        columns = list(reader.fieldnames or [])
        if "name" not in columns:
            raise BatchError(f"{input.name}: no 'name' column (columns: {', '.join(columns) or 'none'})")
        total = _count_rows(input) if progress else None
        with output.open("w", encoding="utf-8", newline="") as dst, _progress(total) as advance:
            writer = _CsvOut(dst, columns) if output.suffix.lower() == ".csv" else _JsonlOut(dst)

            def flush() -> None:
                if record is not None and pending:
                    record(pending)
                for _, done in pending:
                    writer.write(done)
                    summary.decisions[done.decision] += 1
                pending.clear()

            for line, row in _rows(reader):
                row = {k: (v or "") for k, v in row.items() if k is not None}
                try:
                    query = row_to_query(row)
                except ValueError as exc:
                    summary.problems.append(f"{input.name}:{line}: {exc}")
                    continue
                result = screen_row(screener, query, row, columns, limit)
                pending.append((query, result))
                if len(pending) >= RECORD_CHUNK:
                    flush()
                summary.rows += 1
                advance()
            flush()
    summary.decisions = Counter({d: summary.decisions[d] for d in DECISIONS if summary.decisions[d]})
    return summary


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
