"""The OFAC Remarks parser, on remark strings copied from the real files."""

from __future__ import annotations

import pytest

from partyscreen.model import Identifier
from partyscreen.sources.ofac_remarks import (
    parse_birth_dates,
    parse_date,
    parse_identifier,
    parse_remarks,
    split_segments,
)

# sdn_2024-05-03, ent_num 35096
PUTIN = (
    "DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; citizen Russia; "
    "Gender Male; President of the Russian Federation."
)
# cons_prim 2025-12, ent_num 50476
MARTELLY = (
    "DOB 12 Feb 1961; POB Port-au-Prince, Haiti; nationality Haiti; Gender Male; Executive "
    "Order 14059 information: Prohibition on any transactions in foreign exchange that are "
    "subject to the jurisdiction of the United States and in which this target has any "
    "interest; Driver's License No. M634550610520 (United States); National ID No. "
    "0032768386 (Haiti); a.k.a. 'Sweet Micky'."
)
# sdn_2024-05-03, ent_num 12057
NAQDI = (
    "DOB 1951 to 1953; alt. DOB 1960 to 1962; alt. DOB Apr 1961; alt. DOB 1953; POB Najaf, "
    "Iraq; alt. POB Tehran, Iran; nationality Iran; Additional Sanctions Information - "
    "Subject to Secondary Sanctions; Gender Male; Brigadier General and Commander of the "
    "IRGC Basij Resistance Force; Head of the Basij."
)
# sdn_2024-05-03, ent_num 15036
ARTAVIL = (
    "Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; alt. Former Vessel Flag None "
    "Identified; alt. Former Vessel Flag Tanzania; Additional Sanctions Information - Subject "
    "to Secondary Sanctions; Vessel Registration Identification IMO 9187629; MMSI 572469210; "
    "f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY."
)
# sdn_2024-05-03, ent_num 26503
EVROFINANCE = (
    "SWIFT/BIC EVRFRUMM; Registration ID 1027700565970 (Russia); Tax ID No. 7703115760 "
    "(Russia); Government Gazette Number 09610839 (Russia); Linked To: PETROLEOS DE "
    "VENEZUELA, S.A."
)
# sdn_2024-05-03, ent_num 6944
AL_SHARIF = (
    "DOB 1969; alt. DOB 1963; alt. DOB 11 Feb 1964; POB Al-Medinah, Saudi Arabia; "
    "nationality Saudi Arabia; Passport B 960789; alt. Passport G 649385 issued 08 Sep 2006 "
    "expires 17 Jul 2011."
)
# sdn_2024-05-03, ent_num 15431
AIRCRAFT = (
    "Aircraft Construction Number (also called L/N or S/N or F/N) 8401; Aircraft Manufacture "
    "Date 1992; Aircraft Model IL76-TD; Aircraft Operator YAS AIR; Aircraft Manufacturer's "
    "Serial Number (MSN) 1023409321; Linked To: POUYA AIR."
)


def test_person_remarks() -> None:
    parsed = parse_remarks(PUTIN)
    assert parsed.birth_dates == ["1952-10-07"]
    assert parsed.birth_places == ["Leningrad, Russia"]
    assert parsed.nationalities == ["RU"]
    assert parsed.citizenships == ["RU"]
    assert parsed.gender == "male"
    assert parsed.unparsed == ["President of the Russian Federation"]


def test_identifiers_weak_alias_and_sanctions_info() -> None:
    parsed = parse_remarks(MARTELLY)
    assert parsed.identifiers == [
        Identifier("Driver's License No.", "M634550610520", "US"),
        Identifier("National ID No.", "0032768386", "HT"),
    ]
    assert parsed.weak_aliases == ["Sweet Micky"]
    assert parsed.properties["sanctionsInfo"][0].startswith("Executive Order 14059 information:")
    assert parsed.unparsed == []


def test_birth_date_ranges_keep_every_year() -> None:
    parsed = parse_remarks(NAQDI)
    assert parsed.birth_dates == ["1951", "1952", "1953", "1960", "1961", "1962", "1961-04"]
    assert parsed.birth_places == ["Najaf, Iraq", "Tehran, Iran"]
    assert parsed.nationalities == ["IR"]


def test_vessel_remarks() -> None:
    parsed = parse_remarks(ARTAVIL)
    assert Identifier("IMO", "9187629") in parsed.identifiers
    assert Identifier("MMSI", "572469210") in parsed.identifiers
    assert parsed.properties["imoNumber"] == ["9187629"]
    assert parsed.properties["pastFlags"] == ["MT", "TV", "TZ"]
    assert parsed.former_names == ["ALPHA"]
    assert parsed.linked_to == ["NATIONAL IRANIAN TANKER COMPANY"]  # closing stop removed
    assert parsed.unparsed == ["alt. Former Vessel Flag None Identified"]  # kept verbatim


def test_linked_name_keeps_its_own_full_stop() -> None:
    parsed = parse_remarks(EVROFINANCE)
    assert parsed.linked_to == ["PETROLEOS DE VENEZUELA, S.A."]
    assert parsed.identifiers == [
        Identifier("SWIFT/BIC", "EVRFRUMM"),
        Identifier("Registration ID", "1027700565970", "RU"),
        Identifier("Tax ID No.", "7703115760", "RU"),
        Identifier("Government Gazette Number", "09610839", "RU"),
    ]


def test_passports_with_issue_and_expiry() -> None:
    parsed = parse_remarks(AL_SHARIF)
    assert parsed.birth_dates == ["1969", "1963", "1964-02-11"]
    assert parsed.identifiers == [
        Identifier("Passport", "B 960789"),
        Identifier("Passport", "G 649385", note="issued 08 Sep 2006 expires 17 Jul 2011"),
    ]


def test_aircraft_remarks() -> None:
    parsed = parse_remarks(AIRCRAFT)
    assert parsed.properties["model"] == ["IL76-TD"]
    assert parsed.properties["operator"] == ["YAS AIR"]
    assert parsed.properties["buildDate"] == ["1992"]
    assert Identifier("Aircraft Manufacturer's Serial Number (MSN)", "1023409321") in (
        parsed.identifiers
    )


def test_contact_details_and_crypto() -> None:
    # sdn_comments 2021-07 / sdn 2021-07, ent_num 28264 and 29703 (shortened)
    parsed = parse_remarks(
        "Email Address 417136259@qq.com; Website www.mebank.ir; alt. Phone Number 8618004121000; "
        "Digital Currency Address - XBT 1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE; "
        "Identification Number 210302198701102136 (China); a.k.a. 'blackjack1987'."
    )
    assert parsed.properties["email"] == ["417136259@qq.com"]
    assert parsed.properties["website"] == ["www.mebank.ir"]
    assert parsed.properties["phone"] == ["8618004121000"]
    assert parsed.identifiers == [
        Identifier("Digital Currency Address - XBT", "1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE"),
        Identifier("Identification Number", "210302198701102136", "CN"),
    ]
    assert parsed.weak_aliases == ["blackjack1987"]


def test_quoted_name_with_apostrophe_and_former_name() -> None:
    parsed = parse_remarks("a.k.a. 'AL-QA'IDA'; f.k.a. 'SAND SWAN'; n.k.a. 'NEW NAME'.")
    assert parsed.weak_aliases == ["AL-QA'IDA", "NEW NAME"]
    assert parsed.former_names == ["SAND SWAN"]


def test_truncated_quote_is_not_an_alias() -> None:
    # A Remarks cell cut at 1000 characters without its sdn_comments continuation.
    parsed = parse_remarks("a.k.a. 'tianyinyin0404'; a.k.a. 'snowsjo")
    assert parsed.weak_aliases == ["tianyinyin0404"]
    assert parsed.unparsed == ["a.k.a. 'snowsjo"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 Oct 1952", "1952-10-07"),
        ("1 Apr 2003", "2003-04-01"),
        ("Oct 1952", "1952-10"),
        ("1952", "1952"),
        ("32 Oct 1952", ""),
        ("Foo 1952", ""),
        ("unknown", ""),
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("circa 1951", ["1951"]),
        ("circa 1979-1982", ["1979", "1980", "1981", "1982"]),
        ("1955 to 1958", ["1955", "1956", "1957", "1958"]),
        ("01 Jan 1961 to 31 Dec 1962", ["1961", "1962"]),
        ("01 Mar 1960 to 31 Mar 1960", ["1960-03"]),
        ("01 Sep 1977 to 31 Dec 1977", ["1977-09-01", "1977-12-31"]),
        ("Mar 1957 to Feb 1958", ["1957-03", "1958-02"]),
        ("1900 to 1990", ["1900", "1990"]),  # implausibly wide: only the ends
        ("circa 01 Jan 1960", ["1960-01-01"]),
        ("sometime", []),
    ],
)
def test_parse_birth_dates(text: str, expected: list[str]) -> None:
    assert parse_birth_dates(text) == expected


def test_titles_are_not_identifiers() -> None:
    assert parse_identifier("Commander of FDLR 1st Division") is None
    assert parse_identifier("Member of Parliament for Kilome (Kenya)") is None
    assert parse_identifier("Head of the Belarusian State Television and Radio Company") is None


def test_identifier_with_unknown_parenthesis_keeps_it_as_note() -> None:
    ident = parse_identifier("Registration Number 12345 (Head Office)")
    assert ident == Identifier("Registration Number", "12345", "", "(Head Office)")


def test_split_segments_handles_blanks_and_placeholder() -> None:
    assert split_segments("") == []
    assert split_segments("-0-") == []
    assert split_segments(" DOB 1962 ;; POB Shati. ") == ["DOB 1962", "POB Shati"]


@pytest.mark.parametrize(
    "text",
    [
        ";;;", "'", "a.k.a. '", "DOB", "DOB to", "Linked To:", "nationality Atlantis",
        "Passport (", "(((", "\x1a", "a.k.a. ''", "Gender Unknown", "alt.", "alt. ;",
        "MMSI", "Digital Currency Address -", "x" * 5000, "DOB 99 Zzz 1960 to 1961",
        "Passport 1" + " issued a" * 200 + " (",  # once made a regex backtrack for ages
    ],
)
def test_odd_text_never_raises(text: str) -> None:
    parsed = parse_remarks(text)
    assert isinstance(parsed.unparsed, list)
