"""The job as a ``spark-submit`` application: parties in the data lake, results back to it.

    spark-submit --master yarn --deploy-mode client \\
        "$(python -c 'import partyscreen.spark.submit as m; print(m.__file__)')" \\
        --db postgresql://screening@db/partyscreen --output s3a://lake/screened/2026-11-29.parquet \\
        s3a://lake/counterparties/2026-11-29.parquet

INPUT and OUTPUT are whatever Spark reads and writes (paths, ``hdfs://``,
``s3a://`` ...).  The options and exit codes are those of ``partyscreen
batch``: 0 it ran, 1 it failed (message on stderr), 2 wrong usage, 3
``--fail-on`` was met.  The driver needs the store (``--db``); the executors
need only partyscreen installed, not the database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyspark.sql import SparkSession
from rich.markup import escape

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="partyscreen-spark", description="Screen a parties file on Spark (see module doc).")
    ap.add_argument("input", help="CSV or Parquet: a file or folder, any path Spark can read")
    ap.add_argument("--output", "-o", required=True, help="OUT.parquet (a dataset folder) or OUT.jsonl (a local file, local master only)")
    ap.add_argument("--db", help="the store: a URL (postgresql://...) or a SQLite path; default $PARTYSCREEN_DB")
    ap.add_argument("--config", type=Path, help="settings file (TOML or JSON), else $PARTYSCREEN_CONFIG")
    ap.add_argument("--limit", type=int, default=10, help="hits kept per party (1-100)")
    ap.add_argument("--as-of", help="judge as on this date, YYYY-MM-DD (default today)")
    ap.add_argument("--fail-on", help="exit 3 when any decision is at least this severe")
    ap.add_argument("--user", help="the acting user (default $PARTYSCREEN_USER, else the OS user)")
    ap.add_argument("--partitions", type=int, help="tasks the parties are spread over (default 4 per core)")
    return ap


def main(argv: list[str] | None = None, spark: SparkSession | None = None) -> int:
    """Run the job; ``spark``: a session to use (and leave running) instead of spark-submit's."""
    from partyscreen.cases.users import acting_user
    from partyscreen.decide.check import parse_as_of
    from partyscreen.decide.levels import severity
    from partyscreen.match.batch import BatchError, screener_for
    from partyscreen.spark._job import run_job
    from partyscreen.spark._session import spark_session
    from partyscreen.spark.commands import _first_line, book_size, err, report
    from partyscreen.store import Store

    args = parser().parse_args(argv)
    if not 1 <= args.limit <= 100:
        parser().error("--limit must be between 1 and 100")
    try:
        fail_rank = severity(args.fail_on) if args.fail_on else None
    except ValueError as exc:
        parser().error(str(exc))
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    own = spark is None
    try:
        actor = acting_user(args.user)
        store = Store.open(args.db)
        screener = screener_for(store, args.config)
        screener.as_of = parse_as_of(args.as_of)  # type: ignore[attr-defined]
        in_book = book_size(store)
        session = spark or spark_session()
        try:
            summary = run_job(session, screener, store, args.input, args.output, actor=actor, limit=args.limit, partitions=args.partitions)
        finally:
            if own:
                session.stop()
    except (BatchError, ValueError, OSError, RuntimeError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return EXIT_FAILED
    except (PySparkException, Py4JError) as exc:
        err.print(f"[bold red]error:[/] Spark: {escape(_first_line(exc))}", highlight=False)
        return EXIT_FAILED
    report(summary, in_book)
    if fail_rank is not None and summary.worst and severity(summary.worst) >= fail_rank:
        return EXIT_FAIL_ON
    return 0


if __name__ == "__main__":
    sys.exit(main())
