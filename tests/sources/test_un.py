"""UN Security Council Consolidated List importer (XML)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, Identifier
from partyscreen.sources import un
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError

UN_XML = "watchman/un_sc_consolidated_2026-02-27.xml.gz"
CSL_SAMPLE = "watchman/csl_sample_2025-06.csv"

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>JOHN</FIRST_NAME>
      <SECOND_NAME>DOE</SECOND_NAME>
      <REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1970</FROM_YEAR>
        <TO_YEAR>1972</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>2</DATAID>
      <REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>3</DATAID>
      <FIRST_NAME>ACME TRADING</FIRST_NAME>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>ACME</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


def read(*paths: Path, strict: bool = False, feed: str = "") -> tuple[list[Entity], Problems, str]:
    problems = Problems(strict=strict)
    result = un.read(list(paths), ImportOptions(feed=feed), problems)
    return result.records, problems, result.source_date  # type: ignore[return-value]


def write(tmp_path: Path, text: str, name: str = "un.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def consolidated(shared_data: Path) -> dict[str, Entity]:
    entities, problems, source_date = read(shared_data / UN_XML)
    assert not problems.items
    assert source_date == "2026-02-27"
    return {e.id: e for e in entities}


def test_sniff(shared_data: Path) -> None:
    assert un.FORMAT.sniff([shared_data / UN_XML])
    assert not un.FORMAT.sniff([shared_data / CSL_SAMPLE])
    assert un.FORMAT.default_feed == "un-sc"


def test_counts(consolidated: dict[str, Entity]) -> None:
    entities = list(consolidated.values())
    assert Counter(e.schema for e in entities) == {"Person": 730, "Organization": 273}
    assert {e.list_code for e in entities} == {"UN"}
    assert all(e.id.startswith("un-sc:") for e in entities)
    # Every QUALITY=Low alias (615 in the file) is a weak alias; f.k.a. are former names.
    assert sum(len(e.weak_aliases) for e in entities) == 615
    assert sum(len(e.former_names) for e in entities) == 19
    assert Counter(p for e in entities for p in e.programs)["Al-Qaida"] == 252 + 89


def test_entity_with_reference_number(consolidated: dict[str, Entity]) -> None:
    adf = consolidated["un-sc:CDe.001"]
    assert adf.schema == "Organization"
    assert adf.name == "ADF"
    assert Identifier("UN Reference Number", "CDe.001") in adf.identifiers
    assert adf.aliases == ["Allied Democratic Forces"]
    assert adf.former_names == [
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
        "ADF/NALU",
        "NALU",
    ]
    assert adf.countries == ["CD"]
    assert adf.addresses == [
        Address(full="North Kivu, Democratic Republic of the Congo", state="North Kivu", country="CD")
    ]
    assert adf.listed_on == "2014-06-30"
    assert adf.programs == ["DRC"]
    assert adf.remarks.startswith("ADF founder and leader, Jamil Mukulu (CDi.015)")
    assert adf.properties["last_updated"] == ["2016-10-19", "2020-08-19"]


def test_entity_with_two_names_in_one(consolidated: dict[str, Entity]) -> None:
    cagl = consolidated["un-sc:CDe.003"]
    assert cagl.name == "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"
    assert cagl.aliases == ["GREAT LAKES BUSINESS COMPANY (GLBC)", "CAGL"]
    assert cagl.countries == ["CD", "RW"]
    assert len(cagl.addresses) == 3


def test_individual(consolidated: dict[str, Entity]) -> None:
    gaston = consolidated["un-sc:CDi.003"]
    assert gaston.schema == "Person"
    assert gaston.name == "GASTON IYAMUREMYE"
    assert gaston.aliases == ["Byiringiro Victor Rumuli", "Victor Rumuri", "Michel Byiringiro"]
    assert gaston.weak_aliases == ["Rumuli"]  # QUALITY Low
    assert gaston.birth_dates == ["1948"]
    assert gaston.birth_places == ["Musanze District, Northern Province, Rwanda", "Ruhengeri, Rwanda"]
    assert gaston.nationalities == ["RW"]
    assert gaston.gender == "male"
    assert gaston.titles == [
        "FDLR Interim President",
        "FDLR-FOCA 1st Vice-President",
        "FDLR-FOCA Major General",
    ]
    assert gaston.listed_on == "2010-12-01"
    assert gaston.addresses[0].full == (
        "North Kivu Province, Democratic Republic of the Congo (as of June 2016)"
    )


def test_original_script_name_is_an_alias(consolidated: dict[str, Entity]) -> None:
    saddam = consolidated["un-sc:IQi.001"]
    assert saddam.name == "SADDAM HUSSEIN AL-TIKRITI"
    assert saddam.aliases == ["صدام حسين التكريتي"]
    assert saddam.weak_aliases == ["Abu Ali"]
    assert saddam.birth_dates == ["1937-04-28"]
    assert saddam.birth_places == ["al-Awja, near Tikrit, Iraq"]


def test_dates_of_birth(consolidated: dict[str, Entity]) -> None:
    assert consolidated["un-sc:IQi.002"].birth_dates == ["1965", "1966"]  # two EXACT years
    shah = consolidated["un-sc:TAi.038"]  # BETWEEN 1960 and 1962: every year
    assert shah.birth_dates == ["1960", "1961", "1962"]
    assert consolidated["un-sc:CDi.004"].birth_dates == ["1973-11"]  # note "Nov. 1973"
    assert consolidated["un-sc:QDi.395"].birth_dates == ["1958-09"]  # YEAR 1958, note "Sep."
    # A Hijri date is not converted; it stays readable as a note.
    assert consolidated["un-sc:QDi.291"].properties["birth_date_notes"] == [
        "24/06/1402 (Hijri Calendar)"
    ]


def test_documents(consolidated: dict[str, Entity]) -> None:
    hassan = consolidated["un-sc:CDi.040"]
    passports = [i for i in hassan.identifiers if i.type == "Passport"]
    assert [(p.value, p.country) for p in passports] == [("AB850901", "TZ"), ("AB187304", "TZ")]
    assert hassan.birth_dates == ["1997-07-21", "1993"]
    na_man = consolidated["un-sc:GBi.007"]
    assert Identifier(
        "Passport", "SA0002264", "GW", "issued 2006-07-24; Expiration date 23 Jul. 2009"
    ) in na_man.identifiers


def test_feed_option(tmp_path: Path) -> None:
    entities, _, source_date = read(write(tmp_path, SMALL), feed="un-test")
    assert [e.id for e in entities] == ["un-test:XXi.001", "un-test:3"]  # DATAID as fallback
    assert source_date == "2026-01-02"


def test_bad_record_reported_with_line(tmp_path: Path) -> None:
    entities, problems, _ = read(write(tmp_path, SMALL))
    assert [e.name for e in entities] == ["JOHN DOE", "ACME TRADING"]
    assert entities[0].birth_dates == ["1970", "1971", "1972"]
    assert entities[1].aliases == ["ACME"]
    assert [(p.file, p.line) for p in problems.items] == [("un.xml", 15)]
    assert "XXi.002 has no name" in problems.items[0].message


def test_strict_refuses(tmp_path: Path) -> None:
    with pytest.raises(StrictImportError, match="un.xml:15"):
        read(write(tmp_path, SMALL), strict=True)


def test_gzip_is_transparent(tmp_path: Path) -> None:
    path = tmp_path / "un.xml.gz"
    path.write_bytes(gzip.compress(SMALL.encode("utf-8")))
    assert un.FORMAT.sniff([path])
    entities, _, _ = read(path)
    assert len(entities) == 2


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_dtd_and_entities_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(FormatError, match="refused"):
        read(write(tmp_path, text))


def test_wrong_format(tmp_path: Path, shared_data: Path) -> None:
    with pytest.raises(FormatError, match="not well-formed"):
        read(shared_data / CSL_SAMPLE)
    with pytest.raises(FormatError, match="root element"):
        read(write(tmp_path, "<?xml version='1.0'?><sdnList/>"))


@pytest.mark.parametrize("encoding", ["bogus-enc", "Shift_JIS"])
def test_an_unreadable_encoding_declaration_is_refused(tmp_path: Path, encoding: str) -> None:
    text = SMALL.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    with pytest.raises(FormatError, match=r"un\.xml: cannot be read: the XML declares an unreadable encoding"):
        read(write(tmp_path, text))
