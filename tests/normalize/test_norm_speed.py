"""Speed: analyze() runs for every list name at index build and for every query.

Budget: 60,000 names well under 15 s, i.e. under 250 µs a name on the
project's 2-core machines.  Measured on the 62,396 distinct list names of
../shared/data: about 50 µs median, 80 µs mean (cold caches).
"""

from __future__ import annotations

import csv
import gzip
import itertools
import time
from pathlib import Path

import pytest

from partyscreen.normalize import analyze
from partyscreen.normalize import names as names_module

_ORGS = ["Inspur", "Rostec", "Almaz", "Harbin", "Sichuan", "Shenzhen", "Nordic", "Tehran",
         "Baltic", "Orient", "Zhongxing", "Kalashnikov", "Aerospace", "Pars"]
_WORDS = ["Group", "Technology", "Electronics", "Trading", "Shipping", "Research Institute",
          "Univ. of Science & Tech.", "Engineering", "Intl", "Holdings", "Petrochemical"]
_FORMS = ["Co., Ltd.", "LLC", "OOO", "JSC", "GmbH", "S.A.", "", "Corporation", "PJSC"]
_PERSONS = ["PUTIN, Vladimir Vladimirovich", "Владимир Путин", "AL-BAGHDADI, Abu Bakr",
            "Mohammed bin Salman", "Xi Jinping", "Jean-Pierre Dupont", "O'Brien, J. R."]


def _synthetic() -> list[tuple[str, str]]:
    out = [
        (f"{o} {w} {f}".strip(), "LegalEntity")
        for o, w, f in itertools.product(_ORGS, _WORDS, _FORMS)
    ]
    out += [(f"{p} {i}", "Person") for p in _PERSONS for i in range(40)]
    out += [(f"华为技术{i}有限公司", "LegalEntity") for i in range(20)]
    return out


def _per_name_us(names: list[tuple[str, str]]) -> float:
    names_module.analyze.cache_clear()
    start = time.perf_counter()
    for text, schema in names:
        analyze(text, schema)
    return (time.perf_counter() - start) / len(names) * 1e6


def test_synthetic_speed() -> None:
    names = _synthetic()
    assert len(names) > 1500
    analyze("warm up imports", "LegalEntity")
    assert _per_name_us(names) < 250


def test_cached_query_is_fast() -> None:
    analyze("Inspur Group Co., Ltd.")
    start = time.perf_counter()
    for _ in range(10_000):
        analyze("Inspur Group Co., Ltd.")
    assert (time.perf_counter() - start) / 10_000 * 1e6 < 20


@pytest.mark.shared
def test_list_names_speed(shared_data: Path) -> None:
    """All OFAC SDN 2024 primary names and the OpenSanctions UA names and aliases."""
    names: list[tuple[str, str]] = []
    with gzip.open(shared_data / "ofac-sdn-gitscrape" / "sdn_2024-05-03.csv.gz", "rt",
                   encoding="utf-8", errors="replace") as fh:
        for row in csv.reader(fh):
            if len(row) > 2:
                names.append((row[1], "Person" if row[2].strip() == "individual" else "LegalEntity"))
    with gzip.open(shared_data / "opensanctions-ua-war-sanctions" / "targets.simple.csv.gz",
                   "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.append((row["name"], row["schema"]))
            names += [(a, row["schema"]) for a in row["aliases"].split(";") if a.strip()]
    names = list(dict.fromkeys(names))
    assert len(names) > 20_000
    per_name = _per_name_us(names)
    assert per_name < 250, f"{per_name:.0f} µs a name"
    assert all(analyze(n, s) for n, s in names if any(c.isalnum() for c in n))
