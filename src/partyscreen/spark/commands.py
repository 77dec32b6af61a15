"""``partyscreen batch --engine spark``: the batch command's Spark path.

Same input columns, same result lines, same exit codes as the single-process
path; the differences are what Spark brings (CSV or Parquet in, ``.jsonl`` or
``.parquet`` out) and the audit trail, which gets one record for the job with
the hash of its output instead of one record per party.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from partyscreen.decide.levels import severity
from partyscreen.match.batch import BatchError
from partyscreen.match.screener import Screener
from partyscreen.spark._job import JobSummary
from partyscreen.store import Store

err = Console(stderr=True)
ENGINES = ("single", "spark")
EXIT_FAILED = 1
EXIT_FAIL_ON = 3


class SparkBatchError(BatchError):
    """Spark could not run the job (no Java, a path Spark cannot read, a failed task)."""


def _first_line(exc: BaseException) -> str:
    # Spark's errors carry a Java or Python stack trace; the first line says what happened.
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def run_spark_batch(
    store: Store, screener: Screener, input: str, output: str, *, actor: str, limit: int = 10,
    master: str | None = None, partitions: int | None = None,
) -> JobSummary:
    """Start Spark, run the job, stop Spark.  Raises ValueError for unusable input or output,
    SparkBatchError when Spark cannot start or fails."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    from partyscreen.spark._java import JavaMissing
    from partyscreen.spark._job import run_job
    from partyscreen.spark._session import spark_session

    try:
        spark = spark_session(master)
    except JavaMissing as exc:
        raise SparkBatchError(str(exc)) from None
    try:
        return run_job(spark, screener, store, input, output, actor=actor, limit=limit, partitions=partitions)
    except (PySparkException, Py4JError) as exc:
        raise SparkBatchError(f"Spark: {_first_line(exc)}") from None
    finally:
        spark.stop()


def book_size(store: Store) -> int:
    """Parties in the counterparty book (whose alerts a Spark job leaves alone)."""
    from partyscreen.cases import book

    with store.engine.connect() as conn:
        return book.count(conn)


def report(summary: JobSummary, in_book: int) -> None:
    """The job's messages on stderr (stdout stays free, as with ``batch``)."""
    for problem in summary.problems:
        err.print(f"[yellow]skipped[/] {escape(problem)}", highlight=False)
    if in_book:
        err.print(
            f"[yellow]note:[/] the counterparty book holds {in_book:,} parties; a Spark job does not open or update "
            "their alerts (the single-process batch and `partyscreen monitor` do).",
            highlight=False,
        )
    err.print(
        f"job {summary.job_id}: audit record {summary.audit_seq}; output {escape(summary.record['output']['path'])} "
        f"sha256 {summary.output_sha256}",
        highlight=False,
    )
    err.print(
        f"screened {summary.rows:,} parties: " + ", ".join(f"{d} {n:,}" for d, n in summary.decisions.items() if n),
        highlight=False,
    )


def spark_batch(
    open_store: Callable[[], Store], input: Path, output: Path, *, engine: str, master: str | None, limit: int,
    fail_rank: int | None, as_of: str | None, book: bool, user: str | None, config: Path | None,
) -> None:
    """The body of ``partyscreen batch --engine spark`` (called by ``partyscreen.cli.batch``)."""
    from partyscreen.cases.users import acting_user
    from partyscreen.decide.check import parse_as_of
    from partyscreen.match.batch import screener_for

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r}: one of {', '.join(ENGINES)}", param_hint="--engine")
    if engine != "spark":
        raise typer.BadParameter("--master is for --engine spark", param_hint="--master")
    if book:
        raise typer.BadParameter("--book needs the single-process engine: a Spark job is one audit record, it opens no alerts", param_hint="--book")
    if output.suffix.lower() not in (".jsonl", ".parquet"):
        raise typer.BadParameter("with --engine spark the output must end in .jsonl or .parquet", param_hint="--output")
    try:
        actor = acting_user(user)
        store = open_store()
        screener = screener_for(store, config)
        screener.as_of = parse_as_of(as_of)  # type: ignore[attr-defined]
        in_book = book_size(store)
        summary = run_spark_batch(store, screener, str(input), str(output), actor=actor, limit=limit, master=master)
    except (BatchError, ValueError, OSError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    report(summary, in_book)
    if fail_rank is not None and summary.worst and severity(summary.worst) >= fail_rank:
        raise typer.Exit(EXIT_FAIL_ON)
