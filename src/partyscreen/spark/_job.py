"""One batch job on Spark: read, screen, write, hash, record.

What runs where: the driver reads nothing but the header and the store (the
screener, the list versions); the executors read the parties, screen them and
write the results; the driver then hashes the output and appends the job's one
record to the audit trail.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

import partyscreen
from partyscreen.cases.recording import versions_json
from partyscreen.decide.levels import DECISIONS
from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.batch import BatchSummary
from partyscreen.match.screener import Screener
from partyscreen.spark._audit import record_job
from partyscreen.spark._output import JsonlTarget, ParquetTarget, target
from partyscreen.spark._read import KEEP_PROBLEMS, Parties, input_format, parties_frame
from partyscreen.spark._screen import row_problems, screen_lines, screen_parties
from partyscreen.spark._ship import ShippedScreener, ship
from partyscreen.store import Store

#: Problems listed one by one; beyond that only counted.
MAX_PROBLEMS_SHOWN = KEEP_PROBLEMS


@dataclass
class JobSummary(BatchSummary):
    """What ``batch`` reports, plus the job's identity and the hash of its output."""

    job_id: str = ""
    skipped: int = 0
    output_sha256: str = ""
    audit_seq: int = 0
    record: dict[str, Any] = field(default_factory=dict)


def _problem_text(source: str, row: Any) -> str:
    if row["id"]:
        where = f"id {row['id']!r}"
    elif row["name"]:
        where = f"name {row['name'][:80]!r}"
    else:
        where = "a row with no id and no name"
    return f"{source}: {where}: {row['problem']}"


def _input_sha256(path: str) -> str | None:
    """The SHA-256 of a local input file (a folder or cluster storage is not hashed)."""
    local = Path(path)
    if "://" in path or not local.is_file():
        return None
    digest = hashlib.sha256()
    with local.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _problems(parties: Parties, source: str) -> tuple[list[str], int]:
    """The rows that cannot be screened, in words (at most MAX_PROBLEMS_SHOWN), and how many there are."""
    if parties.problems is not None:
        return parties.problems, parties.skipped
    found = row_problems(parties.frame)
    shown = found.limit(MAX_PROBLEMS_SHOWN + 1).collect()
    skipped = len(shown) if len(shown) <= MAX_PROBLEMS_SHOWN else found.count()
    return [_problem_text(source, row) for row in shown[:MAX_PROBLEMS_SHOWN]], skipped


def _screen_and_write(parties: Parties, shipped: ShippedScreener, sink: JsonlTarget | ParquetTarget, source: str, limit: int, partitions: int | None):  # type: ignore[no-untyped-def]
    problems, skipped = _problems(parties, source)
    if sink.format == "jsonl":
        results = screen_lines(parties.frame, shipped, limit=limit, partitions=partitions)
    else:
        results = screen_parties(parties.frame, shipped, limit=limit, partitions=partitions)
    try:
        sink.stage(results)
        counts = sink.decisions()
        return sink.publish(), counts, problems, skipped
    except BaseException:
        sink.discard()
        raise


def run_job(
    spark: SparkSession,
    screener: Screener,
    store: Store,
    input: str,
    output: str,
    *,
    actor: str,
    limit: int = 10,
    partitions: int | None = None,
) -> JobSummary:
    """Screen ``input`` (CSV or Parquet) into ``output`` (.jsonl or .parquet) and record the job.

    Raises ValueError for input or output that cannot be used (nothing is
    written then); Spark's own errors pass through.
    """
    job_id = str(uuid.uuid4())
    started = datetime.now(UTC)
    source = input.rstrip("/").rsplit("/", 1)[-1]
    sink = target(spark, output, job_id)
    with parties_frame(spark, input) as parties:
        shipped = ship(spark, screener)
        try:
            written, counts, problems, skipped = _screen_and_write(parties, shipped, sink, source, limit, partitions)
        finally:
            shipped.release()
    decisions = Counter({d: counts[d] for d in DECISIONS if counts.get(d)})
    if skipped > len(problems):
        problems.append(f"{source}: … and {skipped - len(problems):,} more rows that cannot be screened")
    as_of = getattr(screener, "as_of", None)
    record: dict[str, Any] = {
        "job_id": job_id,
        "engine": "spark",
        "master": spark.sparkContext.master,
        "spark_version": spark.version,
        "partyscreen_version": partyscreen.__version__,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "input": {"path": input, "format": input_format(input), "sha256": _input_sha256(input)},
        "output": written.to_json(),
        "rows": sum(decisions.values()),
        "skipped": skipped,
        "decisions": dict(decisions),
        "limit": limit,
        "lists": versions_json(screener.versions),
        "algorithm": ALGORITHM,
        "settings": screener.thresholds.to_json(),
        "as_of": str(as_of) if as_of else None,
        # What the executors screened with: the driver's screener (index, graph, settings) as broadcast.
        "screener": shipped.to_json(),
        # Spark jobs screen; the counterparty book's alerts are the single-process engine's and monitor's.
        "alerts": "not applied",
    }
    seq = record_job(store, actor, record)
    return JobSummary(
        rows=record["rows"], decisions=decisions, problems=problems, job_id=job_id, skipped=skipped,
        output_sha256=written.sha256, audit_seq=seq, record=record,
    )
