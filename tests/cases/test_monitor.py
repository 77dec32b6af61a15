"""Re-screening the book when lists change, on the real OFAC SDN versions of 2021-08-18 and 2024-05-03.

Both versions are cut down to the same few hundred entries (chosen from the
published change log: added, removed, renamed, program changed, unchanged) so
the test stays fast; the entries themselves are the published rows.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest

from partyscreen.cases import alerts, audit
from partyscreen.cases.monitor import run_monitor
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


@pytest.fixture(scope="session")
def ofac_subset(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = shared_data / FOLDER
    old, new = _rows(folder / "sdn_2021-08-18.csv.gz"), _rows(folder / "sdn_2024-05-03.csv.gz")
    with (folder / "sdn_changes_2021-08_to_2024-05.csv").open(encoding="utf-8") as fh:
        changes = list(csv.DictReader(fh))
    picked: dict[str, list[str]] = {"added": [], "removed": [], "renamed": [], "program_changed": []}
    for change in changes:
        ent, kind = change["ent_num"], change["change"]
        if kind == "added" and ent in new and ent not in old and len(picked["added"]) < 120:
            picked["added"].append(ent)
        elif kind == "removed" and ent in old and ent not in new and len(picked["removed"]) < 40:
            picked["removed"].append(ent)
        elif kind == "renamed" and ent in old and ent in new and old[ent][1] != new[ent][1] and len(picked["renamed"]) < 30:
            picked["renamed"].append(ent)
        elif (kind == "program_changed" and ent in old and ent in new and old[ent][3] != new[ent][3]
              and old[ent][1] == new[ent][1] and len(picked["program_changed"]) < 40):
            picked["program_changed"].append(ent)
    changed_ents = {e for group in picked.values() for e in group}
    picked["unchanged"] = [e for e in old if e in new and old[e] == new[e] and e not in changed_ents][:200]
    keep = {e for group in picked.values() for e in group}
    out = tmp_path_factory.mktemp("ofac")
    for name, rows in (("v1", old), ("v2", new)):
        (out / name).mkdir()
        with (out / name / "sdn.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(r for e, r in rows.items() if e in keep)
    return {"v1": out / "v1" / "sdn.csv", "v2": out / "v2" / "sdn.csv", "picked": picked, "old": old, "new": new}


def _book(subset: dict) -> list[dict[str, str]]:
    picked, old, new = subset["picked"], subset["old"], subset["new"]
    rows = []
    for i, ent in enumerate(picked["added"][:3]):
        rows.append({"id": f"added-{i}", "name": new[ent][1]})
    for i, ent in enumerate(picked["removed"][:2]):
        rows.append({"id": f"removed-{i}", "name": old[ent][1]})
    for i, ent in enumerate(picked["renamed"][:2]):
        rows.append({"id": f"renamed-{i}", "name": new[ent][1]})
    rows.append({"id": "fp-changed", "name": old[picked["program_changed"][0]][1]})
    rows.append({"id": "fp-unchanged", "name": old[picked["unchanged"][0]][1]})
    for i, name in enumerate(["Acme Widgets LLC", "Northwind Traders", "Contoso Pharmaceuticals GmbH", "Maria Schneider", "Jan de Vries"]):
        rows.append({"id": f"plain-{i}", "name": name})
    return rows


def _alert(store: Store, party_id: str, entity_id: str) -> alerts.Alert:
    with store.engine.connect() as conn:
        return next(a for a in alerts.list_alerts(conn, party_id=party_id) if a.entity_id == entity_id)


def test_delta_rescreen_on_real_ofac_versions(db_url: str, ofac_subset: dict) -> None:
    store = Store.open(db_url)
    import_files(store, [ofac_subset["v1"]], format="ofac-sdn")
    book = _book(ofac_subset)
    screen_rows(store, book, book=True)  # `batch --book`: the book is screened, alerts open
    picked = ofac_subset["picked"]
    sdn = lambda ent: f"ofac-sdn:{ent}"  # noqa: E731
    # The first monitor run takes the versions in force as wholly new: it re-screens everything
    # but opens nothing the batch run already opened.
    first = run_monitor(store, Thresholds(), "monitor", workers=1)
    assert first.feeds[0].from_version is None and first.feeds[0].added == len(version_hashes_of(store))
    assert first.opened == [] and first.reopened == []
    # Reviewers decide: two remembered false positives (SDN: four-eyes).
    settings = alerts.AlertSettings()
    for party_id, ent in (("fp-changed", picked["program_changed"][0]), ("fp-unchanged", picked["unchanged"][0])):
        alert = _alert(store, party_id, sdn(ent))
        alerts.decide(store.engine, alert.id, "false_positive", "a namesake: other date of birth", "alice", settings)
        alerts.approve(store.engine, alert.id, "bob")
    removed_alert = _alert(store, "removed-0", sdn(picked["removed"][0]))

    import_files(store, [ofac_subset["v2"]], format="ofac-sdn")
    summary = run_monitor(store, Thresholds(), "monitor", workers=2 if db_url.endswith(".db") else 1)

    diff = store.diff("ofac-sdn").counts()
    change = summary.feeds[0]
    assert (change.from_version, change.to_version) == (1, 2)
    assert (change.added, change.removed, change.changed) == (diff["added"], diff["removed"], diff["changed"])
    assert (change.added, change.removed) == (120, 40) and change.changed >= 60
    opened = {(i["party_id"], i["entity_id"]) for i in summary.opened}
    for i, ent in enumerate(picked["added"][:3]):
        assert (f"added-{i}", sdn(ent)) in opened
    # The changed entry reopens its remembered false positive; the unchanged one stays remembered.
    assert ("fp-changed", sdn(picked["program_changed"][0])) in {(i["party_id"], i["entity_id"]) for i in summary.reopened}
    assert _alert(store, "fp-unchanged", sdn(picked["unchanged"][0])).state == "false_positive"
    # Removal closes the undecided alert on the removed entry.
    assert removed_alert.id in {i["alert_id"] for i in summary.closed}
    with store.engine.connect() as conn:
        closed = alerts.get(conn, removed_alert.id)
        steps = alerts.events(conn, removed_alert.id)
    assert closed.state == "closed" and "removed from ofac-sdn (version 2)" in steps[-1].reason
    assert not any(i["party_id"].startswith("plain-") for i in summary.opened)
    assert set(summary.affected_parties()) >= {"added-0", "fp-changed", "removed-0"}

    # Exactly what a full screening of every party finds on the added and changed entries.
    target = _changed_ids(store)
    screener = Screener.open(store)
    expected = set()
    for row in book:
        result = screener.screen(Query(name=row["name"], id=row["id"]), limit=50)
        expected |= {(row["id"], h.entity_id) for h in result.hits if h.entity_id in target}
    found = {(i["party_id"], i["entity_id"]) for i in summary.opened + summary.reopened + summary.changed_undecided}
    assert found == expected
    assert summary.rescreened < len(book)  # parties that cannot reach a changed entry are not screened in full

    # Nothing changed since: nothing to do.
    again = run_monitor(store, Thresholds(), "monitor", workers=1)
    assert not again.lists_changed and again.opened == [] and again.rescreened == 0
    with store.engine.connect() as conn:
        kinds = [r.kind for r in audit.records_between(conn)]
    assert kinds.count("monitor") == 3
    assert audit.verify(store.engine).ok


from partyscreen.match.query import Query  # noqa: E402


def version_hashes_of(store: Store) -> dict[str, str]:
    version = store.current_version("ofac-sdn")
    with store.engine.connect() as conn:
        return version_hashes(conn, version.id)


def _changed_ids(store: Store) -> set[str]:
    v1, v2 = store.versions("ofac-sdn")[-2:]
    with store.engine.connect() as conn:
        old, new = version_hashes(conn, v1.id), version_hashes(conn, v2.id)
    return {i for i, h in new.items() if old.get(i) != h}
