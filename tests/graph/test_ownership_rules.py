"""The OFAC 50% rule and the BIS Affiliates rule, through screening, on small graphs."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from graph_helpers import listed

from partyscreen.graph.dates import day_number
from partyscreen.graph.ownership import ownership_of, propagate, propagate_all
from partyscreen.graph.tables import TableError, affiliates_period, parse_affiliates

SUSPENDED, IN_FORCE = "2026-01-15", "2026-12-01"


def reasons(hit) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["rule"] for r in hit.reasons]


def test_two_sdns_30_and_25_block(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU"), listed("s:b", "Beta Blocked Holding", "SDN", "RU")],
        "Gamma Trading LLC,owned_by,Alpha Blocked Holding,30,,,registry A,AE,",
        "Gamma Trading LLC,owned_by,Beta Blocked Holding,25,,,registry B,AE,",
    )
    hits = world.graph_hits("Gamma Trading LLC")
    assert hits and all(h.decision == "block" for h in hits)
    ofac = next(r for r in hits[0].reasons if r["rule"] == "OFAC 50 Percent Rule")
    assert "55% in aggregate" in ofac["detail"] and "Alpha Blocked Holding (30%)" in ofac["detail"]
    assert world.screen("Gamma Trading LLC").decision == "block"


def test_30_and_15_is_not_blocked_but_a_red_flag(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU"), listed("s:b", "Beta Blocked Holding", "SDN", "RU")],
        "Delta Trading LLC,owned_by,Alpha Blocked Holding,30,,,registry,AE,",
        "Delta Trading LLC,owned_by,Beta Blocked Holding,15,,,registry,AE,",
    )
    hits = world.graph_hits("Delta Trading LLC")
    assert hits and {h.decision for h in hits} == {"red_flag"}
    assert "Minority ownership by a blocked person" in reasons(hits[0])
    assert "45% in aggregate" in hits[0].reasons[0]["detail"]


def test_cascade_through_an_entity_blocked_by_the_rule(world_factory) -> None:  # type: ignore[no-untyped-def]
    # SDN owns 50% of Mid; Mid (blocked by the rule) owns 30% and the SDN 20% of Low: Low is blocked (50%).
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU")],
        "Mid Holding Ltd,owned_by,Alpha Blocked Holding,50,,,r,CY,",
        "Low Shipping Ltd,owned_by,Mid Holding Ltd,30,,,r,CY,",
        "Low Shipping Ltd,owned_by,Alpha Blocked Holding,20,,,r,CY,",
        "Side Venture Ltd,owned_by,Mid Holding Ltd,49,,,r,CY,",
    )
    assert {h.decision for h in world.graph_hits("Low Shipping Ltd")} == {"block"}
    assert {h.decision for h in world.graph_hits("Side Venture Ltd")} == {"red_flag"}


def test_unknown_percentages_are_unknown_not_zero(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU")],
        "Opaque Holdings Ltd,owned_by,Alpha Blocked Holding,,,,r,CY,",
        "Opaque Sub Ltd,owned_by,Opaque Holdings Ltd,60,,,r,CY,",
    )
    hit = world.graph_hits("Opaque Sub Ltd")[0]
    assert hit.decision == "red_flag" and "percentage unknown" in reasons(hit)[0]
    assert hit.path[-1]["percent"] is None and "percentage unknown" in hit.explanation
    # The core: unknown is possible, never covered and never zero.
    cover = propagate(3, np.array([1, 2]), np.array([0, 1]), np.array([math.nan, 60.0]), np.array([True, False, False]))
    assert not cover.covered[1] and cover.possible[1] and cover.possible[2]


def test_ownership_cycles_terminate(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU")],
        "Loop One Ltd,owned_by,Loop Two Ltd,60,,,r,CY,",
        "Loop Two Ltd,owned_by,Loop One Ltd,60,,,r,CY,",
        "Loop Two Ltd,owned_by,Alpha Blocked Holding,40,,,r,CY,",
    )
    hits = world.graph_hits("Loop One Ltd")
    assert hits and hits[0].decision == "red_flag"  # 40% via the loop: minority, and no endless loop


def test_dates_decide_which_links_hold(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("s:a", "Alpha Blocked Holding", "SDN", "RU")],
        "Former Sub Ltd,owned_by,Alpha Blocked Holding,100,2015-01-01,2020-12-31,r,CY,",
    )
    assert world.graph_hits("Former Sub Ltd", as_of="2019-06-01")[0].decision == "block"
    assert world.graph_hits("Former Sub Ltd", as_of="2022-06-01") == []


def test_affiliates_rule_foreign_affiliate_by_date(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("el:1", "Listed Compute Group Co., Ltd.", "EL", "CN", license_requirement="For all items subject to the EAR.",
                license_policy="Presumption of denial.", federal_register_notices=["90 FR 14046"])],
        "Compute Europe GmbH,owned_by,\"Listed Compute Group Co., Ltd.\",100,,,registry,DE,CN",
    )
    suspended = world.graph_hits("Compute Europe GmbH", as_of=SUSPENDED)[0]
    assert suspended.decision == "red_flag"
    assert "suspended" in suspended.reasons[0]["detail"] and "90 FR 50857" in suspended.reasons[0]["citation"]
    in_force = world.graph_hits("Compute Europe GmbH", as_of=IN_FORCE)[0]
    assert in_force.decision == "licence_required"
    assert in_force.reasons[0]["rule"] == "BIS Affiliates rule" and "90 FR 47201" in in_force.reasons[0]["citation"]
    assert "most restrictive" in in_force.reasons[0]["detail"]
    before = world.graph_hits("Compute Europe GmbH", as_of="2025-06-01")[0]
    assert before.decision == "red_flag"
    tgl = world.graph_hits("Compute Europe GmbH", as_of="2025-10-15")[0]
    assert tgl.decision == "licence_required" and "2025-11-28" in tgl.reasons[0]["detail"]


def test_us_affiliate_and_control_only_are_red_flags_on_any_date(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("el:1", "Listed Compute Group Co., Ltd.", "EL", "CN", license_requirement="For all items subject to the EAR.")],
        "Compute America Inc,owned_by,\"Listed Compute Group Co., Ltd.\",100,,,registry,US,CN",
        "Puppet Trading Ltd,controlled_by,\"Listed Compute Group Co., Ltd.\",,,,board minutes,HK,CN",
    )
    for on in (SUSPENDED, IN_FORCE):
        us = world.graph_hits("Compute America Inc", as_of=on)[0]
        assert us.decision == "red_flag" and us.reasons[0]["rule"] == "BIS Affiliates rule: U.S.-located affiliate"
        control = world.graph_hits("Puppet Trading Ltd", as_of=on)[0]
        assert control.decision == "red_flag" and control.reasons[0]["rule"] == "Control without ownership"
        assert control.path[0]["relation"] == "controlled_by"


def test_most_restrictive_owner_applies_in_aggregate(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(
        [listed("el:1", "Listed Alpha Co., Ltd.", "EL", "CN", license_requirement="For all items subject to the EAR."),
         listed("meu:1", "Military Beta Corp", "MEU", "CN", license_requirement="For any item subject to the EAR listed in supplement no. 2 to part 744.")],
        "Joint Gamma GmbH,owned_by,\"Listed Alpha Co., Ltd.\",30,,,r,DE,",
        "Joint Gamma GmbH,owned_by,Military Beta Corp,25,,,r,DE,",
    )
    hit = world.graph_hits("Joint Gamma GmbH", as_of=IN_FORCE)[0]
    assert hit.decision == "licence_required"
    assert "all items subject to the EAR" in hit.reasons[0]["detail"]  # the EL owner's requirement, the stricter


def test_affiliates_table_is_data_checked_for_gaps() -> None:
    text = ("period,valid_from,valid_to,status,general_licence_until,citation,detail\n"
            "a,,2025-09-28,not_in_force,,c,d\n"
            "b,2025-09-30,,in_force,,c,d\n")
    with pytest.raises(TableError, match="no gaps"):
        parse_affiliates(text)
    with pytest.raises(TableError, match="citation"):
        parse_affiliates("period,valid_from,valid_to,status,general_licence_until,citation,detail\na,,,in_force,,,d\n")
    # An extension of the suspension is a data change: the same logic reads the new row.
    extended = parse_affiliates(
        "period,valid_from,valid_to,status,general_licence_until,citation,detail\n"
        "before,,2026-11-09,suspended,,c,d\n"
        "after,2026-11-10,2027-11-09,suspended,,extension,d\n"
        "later,2027-11-10,,in_force,,c,d\n")
    assert affiliates_period(IN_FORCE, extended).status == "suspended"
    assert affiliates_period(IN_FORCE).status == "in_force" and affiliates_period(SUSPENDED).status == "suspended"


def test_local_and_global_propagation_agree_on_a_random_graph(world_factory) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    entities = [listed(f"s:{i}", f"Blocked Holding Number{i}", "SDN", "RU") for i in range(5)]
    rows: dict[tuple[int, str], str] = {}
    for i in range(60):
        for _ in range(rng.randint(1, 3)):
            owner = rng.choice([f"Blocked Holding Number{rng.randrange(5)}", f"Company Node{rng.randrange(60)}"])
            if owner != f"Company Node{i}":
                pct = rng.choice(["", "10", "25", "30", "50", "60"])
                rows[(i, owner)] = f"Company Node{i},owned_by,{owner},{pct},,,r,CY,"
    world = world_factory(entities, *rows.values())
    graph = world.bundle.graph
    seeds = np.array([n in graph.listings for n in range(graph.node_count)])
    day = day_number("2026-01-15")
    cover = propagate_all(graph, seeds, day)
    for n in range(graph.node_count):
        if n in graph.listings:
            continue
        local = ownership_of(graph, n, day, lambda m: m in graph.listings, max_depth=100)
        expected = "covered" if cover.covered[n] else "possible" if cover.possible[n] else None
        if expected:
            assert local.status == expected, graph.names[n]
        else:
            assert local.status in ("minority", "none")


def test_check_applies_the_owners_requirement_for_the_item(world_factory) -> None:  # type: ignore[no-untyped-def]
    from partyscreen.decide.check import Party, run_check
    from partyscreen.match.query import Query

    world = world_factory(
        [listed("el:1", "Listed Compute Group Co., Ltd.", "EL", "CN", license_requirement="For all items subject to the EAR.",
                license_policy="Presumption of denial."),
         listed("el:2", "Listed Chips Co., Ltd.", "EL", "CN", license_requirement="For all items subject to the EAR having a classification other than EAR99.",
                license_policy="Presumption of denial.")],
        "Compute Europe GmbH,owned_by,\"Listed Compute Group Co., Ltd.\",100,,,registry,DE,CN",
        "Chips Europe GmbH,owned_by,\"Listed Chips Co., Ltd.\",100,,,registry,DE,CN",
    )
    party = [Party("end-user", Query(name="Compute Europe GmbH"))]
    assert run_check(world.screener, party, "EAR99", "DE", as_of=IN_FORCE).decision == "licence_required"
    assert run_check(world.screener, party, "EAR99", "DE", as_of=SUSPENDED).decision == "red_flag"
    chips = run_check(world.screener, [Party("end-user", Query(name="Chips Europe GmbH"))], "EAR99", "DE", as_of=IN_FORCE)
    assert chips.decision == "clear"  # the owner's entry does not reach EAR99
