"""Entity List entries in Federal Register prose."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, fallback_native_id
from partyscreen.sources import federal_register as fr
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError

DATA_JSON = "cn-university-entity-list/data.json"
DATA_CN = "cn-university-entity-list/data-cn.json"
CSL_SAMPLE = "watchman/csl_sample_2025-06.csv"

# The publisher's own slip: "the following thirteen aliases" followed by fourteen.
MISCOUNTED = {"Tianjin University": (13, 14)}


def read(*paths: Path, strict: bool = False, **options: str) -> tuple[list[Entity], Problems]:
    problems = Problems(strict=strict)
    result = fr.read(list(paths), ImportOptions(**options), problems)
    return result.records, problems  # type: ignore[return-value]


@pytest.fixture(scope="module")
def raw_entries(shared_data: Path) -> list[dict[str, str]]:
    return json.loads((shared_data / DATA_JSON).read_text(encoding="utf-8"))["entries"]


@pytest.fixture(scope="module")
def universities(shared_data: Path) -> dict[str, Entity]:
    entities, problems = read(shared_data / DATA_JSON)
    assert not problems.items
    return {e.name: e for e in entities}


def test_sniff(shared_data: Path, tmp_path: Path) -> None:
    assert fr.FORMAT.sniff([shared_data / DATA_JSON])
    assert not fr.FORMAT.sniff([shared_data / DATA_CN])  # names only, no entry text
    assert not fr.FORMAT.sniff([shared_data / CSL_SAMPLE])
    text = tmp_path / "entries.txt"
    text.write_text("Foo Institute, a.k.a., the following one alias: —FI. 1 Main Road, Moscow, Russia.\n")
    assert fr.FORMAT.sniff([text])
    assert fr.FORMAT.default_feed == "bis-el-fr"


def test_all_entries_parse(universities: dict[str, Entity]) -> None:
    assert len(universities) == 60
    entities = list(universities.values())
    assert {e.schema for e in entities} == {"LegalEntity"}
    assert {e.list_code for e in entities} == {"EL"}
    assert all(e.id == f"bis-el-fr:{fallback_native_id('EL', e.name, '')}" for e in entities)
    # 208 stated aliases + 1 (Tianjin's miscount) + 8 subordinate names and aliases.
    assert sum(len(e.aliases) for e in entities) == 217
    assert sum(len(e.addresses) for e in entities) == 186


def test_alias_counts_match_the_stated_number(raw_entries: list[dict[str, str]]) -> None:
    stated_entries = 0
    for item in raw_entries:
        parsed = fr.parse_entry(item["raw"], item["name"])
        if parsed.stated_alias_count is None:
            assert parsed.aliases == [], parsed.name
            continue
        stated_entries += 1
        expected = MISCOUNTED.get(parsed.name, (parsed.stated_alias_count,) * 2)
        assert (parsed.stated_alias_count, len(parsed.aliases)) == expected, parsed.name
    assert stated_entries == 49


def test_publisher_miscount_is_flagged(universities: dict[str, Entity]) -> None:
    tianjin = universities["Tianjin University"]
    assert len(tianjin.aliases) == 14
    assert tianjin.properties["alias_count_stated"] == ["13"]
    assert "alias_count_stated" not in universities["Harbin Institute of Technology"].properties


def test_name_boundary_without_name_field(raw_entries: list[dict[str, str]]) -> None:
    """The prose heuristics find the same name as the scraper's `name` field.

    Two scraped names are themselves wrong (they swallowed "and the following
    ... aliases: —..."); there the prose parse is right and the scrape is not.
    """
    for item in raw_entries:
        parsed = fr.parse_entry(item["raw"])
        if "the following" in item["name"]:
            assert item["name"].startswith(parsed.name + ", and the following")
        else:
            assert parsed.name == item["name"]


def test_entry_with_one_alias(universities: dict[str, Entity]) -> None:
    amms = universities["Academy of Military Medical Sciences"]
    assert amms.aliases == ["AMMS"]
    assert amms.addresses == [
        Address(full="27 Taiping Road, Haidian District, Beijing, 100850, China", country="CN")
    ]
    assert amms.countries == ["CN"]
    assert amms.properties["entry_text"][0].startswith("Academy of Military Medical Sciences, a.k.a.")


def test_entry_with_comma_in_name_and_no_alias(universities: dict[str, Entity]) -> None:
    blood = universities["Academy of Military Medical Sciences, Field Blood Transfusion Institution"]
    assert blood.aliases == []
    assert [a.full for a in blood.addresses] == ["27 Taiping Road, Haidian District, Beijing, 100850, China"]
    nscc = fr.parse_entry(
        "National Supercomputing Center Guangzhou (NSCC-GZ), Sun Yat-Sen University, "
        "University City, Guangzhou, China."
    )
    assert nscc.name == "National Supercomputing Center Guangzhou (NSCC-GZ), Sun Yat-Sen University"
    assert nscc.addresses == [Address(full="University City, Guangzhou, China", country="CN")]
    dash = universities["China Academy of Science—Shenyang Institute of Automation"]  # not an alias marker
    assert dash.aliases == []


def test_university_alias_list(universities: dict[str, Entity]) -> None:
    bit = universities["Beijing Institute of Technology"]
    assert bit.aliases == [
        "Beijing Institute of Technology, Advanced Technology Institute",
        "Beijing Institute of Technology, Chongqing Innovation Center",
        "Beijing Institute of Technology, Chongqing Microelectronics Research Institute",
        "Beijing Institute of Technology, Lunan Research Institute",
        "Beijing Institute of Technology, Shenzhen Automotive Research Institute",
        "Beijing Institute of Technology, Shenzhen Research Institute",
        "Beijing Institute of Technology, Southeast Research Institute",
        "Beijing Institute of Technology, Suzhou Research Institute",
        "Beijing Institute of Technology, Tangshan Research Institute",
    ]
    assert len(bit.addresses) == 10
    assert bit.addresses[0] == Address(
        full="No. 5 South Zhongguancun Street, Haidian District, Beijing, China", country="CN"
    )
    assert bit.countries == ["CN"]
    radiation = universities[
        "Academy of Military Medical Sciences, Institute of Radiation and Radiation Medicine"
    ]
    assert radiation.aliases == [
        "Institute of Radiation Medicine",
        "Institute of Electromagnetic and Particle Radiation Medicine",
    ]


def test_last_alias_glued_to_the_address(universities: dict[str, Entity]) -> None:
    # "—12th Institute 51 Yong Ding Road, Beijing; and No. 50 Yongding Road, ..."
    casc12 = universities[
        "China Aerospace Science and Technology Corporation (CASC) 1st Academy 12 Research Institute"
    ]
    assert casc12.aliases == ["Beijing Aerospace Automatic Control Institute (BICD)", "12th Institute"]
    assert [a.full for a in casc12.addresses] == [
        "51 Yong Ding Road, Beijing",
        "No. 50 Yongding Road, Haidian District, Beijing 100854",
    ]
    assert casc12.countries == ["CN"]  # Beijing resolves to China
    casic = universities["China Aerospace Science and Industry Corporation (CASIC) 3rd Academy"]
    assert casic.aliases[-1] == "Beijing HY Electronic Tech Co."  # "Co. No. 1 Haiying Rd"
    factory = universities[
        "China Aerospace Science and Industry Corporation (CASIC) 3rd Academy's 239 Factory"
    ]
    assert factory.aliases == ["239th Factory", "Beijing Hangxing Machinery Manufacturing Corporation., Ltd."]


def test_subordinate_institutions(raw_entries: list[dict[str, str]], universities: dict[str, Entity]) -> None:
    name = "China Aerospace Science and Industry Corporation Second Academy"
    raw = next(e["raw"] for e in raw_entries if e["name"] == name)
    parsed = fr.parse_entry(raw)
    assert parsed.stated_alias_count == 8 and len(parsed.aliases) == 8
    assert [(s.name, s.aliases) for s in parsed.subordinates] == [
        (
            "Second Design Department",
            ["Beijing Institute of Electronics Systems Engineering", "Second Planning Department"],
        ),
        ("23rd Research Institute", ["Beijing Institute of Radio Measurement", "BIRM"]),
        ("25th Research Institute", ["Beijing Institute of Remote Sensing Equipment"]),
    ]
    entity = universities[name]
    assert len(entity.aliases) == 8 + 3 + 5  # subordinate names screen too
    assert entity.properties["subordinate_institutions"][1] == "23rd Research Institute"
    assert entity.addresses == [] and entity.countries == []


def test_nested_aka(universities: dict[str, Entity]) -> None:
    caep = universities["Chinese Academy of Engineering Physics"]
    assert len(caep.aliases) == 17
    assert "Southwest Institute of Nuclear Physics and Chemistry" in caep.aliases
    assert "China Academy of Engineering Physics (CAEP)'s 902 Institute" in caep.aliases
    assert "Southwest Institute of Structural Mechanics" in caep.aliases  # "; (all of preceding ...)" dropped


def test_see_note_becomes_remark(universities: dict[str, Entity]) -> None:
    caeit = universities["China Academy of Electronics and Information Technology"]
    assert caeit.remarks == "See alternative address under United Kingdom."
    assert [a.full for a in caeit.addresses] == [
        "11 Shuangyuan Road, Badachu High-Tech Park, Shijingshan District, Beijing, China"
    ]


def test_country_codes(universities: dict[str, Entity]) -> None:
    with_china = [e for e in universities.values() if any("China" in a.full for a in e.addresses)]
    assert len(with_china) == 50
    assert all(e.countries == ["CN"] for e in with_china)
    assert all(a.country == "CN" for e in with_china for a in e.addresses)
    # The only one left without a country: its address names neither a country nor a known city.
    assert [e.name for e in universities.values() if not e.countries and e.addresses] == [
        "University of Electronic Science and Technology of China"
    ]


def test_former_names() -> None:
    parsed = fr.parse_entry(
        "Bar Trading LLC, a.k.a., the following one alias: —Bar; f.k.a., the following two aliases: "
        "—Old Bar Co.; and —Older Bar. 1 Lenina Street, Moscow, Russia."
    )
    assert parsed.name == "Bar Trading LLC"
    assert parsed.aliases == ["Bar"]
    assert parsed.former_names == ["Old Bar Co.", "Older Bar"]
    assert parsed.addresses == [Address(full="1 Lenina Street, Moscow, Russia", country="RU")]


def test_text_file_with_country_heading(tmp_path: Path, raw_entries: list[dict[str, str]]) -> None:
    raws = "\n\n".join(e["raw"] for e in raw_entries)
    path = tmp_path / "entries.txt"
    path.write_text(f"Country: China\n\n{raws}\n", encoding="utf-8")
    entities, problems = read(path, feed="el-text")
    assert not problems.items
    assert len(entities) == 60
    assert all(e.countries == ["CN"] for e in entities if e.addresses)
    uestc = next(e for e in entities if e.name == "University of Electronic Science and Technology of China")
    assert uestc.addresses[0].country == "CN"  # from the heading
    assert all(e.id.startswith("el-text:") for e in entities)


def test_duplicate_entries_merge(tmp_path: Path) -> None:
    path = tmp_path / "entries.txt"
    path.write_text(
        "CHINA\n\nFoo Institute, a.k.a., the following one alias: —FI. 1 Main Road, Beijing, China.\n\n"
        "UNITED KINGDOM\n\nFoo Institute, 2 High Street, London, United Kingdom.\n",
        encoding="utf-8",
    )
    entities, _ = read(path)
    assert len(entities) == 1
    assert entities[0].aliases == ["FI"]
    assert entities[0].countries == ["CN", "GB"]


def test_bad_entry_reported(tmp_path: Path) -> None:
    path = tmp_path / "el.json"
    entries = [{"name": "A Co.", "raw": "A Co., 1 Road, Moscow, Russia."}, {"raw": ""}]
    path.write_text(json.dumps({"entries": entries}))
    entities, problems = read(path)
    assert [e.name for e in entities] == ["A Co."]
    assert [(p.file, p.line) for p in problems.items] == [("el.json", 2)]
    with pytest.raises(StrictImportError, match="el.json:2"):
        read(path, strict=True)


def test_wrong_format(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"results": 3}')
    with pytest.raises(FormatError):
        read(path)
    path.write_text("{broken")
    with pytest.raises(FormatError):
        read(path)


def test_gzip_is_transparent(tmp_path: Path, shared_data: Path) -> None:
    path = tmp_path / "data.json.gz"
    path.write_bytes(gzip.compress((shared_data / DATA_JSON).read_bytes()))
    assert fr.FORMAT.sniff([path])
    entities, _ = read(path)
    assert len(entities) == 60


def test_entries_that_are_not_objects_of_strings_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "el.json"
    entries = [
        {"name": "A Co.", "raw": "A Co., 1 Road, Moscow, Russia."},
        "B Co., 2 Road, Minsk, Belarus.",
        {"name": True, "raw": "C Co., 3 Road, Moscow, Russia."},
        {"raw": 1.5},
        {"name": "D Co.", "raw": "D Co., 4 Road, Moscow, Russia."},
    ]
    path.write_text(json.dumps({"entries": entries}))
    entities, problems = read(path)
    assert [e.name for e in entities] == ["A Co.", "D Co."]
    assert [(p.line, p.message) for p in problems.items] == [
        (2, "entry is not an object; skipped"), (3, "not a string: name; skipped"), (4, "not a string: raw; skipped"),
    ]


def test_a_damaged_json_file_is_refused_not_read_as_prose(tmp_path: Path) -> None:
    path = tmp_path / "el.json"
    path.write_text(json.dumps({"entries": [{"name": "A Co.", "raw": "A Co., 1 Road, Moscow, Russia."}]})[1:])  # "{" lost
    with pytest.raises(FormatError, match="el.json: not valid JSON"):
        read(path)
