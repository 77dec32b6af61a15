"""The red-flag word look-up: word by word for screening, all at once for the monitor, the same answers."""

from __future__ import annotations

from partyscreen.graph.redflags import IndexWords, WordIndex, distinctive_matches
from partyscreen.match.forms import query_forms
from partyscreen.match.index import CandidateIndex
from partyscreen.model import Entity


def _index() -> CandidateIndex:
    entities = [
        Entity(id="el:1", schema="Company", list_code="EL", name="Hikvision Digital Technology Co., Ltd."),
        Entity(id="el:2", schema="Company", list_code="EL", name="Hikvision USA Inc.", aliases=["Hik USA"]),
        Entity(id="el:3", schema="Company", list_code="EL", name="Kent Media Printing Co."),
        Entity(id="sdn:4", schema="Person", list_code="SDN", name="KENT, John"),
        Entity(id="sdn:5", schema="Person", list_code="SDN", name="KENT, Mary"),
        Entity(id="el:6", schema="Company", list_code="EL", name="Zhejiang Dahua Technology Co., Ltd."),
        Entity(id="el:7", schema="LegalEntity", list_code="EL", name="Dahua Technology USA"),
    ]
    return CandidateIndex.build(entities)


def test_word_by_word_look_up_agrees_with_the_full_index() -> None:
    index = _index()
    full, lazy = WordIndex(index.cards), IndexWords(index)
    for word in ["hikvision", "kent", "dahua", "printing", "media", "technology", "usa", "zhejiang", "nowhere"]:
        assert lazy.holders(word) == full.holders(word), word
        assert lazy.is_personal(word) == full.is_personal(word), word
        for position in range(len(index.cards)):
            assert lazy.leads(position, word) == full.leads(position, word), (word, position)


def test_the_same_flags_from_either() -> None:
    index = _index()
    for name in ["Hikvision Europe B.V.", "Kent Printing LLC", "Dahua Security GmbH", "Acme Widgets"]:
        forms = [form for _, form in query_forms([name], "Company")]
        assert distinctive_matches(IndexWords(index), index.cards, forms) == distinctive_matches(WordIndex(index.cards), index.cards, forms)
    forms = [form for _, form in query_forms(["Hikvision Europe B.V."], "Company")]
    assert {index.cards[p].id for p, _, _ in distinctive_matches(IndexWords(index), index.cards, forms)} == {"el:1", "el:2"}
    # "Kent" is carried by listed people: a company named after a person shares it by chance.
    forms = [form for _, form in query_forms(["Kent Printing LLC"], "Company")]
    assert distinctive_matches(IndexWords(index), index.cards, forms) == []
