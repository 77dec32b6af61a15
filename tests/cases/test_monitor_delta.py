"""The delta re-screen gives exactly the hits a full screening gives on the changed entries.

Real data: the whole OFAC SDN list as published on 2021-08-18 and on 2024-05-03
(thousands of entries added, removed, renamed, reprogrammed between them), and
a book made of real names: entries added, renamed and removed between the two
files (as listed, and with a typo), distinctive words of added entries in
another company name (the graph's red flags), unchanged entries, and synthetic
US persons of yente's candidate-generation set that should hit nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import pickle
from pathlib import Path

import pytest

from partyscreen.cases import book as book_module
from partyscreen.cases import monitor
from partyscreen.cases.book_words import PREFIX, BookWords, fingerprint, words_of
from partyscreen.cases.delta import ChangedEntries
from partyscreen.cases.monitor import run_monitor
from partyscreen.match import screener as screener_module
from partyscreen.match.batch import row_to_query
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.store import Store
from partyscreen.store.importing import import_files
from partyscreen.store.versions import version_hashes

from workflow_helpers import screen_rows

FOLDER = "ofac-sdn-gitscrape"


def _rows(path: Path) -> dict[str, list[str]]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return {r[0]: r for r in csv.reader(io.StringIO(text)) if r and r[0].strip().isdigit()}


def _typo(name: str) -> str:
    """The longest word with two inner letters swapped: "HASSAN" -> "HSASAN"."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 5:
        words[i] = w[0] + w[2] + w[1] + w[3:]
    return " ".join(words)


@pytest.fixture(scope="module")
def sdn_files(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = shared_data / FOLDER
    old, new = _rows(folder / "sdn_2021-08-18.csv.gz"), _rows(folder / "sdn_2024-05-03.csv.gz")
    out = tmp_path_factory.mktemp("sdn")
    paths = {}
    for name, rows in (("v1", old), ("v2", new)):
        (out / name).mkdir()
        with (out / name / "sdn.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows.values())
        paths[name] = out / name / "sdn.csv"
    return {**paths, "old": old, "new": new, "negatives": shared_data / "matching-benchmarks/yente/candidate_generation/negatives_us.csv.gz"}


def _book(files: dict) -> list[dict[str, str]]:
    old, new = files["old"], files["new"]
    order = lambda ents: sorted(ents, key=int)  # noqa: E731
    added = order(e for e in new if e not in old)
    renamed = order(e for e in new if e in old and old[e][1] != new[e][1])
    removed = order(e for e in old if e not in new)
    unchanged = order(e for e in new if old.get(e) == new[e])
    people = [e for e in added if new[e][2].strip() == "individual"]
    firms = [e for e in added if new[e][2].strip() == "-0-"]
    rows: list[dict[str, str]] = []

    def add(kind: str, name: str) -> None:
        rows.append({"id": f"{kind}-{len(rows)}", "name": name})

    for e in added[::40][:40]:
        add("added", new[e][1])
    for e in people[::60][:15]:
        add("typo", _typo(new[e][1]))
    for e in renamed[:15]:
        add("renamed", old[e][1])
    for e in removed[::20][:15]:
        add("removed", old[e][1])
    for e in firms[::25][:30]:
        word = max((w for w in new[e][1].replace(",", " ").split() if w.isalpha()), key=len, default="")
        if len(word) >= 6:
            add("word", f"{word.title()} Trading Company")
    for e in unchanged[::400][:20]:
        add("unchanged", new[e][1])
    with gzip.open(files["negatives"], "rt", encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            if i >= 250:
                break
            add("plain", r["full_name"])
    return rows


def test_delta_equals_full_screening_on_real_sdn_versions(db_url: str, sdn_files: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    # Between these two files most SDN entries changed, enough for the monitor to screen the whole
    # book rather than look up the changed entries; this test is about the look-up, so it is forced.
    monkeypatch.setattr(monitor, "_FILTER_MAX_SHARE", 1.0)
    store = Store.open(db_url)
    import_files(store, [sdn_files["v1"]], format="ofac-sdn")
    rows = _book(sdn_files)
    screen_rows(store, rows, book=True)  # `batch --book`
    run_monitor(store, Thresholds(), "monitor", baseline=True)  # versions in force recorded as screened
    with store.engine.connect() as conn:
        hashes = {p.content_hash for p in book_module.iter_parties(conn)}
    assert set(BookWords.load(store).words) == hashes  # the baseline analysed the book for the next run
    import_files(store, [sdn_files["v2"]], format="ofac-sdn")

    summary = run_monitor(store, Thresholds(), "monitor", workers=1)

    v1, v2 = store.versions("ofac-sdn")[-2:]
    with store.engine.connect() as conn:
        old, new = version_hashes(conn, v1.id), version_hashes(conn, v2.id)
    target = {i for i, h in new.items() if old.get(i) != h}
    assert len(target) > 1000  # a real delta: the list changed a lot in those years
    assert len(target) > 0.5 * len(new)  # (the reason the look-up is forced above)
    screener = Screener.open(store)
    expected: set[tuple[str, str]] = set()
    red_flags = matches = 0
    for row in rows:
        result = screener.screen(row_to_query(row), limit=50)
        for hit in result.hits:
            if hit.entity_id in target:
                expected.add((row["id"], hit.entity_id))
                red_flags += hit.explanation.startswith("Red flag")
                matches += not hit.explanation.startswith("Red flag")
    # The comparison means something: both kinds of hit occur, on parties of several kinds.
    assert matches >= 20 and red_flags >= 5
    assert {p.split("-")[0] for p, _ in expected} >= {"added", "typo", "word"}
    found = {(i["party_id"], i["entity_id"]) for i in summary.opened + summary.reopened + summary.changed_undecided}
    assert found == expected
    # Most of the book cannot reach a changed entry and is not screened in full.
    assert summary.rescreened < len(rows) // 2
    # Undecided alerts on removed entries are closed.
    assert any(i["party_id"].startswith("removed-") for i in summary.closed)

    # The first filter on its own: every changed entry a full retrieval gives at MIN_SHARE is reached,
    # from the analysed names and from the cached words alike.
    positions = [i for i, card in enumerate(screener.index.cards) if card.id in target]
    changed = ChangedEntries(screener.index, positions)
    assert changed.exact
    index = screener.index
    queries = [row_to_query(r) for r in rows] + [Query(name=_typo(r["name"]), schema="Person") for r in rows[:60]]
    for query in queries:
        forms = [form for _, form in screener.side(query).names]
        full = {c.card for c in index.candidates(forms, len(index.cards), screener_module.MIN_SHARE) if c.card in set(positions)}
        assert full <= changed.reached(forms, screener_module.MIN_SHARE), query.name
        assert full <= changed.reached(words_of(query), screener_module.MIN_SHARE), query.name

    # The run kept the book's words; a cache that disagrees with the analysis is not used.
    with store.engine.connect() as conn:
        parties = list(book_module.iter_parties(conn))
    cache = BookWords.load(store, parties)
    assert set(cache.words) == {p.content_hash for p in parties}
    blob = store.load_artifact(PREFIX + fingerprint())
    assert blob is not None
    words = pickle.loads(blob)
    words[parties[0].content_hash] = words_of(Query(name="Someone Else Entirely"))
    store.save_artifact(PREFIX + fingerprint(), pickle.dumps(words), keep_prefix=PREFIX)
    assert BookWords.load(store, parties[:1]).words == {}
