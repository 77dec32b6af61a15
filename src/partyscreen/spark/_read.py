"""Reading a parties file into Spark exactly the way ``batch`` reads a CSV.

A CSV on this machine (with a local master) is read by the driver with
Python's csv module, as ``batch`` reads it, and handed to Spark as a Parquet
file in a temporary folder: Spark's own CSV reader differs in corners (it turns
a CR LF inside a quoted value into LF), and the input echoed in every result
line must be the same.  Reading stays streaming (memory is flat) and costs a
small fraction of screening.  A CSV on cluster storage is read by Spark's
reader with the options closest to Python's; Parquet is read by Spark.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import DataFrame, SparkSession

from partyscreen.match.batch import open_rows, row_to_query, screenable_rows
from partyscreen.sources.base import Problems
from partyscreen.spark._screen import check_columns

#: Spark's CSV reader set as close to Python's csv module as it goes: quotes doubled
#: inside quoted values, newlines inside them, every value a string, nothing trimmed.
CSV_OPTIONS = {
    "header": "true",
    "multiLine": "true",
    "quote": '"',
    "escape": '"',
    "inferSchema": "false",
    "encoding": "UTF-8",
    "ignoreLeadingWhiteSpace": "false",
    "ignoreTrailingWhiteSpace": "false",
    "mode": "PERMISSIVE",
}
FORMATS = {".csv": "csv", ".parquet": "parquet"}
_ROWS_PER_GROUP = 50_000
KEEP_PROBLEMS = 1000


def input_format(path: str) -> str:
    """``csv`` or ``parquet`` from the name's ending; raises ValueError otherwise."""
    lowered = path.rstrip("/").lower()
    for suffix, kind in FORMATS.items():
        if lowered.endswith(suffix):
            return kind
    raise ValueError(f"{path}: the input must end in .csv or .parquet (a file, or a folder of them)")


def _check_header(path: str, columns: list[str]) -> None:
    if "name" not in columns:
        raise ValueError(f"{path}: no 'name' column (columns: {', '.join(columns) or 'none'})")
    for number, column in enumerate(columns, start=1):
        if not column:
            raise ValueError(f"{path}: column {number} has no name in the header; name it or remove it")
        if columns.index(column) != number - 1:
            raise ValueError(f"{path}: the column {column!r} appears twice; give every column its own name")


@dataclass
class Parties:
    frame: DataFrame
    #: For a CSV read here: the rows ``batch`` would skip, in its words (file:line: why), the first
    #: KEEP_PROBLEMS of them, and how many there are; else None (Spark finds them).
    problems: list[str] | None = None
    skipped: int = 0


def csv_to_parquet(source: Path, target: Path) -> tuple[int, list[str], int]:
    """Copy a batch CSV into a Parquet file of string columns, value for value as ``batch`` reads it.

    Returns the rows, the problems of the first rows ``batch`` would skip, in its words, and how
    many such rows there are.  Rows ``batch`` cannot read at all (cells beyond the header's, bytes
    that are not UTF-8, rows swallowed by an unclosed quote) are not copied; rows it reads but
    refuses to screen (an empty name) are, and screening skips them.
    """
    rows = 0
    problems = Problems()
    with open_rows(source) as (reader, columns):
        _check_header(source.name, columns)
        schema = pa.schema([(c, pa.string()) for c in columns])
        with pq.ParquetWriter(target, schema) as writer:
            chunk: dict[str, list[str]] = {c: [] for c in columns}
            for line, row in screenable_rows(reader, source, problems):
                values = {c: (row.get(c) or "") for c in columns}
                try:
                    row_to_query(values)
                except ValueError as exc:
                    problems.report(source, line, str(exc))
                for c in columns:
                    chunk[c].append(values[c])
                rows += 1
                if rows % _ROWS_PER_GROUP == 0:
                    writer.write_table(pa.table(chunk, schema=schema))
                    chunk = {c: [] for c in columns}
            if chunk[columns[0]] or rows == 0:
                writer.write_table(pa.table(chunk, schema=schema))
    found = sorted(problems.items, key=lambda p: p.line)
    return rows, [str(p) for p in found[:KEEP_PROBLEMS]], len(found)


def _is_local_file(spark: SparkSession, path: str) -> bool:
    return "://" not in path and not path.startswith("file:") and Path(path).is_file() and spark.sparkContext.master.startswith("local")


@contextmanager
def parties_frame(spark: SparkSession, path: str) -> Iterator[Parties]:
    """The parties in ``path`` (CSV or Parquet, a file or a folder), columns checked as ``batch`` checks them.

    Use it as a context: a local CSV is staged in a temporary folder for as long as Spark reads it.
    """
    kind = input_format(path)
    if kind == "csv" and _is_local_file(spark, path):
        folder = Path(tempfile.mkdtemp(prefix="partyscreen-spark-"))
        try:
            staged = folder / "parties.parquet"
            _, problems, skipped = csv_to_parquet(Path(path), staged)
            yield Parties(_checked(spark.read.parquet(str(staged))), problems, skipped)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    yield Parties(read_parties(spark, path))


def read_parties(spark: SparkSession, path: str) -> DataFrame:
    """A Parquet dataset or a CSV on storage Spark reads, as a DataFrame of parties (for a local CSV use :func:`parties_frame`)."""
    kind = input_format(path)
    return _checked(spark.read.parquet(path) if kind == "parquet" else _spark_csv(spark, path))


def _checked(df: DataFrame) -> DataFrame:
    check_columns(df)
    return df


def _spark_csv(spark: SparkSession, path: str) -> DataFrame:
    # The header as written: Spark renames empty and repeated names, and keeps a byte-order mark.
    first = spark.read.options(**{**CSV_OPTIONS, "header": "false"}).csv(path).first()
    header = ["" if v is None else v for v in first] if first is not None else []
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    _check_header(path, header)
    return spark.read.options(**CSV_OPTIONS).csv(path).toDF(*header)
