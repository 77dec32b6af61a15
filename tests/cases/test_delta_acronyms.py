"""The delta filter reaches every changed entry a full retrieval gives, acronyms included.

Acronyms are retrieved by their own rule (``index.acronym_keys``: one written on either side, the
whole name's share, not added to the words'); the filter must follow it exactly, from name forms and
from the book's cached words alike.
"""

from __future__ import annotations

from partyscreen.cases.book_words import words_of
from partyscreen.cases.delta import ChangedEntries
from partyscreen.match.forms import query_forms
from partyscreen.match.index import CandidateIndex
from partyscreen.match.query import Query
from partyscreen.match.screener import MIN_SHARE
from partyscreen.model import Entity

# Entity List entries (BIS, Supplement No. 4 to Part 744) and a few others of the same words.
LISTED = [
    "China Electronics Technology Group Corporation 29th Research Institute (CETC 29)",
    "China Electronics Technology Group Corp. (CETC) 54th Research Institute",
    "China Electronics Technology Group Corporation 13th Research Institute",
    "Chinese Academy of Engineering Physics",
    "Southwest Institute of Nuclear Physics and Chemistry (a.k.a., China Academy of Engineering Physics (CAEP)'s 902 Institute)",
    "CASIC",
    "China Aerospace Science and Industry Corporation (CASIC) 3rd Academy",
    "NIOC",
    "National Iranian Oil Company",
    "NEW IRISH REPUBLICAN ARMY",
    "REAL IRISH REPUBLICAN ARMY",
]
QUERIES = [
    "CETC", "CAEP", "CASIC", "NIOC", "CETC 54", "China Academy of Engineering Physics",
    "CHINA ELECTRONICS TECHNOLOGY GROUP CORP CETC 54TH RESEARCH INSTITUTE",
    "China Aerospace Science and Industry Corporation", "National Iranian Oil Co (NIOC)",
    "NMEW IRISH REPUBLICAN ARYM",
]


def test_the_filter_follows_acronym_retrieval() -> None:
    index = CandidateIndex.build([Entity(id=f"el:{k}", schema="LegalEntity", list_code="EL", name=n) for k, n in enumerate(LISTED)])
    everything = list(range(len(index.cards)))
    changed = ChangedEntries(index, everything)
    assert changed.exact
    for name in QUERIES:
        query = Query(name=name)
        forms = [form for _, form in query_forms(query.names(), query.schema)]
        full = {c.card for c in index.candidates(forms, len(index.cards), MIN_SHARE)}
        assert full, name
        assert full <= changed.reached(forms, MIN_SHARE), name
        assert full <= changed.reached(words_of(query), MIN_SHARE), name
