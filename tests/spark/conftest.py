"""Spark in local mode for these tests: one session per test module, skipped (saying how to install Java) without Java."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from partyscreen.spark._java import JavaMissing, require_java

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))  # gen_parties, the benchmark's party generator


def java_or_skip() -> None:
    try:
        require_java()
    except JavaMissing as exc:
        pytest.skip(f"Spark tests skipped: {exc}")


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    java_or_skip()
    from partyscreen.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()
