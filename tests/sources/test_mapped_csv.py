"""Generic CSV with a column mapping (custom and internal lists)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, fallback_native_id
from partyscreen.sources import mapped_csv
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError

FLAT = "restricted-parties-db/bis_entity_list_flat.csv"
BASIC = {"name": "name_english", "aliases": "aliases"}


def read(
    *paths: Path,
    mapping: dict[str, str] | None = None,
    feed: str = "bis-el-flat",
    list_code: str = "EL",
    sep: str = " | ",
    strict: bool = False,
) -> tuple[list[Entity], Problems]:
    problems = Problems(strict=strict)
    options = ImportOptions(feed=feed, list_code=list_code, mapping=mapping or BASIC, alias_sep=sep)
    result = mapped_csv.read(list(paths), options, problems)
    return result.records, problems  # type: ignore[return-value]


def write(tmp_path: Path, text: str, name: str = "custom.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def flat(shared_data: Path) -> dict[str, Entity]:
    entities, problems = read(shared_data / FLAT, mapping={**BASIC, "countries": "countries_ko"})
    assert not problems.items
    return {e.name: e for e in entities}


def test_never_sniffed(shared_data: Path) -> None:
    assert not mapped_csv.FORMAT.sniff([shared_data / FLAT])
    assert mapped_csv.FORMAT.name == "csv"


def test_counts(flat: dict[str, Entity]) -> None:
    # 3,420 rows; 77 names are listed more than once and merge: 3,329 entities.
    assert len(flat) == 3329
    entities = list(flat.values())
    assert {e.list_code for e in entities} == {"EL"}
    assert {e.schema for e in entities} == {"LegalEntity"}
    assert all(e.id.startswith("bis-el-flat:") for e in entities)
    assert sum(1 for e in entities if e.aliases) == 1902
    assert sum(len(e.aliases) for e in entities) == sum(len(set(e.aliases)) for e in entities)
    countries = Counter(c for e in entities for c in e.countries)
    # Counted per entity after merging; the file has 1,095 러시아 / 1,105 중국 / 234 홍콩 cells.
    assert countries["RU"] == 1085
    assert countries["CN"] == 1079
    assert countries["HK"] == 232


def test_known_row(flat: dict[str, Entity]) -> None:
    plant = flat["140 Repair Plant JSC"]
    assert plant.aliases == ["Open Joint Stock Company 140 Repair Plant", "JSC 140 Repair Plant"]
    assert plant.countries == ["BY"]  # 벨라루스
    assert plant.id == "bis-el-flat:" + fallback_native_id("EL", "140 Repair Plant JSC", "")


def test_several_countries_in_one_cell(flat: dict[str, Entity]) -> None:
    assert flat["Scikro (Hong Kong) Instruments Limited"].countries == ["CN", "HK"]  # 중국/홍콩, 중국


def test_repeated_names_merge(flat: dict[str, Entity]) -> None:
    # Listed under three countries, with different alias lists.
    talebi = flat["Saeed Talebi"]
    assert talebi.aliases == ["Allen Talebi", "Al"]
    assert talebi.countries == ["CA", "IR", "AE"]
    assert flat["Ahmad Rahzad"].countries == ["MY", "IR"]


def test_unresolved_country_names_are_kept(flat: dict[str, Entity]) -> None:
    # country_code does not know the Korean name of Türkiye (yet).
    unresolved = Counter(
        c for e in flat.values() for c in e.properties.get("unresolved_countries", [])
    )
    assert set(unresolved) <= {"튀르키예", "남아프리카공화국", "한국", "북마케도니아", "호주"}


def test_id_column(shared_data: Path) -> None:
    mapping = {"id": "id", **BASIC}
    entities, problems = read(shared_data / FLAT, mapping=mapping)
    assert not problems.items
    assert len(entities) == 3354  # distinct ids in the file
    assert entities[0].id == "bis-el-flat:rpl-6c53de3fbc28de748678"


def test_all_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ref;who;aka;type;land;addr;dob;prog;since;fr;lic;pol;note;url;lst\n"
        "A1;Jane Roe;J. Roe|Janie;Individual;Iran|Korea, North;Tehran|Pyongyang;1970-01-02;IRAN;"
        "03/15/2024;89 FR 1234;For all items;Presumption of denial;see file;https://x.test/1;INTERNAL\n",
    )
    mapping = {
        "id": "ref", "name": "who", "aliases": "aka", "schema": "type", "countries": "land",
        "address": "addr", "birth_date": "dob", "programs": "prog", "listed_on": "since",
        "federal_register_notice": "fr", "license_requirement": "lic", "license_policy": "pol",
        "remarks": "note", "source_url": "url", "list": "lst",
    }
    entities, problems = read(path, mapping=mapping, feed="internal", sep="|")
    assert not problems.items
    jane = entities[0]
    assert jane.id == "internal:A1"
    assert jane.schema == "Person"
    assert jane.list_code == "INTERNAL"  # the row's list column wins
    assert jane.aliases == ["J. Roe", "Janie"]
    assert jane.countries == ["IR", "KP"]
    assert jane.addresses == [Address(full="Tehran"), Address(full="Pyongyang")]
    assert jane.birth_dates == ["1970-01-02"]
    assert jane.programs == ["IRAN"]
    assert jane.listed_on == "2024-03-15"
    assert jane.federal_register_notices == ["89 FR 1234"]
    assert (jane.license_requirement, jane.license_policy) == ("For all items", "Presumption of denial")
    assert jane.remarks == "see file"
    assert jane.source_urls == ["https://x.test/1"]


def test_bad_rows_reported_with_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'name,aliases,since\nGood One,,\n,orphan alias,\n"Multi\nLine Co",,\n,,\nBad Date,,someday\nLast,,\n',
    )
    mapping = {"name": "name", "aliases": "aliases", "listed_on": "since"}
    entities, problems = read(path, mapping=mapping, sep=";")
    assert [e.name for e in entities] == ["Good One", "Multi\nLine Co", "Bad Date", "Last"]
    # Line 3 has no name; line 6 (after a two-line record and a blank row) a bad date.
    assert [(p.file, p.line) for p in problems.items] == [("custom.csv", 3), ("custom.csv", 7)]
    assert "no name in column 'name'" in problems.items[0].message
    with pytest.raises(StrictImportError, match="custom.csv:3"):
        read(path, mapping=mapping, strict=True)


def test_explicit_id_reused_for_another_name(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,country\n1,Foo Ltd,China\n1,FOO LTD,Hong Kong\n1,Bar Ltd,Iran\n")
    mapping = {"id": "id", "name": "name", "countries": "country"}
    entities, problems = read(path, mapping=mapping)
    assert [(e.name, e.countries) for e in entities] == [("Foo Ltd", ["CN", "HK"])]
    assert [(p.line, p.message) for p in problems.items] == [
        (4, "id '1' already used for 'Foo Ltd', here 'Bar Ltd'")
    ]


def test_needs_a_feed(shared_data: Path) -> None:
    with pytest.raises(FormatError, match="a mapped CSV needs --feed NAME"):
        read(shared_data / FLAT, feed="")


def test_missing_column_lists_the_header(shared_data: Path) -> None:
    with pytest.raises(FormatError) as caught:
        read(shared_data / FLAT, mapping={"name": "english_name"})
    message = str(caught.value)
    assert "name=english_name" in message
    assert "id, list_id, name_english, name_native, aliases, countries_ko" in message


def test_bad_mapping(shared_data: Path) -> None:
    with pytest.raises(FormatError, match="unknown mapping target"):
        read(shared_data / FLAT, mapping={"name": "name_english", "colour": "x"})
    with pytest.raises(FormatError, match="needs a name column"):
        read(shared_data / FLAT, mapping={"aliases": "aliases"})


def test_gzip_and_tabs(tmp_path: Path) -> None:
    path = tmp_path / "list.tsv.gz"
    path.write_bytes(gzip.compress("name\tcountry\nAcme, Inc.\tRussia\n".encode("utf-8")))
    entities, _ = read(path, mapping={"name": "name", "countries": "country"})
    assert [(e.name, e.countries) for e in entities] == [("Acme, Inc.", ["RU"])]


def test_rows_with_another_field_count_than_the_header_are_reported(tmp_path: Path) -> None:
    # A byte lost between two rows runs them together; a cut file ends in a short row.
    path = write(
        tmp_path,
        "name_english,aliases,countries_ko\n"
        "Alpha Ltd,A1,중국\n"
        "Beta Ltd,B1,중국Gamma Ltd,G1,중국\n"
        "Delta Ltd,D1,중국\n"
        "Epsilon Ltd,E1\n",
    )
    entities, problems = read(path, mapping={**BASIC, "countries": "countries_ko"})
    assert [e.name for e in entities] == ["Alpha Ltd", "Delta Ltd"]
    assert [(p.line, p.message) for p in problems.items] == [
        (3, "5 fields where the header has 3; skipped"),
        (5, "2 fields where the header has 3; skipped"),
    ]
