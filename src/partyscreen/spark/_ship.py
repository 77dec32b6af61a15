"""Shipping the driver's screener to the executors: the index once, as one broadcast of its bytes.

The candidate index is the big part (megabytes); it travels as the pickled
bytes the store keeps, broadcast once (Spark compresses broadcast blocks) and
unpickled once per Python worker, which Spark reuses from task to task.  The
rest of the screener (thresholds, the as-of date and whatever else it is
configured with) is small and travels with the task, so the executors screen
with exactly the screener the driver was given.
"""

from __future__ import annotations

import copy
import hashlib
import pickle
from dataclasses import dataclass

from pyspark import Broadcast
from pyspark.sql import SparkSession

from partyscreen.match.index import CandidateIndex
from partyscreen.match.screener import Screener


@dataclass(frozen=True)
class ShippedScreener:
    """A screener made available to every executor of one Spark application."""

    index: Broadcast  # type: ignore[type-arg]  # the pickled CandidateIndex
    index_sha256: str
    index_bytes: int
    settings: bytes  # the driver's Screener without its index, pickled
    settings_sha256: str

    def release(self) -> None:
        """Drop the broadcast from the executors (the DataFrames made with it cannot run after this)."""
        self.index.destroy()


def ship(spark: SparkSession, screener: Screener) -> ShippedScreener:
    data = screener.index.dumps()
    rest = copy.copy(screener)
    rest.index = None  # type: ignore[assignment]
    settings = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
    return ShippedScreener(
        index=spark.sparkContext.broadcast(data),
        index_sha256=hashlib.sha256(data).hexdigest(),
        index_bytes=len(data),
        settings=settings,
        settings_sha256=hashlib.sha256(settings).hexdigest(),
    )


# In an executor's Python worker: the screener last unpacked there, kept
# between tasks (one at a time: a new index replaces the old one).
_unpacked: dict[tuple[str, str], Screener] = {}


def executor_screener(shipped: ShippedScreener) -> Screener:
    """The shipped screener, unpacked on first use in this worker process."""
    key = (shipped.index_sha256, shipped.settings_sha256)
    screener = _unpacked.get(key)
    if screener is None:
        data = shipped.index.value
        # The executors must screen against exactly the index the job record names.
        if hashlib.sha256(data).hexdigest() != shipped.index_sha256:
            raise RuntimeError("the broadcast index does not have the hash the driver shipped; refusing to screen with it")
        screener = pickle.loads(shipped.settings)
        screener.index = CandidateIndex.loads(data)
        _unpacked.clear()
        _unpacked[key] = screener
    return screener
