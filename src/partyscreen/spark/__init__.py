"""Batch screening on Apache Spark: the same engine, the same answers, the same output schema.

    from partyscreen.spark import screen_parties, spark_session
    from partyscreen.match.batch import screener_for
    from partyscreen.store import Store

    spark = spark_session("local[2]")               # or the session spark-submit made
    screener = screener_for(Store.open(DB_URL))     # index and list versions from the store
    results = screen_parties(spark.read.parquet("parties.parquet"), screener)

The screener (its candidate index, relationship graph and settings) is
broadcast once and unpickled once per Python worker;
rows travel as Arrow batches (``mapInArrow``) through the very functions
``partyscreen batch`` uses.  ``run_job`` is the whole job (read, screen,
write, hash, one audit record); ``partyscreen batch --engine spark`` and
``spark-submit …/partyscreen/spark/submit.py`` run it.
"""

from partyscreen.spark._java import INSTALL_HINT, JavaMissing, require_java
from partyscreen.spark._job import JobSummary, run_job
from partyscreen.spark._read import read_parties
from partyscreen.spark._schema import LINE_SCHEMA, from_row, result_schema
from partyscreen.spark._screen import row_problems, screen_lines, screen_parties
from partyscreen.spark._session import spark_session
from partyscreen.spark._ship import ShippedScreener, ship

__all__ = [
    "INSTALL_HINT",
    "JavaMissing",
    "JobSummary",
    "LINE_SCHEMA",
    "ShippedScreener",
    "from_row",
    "read_parties",
    "require_java",
    "result_schema",
    "row_problems",
    "run_job",
    "screen_lines",
    "screen_parties",
    "ship",
    "spark_session",
]
