"""Path search (renames, succession, directors, addresses, cycles, depth) and the red flags without a path."""

from __future__ import annotations

import json
from pathlib import Path

from graph_helpers import listed

from partyscreen.graph.build import build_bundle
from partyscreen.graph.dates import day_number
from partyscreen.graph.paths import search
from partyscreen.model import Address, Entity
from partyscreen.sources import ftm
from partyscreen.sources.base import ImportOptions, Problems

EL = dict(license_requirement="For all items subject to the EAR.", license_policy="Presumption of denial.", federal_register_notices=["90 FR 14046"])
STEP_KEYS = {"entity", "entity_id", "relation", "target", "target_id", "percent", "start_date", "end_date", "source"}


def test_rename_then_ownership_path_in_order_with_the_json_shape(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("el:1", "Inspur Electronic Information Industry Co., Ltd.", "EL", **EL)],
        "Aivres Systems Inc.,renamed_from,\"Inspur Systems, Inc.\",,2023-05-01,,complaint,US,US",
        "\"Inspur Systems, Inc.\",owned_by,\"Inspur Electronic Information Industry Co., Ltd.\",100,,,filing,US,CN",
    )
    hit = world.graph_hits("Aivres Systems Inc.")[0]
    assert hit.explanation.startswith(
        "Aivres Systems Inc. → formerly Inspur Systems, Inc. (renamed 2023-05-01) → owned 100% by "
        "Inspur Electronic Information Industry Co., Ltd. (Entity List, 90 FR 14046)")
    steps = hit.to_json()["path"]
    assert [set(s) for s in steps] == [STEP_KEYS, STEP_KEYS]
    assert [(s["entity"], s["relation"], s["target"]) for s in steps] == [
        ("Aivres Systems Inc.", "renamed_from", "Inspur Systems, Inc."),
        ("Inspur Systems, Inc.", "owned_by", "Inspur Electronic Information Industry Co., Ltd.")]
    assert steps[0]["entity_id"] is None and steps[1]["target_id"] == "el:1"  # graph-only parties have no id
    assert steps[1]["percent"] == 100 and steps[0]["start_date"] == "2023-05-01" and steps[1]["source"] == "filing"
    assert hit.decision == "red_flag"  # a U.S.-located affiliate
    json.dumps(hit.to_json())


def test_a_rename_is_the_listed_entity_itself(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory([listed("el:1", "Old Listed Name Co., Ltd.", "EL", **EL)],
                          "Shiny New Name Ltd,renamed_from,\"Old Listed Name Co., Ltd.\",,2024-02-01,,notice,CN,CN")
    hit = world.graph_hits("Shiny New Name Ltd")[0]
    assert hit.decision == "licence_required" and hit.reasons[0]["rule"] == "Same entity as a listed party"


def test_succession_director_and_address_links(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("el:1", "Listed Optics Co., Ltd.", "EL", **EL)],
        "Phoenix Optics Ltd,successor_of,\"Listed Optics Co., Ltd.\",,2024,,merger filing,HK,CN",
        "Zhang Weiming,director_of,Boardroom Partners Ltd,,,,registry,,",
        "Zhang Weiming,director_of,\"Listed Optics Co., Ltd.\",,,,registry,,",
        "Corner Shop Ltd,shares_address_with,\"Listed Optics Co., Ltd.\",,,,site visit,HK,CN",
        "Corner Shop Ltd,shares_address_with,Next Door Ltd,,,,site visit,HK,HK",
        "Next Door Ltd,owned_by,\"Listed Optics Co., Ltd.\",100,,,registry,HK,CN",
    )
    succ = world.graph_hits("Phoenix Optics Ltd")[0]
    assert succ.decision == "red_flag" and succ.reasons[0]["rule"] == "Successor of a listed party"
    board = world.graph_hits("Boardroom Partners Ltd")[0]
    assert [s["relation"] for s in board.path] == ["has_director", "director_of"]
    assert board.reasons[0]["rule"] == "Director shared with a listed party"
    shop = world.graph_hits("Corner Shop Ltd")
    # The shared address is reported; the path does not go on through the neighbour to its owner.
    assert [[s["relation"] for s in h.path] for h in shop] == [["shares_address_with"]]


def test_cycles_and_the_depth_bound(world_factory) -> None:  # type: ignore[no-untyped-def]
    chain = [f"Layer{i} Holding Ltd,owned_by,Layer{i + 1} Holding Ltd,100,,,r,CY," for i in range(8)]
    chain.append("Layer8 Holding Ltd,owned_by,\"Listed Optics Co., Ltd.\",100,,,r,CY,")
    chain.append("Layer3 Holding Ltd,owned_by,Layer0 Holding Ltd,10,,,r,CY,")  # a cycle back to the start
    shallow = world_factory([listed("el:1", "Listed Optics Co., Ltd.", "EL", **EL)], *chain, depth=4)
    assert shallow.graph_hits("Layer0 Holding Ltd", as_of="2026-12-01") == []
    deep = world_factory([listed("el:1", "Listed Optics Co., Ltd.", "EL", **EL)], *chain, depth=12)
    hit = deep.graph_hits("Layer0 Holding Ltd", as_of="2026-12-01")[0]
    assert len(hit.path) == 9 and hit.decision == "licence_required"
    graph = shallow.bundle.graph
    result = search(graph, shallow.node("Layer0 Holding Ltd"), day_number("2026-01-01"), max_depth=4)
    assert result.truncated and not result.paths


def test_ftm_ownership_directorship_succession_and_previous_name(tmp_path: Path) -> None:
    lines = [
        {"id": "sdn1", "schema": "Company", "properties": {"name": ["Blocked Steel JSC"], "country": ["ru"]}, "target": True},
        {"id": "co1", "schema": "Company", "properties": {"name": ["Steel Trading FZE"], "previousName": ["Old Steel Trading FZE"], "country": ["ae"]}, "target": False},
        {"id": "co2", "schema": "Company", "properties": {"name": ["Old Steel Trading FZE Successor"], "country": ["ae"]}, "target": False},
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Director"]}, "target": False},
        {"id": "own1", "schema": "Ownership", "properties": {"owner": ["sdn1"], "asset": ["co1"], "percentage": ["51"], "startDate": ["2020-01-01"]}},
        {"id": "dir1", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["sdn1"]}},
        {"id": "suc1", "schema": "Succession", "properties": {"predecessor": ["co1"], "successor": ["co2"]}},
    ]
    path = tmp_path / "x.ftm.json"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    records = ftm.read([path], ImportOptions(), Problems()).records
    entities = [r for r in records if isinstance(r, Entity)]
    bundle = build_bundle(entities, [r for r in records if not isinstance(r, Entity)])
    graph = bundle.graph
    day = day_number("2026-01-01")
    start = graph.names.index("Steel Trading FZE")
    assert search(graph, start, day).paths[0].labels == ("owned_by",)
    successor = graph.names.index("Old Steel Trading FZE Successor")
    assert search(graph, successor, day).paths[0].labels == ("successor_of", "owned_by")


def test_shared_address_with_a_listed_entry_is_a_red_flag(world_factory) -> None:  # type: ignore[no-untyped-def]
    entry = listed("el:1", "Listed Optics Co., Ltd.", "EL", **EL)
    entry.addresses = [Address(full="No. 1036, High-Tech Inspur Road, Jinan, Shandong, 250101, CN")]
    world = world_factory([entry])
    result = world.screen("Lakeside Trading Ltd", addresses=("1036 High Tech Inspur Rd., Jinan Shandong 250101 China",))
    assert result.decision == "red_flag"
    assert result.hits[0].reasons[0]["rule"] == "Address shared with a listed party"
    other = world.screen("Lakeside Trading Ltd", addresses=("1037 High Tech Inspur Rd., Jinan Shandong 250101 China",))
    assert other.decision == "clear"


def test_distinctive_name_words_raise_red_flags_generic_words_never(world_factory) -> None:  # type: ignore[no-untyped-def]
    entries = [
        listed("el:1", "Huawei Technologies Co., Ltd.", "EL", **EL),
        listed("el:2", "Hangzhou Hikvision Digital Technology Co., Ltd.", "EL", **EL),
        listed("el:3", "China Electronics Technology Group Corporation", "EL", **EL),
        listed("el:4", "Beijing Computing Technology Institute", "EL", **EL),
        listed("el:5", "A+ Engineering, Electronics & Media Printing Co. Ltd.", "EL", **EL),
        listed("el:6", "Rodriguez Lopez, S.A. de C.V.", "EL", **EL),
        Entity(id="sdn:1", schema="Person", list_code="SDN", name="RODRIGUEZ OREJUELA, Miguel Angel"),
        Entity(id="sdn:2", schema="Person", list_code="SDN", name="RODRIGUEZ OREJUELA, Gilberto Jose"),
        *[listed(f"el:x{i}", f"Filler Entry Number{i} Co.", "EL") for i in range(40)],
    ]
    world = world_factory(entries)
    for query, expected in (("Huawei Cloud Computing Technologies", "el:1"), ("Hikvision USA Inc.", "el:2")):
        result = world.screen(query)
        flags = [h for h in result.hits if h.reasons and h.reasons[0]["rule"] == "Name similar to a listed party"]
        assert [h.entity_id for h in flags] == [expected] and result.decision == "red_flag", query
    # A trade word after the brand says what a company does, not whose it is; a word
    # listed people carry in their names is a personal name, not a brand.
    for query in ("China Technology Group", "Global Computing Technology Group Ltd", "Beijing Trading Co", "Kent Printing LLC", "Rodriguez Foods Co."):
        result = world.screen(query)
        assert not any(h.reasons and h.reasons[0]["rule"] == "Name similar to a listed party" for h in result.hits), query
