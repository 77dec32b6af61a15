"""Real entries for the decision tests: the bundled sample and the trade.gov CSL extract in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

import partyscreen
from partyscreen.model import Entity
from partyscreen.sources import csl
from partyscreen.sources.base import ImportOptions, Problems

SAMPLE = Path(partyscreen.__file__).parent / "data" / "sample_csl.csv"
CSL_EXTRACT = "watchman/csl_2023-11-30_partial_clean.csv.gz"


def _read(path: Path, feed: str) -> list[Entity]:
    result = csl.CSV_FORMAT.read([path], ImportOptions(feed=feed), Problems(strict=False))
    return [r for r in result.records if isinstance(r, Entity)]


@pytest.fixture(scope="session")
def sample() -> list[Entity]:
    return _read(SAMPLE, "sample")


@pytest.fixture(scope="session")
def csl_extract(shared_data: Path) -> list[Entity]:
    return _read(shared_data / CSL_EXTRACT, "csl")


def _named(entities: list[Entity], list_code: str, name: str) -> Entity:
    found = [e for e in entities if e.list_code == list_code and e.name == name]
    assert len(found) == 1, f"{name!r} on {list_code}: {len(found)} entries"
    return found[0]


@pytest.fixture(scope="session")
def named():  # type: ignore[no-untyped-def]
    """``named(entities, "EL", "Inspur Group Co., Ltd.")``: the one entry of that list and name."""
    return _named
