"""What a hit, a destination, an item and an end use mean: table-driven on real entries."""

from __future__ import annotations

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
        ("MEU", "AVIC Aircraft Co. Ltd.", "3A991", "review", ["Supp. No. 2 to part 744"]),
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
        ("DE", "3A090", TODAY, "clear", []),
        ("CN", "3A001", TODAY, "licence_required", ["NS2"]),
        ("DE", "3A001", TODAY, "review", ["classify to the paragraph"]),  # NS1/RS1/MT1 on parts only
        ("CA", "3A001", TODAY, "clear", []),
        ("CN", "5A002", TODAY, "licence_required", ["ENC"]),
        ("DE", "5A992", TODAY, "clear", []),
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


@pytest.mark.parametrize(("text", "code"), [("3a090.A", "3A090.a"), ("EAR99", "EAR99"), ("USML:CAT XI", "USML:XI"), ("usml:11", "USML:XI")])
def test_items_are_read_in_their_usual_spellings(text: str, code: str) -> None:
    assert parse_item(text).code == code
    with pytest.raises(ValueError):
        parse_item("laptop")
