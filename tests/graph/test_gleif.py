"""GLEIF Level 1 and Level 2 importers, CSV and JSON, as the golden copy and the API publish them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from partyscreen.graph.build import build_bundle
from partyscreen.graph.paths import search
from partyscreen.model import Entity, Relation
from partyscreen.sources import gleif
from partyscreen.sources.base import ImportOptions, Problems
from partyscreen.sources.registry import detect_format

PARENT, CHILD, BRANCH, OLD = "5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55", "213800WAVVOPS85N2205", "254900OPPU84GM83MG36"
L1_HEADER = [
    "LEI", "Entity.LegalName", "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1", "Entity.OtherEntityNames.OtherEntityName.1.xmllang", "Entity.OtherEntityNames.OtherEntityName.1.type",
    "Entity.LegalAddress.FirstAddressLine", "Entity.LegalAddress.City", "Entity.LegalAddress.Region", "Entity.LegalAddress.Country", "Entity.LegalAddress.PostalCode",
    "Entity.HeadquartersAddress.FirstAddressLine", "Entity.HeadquartersAddress.City", "Entity.HeadquartersAddress.Country",
    "Entity.EntityStatus", "Entity.SuccessorEntity.1.SuccessorLEI", "Registration.RegistrationStatus",
]
L2_HEADER = [
    "Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType", "Relationship.EndNode.NodeID", "Relationship.EndNode.NodeIDType",
    "Relationship.RelationshipType", "Relationship.RelationshipStatus", "Relationship.Period.1.startDate", "Relationship.Period.1.endDate",
    "Relationship.Period.1.periodType", "Relationship.Quantifiers.1.MeasurementMethod", "Relationship.Quantifiers.1.QuantifierAmount",
    "Relationship.Quantifiers.1.QuantifierUnits", "Registration.ValidationSources",
]


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, quoting=csv.QUOTE_ALL, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def l1_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "lei2.csv", L1_HEADER, [
        {"LEI": PARENT, "Entity.LegalName": "Listed Parent Holdings Ltd", "Entity.LegalAddress.FirstAddressLine": "1 Harbour Road",
         "Entity.LegalAddress.City": "Hong Kong", "Entity.LegalAddress.Country": "HK", "Entity.EntityStatus": "ACTIVE"},
        {"LEI": CHILD, "Entity.LegalName": "Newco Trading GmbH", "Entity.OtherEntityNames.OtherEntityName.1": "Oldco Trading GmbH",
         "Entity.OtherEntityNames.OtherEntityName.1.type": "PREVIOUS_LEGAL_NAME", "Entity.LegalAddress.FirstAddressLine": "Hauptstrasse 5",
         "Entity.LegalAddress.City": "Berlin", "Entity.LegalAddress.Country": "DE", "Entity.EntityStatus": "ACTIVE"},
        {"LEI": OLD, "Entity.LegalName": "Merged Away Ltd", "Entity.LegalAddress.Country": "GB", "Entity.EntityStatus": "INACTIVE",
         "Entity.SuccessorEntity.1.SuccessorLEI": CHILD},
        {"LEI": "not-an-lei", "Entity.LegalName": "Broken"},
    ])


def l2_csv(tmp_path: Path) -> Path:
    base = {"Relationship.StartNode.NodeIDType": "LEI", "Relationship.EndNode.NodeIDType": "LEI", "Relationship.RelationshipStatus": "ACTIVE"}
    return write_csv(tmp_path / "rr.csv", L2_HEADER, [
        {**base, "Relationship.StartNode.NodeID": CHILD, "Relationship.EndNode.NodeID": PARENT,
         "Relationship.RelationshipType": "IS_DIRECTLY_CONSOLIDATED_BY", "Relationship.Period.1.startDate": "2019-01-01T00:00:00Z",
         "Relationship.Period.1.periodType": "RELATIONSHIP_PERIOD", "Relationship.Quantifiers.1.MeasurementMethod": "ACCOUNTING_CONSOLIDATION",
         "Relationship.Quantifiers.1.QuantifierAmount": "60.00", "Relationship.Quantifiers.1.QuantifierUnits": "PERCENTAGE",
         "Registration.ValidationSources": "FULLY_CORROBORATED"},
        {**base, "Relationship.StartNode.NodeID": CHILD, "Relationship.EndNode.NodeID": PARENT, "Relationship.RelationshipType": "IS_ULTIMATELY_CONSOLIDATED_BY"},
        {**base, "Relationship.StartNode.NodeID": BRANCH, "Relationship.EndNode.NodeID": PARENT, "Relationship.RelationshipType": "IS_INTERNATIONAL_BRANCH_OF"},
        {**base, "Relationship.StartNode.NodeID": OLD, "Relationship.EndNode.NodeID": PARENT, "Relationship.RelationshipType": "IS_FUND-MANAGED_BY"},
        {**base, "Relationship.StartNode.NodeID": OLD, "Relationship.EndNode.NodeID": PARENT, "Relationship.RelationshipType": "IS_DIRECTLY_CONSOLIDATED_BY",
         "Relationship.RelationshipStatus": "INACTIVE"},
    ])


def test_level1_csv(tmp_path: Path) -> None:
    path = l1_csv(tmp_path)
    assert detect_format([path]).name == "gleif-l1"
    problems = Problems()
    records = {r.id: r for r in gleif.read_l1([path], ImportOptions(), problems).records}
    assert len(problems.items) == 1 and "NOT-AN-LEI" in problems.items[0].message and problems.items[0].line == 5
    child = records[f"gleif-l1:{CHILD}"]
    assert isinstance(child, Entity) and child.properties["target"] == ["false"] and child.countries == ["DE"]
    assert child.identifiers[0].type == "LEI" and child.identifiers[0].value == CHILD
    rename = next(r for r in records.values() if isinstance(r, Relation) and r.schema == "Rename")
    assert rename.properties["subject_name"] == ["Oldco Trading GmbH"] and rename.object_id == f"lei:{CHILD}"
    succession = next(r for r in records.values() if isinstance(r, Relation) and r.schema == "Succession")
    assert succession.subject_id == f"lei:{OLD}" and succession.object_id == f"lei:{CHILD}"


def test_level2_csv(tmp_path: Path) -> None:
    path = l2_csv(tmp_path)
    assert detect_format([path]).name == "gleif-l2"
    result = gleif.read_l2([path], ImportOptions(), Problems())
    direct, ultimate, branch = result.records
    assert direct.schema == "Subsidiary" and direct.subject_id == f"lei:{PARENT}" and direct.object_id == f"lei:{CHILD}"
    assert direct.percent == 60.0 and direct.start_date == "2019-01-01" and "FULLY_CORROBORATED" in direct.source
    assert ultimate.percent is None and ultimate.properties["level"] == ["ultimate"]  # unknown, not zero
    assert branch.schema == "Branch"
    assert result.skipped == {"relationship type IS_FUND-MANAGED_BY": 1, "inactive relationship without an end date": 1}


def test_json_golden_copy_and_api(tmp_path: Path) -> None:
    golden_l1 = tmp_path / "l1.json"
    golden_l1.write_text(json.dumps({"records": [{
        "LEI": {"$": CHILD},
        "Entity": {"LegalName": {"$": "Newco Trading GmbH", "@xml:lang": "de"},
                   "OtherEntityNames": {"OtherEntityName": [{"$": "Oldco Trading GmbH", "@type": "PREVIOUS_LEGAL_NAME"}]},
                   "LegalAddress": {"FirstAddressLine": {"$": "Hauptstrasse 5"}, "City": {"$": "Berlin"}, "Country": {"$": "DE"}}},
    }]}))
    api_l1 = tmp_path / "api.json"
    api_l1.write_text(json.dumps({"data": [{"type": "lei-records", "id": PARENT, "attributes": {"lei": PARENT, "entity": {
        "legalName": {"name": "Listed Parent Holdings Ltd"}, "otherNames": [],
        "legalAddress": {"addressLines": ["1 Harbour Road"], "city": "Hong Kong", "country": "HK"}}}}]}))
    golden_l2 = tmp_path / "rr.json"
    golden_l2.write_text(json.dumps({"relations": [{"RelationshipRecord": {"Relationship": {
        "StartNode": {"NodeID": {"$": CHILD}, "NodeIDType": {"$": "LEI"}}, "EndNode": {"NodeID": {"$": PARENT}, "NodeIDType": {"$": "LEI"}},
        "RelationshipType": {"$": "IS_DIRECTLY_CONSOLIDATED_BY"}, "RelationshipStatus": {"$": "ACTIVE"}}}}]}))
    api_l2 = tmp_path / "api_rr.json"
    api_l2.write_text(json.dumps({"data": [{"type": "relationship-records", "attributes": {"relationship": {
        "startNode": {"id": BRANCH, "type": "LEI"}, "endNode": {"id": PARENT, "type": "LEI"}, "type": "IS_INTERNATIONAL_BRANCH_OF",
        "status": "ACTIVE", "periods": [{"startDate": "2020-02-02T00:00:00Z", "type": "RELATIONSHIP_PERIOD"}]}}}]}))
    assert detect_format([golden_l1]).name == "gleif-l1" and detect_format([api_l1]).name == "gleif-l1"
    assert detect_format([golden_l2]).name == "gleif-l2" and detect_format([api_l2]).name == "gleif-l2"
    l1 = gleif.read_l1([golden_l1, api_l1], ImportOptions(), Problems()).records
    names = {r.name for r in l1 if isinstance(r, Entity)}
    assert names == {"Newco Trading GmbH", "Listed Parent Holdings Ltd"}
    l2 = gleif.read_l2([golden_l2, api_l2], ImportOptions(), Problems()).records
    assert [(r.schema, r.start_date) for r in l2] == [("Subsidiary", ""), ("Branch", "2020-02-02")]


def test_gleif_graph_reaches_a_listed_parent_by_lei_and_by_former_name(tmp_path: Path) -> None:
    l1 = gleif.read_l1([l1_csv(tmp_path)], ImportOptions(), Problems()).records
    l2 = gleif.read_l2([l2_csv(tmp_path)], ImportOptions(), Problems()).records
    listed = Entity(id="el:1", schema="Company", list_code="EL", name="Listed Parent Holdings Ltd", countries=["HK"])
    bundle = build_bundle([listed, *[r for r in l1 if isinstance(r, Entity)]], [*[r for r in l1 if isinstance(r, Relation)], *l2])
    graph = bundle.graph
    listed_node = next(n for n, ids in graph.listings.items() if ids == ("el:1",))
    old_name = graph.names.index("Oldco Trading GmbH")
    paths = search(graph, old_name, 740000).paths
    assert paths and paths[0].target == listed_node
    assert paths[0].labels == ("renamed_to", "subsidiary_of")
    branch = next(n for n, e in enumerate(graph.entity_ids) if e is None and graph.names[n] == f"{BRANCH}")
    assert search(graph, branch, 740000).paths[0].labels == ("branch_of",)


def test_api_records_with_values_of_the_wrong_json_type_are_reported(tmp_path: Path) -> None:
    good = {"type": "relationship-records", "attributes": {"relationship": {
        "startNode": {"id": CHILD}, "endNode": {"id": PARENT}, "type": "IS_DIRECTLY_CONSOLIDATED_BY", "status": "ACTIVE"}}}
    path = tmp_path / "api_rr.json"
    path.write_text(json.dumps({"data": [
        {"type": "relationship-records", "attributes": 1.5},
        {"type": "relationship-records", "attributes": {"relationship": {"startNode": "x", "periods": [1]}}},
        good,
    ]}))
    problems = Problems()
    records = gleif.read_l2([path], ImportOptions(), problems).records
    assert [r.object_id for r in records] == [f"lei:{CHILD}"]
    assert [(p.line, p.message.startswith("malformed record")) for p in problems.items] == [(1, True), (2, True)]


def test_csv_rows_with_another_field_count_than_the_header_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "lei.csv"
    path.write_text(
        "LEI,Entity.LegalName,Entity.SuccessorEntity.1.SuccessorLEI\n"
        f"{PARENT},Parent Ltd,\n"
        f"{CHILD},Child Ltd,{OLD}{BRANCH},Branch Ltd,\n"  # two rows run together
        f"{OLD},Old Ltd\n"  # cut short: the successor column is missing, not empty
    )
    problems = Problems()
    records = gleif.read_l1([path], ImportOptions(), problems).records
    assert [r.name for r in records if isinstance(r, Entity)] == ["Parent Ltd"]
    assert [(p.line, p.message) for p in problems.items] == [
        (3, "5 fields where the header has 3; skipped"), (4, "2 fields where the header has 3; skipped"),
    ]


def test_a_malformed_successor_lei_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lei.csv", L1_HEADER, [
        {"LEI": OLD, "Entity.LegalName": "Merged Away Ltd", "Entity.SuccessorEntity.1.SuccessorLEI": CHILD[:-1] + "\x00"},
    ])
    problems = Problems()
    records = gleif.read_l1([path], ImportOptions(), problems).records
    assert [type(r).__name__ for r in records] == ["Entity"]  # the party still loads
    assert [(p.line, p.message.startswith("successor LEI")) for p in problems.items] == [(2, True)]
