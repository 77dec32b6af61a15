"""Alert states, reviewer decisions and four-eyes, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partyscreen.cases import alerts, audit
from partyscreen.cases.alerts import AlertError
from partyscreen.cases.settings import AlertSettings, WorkflowSettings
from partyscreen.store import Store
from partyscreen.store import schema as t

from workflow_helpers import hit_on, screen_rows

ROWS = [
    {"id": "c-inspur", "name": "Inspur Group Co., Ltd.", "country": "CN"},
    {"id": "c-smee", "name": "Shanghai Micro Electronics Equipment Co., Ltd.", "country": "CN"},
    {"id": "c-rosob", "name": "Rosoboronexport", "country": "RU"},
]
SETTINGS = AlertSettings(admins=("carol",))


def _alert_for(store: Store, party_id: str, entity_id: str) -> alerts.Alert:
    with store.engine.connect() as conn:
        return next(a for a in alerts.list_alerts(conn, party_id=party_id) if a.entity_id == entity_id)


@pytest.fixture
def booked(store: Store) -> Store:
    screen_rows(store, ROWS, book=True)
    return store


def test_hits_of_book_parties_open_alerts_with_their_state_in_the_output(store: Store) -> None:
    results = screen_rows(store, ROWS, book=True)
    hit = hit_on(results[0], "test:el1")
    assert hit.disposition == "open" and hit.alert_id is not None
    alert = _alert_for(store, "c-inspur", "test:el1")
    assert alert.state == "open" and alert.list_code == "EL" and alert.id == hit.alert_id
    with store.engine.connect() as conn:
        assert [e.action for e in alerts.events(conn, alert.id)] == ["opened"]
    # Screened again: no second alert, the hit shows the open alert.
    again = screen_rows(store, ROWS)
    assert hit_on(again[0], "test:el1").alert_id == alert.id
    with store.engine.connect() as conn:
        assert len(alerts.list_alerts(conn, party_id="c-inspur")) == len(results[0].hits)


def test_a_party_not_in_the_book_gets_no_alert(store: Store) -> None:
    results = screen_rows(store, [{"id": "walk-in", "name": "Inspur Group Co., Ltd."}])
    assert results[0].hits and not any(h.alert_id for h in results[0].hits)
    with store.engine.connect() as conn:
        assert alerts.list_alerts(conn) == []
        records = list(audit.records_between(conn))
    assert [r.kind for r in records] == ["screening"] and records[0].data()["in_book"] is False


def test_true_match_and_every_step_needs_a_reason(booked: Store) -> None:
    alert = _alert_for(booked, "c-inspur", "test:el1")
    with pytest.raises(AlertError, match="reason"):
        alerts.decide(booked.engine, alert.id, "true_match", "  ", "alice", SETTINGS)
    done = alerts.decide(booked.engine, alert.id, "true_match", "same company, same address in Jinan", "alice", SETTINGS)
    assert done.state == "true_match"
    with pytest.raises(AlertError, match="only open and escalated"):
        alerts.decide(booked.engine, alert.id, "false_positive", "changed my mind", "bob", SETTINGS)
    with booked.engine.connect() as conn:
        steps = alerts.events(conn, alert.id)
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in steps] == [
        ("opened", "", "open", "alice"), ("decided", "open", "true_match", "alice")]
    assert steps[1].reason == "same company, same address in Jinan" and steps[1].at is not None


def test_four_eyes_false_positive_needs_a_second_reviewer(booked: Store) -> None:
    alert = _alert_for(booked, "c-rosob", "test:sdn1")  # SDN: four-eyes by default
    pending = alerts.decide(booked.engine, alert.id, "false_positive", "our customer is a Rostov bakery", "alice", SETTINGS)
    assert (pending.state, pending.pending_by) == ("pending_approval", "alice")
    with pytest.raises(AlertError, match="four-eyes"):
        alerts.approve(booked.engine, alert.id, "alice")
    with pytest.raises(AlertError, match="four-eyes"):
        alerts.reject(booked.engine, alert.id, "alice", "withdrawn")
    with pytest.raises(AlertError, match="reason"):
        alerts.reject(booked.engine, alert.id, "bob", "")
    back = alerts.reject(booked.engine, alert.id, "bob", "the registration number is the listed one's")
    assert back.state == "open" and back.pending_by is None
    alerts.decide(booked.engine, alert.id, "false_positive", "second look: different registration number", "alice", SETTINGS)
    approved = alerts.approve(booked.engine, alert.id, "bob")
    assert approved.state == "false_positive"
    with booked.engine.connect() as conn:
        steps = alerts.events(conn, alert.id)
        remembered = conn.execute(select(t.fp_memory).where(t.fp_memory.c.alert_id == alert.id)).one()
    assert [(e.action, e.to_state, e.actor) for e in steps[1:]] == [
        ("decided", "pending_approval", "alice"), ("rejected", "open", "bob"),
        ("decided", "pending_approval", "alice"), ("approved", "false_positive", "bob")]
    assert steps[-1].reason == "concurs with alice: second look: different registration number"
    assert (remembered.decided_by, remembered.approved_by) == ("alice", "bob")
    with pytest.raises(AlertError, match="pending_approval"):
        alerts.approve(booked.engine, alert.id, "carol")


def test_four_eyes_is_on_for_el_sdn_dpl_and_configurable_per_list(booked: Store) -> None:
    defaults = WorkflowSettings().alerts
    assert [defaults.needs_second_reviewer(code) for code in ("EL", "SDN", "DPL", "UVL")] == [True, True, True, False]
    uvl = _alert_for(booked, "c-smee", "test:uvl1")
    assert alerts.decide(booked.engine, uvl.id, "false_positive", "not the listed lithography maker", "alice", defaults).state == "false_positive"
    custom = WorkflowSettings.from_mapping({"alerts": {"four_eyes": {"EL": False, "UVL": True}}}).alerts
    assert custom.needs_second_reviewer("UVL") and not custom.needs_second_reviewer("EL") and custom.needs_second_reviewer("SDN")
    el = _alert_for(booked, "c-inspur", "test:el1")
    assert alerts.decide(booked.engine, el.id, "false_positive", "a namesake", "alice", custom).state == "false_positive"


def test_escalated_alerts_are_decided_by_an_admin_the_same_way(booked: Store) -> None:
    alert = _alert_for(booked, "c-inspur", "test:el1")
    escalated = alerts.decide(booked.engine, alert.id, "escalate", "parent company unclear", "alice", SETTINGS)
    assert escalated.state == "escalated"
    with pytest.raises(AlertError, match="admin"):
        alerts.decide(booked.engine, alert.id, "false_positive", "looks fine", "bob", SETTINGS)
    pending = alerts.decide(booked.engine, alert.id, "false_positive", "subsidiary sold in 2022, documents on file", "carol", SETTINGS)
    assert pending.state == "pending_approval"
    with pytest.raises(AlertError, match="four-eyes"):
        alerts.approve(booked.engine, alert.id, "carol")
    assert alerts.reject(booked.engine, alert.id, "dave", "sale not proven").state == "escalated"
    alerts.decide(booked.engine, alert.id, "false_positive", "sale contract seen", "carol", SETTINGS)
    assert alerts.approve(booked.engine, alert.id, "dave", "contract checked").state == "false_positive"
    with pytest.raises(AlertError, match="decide --as"):
        alerts.decide(booked.engine, alert.id, "maybe", "x", "carol", SETTINGS)


def test_every_step_is_in_the_audit_trail(booked: Store) -> None:
    alert = _alert_for(booked, "c-inspur", "test:el1")
    alerts.decide(booked.engine, alert.id, "escalate", "needs legal", "alice", SETTINGS)
    with booked.engine.connect() as conn:
        steps = [r.data() for r in audit.records_between(conn) if r.kind == "alert" and r.alert_id == alert.id]
    assert [(s["action"], s["to"]) for s in steps] == [("opened", "open"), ("decided", "escalated")]
    assert steps[-1]["reason"] == "needs legal"
    assert audit.verify(booked.engine).ok
