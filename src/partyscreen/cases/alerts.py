"""Alerts and reviewer decisions.

States::

    open ──decide true_match──▶ true_match
     │  ──decide escalate────▶ escalated ──(an admin decides, the same way)
     │  ──decide false_positive──▶ false_positive                (list without four-eyes)
     │                        └──▶ pending_approval ──approve (another user)──▶ false_positive
     │                                              ──reject──▶ back to open (or escalated)
    closed ◀── the listed entry was removed (open, escalated or pending alerts only)

A false positive is remembered (``memory``); when the party's data or the
entry changes the alert reopens.  Every step needs a reason and records who
and when, in ``alert_event`` and in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from partyscreen.cases import memory
from partyscreen.cases.audit import ChainWriter, Clock, appending, utc_now
from partyscreen.cases.settings import AlertSettings
from partyscreen.store import schema as t

STATES = ("open", "pending_approval", "true_match", "false_positive", "escalated", "closed")
#: What ``alerts decide --as`` accepts.
DECISIONS = ("true_match", "false_positive", "escalate")
#: States in which nobody has decided yet: a removed entry closes them.
UNDECIDED = ("open", "pending_approval", "escalated")
MAX_REASON = 4000
_CHUNK = 500


class AlertError(ValueError):
    """A step the workflow does not allow; the message says why."""


@dataclass(frozen=True)
class Alert:
    id: int
    party_id: str
    entity_id: str
    list_code: str
    entity_name: str
    matched_name: str
    score: float
    explanation: str
    party_hash: str
    entity_hash: str
    state: str
    pending_by: str | None
    pending_from: str | None
    opened_at: datetime
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "party_id": self.party_id, "entity_id": self.entity_id, "list": self.list_code,
            "entity_name": self.entity_name, "matched_name": self.matched_name, "score": round(self.score, 4),
            "explanation": self.explanation, "state": self.state, "pending_by": self.pending_by,
            "opened_at": self.opened_at.isoformat(), "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class AlertEvent:
    at: datetime
    actor: str
    action: str
    from_state: str
    to_state: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action, "from": self.from_state,
                "to": self.to_state, "reason": self.reason}


@dataclass(frozen=True)
class Sighting:
    """A hit on a book party, as the alert needs it."""

    party_id: str
    entity_id: str
    list_code: str
    entity_name: str
    matched_name: str
    score: float
    explanation: str
    party_hash: str
    entity_hash: str


def _alert(row) -> Alert:  # type: ignore[no-untyped-def]
    return Alert(
        row.id, row.party_id, row.entity_id, row.list_code, row.entity_name, row.matched_name, row.score,
        row.explanation, row.party_hash, row.entity_hash, row.state, row.pending_by, row.pending_from,
        row.opened_at, row.updated_at,
    )


def check_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AlertError("every step needs a reason: give --reason TEXT")
    if len(reason) > MAX_REASON:
        raise AlertError(f"the reason is longer than {MAX_REASON} characters")
    return reason


# -- reading -----------------------------------------------------------------------


def get(conn: Connection, alert_id: int) -> Alert:
    row = conn.execute(select(t.alert).where(t.alert.c.id == alert_id)).first()
    if row is None:
        raise AlertError(f"no alert {alert_id}; `partyscreen alerts` lists them")
    return _alert(row)


def list_alerts(conn: Connection, state: str | None = None, party_id: str | None = None) -> list[Alert]:
    if state is not None and state not in STATES:
        raise AlertError(f"unknown state {state!r}; one of {', '.join(STATES)}")
    query = select(t.alert).order_by(t.alert.c.id)
    if state is not None:
        query = query.where(t.alert.c.state == state)
    if party_id is not None:
        query = query.where(t.alert.c.party_id == party_id)
    return [_alert(row) for row in conn.execute(query)]


def for_parties(conn: Connection, party_ids: Sequence[str]) -> dict[tuple[str, str], Alert]:
    out: dict[tuple[str, str], Alert] = {}
    ids = list(dict.fromkeys(party_ids))
    for start in range(0, len(ids), _CHUNK):
        for row in conn.execute(select(t.alert).where(t.alert.c.party_id.in_(ids[start : start + _CHUNK]))):
            out[(row.party_id, row.entity_id)] = _alert(row)
    return out


def for_entities(conn: Connection, entity_ids: Sequence[str], states: Sequence[str]) -> list[Alert]:
    out: list[Alert] = []
    ids = list(dict.fromkeys(entity_ids))
    for start in range(0, len(ids), _CHUNK):
        query = select(t.alert).where(t.alert.c.entity_id.in_(ids[start : start + _CHUNK])).where(t.alert.c.state.in_(list(states)))
        out.extend(_alert(row) for row in conn.execute(query))
    return sorted(out, key=lambda a: a.id)


def events(conn: Connection, alert_id: int) -> list[AlertEvent]:
    query = select(t.alert_event).where(t.alert_event.c.alert_id == alert_id).order_by(t.alert_event.c.id)
    return [AlertEvent(r.at, r.actor, r.action, r.from_state, r.to_state, r.reason) for r in conn.execute(query)]


# -- what screening does -----------------------------------------------------------


def open_alert(conn: Connection, chain: ChainWriter, sighting: Sighting, reason: str, now: datetime) -> int:
    alert_id = conn.execute(insert(t.alert).values(
        party_id=sighting.party_id, entity_id=sighting.entity_id, list_code=sighting.list_code,
        entity_name=sighting.entity_name, matched_name=sighting.matched_name, score=sighting.score,
        explanation=sighting.explanation, party_hash=sighting.party_hash, entity_hash=sighting.entity_hash,
        state="open", opened_at=now, updated_at=now,
    )).inserted_primary_key[0]
    _event(conn, chain, alert_id, sighting.party_id, "opened", "", "open", reason, now, {
        "entity_id": sighting.entity_id, "list": sighting.list_code, "score": round(sighting.score, 4),
        "party_hash": sighting.party_hash, "entity_hash": sighting.entity_hash,
    })
    return int(alert_id)


def reopen(conn: Connection, chain: ChainWriter, alert: Alert, sighting: Sighting, reason: str, now: datetime) -> None:
    conn.execute(update(t.alert).where(t.alert.c.id == alert.id).values(
        state="open", score=sighting.score, matched_name=sighting.matched_name, explanation=sighting.explanation,
        entity_name=sighting.entity_name, party_hash=sighting.party_hash, entity_hash=sighting.entity_hash,
        pending_by=None, pending_from=None, opened_at=now, updated_at=now,
    ))
    _event(conn, chain, alert.id, alert.party_id, "reopened", alert.state, "open", reason, now, {
        "party_hash": sighting.party_hash, "entity_hash": sighting.entity_hash,
    })


def refresh(conn: Connection, updates: Sequence[tuple[int, Sighting]], now: datetime) -> None:
    """Keep undecided alerts showing what was screened last, so a decision is taken on current data."""
    for alert_id, s in updates:
        conn.execute(update(t.alert).where(t.alert.c.id == alert_id).values(
            score=s.score, matched_name=s.matched_name, explanation=s.explanation, entity_name=s.entity_name,
            party_hash=s.party_hash, entity_hash=s.entity_hash, updated_at=now,
        ))


def close(conn: Connection, chain: ChainWriter, alert: Alert, reason: str, now: datetime) -> None:
    _set_state(conn, alert.id, "closed", now)
    _event(conn, chain, alert.id, alert.party_id, "closed", alert.state, "closed", reason, now, {"entity_id": alert.entity_id})


def change_reason(alert: Alert, party_hash: str, entity_hash: str) -> str:
    """Why a decided alert reopens: what changed since the decision."""
    changed = []
    if alert.party_hash != party_hash:
        changed.append("the party's data changed")
    if alert.entity_hash != entity_hash:
        changed.append("the listed entry changed")
    if alert.state == "closed":
        return "the listed entry is on the list again"
    return " and ".join(changed) + f" since the {alert.state.replace('_', ' ')} decision" if changed else "screened again"


# -- reviewer decisions --------------------------------------------------------------


def decide(
    engine: Engine, alert_id: int, decision: str, reason: str, actor: str, settings: AlertSettings, clock: Clock = utc_now
) -> Alert:
    """``true_match``, ``false_positive`` or ``escalate`` an open alert (an escalated one: admins only)."""
    if decision not in DECISIONS:
        raise AlertError(f"decide --as one of {', '.join(DECISIONS)}, not {decision!r}")
    reason = check_reason(reason)
    with engine.begin() as conn, appending(conn, actor, clock) as chain:
        alert = get(conn, alert_id)
        now = clock()
        if alert.state == "escalated":
            if actor not in settings.admins:
                raise AlertError(f"alert {alert_id} is escalated: only an admin ([alerts] admins in the settings) decides it")
            if decision == "escalate":
                raise AlertError(f"alert {alert_id} is already escalated")
        elif alert.state != "open":
            raise AlertError(f"alert {alert_id} is {alert.state}; only open and escalated alerts are decided")
        if decision == "true_match":
            _set_state(conn, alert.id, "true_match", now)
            _event(conn, chain, alert.id, alert.party_id, "decided", alert.state, "true_match", reason, now)
        elif decision == "escalate":
            _set_state(conn, alert.id, "escalated", now)
            _event(conn, chain, alert.id, alert.party_id, "decided", alert.state, "escalated", reason, now)
        elif settings.needs_second_reviewer(alert.list_code):
            conn.execute(update(t.alert).where(t.alert.c.id == alert.id).values(
                state="pending_approval", pending_by=actor, pending_from=alert.state, updated_at=now,
            ))
            _event(conn, chain, alert.id, alert.party_id, "decided", alert.state, "pending_approval", reason, now,
                   {"proposed": "false_positive", "four_eyes": True})
        else:
            _set_state(conn, alert.id, "false_positive", now)
            _event(conn, chain, alert.id, alert.party_id, "decided", alert.state, "false_positive", reason, now,
                   {"four_eyes": False})
            _remember(conn, alert, decided_by=actor, approved_by=None, now=now)
        return get(conn, alert_id)


def approve(engine: Engine, alert_id: int, actor: str, reason: str | None = None, clock: Clock = utc_now) -> Alert:
    """A second reviewer confirms a proposed false positive; never the one who proposed it.

    Without a reason of its own the approval records that it concurs with the proposal's reason.
    """
    with engine.begin() as conn, appending(conn, actor, clock) as chain:
        alert = _pending(conn, alert_id, actor, "approve")
        proposal = next(e for e in reversed(events(conn, alert_id)) if e.to_state == "pending_approval")
        reason = check_reason(reason) if reason else f"concurs with {proposal.actor}: {proposal.reason}"
        now = clock()
        conn.execute(update(t.alert).where(t.alert.c.id == alert.id).values(
            state="false_positive", pending_by=None, pending_from=None, updated_at=now,
        ))
        _event(conn, chain, alert.id, alert.party_id, "approved", "pending_approval", "false_positive", reason, now,
               {"proposed_by": alert.pending_by})
        _remember(conn, alert, decided_by=alert.pending_by or "", approved_by=actor, now=now)
        return get(conn, alert_id)


def reject(engine: Engine, alert_id: int, actor: str, reason: str, clock: Clock = utc_now) -> Alert:
    """A second reviewer refuses a proposed false positive: the alert goes back to where it was."""
    reason = check_reason(reason)
    with engine.begin() as conn, appending(conn, actor, clock) as chain:
        alert = _pending(conn, alert_id, actor, "reject")
        back = alert.pending_from or "open"
        now = clock()
        conn.execute(update(t.alert).where(t.alert.c.id == alert.id).values(
            state=back, pending_by=None, pending_from=None, updated_at=now,
        ))
        _event(conn, chain, alert.id, alert.party_id, "rejected", "pending_approval", back, reason, now,
               {"proposed_by": alert.pending_by})
        return get(conn, alert_id)


def _pending(conn: Connection, alert_id: int, actor: str, verb: str) -> Alert:
    alert = get(conn, alert_id)
    if alert.state != "pending_approval":
        raise AlertError(f"alert {alert_id} is {alert.state}; only a pending_approval alert can be {verb}d")
    if alert.pending_by == actor:
        raise AlertError(f"four-eyes: {actor} proposed this false positive; another reviewer must {verb} it")
    return alert


def _remember(conn: Connection, alert: Alert, *, decided_by: str, approved_by: str | None, now: datetime) -> None:
    memory.remember(
        conn, party_id=alert.party_id, party_hash=alert.party_hash, entity_id=alert.entity_id,
        entity_hash=alert.entity_hash, alert_id=alert.id, decided_by=decided_by, approved_by=approved_by, now=now,
    )


def _set_state(conn: Connection, alert_id: int, state: str, now: datetime) -> None:
    conn.execute(update(t.alert).where(t.alert.c.id == alert_id).values(state=state, updated_at=now))


def _event(
    conn: Connection, chain: ChainWriter, alert_id: int, party_id: str, action: str, from_state: str, to_state: str,
    reason: str, now: datetime, details: dict[str, Any] | None = None,
) -> None:
    conn.execute(insert(t.alert_event).values(
        alert_id=alert_id, at=now, actor=chain.actor, action=action, from_state=from_state, to_state=to_state, reason=reason,
    ))
    chain.append("alert", {
        "alert_id": alert_id, "action": action, "from": from_state, "to": to_state, "reason": reason, **(details or {}),
    }, party_id=party_id, alert_id=alert_id)
