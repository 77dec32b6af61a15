"""The versioned store on SQLite and PostgreSQL: round trips, versions, atomicity, diffs."""

from __future__ import annotations

import pytest

from partyscreen.model import Address, Entity, Identifier, Relation
from partyscreen.sources.base import RowProblem
from partyscreen.store import Store, UnknownVersionError
from partyscreen.store import versions as versions_module


def _entity(native: str, name: str, **kw) -> Entity:
    return Entity(id=f"test:{native}", schema=kw.pop("schema", "Company"), list_code=kw.pop("list_code", "EL"), name=name, **kw)


def _add(store: Store, records, file_hash: str, problems=()):
    return store.add_version(
        feed="test", format="csl-csv", file_hash=file_hash, files=["x.csv"], source_date="2024-05-03",
        records=records, problems=list(problems),
    )


def test_round_trip_keeps_every_field(db_url: str) -> None:
    store = Store.open(db_url)
    entity = _entity(
        "1", "Inspur Group Co., Ltd.",
        aliases=["Inspur Group"], weak_aliases=["IG"], former_names=["Langchao"],
        addresses=[Address(full="No. 1036, High-Tech Inspur Road, Jinan, Shandong, 250101, CN", country="CN")],
        countries=["CN"], identifiers=[Identifier("USCC", "913700001630477270", "CN")],
        programs=["EAR"], listed_on="2023-03-06", federal_register_notices=["88 FR 13673"],
        license_requirement="For all items subject to the EAR.", license_policy="Presumption of denial.",
        properties={"note": ["x"]},
    )
    relation = Relation(id="test:r1", schema="Ownership", subject_id="test:1", object_id="test:2", percent=100.0, start_date="2023-05-01")
    version = _add(store, [entity, relation], "h1", [RowProblem("x.csv", 7, "bad date")])
    assert (version.seq, version.entity_count, version.relation_count, version.problem_count) == (1, 1, 1, 1)
    assert version.counts == {"EL": 1}
    [loaded] = list(store.entities())
    assert loaded == entity
    assert list(store.relations()) == [relation]
    assert store.problems(version) == [RowProblem("x.csv", 7, "bad date")]


def test_versions_are_kept_and_numbered_per_feed(db_url: str) -> None:
    store = Store.open(db_url)
    _add(store, [_entity("1", "Alpha")], "h1")
    v2 = _add(store, [_entity("1", "Alpha"), _entity("2", "Beta")], "h2")
    versions = store.versions("test")
    assert [v.seq for v in versions] == [1, 2]
    assert [v.current for v in versions] == [False, True]
    assert store.current_version("test") == v2
    assert sorted(e.name for e in store.entities()) == ["Alpha", "Beta"]
    # The old version stays readable.
    assert [e.name for e in store.entities([versions[0]])] == ["Alpha"]


def test_failed_import_leaves_previous_version_in_force(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(db_url)
    v1 = _add(store, [_entity("1", "Alpha")], "h1")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full half-way")

    monkeypatch.setattr(versions_module, "_set_current", explode)
    with pytest.raises(RuntimeError):
        _add(store, [_entity("1", "Alpha"), _entity("2", "Beta")], "h2")
    assert [v.seq for v in store.versions("test")] == [1]
    assert store.current_version("test") == v1
    assert [e.name for e in store.entities()] == ["Alpha"]


def test_diff_reports_added_removed_and_kinds_of_change(db_url: str) -> None:
    store = Store.open(db_url)
    _add(store, [
        _entity("1", "Alpha", programs=["SDGT"]),
        _entity("2", "Beta", aliases=["B1"]),
        _entity("3", "Gamma"),
        _entity("4", "Delta", addresses=[Address(full="1 Road, Moscow, RU", country="RU")]),
    ], "h1")
    _add(store, [
        _entity("1", "Alpha", programs=["SDGT", "IRGC"]),
        _entity("2", "Beta Two", aliases=["B1", "B2"]),
        _entity("4", "Delta", addresses=[Address(full="2 Road, Minsk, BY", country="BY")]),
        _entity("5", "Epsilon"),
    ], "h2")
    diff = store.diff("test")
    counts = diff.counts()
    assert counts["added"] == 1 and counts["removed"] == 1 and counts["changed"] == 3
    assert counts["renamed"] == 1 and counts["programs_changed"] == 1
    assert counts["aliases_changed"] == 1 and counts["addresses_changed"] == 1
    renamed = next(c for c in diff.changed if c.entity_id == "test:2")
    assert renamed.old_name == "Beta" and renamed.details["aliases"]["added"] == ["B2"]
    assert store.diff("test", 1, 2).counts() == counts
    with pytest.raises(UnknownVersionError):
        store.diff("test", 1, 9)


def test_artifacts_replace_older_ones(db_url: str) -> None:
    store = Store.open(db_url)
    store.save_artifact("idx:a", b"one", keep_prefix="idx:")
    store.save_artifact("idx:b", b"two", keep_prefix="idx:")
    assert store.load_artifact("idx:a") is None
    assert store.load_artifact("idx:b") == b"two"


def test_two_processes_storing_one_artifact_at_once_both_succeed(db_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from partyscreen.store import store as store_module

    store = Store.open(db_url)
    store.save_artifact("idx:a", b"one", keep_prefix="idx:")
    # The other worker's row arrives between our delete and our insert: simulated by a delete that misses it.
    real_delete = store_module.delete
    monkeypatch.setattr(store_module, "delete", lambda table: real_delete(table).where(False))
    store.save_artifact("idx:a", b"one", keep_prefix="idx:")
    assert store.load_artifact("idx:a") == b"one"


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from partyscreen.store import db

    config = Config()
    config.set_main_option("script_location", str(db._MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db.HEAD_REVISION


def test_get_entities_by_id_reads_versions_in_force(db_url: str) -> None:
    store = Store.open(db_url)
    _add(store, [_entity("1", "Alpha"), _entity("2", "Beta")], "h1")
    _add(store, [_entity("1", "Alpha Two")], "h2")
    found = store.get_entities(["test:1", "test:2", "test:404"])
    assert {k: v.name for k, v in found.items()} == {"test:1": "Alpha Two"}
