"""Graph and product imports are versioned, atomic and diffable; the graph is an artifact; screening reads it (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_helpers import HEADER

from partyscreen.graph.build import GRAPH_PREFIX, build_graph, graph_key, load_graph
from partyscreen.graph.commands import import_graph_files
from partyscreen.graph.follow import GraphScreening
from partyscreen.graph.sample import import_sample_graph
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener, build_index
from partyscreen.sources.base import FormatError, StrictImportError
from partyscreen.store import Store
from partyscreen.store.importing import import_files
from partyscreen.sources.base import ImportOptions

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "partyscreen" / "data" / "sample_csl.csv"


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store.open(db_url)
    import_files(store, [SAMPLE], format="csl-csv", options=ImportOptions(feed="sample"))
    build_index(store)
    import_sample_graph(store)
    return store


def screen(store: Store, name: str, as_of: str = "2026-01-15"):  # type: ignore[no-untyped-def]
    screener = Screener.open(store)
    screener.as_of = as_of  # type: ignore[attr-defined]
    return screener.screen(Query(name=name))


def test_sample_graph_shows_the_path_from_aivres_to_inspur(store: Store) -> None:
    result = screen(store, "Aivres Systems")
    hit = next(h for h in result.hits if h.path)
    assert hit.list == "EL" and hit.name == "Inspur Group Co., Ltd."
    assert [s["relation"] for s in hit.path] == ["renamed_from", "subsidiary_of"]
    assert hit.path[0]["target"] == "Inspur Systems, Inc." and hit.path[0]["start_date"] == "2023-05-01"
    assert hit.path[1]["percent"] is None  # the sources give no percentage: unknown, not 100
    assert result.decision == "red_flag"
    betapex = next(h for h in screen(store, "Betapex Inc.").hits if h.path)
    assert betapex.path[0]["target"] == "Inspur Asset Holdings" and betapex.path[0]["start_date"] == "2023-09"


def test_versions_reimport_and_diff(store: Store, tmp_path: Path) -> None:
    feeds = {v.feed: v for v in store.current_versions()}
    assert feeds["sample-relations"].relation_count == 7 and feeds["sample-products"].counts == {"products": 2}
    import_sample_graph(store)  # the same files again: nothing new
    assert len(store.versions("sample-relations")) == 1
    path = tmp_path / "rel.csv"
    path.write_text(HEADER + "Gamma Trading LLC,owned_by,\"Inspur Group Co., Ltd.\",60,,,registry,AE,CN\n")
    import_graph_files(store, [path])
    path.write_text(HEADER + "Gamma Trading LLC,owned_by,\"Inspur Group Co., Ltd.\",40,,,registry,AE,CN\nDelta LLC,owned_by,Gamma Trading LLC,100,,,r,AE,AE\n")
    import_graph_files(store, [path])
    assert [v.seq for v in store.versions("relations")] == [1, 2]
    from partyscreen.store.versions import version_hashes

    old, new = store.versions("relations")
    with store.engine.connect() as conn:
        a, b = version_hashes(conn, old.id, "R"), version_hashes(conn, new.id, "R")
    assert len(set(b) - set(a)) == 1 and len({i for i in set(a) & set(b) if a[i] != b[i]}) == 1
    hit = next(h for h in screen(store, "Gamma Trading LLC", "2026-12-01").hits if h.path)
    assert hit.decision == "red_flag"  # 40%: a minority stake now


def test_a_bad_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    before = [(v.feed, v.seq) for v in store.versions()]
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A Co,owned_by,B Co,10,,,src,,\nA Co,owns,B Co,,,,src,,\n")
    with pytest.raises(StrictImportError):
        import_graph_files(store, [bad], strict=True)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    with pytest.raises(FormatError):
        import_graph_files(store, [notes])
    assert [(v.feed, v.seq) for v in store.versions()] == before


def test_the_graph_is_a_stored_artifact(store: Store) -> None:
    # How fast it loads is measured in bench/run_graph.py, not asserted here.
    key = graph_key(store.current_versions())
    assert key.startswith(GRAPH_PREFIX) and store.load_artifact(key) is not None
    graph = GraphScreening.open(store)
    assert graph.bundle.graph.edge_count == 7
    again = load_graph(store)
    assert again.graph.names == build_graph(store).graph.names
