"""Shipping the driver's screener to the executors: once, as one broadcast of its pickled bytes.

The screener carries everything screening reads: the candidate index (the big
part, megabytes), the relationship graph, the thresholds, the as-of date and
whatever else the driver configured.  It is pickled once on the driver,
broadcast once (Spark compresses broadcast blocks), and unpickled once per
Python worker, which Spark reuses from task to task; tasks carry only the
broadcast's id.  So the executors screen with exactly the screener the driver
was given, and the job record names it by the SHA-256 of those bytes.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

from pyspark import Broadcast
from pyspark.sql import SparkSession

import partyscreen
from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.index import unpickle_long_lived
from partyscreen.match.screener import Screener, index_key


@dataclass(frozen=True)
class ShippedScreener:
    """A screener made available to every executor of one Spark application."""

    data: Broadcast  # type: ignore[type-arg]  # the pickled Screener
    sha256: str
    bytes: int
    index_key: str  # the store artifact the index was loaded from
    engine: tuple[str, str]  # (partyscreen version, matching algorithm) of the driver

    def release(self) -> None:
        """Drop the broadcast from the executors (the DataFrames made with it cannot run after this)."""
        self.data.destroy()

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "bytes": self.bytes, "index_key": self.index_key}


def ship(spark: SparkSession, screener: Screener) -> ShippedScreener:
    data = pickle.dumps(screener, protocol=pickle.HIGHEST_PROTOCOL)
    return ShippedScreener(
        data=spark.sparkContext.broadcast(data),
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        index_key=index_key(screener.versions),
        engine=(partyscreen.__version__, ALGORITHM),
    )


# In an executor's Python worker: the screener last unpacked there, kept
# between tasks (one at a time: a new one replaces the old).
_unpacked: dict[str, Screener] = {}


def executor_screener(shipped: ShippedScreener) -> Screener:
    """The shipped screener, unpacked on first use in this worker process."""
    screener = _unpacked.get(shipped.sha256)
    if screener is not None:
        return screener
    here = (partyscreen.__version__, ALGORITHM)
    if here != shipped.engine:
        raise RuntimeError(f"the executors run partyscreen {here[0]} ({here[1]}), the driver {shipped.engine[0]} ({shipped.engine[1]}): install the same version everywhere")
    data = shipped.data.value
    # The executors must screen with exactly the screener the job record names.
    if hashlib.sha256(data).hexdigest() != shipped.sha256:
        raise RuntimeError("the broadcast screener does not have the hash the driver shipped; refusing to screen with it")
    screener = unpickle_long_lived(data)
    _unpacked.clear()
    _unpacked[shipped.sha256] = screener
    return screener
