"""OFAC legacy CSV importers (SDN and consolidated non-SDN sets)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from partyscreen.model import Address, Entity, Identifier
from partyscreen.sources.base import (
    FormatError,
    ImportOptions,
    Problems,
    StrictImportError,
)
from partyscreen.sources.ofac import (
    CONS,
    FORMAT_CONS,
    FORMAT_SDN,
    SDN,
    cons_list_code,
    read_set,
    split_programs,
)

SCRAPE = "ofac-sdn-gitscrape"
SDN_2021_07 = "watchman/ofac_sdn_2021-07"
SDN_2025_12 = "watchman/ofac_sdn_2025-12_aliases_addresses"
CONS_2025_12 = "watchman/ofac_non_sdn_consolidated_2025-12"


def _by_id(records: list) -> dict[str, Entity]:
    return {r.id: r for r in records}


# --------------------------------------------------------------------------
# Real files

shared = pytest.mark.shared


@shared
@pytest.mark.parametrize(
    ("name", "count"), [("sdn_2024-05-03.csv.gz", 14965), ("sdn_2021-08-18.csv.gz", 9083)]
)
def test_scraped_sdn_csv_counts(shared_data: Path, name: str, count: int) -> None:
    path = shared_data / SCRAPE / name
    assert FORMAT_SDN.sniff([path])
    assert not FORMAT_CONS.sniff([path])
    problems = Problems(strict=True)  # the trailing 0x1A line must not count as a bad row
    result = FORMAT_SDN.read([path], ImportOptions(), problems)
    assert len(result.records) == count
    assert len(problems) == 0
    assert all(r.id.startswith("ofac-sdn:") and r.list_code == "SDN" for r in result.records)


@shared
def test_scraped_sdn_2024_schemata(shared_data: Path) -> None:
    result = FORMAT_SDN.read([shared_data / SCRAPE / "sdn_2024-05-03.csv.gz"], ImportOptions(),
                             Problems())
    schemata = Counter(r.schema for r in result.records)
    assert schemata == {"Organization": 6884, "Person": 6854, "Vessel": 851, "Aircraft": 376}
    putin = _by_id(result.records)["ofac-sdn:35096"]
    assert putin.name == "PUTIN, Vladimir Vladimirovich"
    assert putin.birth_dates == ["1952-10-07"]
    assert putin.birth_places == ["Leningrad, Russia"]
    assert putin.nationalities == ["RU"] and putin.citizenships == ["RU"]
    assert putin.gender == "male"
    assert putin.titles == ["President of the Russian Federation"]
    assert putin.programs == ["RUSSIA-EO14024"]


@shared
def test_full_2021_07_set(shared_data: Path) -> None:
    folder = shared_data / SDN_2021_07
    assert FORMAT_SDN.sniff([folder])
    assert not FORMAT_CONS.sniff([folder])
    problems = Problems(strict=True)
    result, stats = read_set([folder], SDN, ImportOptions(), problems)
    assert len(result.records) == 8976
    assert stats.rows == {"primary": 8976, "alias": 11910, "address": 13837, "comments": 5}
    assert not stats.orphans  # a mutually consistent set
    entities = _by_id(result.records)

    chapo = entities["ofac-sdn:6861"]
    assert chapo.name == "GUZMAN LOERA, Joaquin"
    assert chapo.schema == "Person"
    assert chapo.birth_dates == ["1954-12-25"]
    assert chapo.birth_places == ["Mexico"]
    assert "GUZMAN, Chapo" in chapo.aliases and len(chapo.aliases) == 18
    assert chapo.addresses == []  # OFAC lists an all "-0-" address row for him

    abril = entities["ofac-sdn:4307"]  # alt.csv "fka" row
    assert abril.former_names == ["CORTEZ, Oliverio Abril"]
    assert abril.aliases == ["ABRIL CORTES, Oliverio"]
    assert Identifier("Passport", "AF368431", "CO") in abril.identifiers

    bnc = entities["ofac-sdn:306"]
    assert bnc.schema == "Organization"
    assert bnc.weak_aliases == ["BNC"]  # a.k.a. 'BNC' in the remarks
    assert bnc.aliases == ["NATIONAL BANK OF CUBA"]
    assert Address(
        full="Zweierstrasse 35, Zurich CH-8022, Switzerland",
        street="Zweierstrasse 35",
        city="Zurich CH-8022",
        country="CH",
    ) in bnc.addresses
    assert "CH" in bnc.countries

    kim = entities["ofac-sdn:20157"]
    assert kim.addresses == [Address(full="Korea, North", country="KP")]

    vessel = entities["ofac-sdn:4243"]
    assert vessel.schema == "Vessel"
    assert vessel.name == "SAND SWAN"
    assert vessel.properties == {
        "callSign": ["P3QG3"],
        "vesselType": ["General Cargo"],
        "tonnage": ["2595"],
        "grossRegisteredTonnage": ["1116"],
        "flag": ["CY"],
        "owner": ["Sand & Swan Navigation Co. Ltd."],
    }
    assert vessel.former_names == ["ANA I"]  # f.k.a. 'ANA I' in the remarks

    # sdn_comments.csv continues a Remarks cell cut at 1000 characters mid-word.
    tian = entities["ofac-sdn:28263"]
    assert tian.programs == ["DPRK3", "CYBER2"]
    assert "snowsjohn" in tian.weak_aliases
    assert tian.properties["linkedTo"] == ["LAZARUS GROUP"]
    assert tian.remarks.endswith("a.k.a. 'snowsjohn'; Linked To: LAZARUS GROUP.")


@shared
def test_cons_set(shared_data: Path) -> None:
    folder = shared_data / CONS_2025_12
    assert FORMAT_CONS.sniff([folder])
    assert not FORMAT_SDN.sniff([folder])
    problems = Problems(strict=True)
    result, stats = read_set([folder], CONS, ImportOptions(), problems)
    assert len(result.records) == 442
    assert stats.rows == {"primary": 442, "alias": 1073, "address": 574, "comments": 10}
    codes = Counter(r.list_code for r in result.records)
    assert codes == {"SSI": 286, "PLC": 78, "CMIC": 68, "MBS": 9, "CAP": 1}
    entities = _by_id(result.records)

    martelly = entities["ofac-cons:50476"]
    assert martelly.list_code == "MBS"
    assert martelly.programs == ["ILLICIT-DRUGS-EO14059"]
    assert martelly.birth_dates == ["1961-02-12"]
    assert martelly.aliases == ["MARTELLY, Michael"]
    assert martelly.weak_aliases == ["Sweet Micky"]
    assert Identifier("National ID No.", "0032768386", "HT") in martelly.identifiers
    assert martelly.countries == ["US", "HT", "DO"]

    assert entities["ofac-cons:15268"].list_code == "CAP"  # 561-Related (CAPTA list)
    assert entities["ofac-cons:9639"].list_code == "PLC"
    assert entities["ofac-cons:30882"].list_code == "CMIC"
    novatek = entities["ofac-cons:17064"]
    assert novatek.list_code == "SSI"
    assert "NOVATEK" in novatek.aliases
    assert "CCCC" in entities["ofac-cons:30930"].weak_aliases  # from cons_comments.csv


@shared
def test_files_from_different_folders(shared_data: Path) -> None:
    # The benchmark's combination: 2024 primary names with 2025 aliases.
    sdn = shared_data / SCRAPE / "sdn_2024-05-03.csv.gz"
    alt = shared_data / SDN_2025_12 / "alt.csv.gz"
    for paths in ([sdn, alt], [alt, sdn]):  # order does not matter
        assert FORMAT_SDN.sniff(paths)
        problems = Problems(strict=True)  # orphan alias rows are not problems
        result, stats = read_set(paths, SDN, ImportOptions(), problems)
        assert len(result.records) == 14965
        assert stats.rows["alias"] == 20107
        assert stats.orphans == {"alias": 2460}  # entries designated after May 2024
        putin = _by_id(result.records)["ofac-sdn:35096"]
        assert putin.aliases == ["PUTIN, Vladimir"]


@shared
def test_companion_folder_alone_is_not_a_list(shared_data: Path) -> None:
    folder = shared_data / SDN_2025_12  # alt/add/comments without sdn.csv
    assert not FORMAT_SDN.sniff([folder])
    with pytest.raises(FormatError, match="primary"):
        FORMAT_SDN.read([folder], ImportOptions(), Problems())


@shared
@pytest.mark.parametrize(
    "relative",
    [
        "watchman/un_sc_consolidated_2026-02-27.xml.gz",
        "watchman/csl_sample_2025-06.csv",
        "watchman/bis_denied_persons_2023-11-30.txt",
        f"{SCRAPE}/sdn_changes_2021-08_to_2024-05.csv",
    ],
)
def test_other_real_formats_are_refused(shared_data: Path, relative: str) -> None:
    path = shared_data / relative
    for fmt in (FORMAT_SDN, FORMAT_CONS):
        assert not fmt.sniff([path])
        with pytest.raises(FormatError):
            fmt.read([path], ImportOptions(), Problems())


# --------------------------------------------------------------------------
# Small files written here

PRIMARY_ROWS = (
    '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"a.k.a. \'BNC\'."\r\n'
)
ALT_ROWS = '36,12,"aka","AERO-CARIBBEAN",-0- \r\n306,220,"fka","NATIONAL BANK OF CUBA",-0- \r\n'
ADD_ROWS = '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- \r\n'
EOF_LINE = "\x1a"


def _write(path: Path, text: str, gz: bool = False) -> Path:
    data = text.encode("utf-8")
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def test_folder_with_gzip_and_known_names(tmp_path: Path) -> None:
    _write(tmp_path / "sdn.csv", PRIMARY_ROWS + EOF_LINE, gz=True)
    _write(tmp_path / "alt.csv", ALT_ROWS + EOF_LINE)
    _write(tmp_path / "add.csv", ADD_ROWS + EOF_LINE, gz=True)
    _write(tmp_path / "README.md", "# not a list file\n")  # ignored inside a folder
    assert FORMAT_SDN.sniff([tmp_path])
    result = FORMAT_SDN.read([tmp_path], ImportOptions(feed="my-sdn"), Problems(strict=True))
    entities = _by_id(result.records)
    assert set(entities) == {"my-sdn:36", "my-sdn:306"}
    assert entities["my-sdn:36"].aliases == ["AERO-CARIBBEAN"]
    bnc = entities["my-sdn:306"]
    assert bnc.former_names == ["NATIONAL BANK OF CUBA"]
    assert bnc.weak_aliases == ["BNC"]
    assert bnc.addresses[0].country == "CH"


def test_roles_by_content_when_names_are_unknown(tmp_path: Path) -> None:
    files = [
        _write(tmp_path / "names_2024.csv", PRIMARY_ROWS + EOF_LINE, gz=True),
        _write(tmp_path / "aliases.txt", ALT_ROWS),
        _write(tmp_path / "addresses.dat", ADD_ROWS),
        _write(tmp_path / "extra.csv", '306,"; Linked To: CUBAN STATE."\r\n'),
    ]
    assert FORMAT_SDN.sniff(files)
    result, stats = read_set(files, SDN, ImportOptions(), Problems(strict=True))
    assert stats.rows == {"primary": 2, "alias": 2, "address": 1, "comments": 1}
    assert stats.orphans == {"stale comments": 1}  # the remarks were not cut off


def test_malformed_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    text = (
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"line one\n'
        'line two"\r\n'  # a quoted line break: the next row starts on line 3
        'X7,"BAD NUMBER",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '99,"TOO FEW COLUMNS",-0- \r\n'
        '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '307,"",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '306,"DUPLICATE",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        "\x1a"
    )
    path = _write(tmp_path / "sdn.csv", text)
    assert FORMAT_SDN.sniff([path])
    problems = Problems()
    result = FORMAT_SDN.read([path], ImportOptions(), problems)
    assert sorted(r.id for r in result.records) == ["ofac-sdn:306", "ofac-sdn:36"]
    assert [(p.file, p.line) for p in problems.items] == [
        ("sdn.csv", 3), ("sdn.csv", 4), ("sdn.csv", 6), ("sdn.csv", 7),
    ]
    assert "not a number" in problems.items[0].message
    assert "expected 12 columns, found 3" in problems.items[1].message
    assert "empty name" in problems.items[2].message
    assert "duplicate ent_num 306" in problems.items[3].message

    with pytest.raises(StrictImportError, match="sdn.csv:3"):
        FORMAT_SDN.read([path], ImportOptions(), Problems(strict=True))


def test_malformed_companion_row(tmp_path: Path) -> None:
    sdn = _write(tmp_path / "sdn.csv", PRIMARY_ROWS)
    alt = _write(tmp_path / "alt.csv", ALT_ROWS + '36,13,"aka",-0- ,-0- \r\n36,14,"aka"\r\n')
    problems = Problems()
    result = FORMAT_SDN.read([sdn, alt], ImportOptions(), problems)
    assert len(result.records) == 2
    assert [(p.file, p.line) for p in problems.items] == [("alt.csv", 3), ("alt.csv", 4)]


def test_other_formats_are_refused(tmp_path: Path) -> None:
    json_file = _write(tmp_path / "sdn.json", '[{"ent_num": 36, "name": "X"}]')
    xml_file = _write(tmp_path / "list.xml", "<?xml version='1.0'?><CONSOLIDATED_LIST/>", gz=True)
    other_csv = _write(tmp_path / "other.csv", "name,country\nACME,US\nFOO,CN\n")
    for path in (json_file, xml_file, other_csv):
        assert not FORMAT_SDN.sniff([path])
        assert not FORMAT_CONS.sniff([path])
        with pytest.raises(FormatError):
            FORMAT_SDN.read([path], ImportOptions(), Problems())
    # A primary file given explicitly with a stranger: the stranger is refused.
    sdn = _write(tmp_path / "sdn.csv", PRIMARY_ROWS)
    with pytest.raises(FormatError, match="other.csv"):
        FORMAT_SDN.read([sdn, other_csv], ImportOptions(), Problems())


def test_numbered_csv_with_twelve_columns_is_not_taken_for_sdn(tmp_path: Path) -> None:
    header = ",".join(f"col{i}" for i in range(12))
    rows = "\n".join(",".join([str(n)] + ["x"] * 11) for n in range(1, 30))
    headed = _write(tmp_path / "export.csv", f"{header}\n{rows}\n")
    plain = _write(tmp_path / "plain.csv", f"{rows}\n")  # no -0- anywhere
    for path in (headed, plain):
        assert not FORMAT_SDN.sniff([path])


def test_truncated_gzip_is_a_format_error(tmp_path: Path) -> None:
    full = gzip.compress((PRIMARY_ROWS * 400).encode("utf-8"))
    path = tmp_path / "sdn.csv.gz"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(FormatError):
        FORMAT_SDN.read([path], ImportOptions(), Problems())


def test_known_name_with_wrong_content_is_refused(tmp_path: Path) -> None:
    sdn = _write(tmp_path / "sdn.csv", PRIMARY_ROWS)
    alt = _write(tmp_path / "alt.csv", PRIMARY_ROWS)  # 12 columns in an alias file
    with pytest.raises(FormatError, match="alt.csv"):
        FORMAT_SDN.read([sdn, alt], ImportOptions(), Problems())


def test_empty_primary_file_is_refused(tmp_path: Path) -> None:
    # OFAC's download once yielded an empty sdn.csv; loading it would delist everybody.
    path = _write(tmp_path / "sdn.csv", "\x1a")
    assert not FORMAT_SDN.sniff([path])
    with pytest.raises(FormatError, match="no entries"):
        FORMAT_SDN.read([path], ImportOptions(), Problems())


def test_sets_do_not_mix(tmp_path: Path) -> None:
    sdn = _write(tmp_path / "sdn.csv", PRIMARY_ROWS)
    cons = _write(tmp_path / "cons_prim.csv", PRIMARY_ROWS)
    with pytest.raises(FormatError, match="cons"):
        FORMAT_SDN.read([sdn, cons], ImportOptions(), Problems())
    assert FORMAT_CONS.sniff([cons]) and not FORMAT_SDN.sniff([cons])
    assert FORMAT_SDN.sniff([tmp_path]) and FORMAT_CONS.sniff([tmp_path])  # a folder with both
    records = FORMAT_CONS.read([tmp_path], ImportOptions(), Problems()).records
    assert {r.id for r in records} == {"ofac-cons:36", "ofac-cons:306"}
    assert {r.list_code for r in records} == {"CUBA"}  # unknown program: kept as published


def test_two_primary_files_are_refused(tmp_path: Path) -> None:
    first = _write(tmp_path / "sdn_2021.csv", PRIMARY_ROWS)
    second = _write(tmp_path / "sdn_2024.csv", PRIMARY_ROWS)
    with pytest.raises(FormatError, match="more than one"):
        FORMAT_SDN.read([first, second], ImportOptions(), Problems())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("SDGT] [IRGC", ["SDGT", "IRGC"]),
        ("[SDGT] [IRGC]", ["SDGT", "IRGC"]),
        ("CUBA", ["CUBA"]),
        ("CAATSA - RUSSIA", ["CAATSA - RUSSIA"]),
        ("", []),
    ],
)
def test_split_programs(cell: str, expected: list[str]) -> None:
    assert split_programs(cell) == expected


@pytest.mark.parametrize(
    ("programs", "code"),
    [
        (["UKRAINE-EO13662"], "SSI"),
        (["UKRAINE-EO13662", "RUSSIA-EO14024"], "SSI"),
        (["UKRAINE-EO13662", "VENEZUELA-EO13850"], "SSI"),
        (["NS-PLC"], "PLC"),
        (["SDGT", "NS-PLC"], "PLC"),
        (["CMIC-EO13959"], "CMIC"),
        (["NS-CMIC-EO13959"], "CMIC"),
        (["FSE-WMD", "SDGT"], "FSE"),
        (["FSEX"], "FSEX"),
        (["FSE-IR"], "FSE"),
        (["FSE-SY"], "FSE"),
        (["561-Related"], "CAP"),
        (["RUSSIA-EO14024"], "MBS"),
        (["CAATSA - RUSSIA"], "MBS"),
        (["BURMA-EO14014"], "MBS"),
        (["ILLICIT-DRUGS-EO14059"], "MBS"),
        (["SOMETHING-NEW"], "SOMETHING-NEW"),
    ],
)
def test_cons_list_code(programs: list[str], code: str) -> None:
    assert cons_list_code(programs) == code


def test_format_names_and_feeds() -> None:
    assert (FORMAT_SDN.name, FORMAT_SDN.default_feed) == ("ofac-sdn", "ofac-sdn")
    assert (FORMAT_CONS.name, FORMAT_CONS.default_feed) == ("ofac-cons", "ofac-cons")
