"""Names of the real lists and of the matching cases, shared by the tests of the C twins."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def cases_names(shared_data: Path) -> list[str]:
    with open(shared_data / "matching-benchmarks" / "nomenklatura" / "cases.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return list(dict.fromkeys(n for row in rows for n in (row["name1"], row["name2"])))


@pytest.fixture(scope="session")
def list_names(shared_data: Path) -> list[str]:
    """Every name and alias of the BIS Entity List, OFAC's SDN list (2024-05) and the trade.gov CSL extract."""
    names: list[str] = []
    with open(shared_data / "restricted-parties-db" / "bis_entity_list_flat.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names += [row["name_english"], row["name_native"], *row["aliases"].split(" | ")]
    sdn = gzip.decompress((shared_data / "ofac-sdn-gitscrape" / "sdn_2024-05-03.csv.gz").read_bytes()).decode("utf-8", "replace")
    for row in csv.reader(io.StringIO(sdn)):
        if len(row) > 2 and row[0].strip().isdigit():
            names.append(row[1])
    csl = gzip.decompress((shared_data / "watchman" / "csl_2023-11-30_partial_clean.csv.gz").read_bytes()).decode("utf-8")
    for row in csv.DictReader(io.StringIO(csl)):
        names += [row["name"], *row["alt_names"].split(";")]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))
