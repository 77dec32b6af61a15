"""The batch result as Spark columns: the JSONL line's fields, one for one.

``batch`` writes ``{"id", "input": {column: value}, "decision", "hits": [...],
"algorithm"}`` per party.  As a DataFrame that is ``id``, ``input`` (a struct
of the input's columns, in their order), ``decision``, ``hits`` (an array of
structs) and ``algorithm``.  A hit's ``reasons`` (free-form objects from the
decision rules) is kept as their JSON text, null when there are none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pyspark.sql.types import ArrayType, BooleanType, DoubleType, StringType, StructField, StructType

HIT_FIELDS = ("entity_id", "list", "name", "matched_name", "score", "match", "decision", "explanation")
#: Hit fields that may be missing from a hit's JSON (Hit.to_json leaves them out when empty); kept as JSON text.
OPTIONAL_HIT_FIELDS = ("reasons", "path")
RESULT_FIELDS = ("id", "input", "decision", "hits", "algorithm")

HIT_TYPE = StructType(
    [
        StructField("entity_id", StringType()),
        StructField("list", StringType()),
        StructField("name", StringType()),
        StructField("matched_name", StringType()),
        StructField("score", DoubleType()),
        StructField("match", BooleanType()),
        StructField("decision", StringType()),
        StructField("explanation", StringType()),
        StructField("reasons", StringType()),  # JSON array, null when none
        StructField("path", StringType()),  # JSON array (a hit through the relationship graph), null when none
    ]
)

LINE_SCHEMA = StructType([StructField("line", StringType(), nullable=False)])
PROBLEM_SCHEMA = StructType(
    [StructField("id", StringType()), StructField("name", StringType()), StructField("problem", StringType(), nullable=False)]
)


class SchemaDrift(RuntimeError):
    """The screener returned a field this schema does not have: refuse rather than drop it."""


def result_schema(columns: Sequence[str]) -> StructType:
    """The result DataFrame's schema for an input with these columns."""
    return StructType(
        [
            StructField("id", StringType()),
            StructField("input", StructType([StructField(c, StringType()) for c in columns])),
            StructField("decision", StringType()),
            StructField("hits", ArrayType(HIT_TYPE)),
            StructField("algorithm", StringType()),
        ]
    )


def to_row(data: dict[str, Any]) -> dict[str, Any]:
    """A result's JSON (``ScreenResult.to_json()``) as a row of :func:`result_schema`."""
    if set(data) != set(RESULT_FIELDS):
        raise SchemaDrift(f"result fields {sorted(data)} differ from the Spark schema's {list(RESULT_FIELDS)}; update partyscreen/spark/_schema.py")
    hits = []
    for hit in data["hits"]:
        unknown = set(hit) - set(HIT_FIELDS) - set(OPTIONAL_HIT_FIELDS)
        if unknown:
            raise SchemaDrift(f"hit fields {sorted(unknown)} are not in the Spark schema; update partyscreen/spark/_schema.py")
        row = {f: hit[f] for f in HIT_FIELDS}
        for f in OPTIONAL_HIT_FIELDS:
            row[f] = json.dumps(hit[f], ensure_ascii=False) if hit.get(f) else None
        hits.append(row)
    return {"id": data["id"], "input": data["input"], "decision": data["decision"], "hits": hits, "algorithm": data["algorithm"]}


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`to_row`: a result row as the JSON object ``batch`` writes."""
    hits = []
    for hit in row["hits"] or []:
        data = {f: hit[f] for f in HIT_FIELDS}
        for f in OPTIONAL_HIT_FIELDS:  # in Hit.to_json's order
            if hit.get(f):
                data[f] = json.loads(hit[f])
        hits.append(data)
    return {"id": row["id"], "input": dict(row["input"]), "decision": row["decision"], "hits": hits, "algorithm": row["algorithm"]}
