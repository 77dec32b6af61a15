"""Entity List entries parsed into structure, on the sample and on every EL row of the real CSL extract."""

from __future__ import annotations

from collections import Counter

import pytest

from partyscreen.decide.entity_list import parse_entry, parse_requirement


def _terms(entity):  # type: ignore[no-untyped-def]
    return parse_entry(entity.license_requirement, entity.license_policy, entity.federal_register_notices)


@pytest.mark.parametrize(
    ("name", "scope", "policy", "footnotes", "citations"),
    [
        ("Inspur Group Co., Ltd.", "all", "presumption_of_denial", (), ["88 FR 13673"]),
        ("Huawei Technologies Co., Ltd. (Huawei)", "all", "presumption_of_denial", (1, 2), ["84 FR 22961", "84 FR 43495", "85 FR 29852", "85 FR 51603"]),
        ("National University of Defense Technology (NUDT)", "all", "presumption_of_denial", (4,), ["80 FR 8524", "84 FR 29373", "87 FR 38925", "87 FR 62202"]),
        ("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)", "all", "mixed", (3,), ["83 FR 37423", "87 FR 77505"]),
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "all", "mixed", (), ["84 FR 54002"]),
        ("Semiconductor Manufacturing International Corporation (SMIC)", "all", "mixed", (), ["85 FR 83416"]),
    ],
)
def test_sample_entity_list_entries(sample, named, name, scope, policy, footnotes, citations) -> None:  # type: ignore[no-untyped-def]
    terms = _terms(named(sample, "EL", name))
    assert (terms.scope, terms.policy, terms.footnotes) == (scope, policy, footnotes)
    assert [str(c) for c in terms.citations] == citations
    assert not terms.needs_reading


def test_mixed_policies_are_per_item(sample, named) -> None:  # type: ignore[no-untyped-def]
    hik = _terms(named(sample, "EL", "Hangzhou Hikvision Digital Technology Co., Ltd."))
    assert hik.policy_for("1A004.c") == "case_by_case"
    assert hik.policy_for("3A001") == "presumption_of_denial"
    cetc = _terms(named(sample, "EL", "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"))
    assert ("all other items", "policy_of_denial") in cetc.policy_by_items
    assert cetc.fdp_footnotes == (3,) and "734.9(g)" in cetc.sections


def test_meu_entries_are_scoped_to_supplement_2(sample, named) -> None:  # type: ignore[no-untyped-def]
    terms = _terms(named(sample, "MEU", "AVIC Aircraft Co. Ltd."))
    assert terms.scope == "supp2" and terms.policy == "see_section"
    assert terms.policy_sections == ("744.21(d)", "744.21(e)")


def test_an_eccn_scoped_requirement_catches_only_those_eccns() -> None:
    # Wording of ECCN-scoped entries ("For items classified under ECCNs ..."); no such row is in the extracts.
    parsed = parse_requirement("For items classified under ECCNs 3A090, 4A090 and 3E001.")
    assert (parsed["scope"], parsed["eccns"], parsed["unparsed"]) == ("eccns", ("3A090", "4A090", "3E001"), [])


def test_every_entity_list_row_of_the_real_extract_parses_or_is_flagged(csl_extract) -> None:  # type: ignore[no-untyped-def]
    rows = [e for e in csl_extract if e.list_code == "EL"]
    assert len(rows) == 919
    terms = [_terms(e) for e in rows]
    flagged = [t for t in terms if t.needs_reading]
    # Figures on the 2023-11-30 extract: 912 rows parse fully, 7 are flagged for a person to read.
    assert len(terms) - len(flagged) == 912 and len(flagged) == 7
    for t in flagged:  # kept verbatim, never dropped
        assert t.unparsed or t.exceptions or t.missing
    assert Counter(t.scope for t in terms)["all"] == 918
    assert sum(bool(t.end_use) for t in terms) == 70  # "when used in projects specified in § 746.5"
    texts = {u for t in flagged for u in t.unparsed}
    assert "88 FR" in texts  # a citation without a page is kept and flagged
    carve_outs = [x for t in flagged for x in t.exceptions]
    assert any("General License No. 11" in x for x in carve_outs)
    assert sum(len(t.citations) for t in terms) >= 1100


def test_the_746_5_entries_are_end_use_scoped(csl_extract) -> None:  # type: ignore[no-untyped-def]
    gazprom = [e for e in csl_extract if e.list_code == "EL" and e.name.startswith("Gazprom")]
    terms = _terms(gazprom[0])
    assert terms.end_use == "746.5" and terms.policy_sections == ("746.5(b)",)
