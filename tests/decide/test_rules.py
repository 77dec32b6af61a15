"""What a hit, a destination, an item and an end use mean: table-driven on real entries."""

from __future__ import annotations

import dataclasses

import pytest

from partyscreen.decide.levels import most_severe
from partyscreen.decide.rules import (
    PartyHit,
    check_transaction,
    destination_reasons,
    end_use_reasons,
    in_force,
    parse_item,
    party_consequence,
)
from partyscreen.match.index import make_card

TODAY = "2026-11-29"


@pytest.mark.parametrize(
    ("list_code", "name", "item", "decision", "words"),
    [
        # Entity List: all items, presumption of denial, with its Federal Register citation.
        ("EL", "Inspur Group Co., Ltd.", None, "licence_required", ["all items subject to the EAR", "presumption of denial", "88 FR 13673"]),
        ("EL", "Inspur Group Co., Ltd.", "EAR99", "licence_required", ["all items subject to the EAR"]),
        ("EL", "Inspur Group Co., Ltd.", "3A090", "licence_required", ["presumption of denial"]),
        ("EL", "Hangzhou Hikvision Digital Technology Co., Ltd.", "1A004.c", "licence_required", ["case-by-case review"]),
        ("EL", "Huawei Technologies Co., Ltd. (Huawei)", None, "licence_required", ["foreign-direct-product footnote 1"]),
        # Military End-User List: scoped to Supp. No. 2 items.
        ("MEU", "AVIC Aircraft Co. Ltd.", None, "licence_required", ["Supp. No. 2 to part 744"]),
        ("MEU", "AVIC Aircraft Co. Ltd.", "EAR99", "clear", ["not in Supp. No. 2"]),
        ("MEU", "AVIC Aircraft Co. Ltd.", "3A991", "licence_required", ["in Supp. No. 2 to part 744", "(3)(i)"]),
        ("MEU", "AVIC Aircraft Co. Ltd.", "3A001", "clear", ["not in Supp. No. 2"]),
        # Unverified List: a red flag with the UVL statement and EEI requirements.
        ("UVL", "Shanghai Institute of Applied Physics, Chinese Academy of Sciences", None, "red_flag", ["UVL statement", "Electronic Export Information", "no licence exception"]),
        # Denied Persons List and SDN: block.
        ("DPL", "ALEXANDER BRAZHNIKOV JR", "EAR99", "block", ["denial order"]),
        ("SDN", "PUTIN, Vladimir Vladimirovich", None, "block", ["blocked"]),
        ("FSE", "Evren KAYAKIRAN", None, "block", ["OFAC authorisation"]),
        # NS-CMIC: informational, not a block.
        ("CMIC", "INSPUR GROUP CO., LTD.", None, "clear", ["securities", "not an export restriction"]),
        ("CAP", "BANK OF KUNLUN CO LTD", None, "clear", ["correspondent"]),
        ("SSI", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", None, "red_flag", ["directive"]),
        ("MBS", "Joint Stock Company Russian Agricultural Bank", None, "red_flag", ["new debt or equity"]),
        ("PLC", "Jamileh Abdullah AL-SHANTI", None, "red_flag", ["reject"]),
        ("ISN", "Sinobright Import and Export Company", None, "block", ["items concerned"]),
        ("DTC", "A & C International Trade, Inc.", "USML:XI", "block", ["defense articles"]),
        ("DTC", "A & C International Trade, Inc.", "EAR99", "red_flag", ["red flag"]),
        ("EL", "Inspur Group Co., Ltd.", "USML:XI", "red_flag", ["defense article"]),
    ],
)
def test_party_consequence_on_real_entries(sample, named, list_code, name, item, decision, words) -> None:  # type: ignore[no-untyped-def]
    entry = named(sample, list_code, name)
    got, reasons = party_consequence(entry, True, item, TODAY)
    assert got == decision
    text = " ".join(f"{r.detail} {r.citation}" for r in reasons)
    for word in words:
        assert word in text, (word, text)
    assert all(r.citation for r in reasons) and reasons[0].entity_id == entry.id


def test_a_possible_match_gives_review_and_cards_decide_like_entities(sample, named) -> None:  # type: ignore[no-untyped-def]
    entry = named(sample, "SDN", "PUTIN, Vladimir Vladimirovich")
    assert party_consequence(entry, False, None, TODAY)[0] == "review"
    for e in sample:  # the index card carries what the rules read
        assert party_consequence(make_card(e), True, "EAR99", TODAY) == party_consequence(e, True, "EAR99", TODAY)


def test_as_of_before_the_listing_date_the_entry_does_not_apply(sample, named) -> None:  # type: ignore[no-untyped-def]
    inspur = named(sample, "EL", "Inspur Group Co., Ltd.")  # listed 2023-03-02
    assert in_force(inspur, "2023-03-02") and not in_force(inspur, "2023-03-01")
    decision, reasons = party_consequence(inspur, True, "EAR99", "2023-01-01")
    assert decision == "clear" and "not in force on 2023-01-01" in reasons[0].detail
    aeroflot = named(sample, "DPL", "PJSC AEROFLOT")  # temporary denial order ending 2024-09-25
    assert in_force(aeroflot, "2024-01-01") and not in_force(aeroflot, TODAY)
    decision, _ = check_transaction([("x", [PartyHit(inspur, True)])], parse_item("EAR99"), "CN", None, "2023-01-01")
    assert decision == "clear"


@pytest.mark.parametrize(
    ("destination", "item", "on", "decision", "words"),
    [
        ("IR", "EAR99", TODAY, "block", ["31 CFR 560.204"]),
        ("KP", "5A992", TODAY, "block", ["746.4"]),
        ("CU", "EAR99", TODAY, "licence_required", ["746.2"]),
        ("UA-CRIMEA", "EAR99", TODAY, "block", ["E.O. 13685"]),
        ("UA-DONETSK", "EAR99", TODAY, "block", ["E.O. 14065"]),
        ("UA-LUHANSK", "EAR99", "2022-01-01", "clear", []),  # before E.O. 14065
        ("SY", "EAR99", "2025-01-01", "licence_required", ["policy of denial"]),
        ("SY", "EAR99", TODAY, "clear", ["SPP"]),  # after the 2025 revision
        ("SY", "3A001", TODAY, "licence_required", ["2025-16724"]),
        ("RU", "EAR99", TODAY, "review", ["HTS"]),
        ("RU", "3A991", TODAY, "licence_required", ["746.8"]),
        ("CN", "3A090", TODAY, "licence_required", ["742.6(a)(6)"]),
        # 3A090 without its paragraph: .a still carries the worldwide RS text of the AI Diffusion rule (not enforced).
        ("DE", "3A090", TODAY, "review", ["742.6(a)(6)(iii)(A)", "not enforce"]),
        ("DE", "3A090.a", TODAY, "review", ["90 FR 4544", "2025-05-13"]),
        ("CN", "3A090.a.1", TODAY, "licence_required", ["742.6(a)(6)(iii)(A)"]),
        ("DE", "3A090.b", TODAY, "clear", []),
        ("AE", "3A090.b", TODAY, "licence_required", ["United Arab Emirates"]),  # named in the cell although in A:5
        ("IL", "3A090.b", TODAY, "clear", []),  # D:4 but also A:6
        ("KH", "3A090.b", TODAY, "licence_required", ["D:1"]),  # out of D:5 since Feb. 2026, still D:1
        ("SA", "3A090.b", TODAY, "licence_required", ["742.6(a)(6)(iii)(B)"]),
        ("SA", "3A090.c", TODAY, "clear", []),  # HBM: Macau and D:5 only
        ("MO", "3A090.c", TODAY, "licence_required", ["742.6(a)(6)(i)(B)"]),
        ("KH", "3A090.c", TODAY, "clear", []),
        ("DE", "4A090.b", TODAY, "clear", []),
        ("VN", "4A090.b", TODAY, "licence_required", ["742.6(a)(6)(iii)(B)"]),
        ("CN", "3A001.z.1.b", TODAY, "licence_required", ["744.23(a)(3)"]),  # .z rows follow 3A090, most specific row wins
        ("DE", "5A992.z.2", TODAY, "review", ["3A090 parameters"]),
        ("CA", "5A002.z", TODAY, "review", ["not enforced"]),  # EI spares Canada, the .z worldwide text does not
        ("CN", "3A001", TODAY, "licence_required", ["NS2"]),
        ("DE", "3A001", TODAY, "review", ["classify to the paragraph"]),  # NS1/RS1/MT1 on parts only
        ("CA", "3A001", TODAY, "clear", []),
        # Chart rows compared with the eCFR (2026-01-01 and 2026-09-24 editions).
        ("GB", "3A001", TODAY, "clear", []),  # United Kingdom: CB1 only (fn 10)
        ("AU", "3A003", TODAY, "clear", []),  # Australia: CB1 only (fn 10)
        ("IN", "3A003", TODAY, "clear", []),  # India: no NS2
        ("MT", "3A003", TODAY, "licence_required", ["NS2"]),  # Malta: NS2 and RS2
        ("ZA", "3A003", TODAY, "clear", []),  # South Africa: NS1 but no NS2
        ("IN", "3A980", TODAY, "clear", []),  # India: no CC column
        ("KR", "3A980", TODAY, "clear", []),  # South Korea: no CC column
        ("MX", "3A980", TODAY, "licence_required", ["CC1"]),
        ("UA", "3A003", TODAY, "licence_required", ["NS2"]),
        ("CN", "5A002", TODAY, "licence_required", ["ENC"]),
        ("DE", "5A992", TODAY, "clear", []),
        # License Requirements of the CCL entries (eCFR 2026-01-01; 3B001 also 2026-09-24): paragraph rows.
        ("DE", "3B001.c.1.a", TODAY, "licence_required", ["742.4(a)(5)", "IEC"]),  # worldwide NS/RS
        ("DE", "3B001", TODAY, "review", ["3B001.c.1.a", "classify to the paragraph"]),  # a finer row needs a licence
        ("DE", "3B001.c", TODAY, "review", ["3B001.c.1.c"]),
        ("DE", "3B001.c.2", TODAY, "clear", []),
        ("CN", "3B001", TODAY, "licence_required", ["D:5"]),  # every paragraph to Macau/D:5
        ("IN", "3B001.a.4", TODAY, "clear", []),  # Macau/D:5 only
        ("MO", "3B001.a.4", TODAY, "licence_required", ["742.4(a)(4)"]),
        ("MT", "3B001.b", TODAY, "licence_required", ["NS2"]),
        ("MO", "3B002.c", TODAY, "licence_required", ["742.6(a)(6)"]),
        ("DE", "3B002", TODAY, "clear", []),
        ("PK", "3A992", TODAY, "licence_required", ["742.6(a)(12)"]),  # RS to Pakistan, not on the chart
        ("IN", "3A992", TODAY, "clear", []),
        ("CA", "3D002", TODAY, "review", ["3B001.c.1.a"]),  # NS1 spares Canada, the worldwide control does not
        ("CN", "3E001", TODAY, "review", ["NS1", "classify to the paragraph"]),
        ("CN", "4E001", TODAY, "licence_required", ["742.6(a)(6)(iii)"]),
        ("CA", "4D001", TODAY, "review", ["4A003.z"]),
        ("GB", "5A001.f.1", TODAY, "licence_required", ["742.13"]),  # SL: all destinations
        ("CA", "5A001", TODAY, "review", ["5A001.f.1"]),
        ("DE", "5A001.a", TODAY, "licence_required", ["NS1"]),
        ("DE", "5A001.c", TODAY, "clear", []),  # NS2 only
        ("IN", "5B001", TODAY, "clear", []),  # NS2, not NS1
        ("AE", "5A992", TODAY, "review", ["5A992.z"]),  # .z to the 3A090.b destinations
        ("GB", "3A901", TODAY, "licence_required", ["742.4(a)(5)", "IEC"]),  # 900 series: worldwide NS/RS
        ("CA", "4A906", TODAY, "licence_required", ["89 FR 72926"]),
        ("CN", "3A069", TODAY, "licence_required", ["742.6(a)(12)"]),
        ("DE", "3A069", TODAY, "clear", []),
        ("DE", "4E091", TODAY, "review", ["742.6(a)(13)", "not enforce"]),  # AI model weights: AI Diffusion text
        ("GB", "5D002.c.1", TODAY, "licence_required", ["742.15"]),  # EI on some 5D002 paragraphs only
        ("GB", "5D002.a.2", TODAY, "clear", []),
        ("GB", "5D002", TODAY, "review", ["5D002.c.1"]),
        ("DE", "9A610", TODAY, "review", ["classify and check manually"]),  # not in the table: never clear
        ("DE", "USML:XI", TODAY, "licence_required", ["22 CFR 123.1"]),
        ("DE", "EAR99", TODAY, "clear", ["EAR99"]),
    ],
)
def test_item_against_destination(destination, item, on, decision, words) -> None:  # type: ignore[no-untyped-def]
    reasons = destination_reasons(destination, parse_item(item), on)
    assert most_severe(r.decision for r in reasons) == decision, reasons
    text = " ".join(f"{r.detail} {r.citation}" for r in reasons)
    for word in words:
        assert word in text, (word, text)


def test_end_uses_need_a_licence_with_their_section() -> None:
    for category, section in [("military", "744.21"), ("military-intelligence", "744.22"), ("nuclear", "744.2"),
                              ("missile-uav", "744.3"), ("chemical-biological", "744.4"), ("supercomputer", "744.23"),
                              ("advanced-semiconductor", "744.23")]:
        [reason] = end_use_reasons(category)
        assert reason.decision == "licence_required" and section in reason.citation
    with pytest.raises(ValueError, match="unknown end use"):
        end_use_reasons("space")


def test_the_most_restrictive_outcome_wins_and_all_are_shown(sample, named) -> None:  # type: ignore[no-untyped-def]
    parties = [
        ("end-user: Inspur", [PartyHit(named(sample, "EL", "Inspur Group Co., Ltd."), True),
                              PartyHit(named(sample, "CMIC", "INSPUR GROUP CO., LTD."), True)]),
        ("purchaser: Putin", [PartyHit(named(sample, "SDN", "PUTIN, Vladimir Vladimirovich"), True)]),
    ]
    decision, reasons = check_transaction(parties, parse_item("EAR99"), "CN", "nuclear", TODAY)
    assert decision == "block"
    assert {r.decision for r in reasons} >= {"block", "licence_required", "clear"}
    assert {r.party for r in reasons} >= {"end-user: Inspur", "purchaser: Putin"}


@pytest.mark.parametrize(
    ("name", "item", "decision", "words"),
    [
        # Real MEU List rows of the trade.gov CSL extract against Supp. No. 2 to part 744 (eCFR as of 2026-09-24).
        ("AECC Aviation Power Co. Ltd.", "9A991", "licence_required", ["in Supp. No. 2 to part 744", "(9)(ii)"]),
        ("AECC Aviation Power Co. Ltd.", "9A991.d", "licence_required", ["(9)(ii)"]),
        ("AECC Aviation Power Co. Ltd.", "3A001", "clear", ["not in Supp. No. 2"]),
        ("AECC Aviation Power Co. Ltd.", "5A002", "clear", ["not in Supp. No. 2"]),
        ("AECC Aviation Power Co. Ltd.", "EAR99", "clear", ["not in Supp. No. 2"]),
        ("AECC Aviation Power Co. Ltd.", "9A610", "review", ["not an ECCN the engine knows"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "4A994", "review", ["only part of 4A994", "0.5 Weighted TeraFLOPS"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "9A012.a.1", "licence_required", ["9A012.a.1"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "9A012.b", "clear", ["outside the part of 9A012"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "9A012", "review", ["9A012.a.1"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "5A991.b.7", "licence_required", ["(5)(i)"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "5A991.c", "clear", ["outside the part of 5A991"]),
        ("Academy of Aerospace Solid Propulsion Technology (AASPT)", "5A992", "licence_required", ["(5)(v)"]),
    ],
)
def test_meu_hits_are_scoped_to_supp_2_items(csl_extract, named, name, item, decision, words) -> None:  # type: ignore[no-untyped-def]
    entry = named(csl_extract, "MEU", name)
    got, reasons = party_consequence(entry, True, item, TODAY)
    assert got == decision, reasons
    text = " ".join(f"{r.detail} {r.citation}" for r in reasons)
    for word in words:
        assert word in text, (word, text)
    assert "744.21" in reasons[0].citation


@pytest.mark.parametrize(("text", "code"), [("3a090.A", "3A090.a"), ("EAR99", "EAR99"), ("USML:CAT XI", "USML:XI"), ("usml:11", "USML:XI")])
def test_items_are_read_in_their_usual_spellings(text: str, code: str) -> None:
    assert parse_item(text).code == code
    with pytest.raises(ValueError):
        parse_item("laptop")


@pytest.mark.parametrize(("item", "decision"), [("9A991", "licence_required"), ("3A001", "clear"), ("4A994", "review"), ("9A610", "review")])
def test_an_entity_list_requirement_worded_as_supp_2_uses_the_same_table(sample, named, item, decision) -> None:  # type: ignore[no-untyped-def]
    # The real MEU requirement text ("any item ... listed in supplement no. 2 to part 744") read as an Entity List entry.
    entry = dataclasses.replace(named(sample, "MEU", "AVIC Aircraft Co. Ltd."), list_code="EL")
    got, reasons = party_consequence(entry, True, item, TODAY)
    assert got == decision, reasons
    assert "Supp. No. 2" in reasons[0].detail
