"""Reading a parties file into Spark the way ``batch`` reads a CSV."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession

from partyscreen.spark._screen import check_columns

#: Python's csv module (what ``batch`` uses) reads RFC 4180: quotes doubled inside
#: quoted fields, newlines allowed inside them, every value a string, nothing trimmed.
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


def input_format(path: str) -> str:
    """``csv`` or ``parquet`` from the name's ending; raises ValueError otherwise."""
    lowered = path.rstrip("/").lower()
    for suffix, kind in FORMATS.items():
        if lowered.endswith(suffix):
            return kind
    raise ValueError(f"{path}: the input must end in .csv or .parquet (a file, or a folder of them)")


def read_parties(spark: SparkSession, path: str) -> DataFrame:
    """The parties in ``path`` (CSV or Parquet, a file or a folder), columns checked as ``batch`` checks them."""
    if input_format(path) == "parquet":
        df = spark.read.parquet(path)
    else:
        df = _read_csv(spark, path)
    check_columns(df)
    return df


def _read_csv(spark: SparkSession, path: str) -> DataFrame:
    # The header as written: Spark renames empty and repeated names, and keeps a byte-order mark.
    first = spark.read.options(**{**CSV_OPTIONS, "header": "false"}).csv(path).first()
    if first is None:
        raise ValueError(f"{path}: no 'name' column (columns: none)")
    header = ["" if v is None else v for v in first]
    header[0] = header[0].removeprefix("\ufeff")
    for number, column in enumerate(header, start=1):
        if not column:
            raise ValueError(f"{path}: column {number} has no name in the header; name it or remove it")
    df = spark.read.options(**CSV_OPTIONS).csv(path)
    return df.toDF(*header)
