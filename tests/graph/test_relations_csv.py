"""The simple relationship CSV importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyscreen.sources import relations_csv
from partyscreen.sources.base import FormatError, ImportOptions, Problems, StrictImportError
from partyscreen.sources.registry import detect_format

from graph_helpers import HEADER


def read(tmp_path: Path, text: str, strict: bool = False):  # type: ignore[no-untyped-def]
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    problems = Problems(strict=strict)
    return relations_csv.read([path], ImportOptions(), problems), problems


def test_every_relation_word_and_its_direction(tmp_path: Path) -> None:
    rows = [
        "Acme Ltd,owned_by,Owner Co,30,2020-01-01,,src1,GB,CN",
        "Acme Ltd,controlled_by,Boss Co,,,,src2,,",
        "Acme Ltd,subsidiary_of,Parent Co,,,,src3,,",
        "Jane Roe,director_of,Acme Ltd,,2019,2021-06,src4,,",
        "New Name Inc,renamed_from,Old Name Inc,,2023-05-01,,src5,US,US",
        "Heir Co,successor_of,Gone Co,,2022,,src6,,",
        "Acme Ltd,shares_address_with,Neighbour Co,,,,src7,,",
        "Widget 9000,made_by,Acme Ltd,,,,src8,,",
    ]
    result, problems = read(tmp_path, HEADER + "\n".join(rows) + "\n")
    assert not problems.items
    by_schema = {r.schema: r for r in result.records}
    own = by_schema["Ownership"]
    # owned_by: the owner is the relation's subject (FtM direction), the asset its object.
    assert own.properties["subject_name"] == ["Owner Co"] and own.properties["object_name"] == ["Acme Ltd"]
    assert own.properties["subject_country"] == ["CN"] and own.properties["object_country"] == ["GB"]
    assert own.percent == 30 and own.start_date == "2020-01-01" and own.source == "src1"
    assert by_schema["Directorship"].properties["subject_name"] == ["Jane Roe"]
    assert by_schema["Rename"].properties["subject_name"] == ["Old Name Inc"]  # former -> current
    assert by_schema["Succession"].properties["subject_name"] == ["Gone Co"]  # predecessor -> successor
    assert by_schema["Manufacture"].properties["object_name"] == ["Widget 9000"]
    assert {r.schema for r in result.records} == {"Ownership", "Control", "Subsidiary", "Directorship", "Rename", "Succession", "SharedAddress", "Manufacture"}


def test_ids_and_leis_are_references_names_are_names(tmp_path: Path) -> None:
    result, _ = read(tmp_path, HEADER + "sample:abc123,owned_by,529900T8BM49AURSDO55,51,,,src,,\n")
    relation = result.records[0]
    assert relation.object_id == "sample:abc123" and relation.subject_id == "lei:529900T8BM49AURSDO55"
    assert "subject_name" not in relation.properties
    assert relations_csv.reference("Inspur Systems, Inc.") == ("", "Inspur Systems, Inc.")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,owns,B,,,,src,,", "unknown relation"),
        ("A,owned_by,,,,,src,,", "both required"),
        ("A,owned_by,a,,,,src,,", "the same"),
        ("A,owned_by,B,150,,,src,,", "percent"),
        ("A,owned_by,B,0,,,src,,", "percent"),
        ("A,owned_by,B,abc,,,src,,", "percent"),
        ("A,controlled_by,B,40,,,src,,", "only belongs"),
        ("A,owned_by,B,,2020-13-01,,src,,", "start_date"),
        ("A,owned_by,B,,2021,2020,src,,", "after"),
        ("A,owned_by,B,,,,,,", "no source"),
        ("A,owned_by,B,,,,src,Atlantis,", "ISO country"),
    ],
)
def test_bad_rows_are_reported_with_their_line_and_the_rest_loads(tmp_path: Path, row: str, message: str) -> None:
    result, problems = read(tmp_path, HEADER + "Good Co,owned_by,Parent Co,10,,,src,,\n" + row + "\n")
    assert len(result.records) == 1
    assert len(problems.items) == 1 and problems.items[0].line == 3 and message in problems.items[0].message
    with pytest.raises(StrictImportError):
        read(tmp_path, HEADER + row + "\n", strict=True)


def test_percent_sign_and_partial_dates(tmp_path: Path) -> None:
    result, problems = read(tmp_path, HEADER + "A,owned_by,B,25.5%,2023-09,,src,,\n")
    assert not problems.items and result.records[0].percent == 25.5 and result.records[0].start_date == "2023-09"


def test_duplicate_rows_are_reported(tmp_path: Path) -> None:
    result, problems = read(tmp_path, HEADER + "A,owned_by,B,10,,,src,,\nA,owned_by,B,20,,,src2,,\n")
    assert len(result.records) == 1 and "duplicate" in problems.items[0].message


def test_format_detection_and_wrong_files(tmp_path: Path) -> None:
    good = tmp_path / "r.csv"
    good.write_text(HEADER + "A,owned_by,B,10,,,src,,\n")
    assert detect_format([good]).name == "relations-csv"
    bad = tmp_path / "x.csv"
    bad.write_text("subject,relation,object\nA,owned_by,B\n")
    with pytest.raises(FormatError, match="missing columns"):
        relations_csv.read([bad], ImportOptions(), Problems())
