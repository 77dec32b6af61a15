"""The bundled sample list (``partyscreen/data/sample_csl.csv``) loads cleanly and has what the demo needs.

The sample ships with the package, so these tests need nothing from ``../shared``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import partyscreen
from partyscreen.model import Entity
from partyscreen.sources.base import ImportOptions, Problems

csl = pytest.importorskip("partyscreen.sources.csl")

SAMPLE = Path(partyscreen.__file__).parent / "data" / "sample_csl.csv"

CSL_HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids"
).split(",")


@pytest.fixture(scope="module")
def entities() -> list[Entity]:
    problems = Problems(strict=True)  # the first row problem would raise
    result = csl.CSV_FORMAT.read([SAMPLE], ImportOptions(feed="sample"), problems)
    assert len(problems) == 0
    return [r for r in result.records if isinstance(r, Entity)]


def _named(entities: list[Entity], list_code: str, name: str) -> Entity:
    hits = [e for e in entities if e.list_code == list_code and e.name == name]
    assert len(hits) == 1, f"{name!r} on {list_code}: {len(hits)} entries"
    return hits[0]


def test_sample_is_in_the_csl_csv_layout():
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == CSL_HEADER
    assert all(len(r) == len(CSL_HEADER) for r in rows[1:])
    assert csl.CSV_FORMAT.sniff([SAMPLE])


def test_sample_parses_with_no_problems(entities):
    assert len(entities) >= 28
    assert len({e.id for e in entities}) == len(entities)
    assert all(e.feed == "sample" for e in entities)


def test_sample_covers_the_csl_lists(entities):
    codes = {e.list_code for e in entities}
    assert {"EL", "SDN", "DPL", "UVL", "MEU", "ISN", "DTC", "SSI", "CMIC"} <= codes


def test_inspur_group_on_the_entity_list(entities):
    inspur = _named(entities, "EL", "Inspur Group Co., Ltd.")
    assert inspur.license_requirement
    assert inspur.license_policy
    assert "Inspur Group" in inspur.aliases
    assert inspur.countries == ["CN"]


def test_inspur_group_has_fr_citation(entities):
    assert _named(entities, "EL", "Inspur Group Co., Ltd.").federal_register_notices == ["88 FR 13673"]


def test_inspur_subsidiaries_of_2025(entities):
    subsidiaries = [e for e in entities if e.list_code == "EL" and "90 FR 14046" in e.federal_register_notices]
    names = {e.name for e in subsidiaries}
    assert "Inspur Electronic Information Industry Co., Ltd." in names
    assert "Inspur Taiwan" in names
    ieii = _named(entities, "EL", "Inspur Electronic Information Industry Co., Ltd.")
    assert "IEIT Systems Co. Ltd." in ieii.aliases


def test_huawei_hikvision_smic(entities):
    huawei = _named(entities, "EL", "Huawei Technologies Co., Ltd. (Huawei)")
    assert "84 FR 22961" in huawei.federal_register_notices
    assert "734.9(e)" in huawei.license_requirement  # the foreign-direct-product footnote
    hikvision = _named(entities, "EL", "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert hikvision.federal_register_notices == ["84 FR 54002"]
    assert "Case-by-case" in hikvision.license_policy
    smic = _named(entities, "EL", "Semiconductor Manufacturing International Corporation (SMIC)")
    assert "advanced technology nodes" in smic.license_policy


def test_sdn_person_with_birth_date(entities):
    putin = _named(entities, "SDN", "PUTIN, Vladimir Vladimirovich")
    assert putin.schema == "Person"
    assert putin.birth_dates == ["1952-10-07"]
    assert putin.nationalities == ["RU"]
    assert "PUTIN, Vladimir" in putin.aliases
    assert "RUSSIA-EO14024" in putin.programs


def test_one_ofac_entity_on_two_lists(entities):
    sdn = _named(entities, "SDN", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA")
    ssi = _named(entities, "SSI", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA")
    assert sdn.id != ssi.id


def test_dpl_and_uvl_entries(entities):
    aeroflot = _named(entities, "DPL", "PJSC AEROFLOT")
    assert aeroflot.federal_register_notices
    assert aeroflot.listed_on and aeroflot.end_date
    assert aeroflot.properties.get("standard_order") == ["Y"]
    assert any(e.list_code == "UVL" for e in entities)
