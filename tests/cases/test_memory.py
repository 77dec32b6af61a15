"""Decisions are remembered: marked, not raised again, reopened when the party or the entry changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from partyscreen.cases import alerts, memory
from partyscreen.cases.settings import AlertSettings
from partyscreen.model import Address
from partyscreen.store import Store
from partyscreen.store import schema as t

from workflow_helpers import BASE_ENTRIES, add_version, entity, hit_on, screen_rows

NO_FOUR_EYES = AlertSettings(four_eyes={})
PARTY = {"id": "c-1", "name": "Inspur Group Co., Ltd.", "country": "CN", "address": "No. 1036, Langchao Road, Jinan"}


def _fp(store: Store, party_id: str, entity_id: str) -> int:
    with store.engine.connect() as conn:
        alert = next(a for a in alerts.list_alerts(conn, party_id=party_id) if a.entity_id == entity_id)
    alerts.decide(store.engine, alert.id, "false_positive", "a different company of the same name", "alice", NO_FOUR_EYES)
    return alert.id


def _alert_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.alert)).scalar_one())


def test_remembered_false_positive_is_marked_and_does_not_raise_the_decision(store: Store) -> None:
    first = screen_rows(store, [PARTY], book=True)[0]
    assert first.decision != "clear"
    alert_ids = [_fp(store, "c-1", h.entity_id) for h in first.hits]
    before = _alert_count(store)
    again = screen_rows(store, [PARTY])[0]
    assert [h.entity_id for h in again.hits] == [h.entity_id for h in first.hits]  # still shown
    assert all(h.disposition == "false_positive" for h in again.hits)
    assert [h.alert_id for h in again.hits] == alert_ids
    assert again.decision == "clear"  # no longer raised
    line = again.to_json()
    assert line["decision"] == "clear" and line["hits"][0]["disposition"] == "false_positive" and line["hits"][0]["alert_id"] == alert_ids[0]
    assert _alert_count(store) == before
    with store.engine.connect() as conn:
        assert all(a.state == "false_positive" for a in alerts.list_alerts(conn, party_id="c-1"))


def test_reopens_when_the_party_data_changes(store: Store) -> None:
    screen_rows(store, [PARTY], book=True)
    alert_id = _fp(store, "c-1", "test:el1")
    moved = {**PARTY, "address": "Room 5, 88 Science Avenue, Beijing"}
    result = screen_rows(store, [moved], book=True)[0]
    hit = hit_on(result, "test:el1")
    assert (hit.disposition, hit.alert_id) == ("open", alert_id)
    assert result.decision != "clear"
    with store.engine.connect() as conn:
        steps = alerts.events(conn, alert_id)
    assert steps[-1].action == "reopened" and "party's data changed" in steps[-1].reason
    # Changing an attribute that screening does not read keeps the decision.
    _fp(store, "c-1", "test:el1")
    noted = screen_rows(store, [{**moved, "account_manager": "Kim"}], book=True)[0]
    assert hit_on(noted, "test:el1").disposition == "false_positive"


@pytest.mark.parametrize("change", ["alias added", "address changed", "program changed"])
def test_reopens_when_the_listed_entry_changes(store: Store, change: str) -> None:
    screen_rows(store, [PARTY], book=True)
    alert_id = _fp(store, "c-1", "test:el1")
    assert hit_on(screen_rows(store, [PARTY])[0], "test:el1").disposition == "false_positive"
    el1 = BASE_ENTRIES[0]
    changed = {
        "alias added": entity("el1", el1.name, "EL", countries=["CN"], programs=["EAR"], addresses=el1.addresses, aliases=["Langchao Group"]),
        "address changed": entity("el1", el1.name, "EL", countries=["CN"], programs=["EAR"],
                                  addresses=[Address(full="No. 224 Shanda Road, Jinan, Shandong, CN", country="CN")]),
        "program changed": entity("el1", el1.name, "EL", countries=["CN"], programs=["EAR", "MEU"], addresses=el1.addresses),
    }[change]
    add_version(store, [changed, *BASE_ENTRIES[1:]], "v2")
    result = screen_rows(store, [PARTY])[0]
    hit = hit_on(result, "test:el1")
    assert (hit.disposition, hit.alert_id) == ("open", alert_id)
    with store.engine.connect() as conn:
        alert = alerts.get(conn, alert_id)
        steps = alerts.events(conn, alert_id)
    assert alert.state == "open" and "listed entry changed" in steps[-1].reason


def test_no_limit_on_how_many_are_remembered(store: Store) -> None:
    rows = [{"id": f"p{i:04d}", "name": "Shanghai Micro Electronics Equipment Co., Ltd.", "country": "CN"} for i in range(520)]
    screen_rows(store, rows, book=True)
    with store.engine.connect() as conn:
        opened = [a.id for a in alerts.list_alerts(conn, state="open") if a.entity_id == "test:uvl1"]
    assert len(opened) == 520
    for alert_id in opened[:5]:
        alerts.decide(store.engine, alert_id, "false_positive", "screened by hand", "alice", NO_FOUR_EYES)
    # The rest in one transaction, through the same memory the decisions write to.
    with store.engine.begin() as conn:
        for alert_id in opened[5:]:
            alert = alerts.get(conn, alert_id)
            memory.remember(conn, party_id=alert.party_id, party_hash=alert.party_hash, entity_id=alert.entity_id,
                            entity_hash=alert.entity_hash, alert_id=alert.id, decided_by="alice", approved_by=None, now=alert.updated_at)
    before = _alert_count(store)
    results = screen_rows(store, rows)
    assert all(hit_on(r, "test:uvl1").disposition == "false_positive" for r in results)
    assert _alert_count(store) == before
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.fp_memory)).scalar_one() == 520
