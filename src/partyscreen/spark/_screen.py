"""Screening a DataFrame of parties: the batch engine, run inside Spark's Python workers.

Every row goes through the functions ``batch`` uses (``row_to_query``,
``screen_row``, ``jsonl_line``), so a party gets the same result line from
either engine.  Rows travel as Arrow record batches (``mapInArrow``): no
per-row Python overhead beyond turning a batch into rows and back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import to_arrow_schema
from pyspark.sql.types import ArrayType, BinaryType, MapType, StructType

from partyscreen.match.batch import jsonl_line, row_to_query, screen_row
from partyscreen.match.screener import Screener
from partyscreen.spark._schema import LINE_SCHEMA, PROBLEM_SCHEMA, result_schema, to_row
from partyscreen.spark._ship import ShippedScreener, executor_screener, ship

#: Partitions per core of the cluster when none are asked for: small enough tasks that
#: a slow one (many long names) does not hold the whole job up.
PARTITIONS_PER_CORE = 4


def _quoted(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


def check_columns(df: DataFrame) -> list[str]:
    """The input columns, checked as ``batch`` needs them; raises ValueError for what cannot be screened."""
    columns = list(df.columns)
    if "name" not in columns:
        raise ValueError(f"no 'name' column (columns: {', '.join(columns) or 'none'})")
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise ValueError(f"the column {column!r} appears twice; give every column its own name")
        seen.add(column)
    for field in df.schema.fields:
        if isinstance(field.dataType, (StructType, ArrayType, MapType, BinaryType)):
            raise ValueError(f"the column {field.name!r} is {field.dataType.simpleString()}; party columns must be plain values")
    return columns


def _as_strings(df: DataFrame, partitions: int | None) -> tuple[DataFrame, list[str]]:
    """Every column as a string, renamed by position (names with dots or backticks stay out of Spark's way)."""
    columns = check_columns(df)
    flat = df.select([F.col(_quoted(c)).cast("string").alias(f"c{i}") for i, c in enumerate(columns)])
    count = partitions if partitions is not None else PARTITIONS_PER_CORE * df.sparkSession.sparkContext.defaultParallelism
    if count > 0:
        flat = flat.repartition(count)
    return flat, columns


def _rows(batch: pa.RecordBatch, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    """The batch's rows as ``batch`` sees a CSV row: every column a string, missing values empty."""
    values = [batch.column(i).to_pylist() for i in range(len(columns))]
    for row in zip(*values):
        yield {c: (v or "") for c, v in zip(columns, row)}


def _screening(shipped: ShippedScreener, columns: list[str], limit: int, lines: bool) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    arrow_schema = to_arrow_schema(LINE_SCHEMA if lines else result_schema(columns))

    def screen_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        screener = executor_screener(shipped)
        for batch in batches:
            out: list[Any] = []
            for row in _rows(batch, columns):
                try:
                    query = row_to_query(row)
                except ValueError:
                    continue  # not screenable: row_problems lists it
                result = screen_row(screener, query, row, columns, limit)
                out.append({"line": jsonl_line(result)} if lines else to_row(result.to_json()))
            yield pa.RecordBatch.from_pylist(out, schema=arrow_schema)

    return screen_batches


def _shipped(df: DataFrame, screener: Screener | ShippedScreener) -> ShippedScreener:
    return screener if isinstance(screener, ShippedScreener) else ship(df.sparkSession, screener)


def screen_parties(df: DataFrame, screener: Screener | ShippedScreener, *, limit: int = 10, partitions: int | None = None) -> DataFrame:
    """Screen every row of ``df`` (columns as in ``batch``: ``name`` required, the rest carried through).

    Returns one row per screenable party with the ``batch`` output schema
    (see :func:`partyscreen.spark.result_schema`).  Rows that cannot be
    screened (no name, unknown country, ...) are left out, as ``batch`` leaves
    them out; :func:`row_problems` lists them.  ``partitions``: how many tasks
    to spread the parties over (default four per core; 0 keeps ``df``'s).
    """
    flat, columns = _as_strings(df, partitions)
    return flat.mapInArrow(_screening(_shipped(df, screener), columns, limit, lines=False), result_schema(columns))


def screen_lines(df: DataFrame, screener: Screener | ShippedScreener, *, limit: int = 10, partitions: int | None = None) -> DataFrame:
    """As :func:`screen_parties`, but one string column ``line``: each party's exact ``batch`` JSONL line."""
    flat, columns = _as_strings(df, partitions)
    return flat.mapInArrow(_screening(_shipped(df, screener), columns, limit, lines=True), LINE_SCHEMA)


def row_problems(df: DataFrame) -> DataFrame:
    """The rows ``batch`` would skip, with why: columns ``id``, ``name`` (as given) and ``problem``."""
    columns = check_columns(df)
    flat = df.select([F.col(_quoted(c)).cast("string").alias(f"c{i}") for i, c in enumerate(columns)])
    arrow_schema = to_arrow_schema(PROBLEM_SCHEMA)

    def find(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = []
            for row in _rows(batch, columns):
                try:
                    row_to_query(row)
                except ValueError as exc:
                    out.append({"id": row.get("id", ""), "name": row["name"][:200], "problem": str(exc)})
            yield pa.RecordBatch.from_pylist(out, schema=arrow_schema)

    return flat.mapInArrow(find, PROBLEM_SCHEMA)
