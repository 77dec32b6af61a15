"""trade.gov Consolidated Screening List importer: CSV (2019 and current layouts) and JSON."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, Identifier
from partyscreen.sources import csl
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError

FIXTURE_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "csl_sample.json"

PARTIAL = "watchman/csl_2023-11-30_partial_clean.csv.gz"
TRUNCATED = "watchman/csl_2023-11-30_truncated_original.csv.gz"
SAMPLE_2025 = "watchman/csl_sample_2025-06.csv"
SAMPLE_2019 = "watchman/csl_sample_2019-12.csv"
DPL_TXT = "watchman/bis_denied_persons_2023-11-30.txt"

# SOURCE.md, "rows by source", for the partial file.
ROWS_BY_SOURCE = {
    "SDN": 1737, "EL": 919, "DPL": 577, "SSI": 288, "UVL": 186, "ISN": 144, "DTC": 142,
    "PLC": 78, "MEU": 71, "CMIC": 68, "MBS": 14, "FSE": 1, "CAP": 1,
}


def read_csv(*paths: Path, strict: bool = False) -> tuple[list[Entity], Problems]:
    problems = Problems(strict=strict)
    result = csl.read_csv(list(paths), ImportOptions(), problems)
    return result.records, problems  # type: ignore[return-value]


def read_json(*paths: Path) -> tuple[list[Entity], Problems]:
    problems = Problems()
    result = csl.read_json(list(paths), ImportOptions(), problems)
    return result.records, problems  # type: ignore[return-value]


def by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


@pytest.fixture(scope="module")
def partial(shared_data: Path) -> tuple[list[Entity], Problems]:
    return read_csv(shared_data / PARTIAL)


# --------------------------------------------------------------------------
# Recognising the formats


def test_sniff(shared_data: Path) -> None:
    for name in (PARTIAL, TRUNCATED, SAMPLE_2025, SAMPLE_2019):
        assert csl.CSV_FORMAT.sniff([shared_data / name]), name
        assert not csl.JSON_FORMAT.sniff([shared_data / name]), name
    assert not csl.CSV_FORMAT.sniff([shared_data / DPL_TXT])
    assert csl.JSON_FORMAT.sniff([FIXTURE_JSON])
    assert not csl.CSV_FORMAT.sniff([FIXTURE_JSON])


def test_formats_are_declared() -> None:
    assert csl.CSV_FORMAT.default_feed == "csl"
    assert csl.JSON_FORMAT.default_feed == "csl"
    assert csl.CSV_FORMAT.name != csl.JSON_FORMAT.name


def test_wrong_format_raises(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(FormatError):
        read_csv(shared_data / DPL_TXT)
    with pytest.raises(FormatError):
        read_csv(FIXTURE_JSON)
    with pytest.raises(FormatError):
        read_json(shared_data / SAMPLE_2025)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"data": []}))
    with pytest.raises(FormatError):
        read_json(other)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(FormatError):
        read_csv(empty)


# --------------------------------------------------------------------------
# The real partial file


def test_partial_counts_per_list(partial: tuple[list[Entity], Problems]) -> None:
    entities, problems = partial
    counts = Counter(e.list_code for e in entities)
    # One DPL entry (AL NASER AIRLINES) is published twice, once per address,
    # and the two rows disagree in their remarks (a "TDO RRENEWAL" typo): the
    # second is reported as a duplicate and the first kept.  Everything else
    # is one entity per row.
    expected = dict(ROWS_BY_SOURCE, DPL=576)
    assert dict(counts) == expected
    assert len(entities) == 4226 - 1
    assert [(p.line, p.message.split(" with ")[0]) for p in problems.items] == [
        (289, "duplicate id csl:27b60ac12aac36dc")
    ]
    assert by_id(entities)["csl:27b60ac12aac36dc"].name == "AL NASER AIRLINES"


def test_partial_schemata(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    schemata = Counter(e.schema for e in entities)
    # Only OFAC rows have a type: 1124 Individual, 1060 Entity, 3 Vessel; the rest say nothing.
    assert schemata == {"LegalEntity": 2038, "Organization": 1060, "Person": 1124, "Vessel": 3}
    assert all(e.id.startswith("csl:") for e in entities)
    assert len({e.id for e in entities}) == len(entities)


def test_cmic_inspur(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    inspur = by_id(entities)["csl:CMIC-30949"]
    assert inspur.name == "INSPUR GROUP CO., LTD."
    assert inspur.list_code == "CMIC"
    assert inspur.schema == "Organization"  # OFAC's "Entity": not a person
    assert inspur.aliases == ["Inspur Group"]
    assert inspur.addresses == [
        Address(full="No. 1036, High-Tech Inspur Road, Jinan, Shandong, 250101, CN", country="CN")
    ]
    assert inspur.countries == ["CN"]
    assert inspur.programs == ["CMIC-EO13959"]
    assert inspur.identifiers == [
        Identifier(type="Unified Social Credit Code (USCC)", value="913700001630477270", country="CN")
    ]
    # Sanctions information published among the ids is not an identifier.
    assert inspur.properties["Listing Date (CMIC)"] == ["2021-06-03"]
    assert inspur.properties["Target Type"] == ["Private Company"]
    assert "https://ofac.treasury.gov/consolidated-sanctions-list/ns-cmic-list" in inspur.source_urls


def test_entity_list_row(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    [buaa] = [e for e in entities if e.name == "Beijing University of Aeronautics and Astronautics (BUAA)"]
    assert buaa.list_code == "EL"
    assert buaa.schema == "LegalEntity"
    assert buaa.listed_on == "2001-05-14"
    assert buaa.end_date == ""
    assert buaa.license_requirement == "For all items subject to the EAR. (See §744.11 of the EAR)"
    assert buaa.license_policy == "Presumption of denial"
    # "66 FR 24266;70 FR 54629;75 FR 78877; 88 FR" as published.
    assert buaa.federal_register_notices == ["66 FR 24266", "70 FR 54629", "75 FR 78877", "88 FR"]
    assert len(buaa.addresses) == 11
    assert buaa.countries == ["CN"]
    # "District, , Dongying City": the empty part is dropped.
    assert Address(full="No. 60, Dong 6th Road, Dongying District, Dongying City, CN", country="CN") in buaa.addresses
    # "...Institute;Beihang University Qingdao..." has no space after the separator.
    assert "Beihang University Qingdao Research Institute" in buaa.aliases
    assert buaa.aliases[0] == "Beihang University"
    assert len(buaa.aliases) == 11
    assert buaa.id == "csl:e53275e5cb85faff"


def test_sdn_person(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    person = by_id(entities)["csl:SDN-7257"]
    assert person.name == "MAAROUFI, Tarek Ben Habib Ben Al-Toumi"
    assert person.schema == "Person"
    assert person.birth_dates == ["1965-11-23"]
    assert person.birth_places == ["Ghar el-dimaa, Tunisia", "Ghardimaou, Tunisia"]
    assert person.nationalities == ["TN"]
    assert person.programs == ["SDGT"]
    assert person.identifiers == [
        Identifier(type="Passport", value="E590976", country="TN", note="issued 1987-06-19; expires 1992-06-18")
    ]

    doctor = by_id(entities)["csl:SDN-9932"]
    assert doctor.titles == ["Doctor"]
    assert doctor.birth_dates == ["1949-04-28", "1949-04-29"]
    assert doctor.nationalities == ["SA"] and doctor.citizenships == ["SA"]
    # No country in "Passport, F 137998, 18 Apr 2004, 24 Feb 2009".
    assert doctor.identifiers == [
        Identifier(type="Passport", value="F 137998", note="issued 2004-04-18; expires 2009-02-24")
    ]
    assert "AL MOJIL, Abdulhamid Sulaiman M." in doctor.aliases


def test_birth_date_spellings(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    dates = [d for e in entities for d in e.birth_dates]
    # "circa 1951" -> "1951", "Sep 1938" -> "1938-09"; every value is ISO.
    assert all(len(d) in (4, 7, 10) and d[:4].isdigit() for d in dates)
    assert "1938-09" in dates
    assert not any("birth_date_text" in e.properties for e in entities)


def test_vessel(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    ebano = by_id(entities)["csl:SDN-4243"]
    assert ebano.schema == "Vessel"
    assert ebano.aliases == ["ANA I", "SAND SWAN"]
    assert ebano.identifiers == [Identifier(type="Vessel Registration Identification", value="IMO 7406784")]
    assert ebano.properties == {
        "vessel_type": ["General Cargo"],
        "gross_tonnage": ["2595"],
        "gross_registered_tonnage": ["1865"],
        "vessel_flag": ["Panama"],
    }


def test_same_ofac_entity_on_two_lists(partial: tuple[list[Entity], Problems]) -> None:
    # OFAC entity numbers are shared between lists (SSI and NS-MBS, SDN and
    # PLC): the id carries the list code so both entries load.
    entities, _ = partial
    ids = by_id(entities)
    ssi = [e for e in entities if e.list_code == "SSI" and e.name == "PUBLIC JOINT STOCK COMPANY GAZPROM"]
    mbs = [e for e in entities if e.list_code == "MBS" and e.name == "Public Joint Stock Company Gazprom"]
    assert len(ssi) == len(mbs) == 1
    assert ssi[0].id.removeprefix("csl:SSI-") == mbs[0].id.removeprefix("csl:MBS-")
    assert ids[ssi[0].id] is ssi[0]


def test_directive_information_is_not_an_identifier(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    id_types = {i.type for e in entities for i in e.identifiers}
    assert not any(t.startswith(("Secondary sanctions risk", "Executive Order", "Gender")) for t in id_types)
    vtb = by_id(entities)["csl:SSI-17013"]
    assert vtb.properties["Executive Order 13662 Directive Determination"] == ["Subject to Directive 1"]
    assert Identifier(type="SWIFT/BIC", value="VTBRRUMM") in vtb.identifiers


def test_listing_scope_is_not_part_of_the_name(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    [poly] = [e for e in entities if e.name == "Poly Technologies Incorporated (PTI)"]
    assert poly.list_code == "ISN"
    assert poly.properties["name_qualifier"] == ["and its sub-units and successors"]
    assert poly.federal_register_notices == ["Vol. 87, No. 14, 01/21/2022"]


def test_multiline_cell(partial: tuple[list[Entity], Problems]) -> None:
    entities, _ = partial
    [elink] = [e for e in entities if e.name == "Elink Electronic Technology Co. Ltd."]
    assert elink.list_code == "MEU"
    assert elink.addresses == [
        Address(full="Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai, China, CN", country="CN")
    ]


# --------------------------------------------------------------------------
# Other layouts and bad files


def test_sample_2025(shared_data: Path) -> None:
    entities, problems = read_csv(shared_data / SAMPLE_2025)
    assert len(entities) == 13 and not problems.items
    [cetc] = [e for e in entities if e.list_code == "EL"]
    # "...; and CETC Research Institute 13": the joining "and" is not part of the alias.
    assert cetc.aliases[-1] == "CETC Research Institute 13"
    assert cetc.addresses[1] == Address(full="21 Changsheng Street, Shijiazhuang, Hebei, China", country="CN")
    assert cetc.federal_register_notices == ["83 FR 37423", "87 FR 77505"]
    rim = by_id(entities)["csl:SDN-52291"]
    assert rim.gender == "male"
    assert rim.countries == ["CN", "KP"]
    fse = by_id(entities)["csl:FSE-26182"]
    assert fse.addresses == [Address(country="TR")]  # the address is just "TR"
    [isn] = [e for e in entities if e.list_code == "ISN"]
    assert isn.name == "Sinobright Import and Export Company"
    assert isn.properties["name_qualifier"] == ["and any successor, sub-unit, or subsidiary thereof"]


def test_layout_2019(shared_data: Path) -> None:
    entities, problems = read_csv(shared_data / SAMPLE_2019)
    assert Counter(e.list_code for e in entities) == {
        "SDN": 28, "SSI": 26, "EL": 19, "PLC": 13, "DTC": 10, "DPL": 8, "UVL": 4, "ISN": 3, "CAP": 1,
    }
    # 115 rows: one Entity List entry is published four times with different
    # start dates and addresses; the three later rows are reported.
    assert len(entities) == 112
    assert [p.line for p in problems.items] == [108, 109, 110]
    ids = by_id(entities)
    # 2019 wrote ids as "[country, ]number, type".
    assert ids["csl:SDN-12449"].identifiers == [
        Identifier(type="Matricula Mercantil No", value="1978075", country="CO")
    ]
    assert ids["csl:SDN-20264"].identifiers == [Identifier(type="Tax ID No.", value="80-0890696", country="US")]
    vessel = ids["csl:SDN-27304"]
    assert vessel.schema == "Vessel"
    assert vessel.properties["vessel_flag"] == ["Iran"]
    assert vessel.properties["Former Vessel Flag"] == ["Panama"]


def test_truncated_original(shared_data: Path, partial: tuple[list[Entity], Problems]) -> None:
    entities, problems = read_csv(shared_data / TRUNCATED)
    messages = {p.line: p.message for p in problems.items}
    assert "repeated header" in messages[2]
    assert "8 fields" in messages[4233] and "truncated" in messages[4233]
    # The third problem is the AL NASER AIRLINES duplicate of the clean file,
    # one line further down because of the extra header line.
    assert sorted(messages) == [2, 290, 4233]
    assert all(p.file == "csl_2023-11-30_truncated_original.csv.gz" for p in problems.items)
    clean, _ = partial
    assert [e.to_dict() for e in entities] == [e.to_dict() for e in clean]


def test_strict_refuses(shared_data: Path) -> None:
    with pytest.raises(StrictImportError, match=r"csl_2023-11-30_truncated_original.csv.gz:2:"):
        read_csv(shared_data / TRUNCATED, strict=True)


# --------------------------------------------------------------------------
# Stable ids


def test_ids_are_stable(shared_data: Path, tmp_path: Path) -> None:
    first, _ = read_csv(shared_data / SAMPLE_2025)
    again, _ = read_csv(shared_data / SAMPLE_2025)
    assert [e.id for e in first] == [e.id for e in again]

    # Reordered rows with new _id values give the same entities.
    with (shared_data / SAMPLE_2025).open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    for number, row in enumerate(rows):
        row[0] = f"regenerated-{number}"
    shuffled = tmp_path / "consolidated.csv"
    with shuffled.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *reversed(rows)])
    moved, problems = read_csv(shuffled)
    assert not problems.items
    assert {e.id: e.to_dict() for e in moved} == {e.id: e.to_dict() for e in first}


def test_ids_of_partial_file_do_not_use_underscore_id(
    shared_data: Path, partial: tuple[list[Entity], Problems]
) -> None:
    entities, _ = partial
    ofac_codes = {"SDN", "SSI", "PLC", "CMIC", "MBS", "FSE", "CAP"}
    # OFAC rows: "<list code>-<entity number>".
    assert all(re.fullmatch(rf"csl:{e.list_code}-\d+", e.id) for e in entities if e.list_code in ofac_codes)
    # Other lists: a 16-hex fallback id from list code, name and FR notice,
    # never the hash trade.gov puts in _id.
    others = [e for e in entities if e.list_code not in ofac_codes]
    assert all(re.fullmatch(r"csl:[0-9a-f]{16}", e.id) for e in others)
    text = gzip.decompress((shared_data / PARTIAL).read_bytes()).decode("utf-8-sig")
    row_ids = {row["_id"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert not {e.id.split(":", 1)[1] for e in others} & row_ids


def test_gzip_and_feed(shared_data: Path, tmp_path: Path) -> None:
    packed = tmp_path / "consolidated.csv.gz"
    packed.write_bytes(gzip.compress((shared_data / SAMPLE_2025).read_bytes()))
    assert csl.CSV_FORMAT.sniff([packed])
    plain, _ = read_csv(shared_data / SAMPLE_2025)
    zipped, _ = read_csv(packed)
    assert [e.to_dict() for e in zipped] == [e.to_dict() for e in plain]
    custom = csl.read_csv([packed], ImportOptions(feed="csl-test"), Problems()).records
    assert {e.id.split(":", 1)[1] for e in custom} == {e.id.split(":", 1)[1] for e in plain}
    assert all(e.id.startswith("csl-test:") for e in custom)


# --------------------------------------------------------------------------
# JSON


def test_json_matches_csv(partial: tuple[list[Entity], Problems]) -> None:
    from_json, problems = read_json(FIXTURE_JSON)
    assert not problems.items
    assert len(from_json) == 9
    from_csv = by_id(partial[0])
    for entity in from_json:
        assert entity.to_dict() == from_csv[entity.id].to_dict(), entity.name
    assert {e.list_code for e in from_json} == {"CMIC", "EL", "SDN", "SSI", "ISN", "MEU", "DPL"}


def test_json_without_shared_data() -> None:
    result = csl.read_json([FIXTURE_JSON], ImportOptions(), Problems())
    assert result.source_date == "2023-11-30"
    entities = by_id(result.records)  # type: ignore[arg-type]
    person = entities["csl:SDN-9932"]
    assert person.birth_dates == ["1949-04-28", "1949-04-29"]
    assert person.identifiers[0].note == "issued 2004-04-18; expires 2009-02-24"
    # "MEU" as the API's short source code.
    assert any(e.list_code == "MEU" for e in entities.values())


def test_json_bare_array_and_bad_record(tmp_path: Path) -> None:
    data = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    results = data["results"]
    for item in results:
        item["id"] = "something-else"  # the record id never reaches the entity id
    bad = {"source": "Some Other List", "name": "X"}
    path = tmp_path / "csl.json.gz"
    path.write_bytes(gzip.compress(json.dumps([*results, "oops", bad]).encode("utf-8")))
    assert csl.JSON_FORMAT.sniff([path])
    entities, problems = read_json(path)
    original, _ = read_json(FIXTURE_JSON)
    assert [e.to_dict() for e in entities] == [e.to_dict() for e in original]
    assert [(p.line, p.message) for p in problems.items] == [
        (10, "record is not a JSON object; skipped"),
        (11, "unknown source 'Some Other List'"),
    ]


# --------------------------------------------------------------------------
# Pieces


@pytest.mark.parametrize(
    ("source", "code"),
    [(name, code) for name, code in csl.SOURCE_CODES.items()]
    + [("EL", "EL"), ("mbs", "MBS"), ("CAP", "CAP"), ("Entity  List (EL) -  Bureau of Industry and Security", "EL"),
       ("Some New List (PLC) - Treasury Department", "PLC"), ("Unknown", "")],
)
def test_list_codes(source: str, code: str) -> None:
    assert csl.list_code_for(source) == code


def test_every_source_in_the_files_is_known(shared_data: Path) -> None:
    sources: set[str] = set()
    for name in (PARTIAL, SAMPLE_2025, SAMPLE_2019):
        raw = (shared_data / name).read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8-sig")
        sources |= {row["source"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert sources == set(csl.SOURCE_CODES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1962-03-17", "1962-03-17"), ("1962", "1962"), ("17 Mar 1962", "1962-03-17"), ("Sep 1938", "1938-09"),
        ("circa 1960", "1960"), ("circa 07 Jul 1966", "1966"), ("03/17/1962", "1962-03-17"), ("", ""),
        ("sometime", None), ("1962-13-01", None),
    ],
)
def test_iso_date(text: str, expected: str | None) -> None:
    assert csl.iso_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85 FR 83799", ["85 FR 83799"]),
        ("68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06", ["68 F.R. 38290 6/27/03", "71 F.R. 38843 7/10/06"]),
        ("63 FR 64322 (11/19/98), 65 FR 14444 (03/17/00)", ["63 FR 64322 (11/19/98)", "65 FR 14444 (03/17/00)"]),
        ("Vol. 74, No. 11, 01/16/09", ["Vol. 74, No. 11, 01/16/09"]),
        ("Notice 1958, Vol. 59, No. 44, 3/07/94", ["Notice 1958, Vol. 59, No. 44, 3/07/94"]),
        ("54 F.R. 9537 3/7/89 and 54 F.R. 13715 4/5/89", ["54 F.R. 9537 3/7/89", "54 F.R. 13715 4/5/89"]),
        ("82 F.R. 16786, 16787 4/16/2017", ["82 F.R. 16786, 16787 4/16/2017"]),
        ("79 FR  55608", ["79 FR 55608"]),
        ("66 FR 24266;70 FR 54629; 88 FR", ["66 FR 24266", "70 FR 54629", "88 FR"]),
        ("75 FR 36516, 77 FR 58006 (no. 182)", ["75 FR 36516", "77 FR 58006 (no. 182)"]),
        ("", []),
    ],
)
def test_split_fr_citations(text: str, expected: list[str]) -> None:
    assert csl.split_fr_citations(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("31 Jinrong Street, Beijing, 100033, CN", Address(full="31 Jinrong Street, Beijing, 100033, CN", country="CN")),
        ("Billstrasse 123, Hamburg, Germany", Address(full="Billstrasse 123, Hamburg, Germany", country="DE")),
        ("3415 RIVERA AVENUE, EL PASO, TX, 79905", Address(full="3415 RIVERA AVENUE, EL PASO, TX, 79905")),
        ("Jabaliya", Address(full="Jabaliya")),
        ("IR", Address(country="IR")),
        ("and 21 Changsheng Street, Shijiazhuang, CN", Address(full="21 Changsheng Street, Shijiazhuang, CN", country="CN")),
    ],
)
def test_address_from_line(line: str, expected: Address) -> None:
    assert csl.address_from_line(line) == expected


def test_address_only_entity_list_entry(tmp_path: Path) -> None:
    # Entity List address-only entries ("Address 01", since 2024) are not in
    # the shared data; this row follows the CSL layout.
    header = ["_id", "source", "entity_number", "type", "programs", "name", "addresses",
              "federal_register_notice", "start_date", "alt_names", "ids"]
    row = ["x1", "Entity List (EL) - Bureau of Industry and Security", "", "", "", "Address 01",
           "Room 1001, 10/F, Example Tower, 1 Example Road, Kowloon, HK", "89 FR 12345", "2024-02-01", "", ""]
    path = tmp_path / "el.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, row])
    [entry], problems = read_csv(path)
    assert not problems.items
    assert entry.schema == "Address"
    assert entry.name == "Room 1001, 10/F, Example Tower, 1 Example Road, Kowloon, HK"
    assert entry.properties["entry_label"] == ["Address 01"]
    assert entry.countries == ["HK"]
    assert entry.listed_on == "2024-02-01"


def test_bad_values_are_reported_with_line(tmp_path: Path) -> None:
    header = ["source", "entity_number", "type", "name", "federal_register_notice", "start_date"]
    rows = [
        ["Entity List (EL) - Bureau of Industry and Security", "", "", "Good Co", "85 FR 1", "someday"],
        ["Entity List (EL) - Bureau of Industry and Security", "", "", "", "85 FR 2", ""],
        ["Specially Designated Nationals (SDN) - Treasury Department", "1", "Spaceship", "X", "", ""],
    ]
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    entities, problems = read_csv(path)
    assert [e.name for e in entities] == ["Good Co"]  # loaded without the unreadable date
    assert entities[0].listed_on == ""
    assert [(p.line, p.message) for p in problems.items] == [
        (2, "unreadable start_date 'someday'; loaded without it"),
        (3, "empty name"),
        (4, "unknown type 'Spaceship'"),
    ]


def test_a_column_the_layout_does_not_have_is_reported(tmp_path: Path) -> None:
    # "alt_nbmes": one damaged byte in the header would drop every alias without a word.
    header = ["source", "entity_number", "name", "federal_register_notice", "alt_nbmes", "name"]
    row = ["Entity List (EL) - Bureau of Industry and Security", "", "Old Name Co", "85 FR 1", "Other Name Co", "Good Co"]
    path = tmp_path / "el.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, row])
    entities, problems = read_csv(path)
    assert [e.name for e in entities] == ["Good Co"]
    assert [(p.line, p.message) for p in problems.items] == [
        (1, "column 'name' appears twice in the header; only the last one is read"),
        (1, "column 'alt_nbmes' is not in the CSL CSV layout; its values are not imported (a renamed or damaged column name?)"),
    ]


def test_the_published_layouts_have_no_unknown_column(shared_data: Path) -> None:
    for name in (SAMPLE_2019, SAMPLE_2025, PARTIAL, TRUNCATED):
        _, problems = read_csv(shared_data / name)
        assert not [p for p in problems.items if p.line == 1], name


def test_rows_swallowed_by_an_unclosed_quote_are_reported(tmp_path: Path) -> None:
    header = "source,entity_number,name,federal_register_notice,addresses"
    rows = [
        'Entity List (EL) - Bureau of Industry and Security,,First Co,85 FR 1,"1 Main St',
        "Entity List (EL) - Bureau of Industry and Security,,Second Co,85 FR 2,2 Main St",
        'Entity List (EL) - Bureau of Industry and Security,,Third Co,85 FR 3,3 Main St"',
        'Entity List (EL) - Bureau of Industry and Security,,Fourth Co,85 FR 4,"Room 7,\nMinhang District, Shanghai, China, CN"',
    ]
    path = tmp_path / "el.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    entities, problems = read_csv(path)
    # Second Co was read into First Co's address: both are named, not lost without a word.
    assert [e.name for e in entities] == ["Fourth Co"]  # an address over two lines is a real cell
    assert [(p.line, p.message[:40]) for p in problems.items] == [(2, "a quoted cell runs on to line 4 and hold")]
