"""Screening through the stored index: the sample list and real Entity List entries in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyscreen.match import Query, Screener, Thresholds
from partyscreen.match.screener import INDEX_PREFIX, index_key
from partyscreen.store import Store
from partyscreen.store.importing import import_files
from partyscreen.sources.base import ImportOptions


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from importlib import resources

    store = Store.open(str(tmp_path_factory.mktemp("screen") / "s.db"))
    sample = Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv"))
    import_files(store, [sample], format="csl-csv", options=ImportOptions(feed="sample"))
    return store


def test_index_is_stored_with_the_versions_and_reused(sample_store: Store) -> None:
    Screener.open(sample_store)
    key = index_key(sample_store.current_versions())
    assert key.startswith(INDEX_PREFIX)
    assert sample_store.load_artifact(key) is not None
    again = Screener.open(sample_store)
    assert len(again.index) == 30


def test_hits_are_ranked_and_explained(sample_store: Store) -> None:
    result = Screener.open(sample_store).screen(Query("Inspur Group"))
    assert result.hits[0].name == "Inspur Group Co., Ltd." and result.hits[0].match
    assert "inspur" in result.hits[0].explanation and "no legal form" in result.hits[0].explanation
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert result.algorithm.startswith("partyscreen-match/")


def test_short_name_in_parentheses_is_an_alias(sample_store: Store) -> None:
    hit = Screener.open(sample_store).screen(Query("Huawei")).hits[0]
    assert hit.list == "EL" and "Huawei Technologies" in hit.name and hit.score >= 0.95


def test_unlisted_party_is_clear(sample_store: Store) -> None:
    assert not [h for h in Screener.open(sample_store).screen(Query("Acme Widgets LLC")).hits if h.match]


def test_thresholds_per_list_and_schema(sample_store: Store) -> None:
    strict = Thresholds(overrides={"EL": (0.999, 0.5)})
    hits = Screener.open(sample_store, strict).screen(Query("Huawei Technologies")).hits
    el = [h for h in hits if h.list == "EL"]
    assert el and not any(h.match for h in el if h.score < 0.999)
    with pytest.raises(ValueError):
        Thresholds(match=0.5, review=0.6)


def test_thresholds_from_a_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[thresholds]\nmatch = 0.8\nreview = 0.6\n[thresholds.overrides."SDN/Person"]\nmatch = 0.9\nreview = 0.7\n')
    thresholds = Thresholds.load(config)
    assert thresholds.for_entry("SDN", "Person") == (0.9, 0.7)
    assert thresholds.for_entry("EL", "LegalEntity") == (0.8, 0.6)


def test_chinese_names_find_their_entity_list_entries(shared_data: Path, tmp_path: Path) -> None:
    """The 60 Chinese institutions on the Entity List, queried by their Chinese names."""
    folder = shared_data / "cn-university-entity-list"
    store = Store.open(str(tmp_path / "cn.db"))
    import_files(store, [folder / "data.json"])
    screener = Screener.open(store)
    top, top5 = 0, 0
    entries = json.loads((folder / "data-cn.json").read_text(encoding="utf-8"))
    for entry in entries:
        expected = entry["name"].split(", and the following")[0].split(", a.k.a.")[0]
        hits = screener.screen(Query(entry["zh"], schema="Organization"), limit=5).hits
        names = [h.name for h in hits]
        top += bool(names) and names[0] == expected
        top5 += expected in names
    assert len(entries) == 60
    assert top >= 54, top
    assert top5 >= 57, top5


def test_country_in_parentheses_is_not_an_alias() -> None:
    from partyscreen.match.forms import with_short_names

    names = [n for _, n in with_short_names([("name", "Inspur (HK) Electronics Co., Ltd.")])]
    assert "HK" not in names
    names = [n for _, n in with_short_names([("name", "PJSC VTB Bank (Kiev)")])]
    assert "Kiev" not in names  # a city: which branch, not another name
    names = [n for _, n in with_short_names([("name", "Huawei Technologies Co., Ltd. (Huawei)")])]
    assert "Huawei" in names


def test_the_whole_name_ranks_before_a_short_name_inside_it() -> None:
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import Screener
    from partyscreen.model import Entity
    from partyscreen.match.query import Query

    listed = [
        Entity(id=f"el:{k}", schema="Company", list_code="EL", name=f"China State Shipbuilding Corporation, Limited (CSSC) {k}th Research Institute")
        for k in (701, 702, 703, 704, 705, 706, 707, 708, 709, 711, 712, 713)
    ]
    listed.append(Entity(id="el:999", schema="Company", list_code="EL", name="China State Shipbuilding Corporation, Limited (CSSC) 710th Research Institute"))
    screener = Screener(CandidateIndex.build(listed))
    result = screener.screen(Query(name="China State Shipbuilding Corporation, Limited (CSSC) 710th Research Institute"), limit=3)
    assert result.hits[0].entity_id == "el:999"


def test_a_name_written_without_its_hyphen_finds_the_listing() -> None:
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import Screener
    from partyscreen.model import Entity
    from partyscreen.match.query import Query

    listed = [Entity(id="sdn:1", schema="Company", list_code="SDN", name="BIC-Inform LLC"),
              Entity(id="sdn:2", schema="Company", list_code="SDN", name="Neftaktiv LLC")]
    screener = Screener(CandidateIndex.build(listed))
    assert [h.entity_id for h in screener.screen(Query(name="Bicinform Llc")).hits if h.match] == ["sdn:1"]
    assert [h.entity_id for h in screener.screen(Query(name="Neft-Aktiv LLC")).hits if h.match] == ["sdn:2"]


def test_an_acronym_inside_a_name_is_the_parents_not_an_alias() -> None:
    from partyscreen.match.forms import with_short_names

    names = [n for _, n in with_short_names([("name", "China Aerospace Science and Industry Corporation (CASIC) 3rd Academy")])]
    assert "CASIC" not in names
    names = [n for _, n in with_short_names([("name", "LT Engineering and Trade Services (Pvt) Ltd. (LTE)")])]
    assert "LTE" in names and "Pvt" not in names


def test_parentheses_are_read_without_the_slow_fuzzy_country_lookup(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # rigour's fuzzy territory look-up builds an index of every name on first use (about
    # two seconds): reading a name's parentheses must not start it.
    import rigour.territories

    from partyscreen.match import forms as forms_module

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("fuzzy country look-up while reading a name")

    monkeypatch.setattr(rigour.territories, "lookup_territory", refuse)
    names = [n for _, n in forms_module.with_short_names([("name", "Acme Widgets (Xanadu Trading) Ltd. (AWX)")])]
    assert "AWX" in names
    assert [n for _, n in forms_module.with_short_names([("name", "Yamahdi (U.K.) Limited")])][1:] == ["Yamahdi   Limited"]


def test_an_alias_found_alone_is_still_a_companys_name() -> None:
    # Retrieval finds only the alias "COCHAN ANGOLA"; the entry's name "COCHAN S.A." makes it a company,
    # so the made-up person "Angela Cochran" (a false alert on the negatives once) is not a match.
    from partyscreen.match.index import CandidateIndex
    from partyscreen.model import Entity

    listed = [Entity(id="sdn:33938", schema="LegalEntity", list_code="SDN", name="COCHAN S.A.", aliases=["COCHAN GROUP", "COCHAN ANGOLA"])]
    screener = Screener(CandidateIndex.build(listed))
    hits = screener.screen(Query(name="Angela Cochran", schema="Person")).hits
    assert not [h for h in hits if h.match]


def _screener(*entities):  # type: ignore[no-untyped-def]
    from partyscreen.match.index import CandidateIndex

    return Screener(CandidateIndex.build(list(entities)))


def test_an_entry_of_unknown_type_is_read_as_a_persons_name_too() -> None:
    # The Denied Persons and ITAR Debarred lists do not say who is a person.
    from partyscreen.model import Entity

    screener = _screener(
        Entity(id="dpl:1", schema="LegalEntity", list_code="DPL", name="ROBERT ALMORI"),
        Entity(id="dtc:1", schema="LegalEntity", list_code="DTC", name="Donald V. Bernardo"),
    )
    for query, entry in (("Bob ALMORI", "dpl:1"), ("Donald V. Bernardo", "dtc:1"), ("BERNARDO, Donald", "dtc:1")):
        for schema in ("Person", ""):
            hits = [h.entity_id for h in screener.screen(Query(name=query, schema=schema)).hits if h.match]
            assert hits == [entry], (query, schema)


def test_an_entry_of_unknown_type_with_an_organisations_name_is_no_person() -> None:
    # "Moscow Aviation Institute" is no person, so its alias "MAI" is no one's name (a Chinese "麦 彬" met it).
    from partyscreen.model import Entity

    screener = _screener(Entity(id="el:1", schema="LegalEntity", list_code="EL", name="Moscow Aviation Institute", aliases=["MAI"]))
    assert all(form.kind == "org" for _, form in screener.index.cards[0].names)
    assert not [h for h in screener.screen(Query(name="彬 麦", schema="Person")).hits if h.match]


def test_a_family_name_that_is_also_a_legal_form_is_a_persons_name() -> None:
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import Screener
    from partyscreen.model import Entity
    from partyscreen.match.query import Query

    # OFAC SDN: "PAO, Yu Liang" (a person; Pao is also the Russian PJSC) and the company Rosneft.
    listed = [Entity(id="sdn:11288", schema="Person", list_code="SDN", name="PAO, Yu Liang"),
              Entity(id="sdn:2", schema="Company", list_code="SDN", name="ROSNEFT, PAO")]
    screener = Screener(CandidateIndex.build(listed))
    # Of unknown type, the name in a list's "SURNAME, Given" order is read as a person's too.
    assert [h.entity_id for h in screener.screen(Query(name="PAO, Yu Liang")).hits if h.match] == ["sdn:11288"]
    # A company writes its form last, or without the comma: still a company, never that person.
    for name in ("Rosneft, PAO", "PAO Rosneft"):
        assert [h.entity_id for h in screener.screen(Query(name=name)).hits if h.match] == ["sdn:2"], name
    from partyscreen.match.forms import query_forms

    assert {f.kind for _, f in query_forms(["PAO Yu Liang Trading"], "")} == {"org"}
    assert {f.kind for _, f in query_forms(["AO, VAD"], "")} == {"org"}  # one word after the comma: a company's name


def test_an_untyped_entry_is_scored_in_the_reading_that_fits_the_query() -> None:
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import Screener, scored_names
    from partyscreen.model import Entity
    from partyscreen.match.query import Query

    # Denied Persons List: no type.  "Steve Ed Smith" read as a company has the initials of the
    # company reading of the listed name and reaches that reading only; the person reading, where
    # Steve is Stephen and Ed is Edward, must be scored too.
    listed = [Entity(id="dpl:1", schema="LegalEntity", list_code="DPL", name="STEPHEN EDWARD SMITH"),
              *(Entity(id=f"dpl:{k}", schema="LegalEntity", list_code="DPL", name=n)
                for k, n in enumerate(("SAMMY SMITH", "JOHN B. PRIDMORE-SMITH", "PETER STEVE PLESINGER"), 2))]
    index = CandidateIndex.build(listed)
    card = index.cards[0]
    assert [form.kind for _, form in card.names] == ["org", "person"]
    assert [form.kind for _, form in scored_names(card, [0])] == ["org", "person"]
    hits = [h for h in Screener(index).screen(Query(name="Steve Ed Smith")).hits if h.match]
    assert [h.entity_id for h in hits] == ["dpl:1"]
