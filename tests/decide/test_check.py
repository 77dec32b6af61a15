"""run_check in process: parties with roles, address-only entries, dates."""

from __future__ import annotations

import pytest

from partyscreen.decide.check import Party, parse_destination, parse_party, run_check
from partyscreen.match.index import CandidateIndex
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener
from partyscreen.model import Address, Entity


@pytest.fixture(scope="module")
def screener(sample) -> Screener:  # type: ignore[no-untyped-def]
    # An address-only Entity List entry, as the CSL publishes them since 2024 ("Address 01" + the address).
    # The published spreadsheet gives no address text for them, so this one is made up for the mechanism.
    address = Entity(
        id="test:address-01", schema="Address", list_code="EL", name="Room 1201, 88 Example Road, Kowloon, Hong Kong",
        addresses=[Address(full="Room 1201, 88 Example Road, Kowloon, Hong Kong", country="HK")], countries=["HK"],
        listed_on="2024-10-01", license_requirement="For all items subject to the EAR.", license_policy="Presumption of denial.",
        properties={"entry_label": ["Address 01"]},
    )
    return Screener(CandidateIndex.build([*sample, address]))


def test_a_party_at_a_listed_address_is_caught(screener: Screener) -> None:
    party = Party("ultimate-consignee", Query(name="Acme Widgets LLC", addresses=("Room 1201, 88 Example Road, Kowloon, Hong Kong",)))
    result = run_check(screener, [party], "EAR99", "HK", as_of="2026-11-29")
    assert result.decision == "licence_required"
    [hit] = result.parties[0]["hits"]
    assert hit["entity_id"] == "test:address-01" and hit["decision"] == "licence_required"
    before = run_check(screener, [party], "EAR99", "HK", as_of="2024-09-30")  # before the address was listed
    assert before.decision == "clear" and not before.parties[0]["hits"]


def test_roles_reach_the_reasons_and_the_party_lines(screener: Screener) -> None:
    parties = [Party(*p) for p in [("purchaser", Query(name="Acme Widgets LLC")), ("end-user", Query(name="Inspur Group"))]]
    result = run_check(screener, parties, "3A090", "CN", end_use="supercomputer", as_of="2026-11-29")
    assert result.decision == "licence_required"
    assert [p["role"] for p in result.parties] == ["purchaser", "end-user"]
    assert any(r.party == "end-user: Inspur Group" and r.rule == "Entity List" for r in result.reasons)
    assert {r.rule for r in result.reasons} >= {"3A090 to China", "Supercomputer end use"}


@pytest.mark.parametrize(("text", "parsed"), [("end-user=Acme", ("end-user", "Acme")), ("A=B Corp", ("", "A=B Corp")), ("Acme", ("", "Acme"))])
def test_party_roles(text: str, parsed: tuple[str, str]) -> None:
    assert parse_party(text) == parsed


@pytest.mark.parametrize(("text", "code"), [("CN", "CN"), ("China", "CN"), ("Crimea", "UA-CRIMEA"), ("ua-donetsk", "UA-DONETSK"), ("Luhansk", "UA-LUHANSK")])
def test_destinations(text: str, code: str) -> None:
    assert parse_destination(text) == code
    with pytest.raises(ValueError):
        parse_destination("Atlantis")
