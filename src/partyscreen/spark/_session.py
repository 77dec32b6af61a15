"""The SparkSession partyscreen starts for itself (the CLI, the benchmark, the tests)."""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

from partyscreen.spark._java import require_java

#: Set by spark-submit (and pyspark shells): the JVM is already there and configured.
_LAUNCHED_BY_SPARK = "PYSPARK_GATEWAY_PORT"


def spark_session(master: str | None = None, app_name: str = "partyscreen") -> SparkSession:
    """A session on ``master`` (default: Spark's own setting, ``local[*]`` on a laptop).

    Under ``spark-submit`` the session it configured is returned untouched.  When
    this process starts Spark itself in local mode, the Python workers run this
    very interpreter, so they import the same partyscreen.
    """
    if os.environ.get(_LAUNCHED_BY_SPARK):
        return SparkSession.builder.appName(app_name).getOrCreate()
    require_java()
    builder = SparkSession.builder.appName(app_name)
    effective = master or os.environ.get("MASTER") or "local[*]"
    builder = builder.master(effective)
    if effective.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false")
        # PySpark reads the workers' interpreter from this variable only.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        builder.config("spark.ui.showConsoleProgress", "false")
        # Column names are case-sensitive, as in a batch CSV ("Name" and "name" are two columns).
        .config("spark.sql.caseSensitive", "true")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
