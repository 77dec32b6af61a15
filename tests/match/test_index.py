"""Candidate retrieval: typo'd names still reach their entries, exact names are never crowded out.

The names are real UN and OFAC entries; the generated "filler" entries give the
index the word frequencies (common given names, long families) that make these
cases hard.
"""

from __future__ import annotations

import pytest

from partyscreen.match.forms import query_forms
from partyscreen.match.index import _CARDS_PER_CHUNK, CandidateIndex, acronym_keys, initials_key
from partyscreen.match.screener import CANDIDATES, MIN_SHARE
from partyscreen.model import Entity

LISTED = {
    "QDi.265": "HAJI MUHAMMAD ASHRAF",
    "TAi.103": "SHAMSUDDIN",
    "TAi.020": "MATIULLAH",
    "KPi.022": "KIM KYU",
    "KPi.044": "KIM CHOL NAM",
    "KPi.027": "RYU JIN",
    "QDi.301": "YASSIN CHOUKA",
}
# Saddam Hussein's half-brother's sons, listed together: every name holds every word of the others.
TIKRITI = ["IBRAHIM", "YASIR", "OMAR", "AYMAN", "BASHAR", "SA'D", "MUHAMMAD", "ALI", "HASAN", "KHALID", "ZAID", "AHMAD"]


def person(ref: str, name: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(id=f"un-sc:{ref}", schema="Person", list_code="UN", name=name, aliases=list(aliases))


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    entities = [person(ref, name) for ref, name in LISTED.items()]
    # Common words: many Kims and Muhammads, so that a Kim or a Muhammad alone finds nothing in particular.
    given = ["CHOL", "YONG", "SONG", "HYOK", "NAM", "IL", "SU", "HO", "MIN", "JONG", "UN", "SOK", "HUN", "GWANG"]
    entities += [person(f"KP.{k}", f"KIM {a} {b}") for k, (a, b) in enumerate((a, b) for a in given for b in given if a != b)][:150]
    entities += [person(f"QD.{k}", f"MUHAMMAD {w} {v}") for k, (w, v) in enumerate(zip(given * 3, reversed(given * 3)))]
    entities += [person(f"LIM.{k}", f"LIM {w} TAE") for k, w in enumerate(given)]
    entities += [
        person(f"IQ.{k}", f"{first} SABAWI IBRAHIM HASAN AL-TIKRITI", (f"AL-TIKRITI, {first.title()} Sabawi Ibrahim Hasan",))
        for k, first in enumerate(TIKRITI)
    ]
    return CandidateIndex.build(entities)


def retrieved(index: CandidateIndex, name: str, limit: int = CANDIDATES) -> list[str]:
    forms = [form for _, form in query_forms([name], "Person")]
    return [index.cards[c.card].id for c in index.candidates(forms, limit, MIN_SHARE)]


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("HSASMUDDIN", "TAi.103"),  # two swaps
        ("MTAIULLAZH", "TAi.020"),  # a swap and a letter added
        ("KYP KPIM", "KPi.022"),  # both syllables changed, and swapped: 'kyp' is one letter from 'kyu'
        ("VIM CHOL NGM", "KPi.044"),  # one letter wrong in each three-letter syllable
        ("RIU JAIN", "KPi.027"),
        ("SAHRAF MUHAMMAD HAJI", "QDi.265"),
    ],
)
def test_typos_reach_the_entry(index: CandidateIndex, query: str, ref: str) -> None:
    assert f"un-sc:{ref}" in retrieved(index, query)


def test_a_word_the_lists_do_not_know_weighs_what_it_may_stand_for(index: CandidateIndex) -> None:
    # 'hajc' and 'muhmmad' are in no listed name: weighed as the rarest word, they
    # would leave 'ashraf' less than MIN_SHARE of the query.
    weights = index.weights
    assert "muhmmad" not in index.postings
    highest = weights.idf("zzzzqx")  # a word with no variant keeps the highest weight
    credit = max(index._rarity(word) * sim for word, sim in index._expand("muhmmad", True))
    assert weights.idf("muhmmad") == pytest.approx((highest + credit) / 2) and credit < highest
    assert weights.idf("ashraf") == pytest.approx(index._rarity("ashraf"))  # known words keep their own
    assert "un-sc:QDi.265" in retrieved(index, "HAJC MUHMMAD ASHRAF")


def test_a_variant_of_a_common_word_does_not_outrank_the_word(index: CandidateIndex) -> None:
    # 'lim' is rarer than 'kim': credited at its own rarity it would put every Lim before the Kims.
    expansions = dict(index._expand("kim", True))
    assert expansions["kim"] == 1.0
    assert 0 < expansions["lim"] * index._rarity("lim") <= index._rarity("kim")
    found = retrieved(index, "KIM CHOL NAM")
    assert found[0] == "un-sc:KPi.044"


def test_a_typo_reaches_the_closest_spelling_before_rarer_ones() -> None:
    # "Muhammd" is one letter from "Muhammad" and from "Muhamad"; the rarer "Muhamad" must not
    # outrank the closer spelling ('ALI, Muhammad of the SDN list behind a dozen Muhamad Alis).
    entries = [person("T.1", "'ALI, Muhammad")]
    entries += [person(f"C.{k}", f"MUHAMMAD {chr(65 + k % 26)}{chr(65 + k // 26)}X") for k in range(40)]
    entries += [person(f"R.{k}", f"MUHAMAD ALI {chr(65 + k)}QZ") for k in range(12)]
    small = CandidateIndex.build(entries)
    assert retrieved(small, "'ALI, Muhammd", limit=5)[0] == "un-sc:T.1"


def test_the_exact_name_is_not_crowded_out_by_a_family_sharing_its_words(index: CandidateIndex) -> None:
    found = retrieved(index, "IBRAHIM SABAWI IBRAHIM HASAN AL-TIKRITI", limit=5)
    assert found[0] == "un-sc:IQ.0"
    # All twelve hold every word of the query: retrieval cannot rank them, so it
    # hands on those tied with the last place (up to twice the limit).
    assert len(found) == 10


def test_entries_with_many_names_do_not_use_up_the_candidates(index: CandidateIndex) -> None:
    many = [person(f"M.{k}", f"ALPHA BRAVO {k}", tuple(f"ALPHA BRAVO CHARLIE {k} {j}" for j in range(12))) for k in range(30)]
    small = CandidateIndex.build(many)
    forms = [form for _, form in query_forms(["ALPHA BRAVO"], "Person")]
    assert len(small.candidates(forms, 8, MIN_SHARE)) >= 8


def test_a_stored_index_retrieves_the_same(index: CandidateIndex) -> None:
    loaded = CandidateIndex.loads(index.dumps())
    for query in ("HSASMUDDIN", "KYP KPIM", "HAJC MUHMMAD ASHRAF", "IBRAHIM SABAWI IBRAHIM HASAN AL-TIKRITI"):
        assert retrieved(loaded, query) == retrieved(index, query)


def test_the_stored_index_key_changes_with_the_analysis_code(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from partyscreen.match import fingerprint, screener

    before = screener.index_key([])
    monkeypatch.setattr(fingerprint, "analysis_fingerprint", lambda: "other code")
    monkeypatch.setattr(screener, "analysis_fingerprint", lambda: "other code")
    assert screener.index_key([]) != before


def test_a_stored_index_unpickles_a_card_only_when_it_is_read(index: CandidateIndex) -> None:
    loaded = CandidateIndex.loads(index.dumps())
    cards = loaded.cards
    assert len(cards) == len(index.cards) > 2 * _CARDS_PER_CHUNK
    assert cards._cards.count(None) == len(cards)  # loading unpickled no card
    last = len(cards) - 1
    assert cards[-1] == index.cards[last]
    assert cards._cards.count(None) == len(cards) - (len(cards) % _CARDS_PER_CHUNK or _CARDS_PER_CHUNK)  # its chunk only
    assert cards.by_id["un-sc:QDi.265"] == index.cards.by_id["un-sc:QDi.265"]
    assert cards.by_id.get("un-sc:nobody") is None and "un-sc:nobody" not in cards.by_id
    assert list(cards) == list(index.cards) and list(cards.by_id) == cards.ids


def test_an_index_half_read_stores_all_its_cards(index: CandidateIndex) -> None:
    loaded = CandidateIndex.loads(index.dumps())
    loaded.cards[0]  # one chunk unpickled, the others still stored
    again = CandidateIndex.loads(loaded.dumps())
    assert list(again.cards) == list(index.cards)


# Entity List entries (BIS, Supplement No. 4 to Part 744): the research institutes of CETC and CAEP.
CETC = [
    ("EL.29", "China Electronics Technology Group Corporation 29th Research Institute (CETC 29)"),
    ("EL.54", "China Electronics Technology Group Corp. (CETC) 54th Research Institute"),
    *((f"EL.{n}", f"China Electronics Technology Group Corporation {n}th Research Institute") for n in (13, 14, 36, 38, 43, 48, 52, 55)),
    ("EL.CAEP", "Chinese Academy of Engineering Physics"),
    ("EL.902", "Southwest Institute of Nuclear Physics and Chemistry (a.k.a., China Academy of Engineering Physics (CAEP)'s 902 Institute)"),
    ("EL.CASIC", "CASIC"),
    # OFAC SDN entries: one army, its alias and its namesakes.
    ("SDN.NIRA", "NEW IRISH REPUBLICAN ARMY"),
    *((f"SDN.{w}", f"{w} IRISH REPUBLICAN ARMY") for w in ("REAL", "CONTINUITY", "PROVISIONAL", "OFFICIAL")),
]


def org(ref: str, name: str) -> Entity:
    return Entity(id=f"bis-el:{ref}", schema="LegalEntity", list_code="EL", name=name)


@pytest.fixture(scope="module")
def institutes() -> CandidateIndex:
    return CandidateIndex.build([org(ref, name) for ref, name in CETC])


def retrieved_org(index: CandidateIndex, name: str, limit: int = 5) -> list[str]:
    forms = [form for _, form in query_forms([name], "")]
    return [index.cards[c.card].id.split(":")[1] for c in index.candidates(forms, limit, MIN_SHARE)]


def test_acronyms_written_in_a_name_are_told_from_initials() -> None:
    form = query_forms(["China Electronics Technology Group Corp. (CETC) 54th Research Institute"], "Company")[0][1]
    written, derived = acronym_keys(form)
    assert written == {"cetc"}
    assert derived and "cetc" not in derived
    assert acronym_keys(query_forms(["CASIC"], "Company")[0][1]) == ({"casic"}, set())


def test_two_names_with_the_same_initials_are_not_met_by_them(institutes: CandidateIndex) -> None:
    # The query's initials (cetgcri: CETC read as a word) are those of every institute written
    # "Corporation Nth Research Institute"; only the words, and the 54, find the right one.
    assert retrieved_org(institutes, "CHINA ELECTRONICS TECHNOLOGY GROUP CORP CETC 54TH RESEARCH INSTITUTE")[0] == "EL.54"


def test_an_acronym_meets_the_name_it_abbreviates_both_ways(institutes: CandidateIndex) -> None:
    assert "EL.CAEP" in retrieved_org(institutes, "CAEP")
    assert "EL.CASIC" in retrieved_org(institutes, "China Aerospace Science and Industry Corporation")


def test_an_acronym_met_does_not_outrank_the_entry_s_own_name(institutes: CandidateIndex) -> None:
    # Both hold the words and the initials; the subsidiary writes "CAEP" too.  The share an acronym
    # gives is the whole name's, not added to the words', so the exact name comes first.
    found = institutes.candidates([f for _, f in query_forms(["Chinese Academy of Engineering Physics"], "")], 5, MIN_SHARE)
    assert institutes.cards[found[0].card].id == "bis-el:EL.CAEP"
    assert max(c.share for c in found) <= 1.0 + 1e-6


def test_the_initials_of_a_name_find_it_when_typos_hide_its_words(institutes: CandidateIndex) -> None:
    assert retrieved_org(institutes, "NMEW IRISH REPUBLICAN ARYM", limit=1) == ["SDN.NIRA"]


def test_people_have_no_initials_key() -> None:
    person_form = query_forms(["Muhammad Ali Hasan"], "Person")[0][1]
    org_form = query_forms(["Muhammad Ali Hasan Trading"], "Company")[0][1]
    assert initials_key(person_form) is None
    assert initials_key(org_form) == "maht"
