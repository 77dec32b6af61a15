"""BIS Denied Persons List importer (tab-separated text file)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity
from partyscreen.sources import dpl
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError

DPL_TXT = "watchman/bis_denied_persons_2023-11-30.txt"
CSL_SAMPLE = "watchman/csl_sample_2025-06.csv"

HEADER = "\t".join(f'"{c}"' for c in dpl.COLUMNS)


def read(*paths: Path, strict: bool = False) -> tuple[list[Entity], Problems]:
    problems = Problems(strict=strict)
    result = dpl.read(list(paths), ImportOptions(), problems)
    return result.records, problems  # type: ignore[return-value]


def named(entities: list[Entity], name: str) -> list[Entity]:
    return [e for e in entities if e.name == name]


def line(*cells: str) -> str:
    return "\t".join(f'"{c}"' for c in cells)


@pytest.fixture(scope="module")
def denied(shared_data: Path) -> list[Entity]:
    entities, problems = read(shared_data / DPL_TXT)
    assert not problems.items
    return entities


def test_sniff(shared_data: Path) -> None:
    assert dpl.FORMAT.sniff([shared_data / DPL_TXT])
    assert not dpl.FORMAT.sniff([shared_data / CSL_SAMPLE])
    assert dpl.FORMAT.default_feed == "bis-dpl"


def test_wrong_format(shared_data: Path) -> None:
    with pytest.raises(FormatError):
        read(shared_data / CSL_SAMPLE)


def test_counts(denied: list[Entity]) -> None:
    # 665 rows, one per address; 547 distinct (name, effective date) orders.
    assert len(denied) == 547
    assert len({e.id for e in denied}) == 547
    assert {e.list_code for e in denied} == {"DPL"}
    assert {e.schema for e in denied} == {"LegalEntity"}
    assert all(e.id.startswith("bis-dpl:") for e in denied)
    assert Counter(len(e.addresses) for e in denied) == {1: 462, 2: 65, 3: 9, 4: 11}
    # 665 rows give 663 addresses: two rows repeat an address of their order.
    assert sum(len(e.addresses) for e in denied) == 663


def test_merged_order(denied: list[Entity]) -> None:
    [nasser] = named(denied, "ABDULAH AL NASSER")
    assert nasser.addresses == [
        Address(street="605 TRAIL LAKE DRIVE", city="RICHARDSON", state="TX", postal_code="75081", country="US"),
        Address(street="908 AUDELIA ROAD, SUIE 200, PMB #245", city="RICHARDSON", state="TX",
                postal_code="75081", country="US"),
    ]
    assert nasser.countries == ["US"]
    assert nasser.listed_on == "2002-03-04"
    assert nasser.end_date == "2056-06-29"
    # The first row has three citations, the second two: the union is kept.
    assert nasser.federal_register_notices == ["67 F.R. 56530 9/4/02", "67 F.R. 10890 3/11/02", "71 F.R. 38843 7/10/06"]
    assert nasser.remarks == "50 YEAR DENIAL"
    assert nasser.properties == {"standard_order": ["Y"], "last_update": ["2006-07-11"]}


def test_same_name_two_orders(denied: list[Entity]) -> None:
    # " I. ASH" (leading space in the file) has two denial orders.
    ash = named(denied, "I. ASH")
    assert sorted(e.listed_on for e in ash) == ["2002-03-04", "2003-06-19"]
    assert len({e.id for e in ash}) == 2


def test_latest_expiry_wins(denied: list[Entity]) -> None:
    [ramirez] = named(denied, "JESUS ADRIAN RAMIREZ")
    assert ramirez.end_date == "2030-12-16"  # the rows say 12/16/2023 and 12/16/2030
    assert len(ramirez.addresses) == 2


def test_unknown_country_stays_unknown(denied: list[Entity]) -> None:
    [villa] = named(denied, "AARON ABRAHAM VILLA")
    assert villa.addresses == [Address(street="3415 RIVERA AVENUE", city="EL PASO", state="TX", postal_code="79905")]
    assert villa.countries == []
    assert villa.federal_register_notices == ["87 F.R. 52741 8/29/2022"]
    assert villa.listed_on == "2022-08-24" and villa.end_date == "2026-01-14"


def test_names_are_cleaned(denied: list[Entity]) -> None:
    assert named(denied, "AL-NASER AIRLINES")  # "AL-NASER  AIRLINES" in the file
    assert all(e.name == e.name.strip() and "  " not in e.name for e in denied)


def test_no_expiry(denied: list[Entity]) -> None:
    assert sum(1 for e in denied if not e.end_date) > 0
    assert all(len(e.listed_on) == 10 for e in denied)


def test_ids_are_stable(shared_data: Path, tmp_path: Path, denied: list[Entity]) -> None:
    header, *rows = (shared_data / DPL_TXT).read_text(encoding="utf-8").splitlines()
    moved = tmp_path / "dpl.txt.gz"
    moved.write_bytes(gzip.compress("\n".join([header, *reversed(rows)]).encode("utf-8")))
    assert dpl.FORMAT.sniff([moved])
    again, problems = read(moved)
    assert not problems.items
    assert {e.id for e in again} == {e.id for e in denied}
    [nasser] = named(again, "ABDULAH AL NASSER")
    assert nasser.id == named(denied, "ABDULAH AL NASSER")[0].id


def test_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(
        "\n".join([
            HEADER,
            line("JOHN DOE", "1 MAIN ST", "TOWN", "", "", "", "01/02/2020", "01/02/2030", "Y", "2020-01-03",
                 "NEW", "85 F.R. 1 1/5/2020"),
            line("SHORT ROW", "x"),
            line("", "1 MAIN ST", "TOWN", "", "", "", "01/02/2020", "", "", "", "", ""),
            line("JANE DOE", "", "", "", "GB", "", "2020-13-45", "", "", "", "", "85 F.R. 2 1/5/2020"),
        ]) + "\n",
        encoding="utf-8",
    )
    entities, problems = read(path)
    assert [e.name for e in entities] == ["JOHN DOE", "JANE DOE"]
    assert entities[1].listed_on == ""
    assert entities[1].addresses == [Address(country="GB")]
    assert [(p.line, p.message) for p in problems.items] == [
        (3, "2 fields where the header has 12; skipped"),
        (4, "empty name; skipped"),
        (5, "unreadable Effective_Date '2020-13-45'; loaded without it"),
    ]
    with pytest.raises(StrictImportError, match="dpl.txt:3:"):
        read(path, strict=True)


def test_a_column_bis_does_not_publish_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(line("Name", "Street_Adress", "Effective_Date", "FR_Citation") + "\n"
                    + line("ACME TRADING", "1 Main St", "01/02/2020", "85 F.R. 1") + "\n", encoding="utf-8")
    entities, problems = read(path)
    assert [e.name for e in entities] == ["ACME TRADING"]
    assert [(p.line, p.message) for p in problems.items] == [
        (1, "column 'Street_Adress' is not in the Denied Persons List layout; its values are not imported (a renamed or damaged column name?)"),
    ]
