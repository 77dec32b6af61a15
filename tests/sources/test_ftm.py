"""FollowTheMoney JSON-lines importer."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, Identifier, Relation
from partyscreen.sources import ftm
from partyscreen.sources.base import (
    FormatError,
    ImportOptions,
    ParseResult,
    Problems,
    StrictImportError,
)

T1 = "matching-benchmarks/yente/ftm_t1/entities.ftm.json"
ZALA = "matching-benchmarks/yente/ftm_zala/entities.ftm.json"
CSL_SAMPLE = "watchman/csl_sample_2025-06.csv"


def read(*paths: Path, strict: bool = False, **options: str) -> tuple[ParseResult, Problems]:
    problems = Problems(strict=strict)
    return ftm.read(list(paths), ImportOptions(**options), problems), problems


def by_id(result: ParseResult) -> dict[str, Entity | Relation]:
    return {r.id: r for r in result.records}


def write_lines(tmp_path: Path, *lines: object, name: str = "x.ftm.json") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def entity(id_: str, schema: str, **props: list[str]) -> dict[str, object]:
    return {"id": id_, "schema": schema, "properties": props, "datasets": ["test"]}


@pytest.fixture(scope="module")
def t1(shared_data: Path) -> dict[str, Entity | Relation]:
    result, problems = read(shared_data / T1)
    assert not problems.items
    assert result.skipped == {}
    return by_id(result)


@pytest.fixture(scope="module")
def zala(shared_data: Path) -> ParseResult:
    result, problems = read(shared_data / ZALA)
    assert not problems.items
    return result


def test_sniff(shared_data: Path) -> None:
    assert ftm.FORMAT.sniff([shared_data / T1])
    assert ftm.FORMAT.sniff([shared_data / ZALA])
    assert not ftm.FORMAT.sniff([shared_data / CSL_SAMPLE])
    assert not ftm.FORMAT.sniff([shared_data / "cn-university-entity-list/data.json"])
    assert ftm.FORMAT.default_feed == "ftm"


def test_counts_t1(t1: dict[str, Entity | Relation]) -> None:
    assert Counter(r.schema for r in t1.values()) == {"Person": 4, "Organization": 2, "Address": 1}
    assert {r.list_code for r in t1.values() if isinstance(r, Entity)} == {"FTM"}


def test_counts_zala(zala: ParseResult) -> None:
    # 91 lines: 41 Sanctions and 11 Addresses are folded into their entities,
    # the one Passport has no number.
    assert Counter(r.schema for r in zala.records) == {
        "Ownership": 14, "Company": 11, "Person": 6, "Family": 4, "Directorship": 3,
    }
    assert zala.skipped == {"Passport (no number)": 1}


def test_organization(t1: dict[str, Entity | Relation]) -> None:
    org = t1["ftm:NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert isinstance(org, Entity)
    assert org.schema == "Organization"
    assert org.name == "RAB „Inter Tobacco“"  # the caption
    assert len(org.aliases) == 11  # the other `name` values
    assert "“Inter Tobacco” LLC" in org.aliases
    assert org.countries == ["BY"]
    assert org.identifiers == [Identifier("registrationNumber", "808000714")]
    assert org.remarks == "Belarus (Minsk Free Economic Zone)"
    assert org.properties["datasets"] == ["eu_fsf"]
    assert org.properties["target"] == ["true"]
    assert "last_seen" not in org.properties  # volatile: would change the content hash


def test_standalone_address(t1: dict[str, Entity | Relation]) -> None:
    address = t1["ftm:NK-2MQE6AmhAk4tqhENJAMUG9"]
    assert isinstance(address, Entity)
    assert address.schema == "Address"
    assert address.name == "Majengo area, Mombasa, KENYA"
    assert address.addresses == [
        Address(full="Majengo area, Mombasa, KENYA", city="Majengo area, Mombasa", country="KE")
    ]
    assert address.countries == ["KE"]


def test_person(t1: dict[str, Entity | Relation]) -> None:
    person = t1["ftm:NK-2Myxbs6wX9xFKGoQn3sLaY"]
    assert isinstance(person, Entity)
    assert person.name == "Viktor Vladimirovitj Sojko"
    assert "Victor Vladimirovich SOYKO" in person.aliases
    assert person.birth_dates == ["1971-07-03"]
    assert person.birth_places == ["BELARUS, Komsomolskaya"]
    assert person.gender == "male"
    assert person.nationalities == ["BY"]
    assert person.titles[0] == "Colonel"


def test_person_with_sanctions(zala: ParseResult) -> None:
    maria = by_id(zala)["ftm:NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert isinstance(maria, Entity)
    assert maria.name == "Maria Aleksandrovna Osetrova"
    assert maria.former_names == ["Maria Aleksandrovna Zakharova", "Мария Александровна Захарова"]
    assert "Zakharova Mariia Oleksandrivna" in maria.aliases  # from `alias`
    assert maria.citizenships == ["RU"]
    assert Identifier("innCode", "183116181362") in maria.identifiers
    assert maria.addresses[1] == Address(full="272 Pushkinskaya St., Apt. 41, Izhevsk, 426008")

    alexander = by_id(zala)["ftm:NK-aU5ybkbRFJucf8YMwsJvDw"]
    assert isinstance(alexander, Entity)
    # Resolved through the Address entity's referents.
    assert alexander.addresses[0] == Address(
        full="272 Pushkinskaya Street, Apt 41, Izhevsk, 426008",
        street="272 Pushkinskaya Street, Apt 41",
        city="Izhevsk",
        postal_code="426008",
        country="RU",
    )
    assert alexander.programs  # from his Sanction entities
    assert "The Russia (Sanctions) (EU Exit) Regulations 2019" in alexander.programs
    assert alexander.listed_on and alexander.end_date == ""


def test_company_with_sanctions(zala: ParseResult) -> None:
    cst = by_id(zala)["ftm:NK-abdzbEBkqyT29GyREbiURZ"]
    assert isinstance(cst, Entity)
    assert cst.schema == "Company"
    assert cst.name == "LLC CST"
    assert cst.listed_on == "2021-10-30"  # earliest listing/start date of its sanctions
    assert "ZALA" in cst.weak_aliases  # weakAlias and abbreviation
    assert len(cst.weak_aliases) == len(set(cst.weak_aliases))
    assert Identifier("ogrnCode", "1101841007938") in cst.identifiers
    assert "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=45934" in cst.source_urls
    assert cst.properties["sanction_authority"]


def test_not_a_target(zala: ParseResult) -> None:
    owned = by_id(zala)["ftm:ru-inn-5920040846"]
    assert isinstance(owned, Entity)
    assert owned.properties["target"] == ["false"]


def test_ownership(zala: ParseResult) -> None:
    ownership = by_id(zala)["ftm:ru-770bdf5f22537fa2a94176f53fa87fe28ecf94fa"]
    assert ownership == Relation(
        id="ftm:ru-770bdf5f22537fa2a94176f53fa87fe28ecf94fa",
        schema="Ownership",
        subject_id="ftm:NK-aU5ybkbRFJucf8YMwsJvDw",  # owner
        object_id="ftm:NK-abdzbEBkqyT29GyREbiURZ",  # asset
        percent=50.0,
        start_date="2015-11-25",
        end_date="2023-03-02",
        source="ext_ru_egrul",
        properties={"sharesCount": ["6494.29"]},
    )
    untyped = by_id(zala)["ftm:NK-3NyeuT6JeJDLhGEyH3JD52"]
    assert isinstance(untyped, Relation)
    assert untyped.percent is None
    assert untyped.source == "gb_fcdo_sanctions,ua_war_sanctions"


def test_directorship_and_family(zala: ParseResult) -> None:
    records = by_id(zala)
    director = records["ftm:ru-a9285fbd0d02aebe28295dd37885191822789ad8"]
    assert isinstance(director, Relation)
    assert (director.subject_id, director.object_id) == (
        "ftm:NK-mCEmxFfuhfdjpC8gsxH74o",
        "ftm:NK-abdzbEBkqyT29GyREbiURZ",
    )
    assert director.start_date == "2017-10-23"
    family = records["ftm:ofac-6d023267c742427bc92220ad97daca2e17b136ff"]
    assert isinstance(family, Relation)
    assert family.subject_id == "ftm:NK-JseaPJctnK9o8wrmz8xmoT"  # person
    assert family.object_id == "ftm:NK-aU5ybkbRFJucf8YMwsJvDw"  # relative
    assert family.properties == {"relationship": ["Family member of"]}


@pytest.mark.parametrize(
    ("value", "percent"), [("50%", 50.0), ("50.0", 50.0), ("12,5 %", 12.5), ("about half", None)]
)
def test_percent(value: str, percent: float | None) -> None:
    assert ftm._percent([value]) == percent


def test_documents_vessels_and_skipped_schemata(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        entity("p1", "Person", name=["Jane Roe"], country=["gb"]),
        entity("pass1", "Passport", holder=["p1"], number=["123456789"], country=["gb"]),
        entity("v1", "Vessel", name=["SEA STAR"], imoNumber=["9123456"], flag=["pa"]),
        entity("a1", "Airplane", name=["EX-123"], registrationNumber=["EX-123"]),
        entity("pay1", "Payment", payer=["p1"], amount=["10"]),
        entity("s1", "Sanction", entity=["gone"], program=["X"]),
    )
    result, problems = read(path, feed="test", list_code="CUSTOM")
    assert not problems.items
    records = by_id(result)
    jane = records["test:p1"]
    assert isinstance(jane, Entity)
    assert jane.list_code == "CUSTOM"
    assert jane.identifiers == [Identifier("Passport", "123456789", "GB")]
    vessel = records["test:v1"]
    assert isinstance(vessel, Entity)
    assert vessel.schema == "Vessel"
    assert vessel.identifiers == [Identifier("imoNumber", "9123456")]
    assert vessel.properties["flag"] == ["pa"]
    assert records["test:a1"].schema == "Aircraft"
    assert result.skipped == {"Payment": 1, "Sanction (no entity in file)": 1}


def test_bad_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        entity("p1", "Person", name=["Jane Roe"]),
        "{not json",
        {"schema": "Person", "properties": {}},
        "",
        entity("o1", "Ownership", owner=["p1"]),
        entity("p2", "Person", name=["John Roe"]),
    )
    result, problems = read(path)
    assert [r.id for r in result.records] == ["ftm:p1", "ftm:p2"]
    assert [(p.file, p.line) for p in problems.items] == [
        ("x.ftm.json", 2), ("x.ftm.json", 3), ("x.ftm.json", 5)
    ]
    assert "not valid JSON" in problems.items[0].message
    assert "without id" in problems.items[1].message
    assert "lacks owner or asset" in problems.items[2].message


def test_strict_refuses(tmp_path: Path) -> None:
    path = write_lines(tmp_path, entity("p1", "Person", name=["Jane Roe"]), "{not json")
    with pytest.raises(StrictImportError, match="x.ftm.json:2"):
        read(path, strict=True)


def test_wrong_format(shared_data: Path) -> None:
    with pytest.raises(FormatError):
        read(shared_data / CSL_SAMPLE)


def test_gzip_is_transparent(tmp_path: Path, shared_data: Path) -> None:
    path = tmp_path / "entities.ftm.json.gz"
    path.write_bytes(gzip.compress((shared_data / T1).read_bytes()))
    assert ftm.FORMAT.sniff([path])
    result, _ = read(path)
    assert len(result.records) == 7


def test_fields_of_the_wrong_json_type_are_bad_lines(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        entity("p1", "Person", name=["Jane Roe"]),
        {**entity("p2", "Person"), "schema": {"name": "Person"}},
        {**entity("p3", "Person"), "id": ["p3"]},
        {**entity("p4", "Person", name=["X"]), "caption": 4.5},
        {**entity("p5", "Person", name=["X"]), "referents": True},
        {**entity("p6", "Person", name=["X"]), "datasets": [1, 2]},
        entity("p7", "Person", name=["John Roe"]),
    )
    result, problems = read(path)
    assert [r.id for r in result.records] == ["ftm:p1", "ftm:p7"]
    assert [(p.line, p.message.split(" of the")[0]) for p in problems.items] == [
        (2, "schema"), (3, "id"), (4, "caption"), (5, "referents"), (6, "datasets"),
    ]
