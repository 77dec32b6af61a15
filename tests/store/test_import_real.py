"""Importing real publisher files into the store: versions, re-imports, refusals and the OFAC diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyscreen.sources.base import FormatError, ImportOptions, StrictImportError
from partyscreen.store import Store
from partyscreen.store.importing import import_files


def test_ofac_diff_2021_to_2024(shared_data: Path, tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "ofac.db"))
    folder = shared_data / "ofac-sdn-gitscrape"
    first = import_files(store, [folder / "sdn_2021-08-18.csv.gz"], format="ofac-sdn")
    second = import_files(store, [folder / "sdn_2024-05-03.csv.gz"], format="ofac-sdn")
    assert (first.feed, first.version.seq, second.version.seq) == ("ofac-sdn", 1, 2)
    counts = store.diff("ofac-sdn").counts()
    assert counts["added"] == 6761
    assert counts["removed"] == 879
    assert counts["renamed"] == 59
    assert counts["programs_changed"] == 184
    # A real rename from the daily change log between the two files.
    diff = store.diff("ofac-sdn", 1, 2)
    renames = {c.old_name: c.name for c in diff.changed if c.old_name}
    assert renames.get("CJSC ABR MANAGEMENT") == "AO ABR MANAGEMENT"


def test_same_files_twice_change_nothing(shared_data: Path, tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "un.db"))
    path = shared_data / "watchman" / "un_sc_consolidated_2026-02-27.xml.gz"
    first = import_files(store, [path])
    again = import_files(store, [path])
    assert not first.unchanged and again.unchanged
    assert [v.seq for v in store.versions()] == [1]


def test_wrong_format_is_refused_and_nothing_changes(shared_data: Path, tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "x.db"))
    import_files(store, [shared_data / "watchman" / "csl_sample_2025-06.csv"])
    before = store.versions()
    with pytest.raises(FormatError):
        import_files(store, [shared_data / "watchman" / "un_sc_consolidated_2026-02-27.xml.gz"], format="csl-csv")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("just some notes\n")
    with pytest.raises(FormatError):
        import_files(store, [bogus])
    assert store.versions() == before


def test_bad_rows_reported_and_rest_imported_unless_strict(shared_data: Path, tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "csl.db"))
    truncated = shared_data / "watchman" / "csl_2023-11-30_truncated_original.csv.gz"
    with pytest.raises(StrictImportError):
        import_files(store, [truncated], strict=True)
    assert store.versions() == []
    outcome = import_files(store, [truncated])
    assert outcome.problems and all(p.line > 0 for p in outcome.problems)
    assert outcome.version.entity_count > 4000
    assert store.problems(outcome.version) == outcome.problems


def test_mapped_csv_needs_a_feed(shared_data: Path, tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "m.db"))
    path = shared_data / "restricted-parties-db" / "bis_entity_list_flat.csv"
    options = ImportOptions(mapping={"name": "name_english", "aliases": "aliases"}, alias_sep=" | ", list_code="EL")
    with pytest.raises(FormatError):
        import_files(store, [path], format="csv", options=options)
    options.feed = "bis-el-flat"
    outcome = import_files(store, [path], format="csv", options=options)
    assert outcome.feed == "bis-el-flat" and outcome.version.counts.get("EL", 0) > 3000
