"""The workflow over HTTP: parties of the book, alerts and reviewer decisions, the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import func, select

from partyscreen.api.auth import Analyst, Principal, Reviewer
from partyscreen.api.schemas import DecisionRequest, ReasonRequest
from partyscreen.cases import alerts as alert_flow
from partyscreen.cases import audit, book
from partyscreen.store import schema as t

router = APIRouter(tags=["workflow"])
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1)]


# -- parties -----------------------------------------------------------------------


@router.get("/parties")
def parties(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
            offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0, caller: Principal = Analyst) -> dict[str, Any]:
    engine = request.app.state.service.store.engine
    with engine.connect() as conn:
        total = book.count(conn)
        ids = [r[0] for r in conn.execute(select(t.party.c.id).order_by(t.party.c.id).limit(limit).offset(offset))]
        found = book.get_many(conn, ids)
    return {"total": total, "limit": limit, "offset": offset, "parties": [found[i].to_json() for i in ids if i in found]}


@router.get("/parties/{party_id}")
def party(request: Request, party_id: Annotated[str, Path(max_length=200)], caller: Principal = Analyst) -> dict[str, Any]:
    engine = request.app.state.service.store.engine
    with engine.connect() as conn:
        found = book.get(conn, party_id)
        if found is None:
            raise HTTPException(404, f"no party {party_id!r} in the book")
        its_alerts = alert_flow.list_alerts(conn, None, party_id)
        records = audit.party_records(conn, party_id)
    return {**found.to_json(), "alerts": [a.to_json() for a in its_alerts], "audit": [r.to_json() for r in records[-200:]]}


# -- alerts ------------------------------------------------------------------------


def alert_query(state: str | None, list_code: str | None, party_id: str | None, min_score: float | None):  # type: ignore[no-untyped-def]
    if state is not None and state not in alert_flow.STATES:
        raise HTTPException(400, f"unknown state {state!r}; one of {', '.join(alert_flow.STATES)}")
    query = select(t.alert.c.id)
    if state:
        query = query.where(t.alert.c.state == state)
    if list_code:
        query = query.where(t.alert.c.list_code == list_code)
    if party_id:
        query = query.where(t.alert.c.party_id == party_id)
    if min_score is not None:
        query = query.where(t.alert.c.score >= min_score)
    return query


def find_alerts(engine, state=None, list_code=None, party_id=None, min_score=None, limit=100, offset=0):  # type: ignore[no-untyped-def]
    """Alerts matching the filters, oldest first, and how many there are."""
    query = alert_query(state, list_code, party_id, min_score)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        ids = [r[0] for r in conn.execute(query.order_by(t.alert.c.id).limit(limit).offset(offset))]
        return total, [alert_flow.get(conn, i) for i in ids]


@router.get("/alerts")
def alerts(
    request: Request,
    state: Annotated[str | None, Query(max_length=30)] = None,
    list_code: Annotated[str | None, Query(alias="list", max_length=40)] = None,
    party: Annotated[str | None, Query(max_length=200)] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    caller: Principal = Analyst,
) -> dict[str, Any]:
    total, found = find_alerts(request.app.state.service.store.engine, state, list_code, party, min_score, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "alerts": [a.to_json() for a in found]}


@router.get("/alerts/{alert_id}")
def alert(request: Request, alert_id: AlertId, caller: Principal = Analyst) -> dict[str, Any]:
    engine = request.app.state.service.store.engine
    try:
        with engine.connect() as conn:
            found, steps = alert_flow.get(conn, alert_id), alert_flow.events(conn, alert_id)
    except alert_flow.AlertError as exc:
        raise HTTPException(404, str(exc)) from None
    return {**found.to_json(), "events": [e.to_json() for e in steps]}


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def decide_alert(service, caller: Principal, alert_id: int, decision: str, reason: str, expected_state: str | None):  # type: ignore[no-untyped-def]
    """A reviewer's decision; :class:`Refused` with 400, 403, 404 or 409 (someone else decided first)."""
    if decision not in alert_flow.DECISIONS:
        raise Refused(400, f"decision: one of {', '.join(alert_flow.DECISIONS)}")
    try:
        alert_flow.check_reason(reason)
    except alert_flow.AlertError as exc:
        raise Refused(400, str(exc)) from None
    current = _current(service, alert_id)
    if expected_state is not None and current.state != expected_state:
        raise Refused(409, f"alert {alert_id} is {current.state} now, not {expected_state}: someone decided it meanwhile; reload it")
    settings = service.workflow.alerts
    if caller.may("admin") and caller.name not in settings.admins:
        settings = dataclasses.replace(settings, admins=(*settings.admins, caller.name))
    try:
        return alert_flow.decide(service.store.engine, alert_id, decision, reason, caller.name, settings)
    except alert_flow.AlertError as exc:
        # Every input was checked above: what is left is the alert's state (decided by someone else meanwhile,
        # or escalated to the admins), a conflict with the state the reviewer acted on.
        raise Refused(409, str(exc)) from None


def second_review(service, caller: Principal, alert_id: int, verb: str, reason: str | None, expected_state: str | None):  # type: ignore[no-untyped-def]
    if verb == "reject" or reason:
        try:
            alert_flow.check_reason(reason)
        except alert_flow.AlertError as exc:
            raise Refused(400, str(exc)) from None
    current = _current(service, alert_id)
    if expected_state is not None and current.state != expected_state:
        raise Refused(409, f"alert {alert_id} is {current.state} now, not {expected_state}: reload it")
    try:
        if verb == "approve":
            return alert_flow.approve(service.store.engine, alert_id, caller.name, reason)
        return alert_flow.reject(service.store.engine, alert_id, caller.name, reason or "")
    except alert_flow.AlertError as exc:
        moved_on = _current(service, alert_id).state != current.state
        raise Refused(403 if str(exc).startswith("four-eyes") and not moved_on else 409, str(exc)) from None


def _current(service, alert_id: int):  # type: ignore[no-untyped-def]
    try:
        with service.store.engine.connect() as conn:
            return alert_flow.get(conn, alert_id)
    except alert_flow.AlertError as exc:
        raise Refused(404, str(exc)) from None


def _alert_json(service, alert_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with service.store.engine.connect() as conn:
        return {**alert_flow.get(conn, alert_id).to_json(), "events": [e.to_json() for e in alert_flow.events(conn, alert_id)]}


@router.post("/alerts/{alert_id}/decision")
def decide(request: Request, alert_id: AlertId, body: DecisionRequest, caller: Principal = Reviewer) -> dict[str, Any]:
    """Decide an open alert: true_match, false_positive (four-eyes lists wait for a second reviewer) or escalate.

    Two reviewers deciding the same alert at once: one wins, the other gets 409."""
    service = request.app.state.service
    try:
        decide_alert(service, caller, alert_id, body.decision, body.reason, body.expected_state)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from None
    return _alert_json(service, alert_id)


@router.post("/alerts/{alert_id}/approve")
def approve(request: Request, alert_id: AlertId, body: ReasonRequest, caller: Principal = Reviewer) -> dict[str, Any]:
    """Approve a proposed false positive (never by the reviewer who proposed it)."""
    return _second_review(request, alert_id, body, caller, "approve")


@router.post("/alerts/{alert_id}/reject")
def reject(request: Request, alert_id: AlertId, body: ReasonRequest, caller: Principal = Reviewer) -> dict[str, Any]:
    """Reject a proposed false positive: the alert goes back to open (or escalated)."""
    return _second_review(request, alert_id, body, caller, "reject")


def _second_review(request: Request, alert_id: int, body: ReasonRequest, caller: Any, action: str) -> dict[str, Any]:
    service = request.app.state.service
    try:
        second_review(service, caller, alert_id, action, body.reason, body.expected_state)
    except Refused as exc:
        raise HTTPException(exc.status, exc.detail) from None
    return _alert_json(service, alert_id)


# -- audit trail -----------------------------------------------------------------------


def parse_moment(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise HTTPException(400, f"{name}: write YYYY-MM-DD or an ISO date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_records(engine, start=None, end=None, party_id=None, kind=None, before_seq=None, limit=100):  # type: ignore[no-untyped-def]
    """Audit records, newest first, with the filters; ``before_seq`` pages back."""
    c = t.audit_record.c
    query = select(t.audit_record).order_by(c.seq.desc()).limit(limit)
    if start is not None:
        query = query.where(c.recorded_at >= audit.stamp(start))
    if end is not None:
        query = query.where(c.recorded_at < audit.stamp(end))
    if party_id:
        query = query.where(c.party_id == party_id)
    if kind:
        query = query.where(c.kind == kind)
    if before_seq is not None:
        query = query.where(c.seq < before_seq)
    with engine.connect() as conn:
        return [audit.AuditRecord(r.seq, r.recorded_at, r.actor, r.kind, r.party_id, r.alert_id, r.payload, r.prev_hash, r.hash)
                for r in conn.execute(query)]


@router.get("/audit")
def audit_records(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    party: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    before_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None,  # the seq columns are 64-bit (migration 0004)
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    caller: Principal = Analyst,
) -> dict[str, Any]:
    """The audit trail, newest first (page back with `before_seq`)."""
    records = find_records(request.app.state.service.store.engine, parse_moment(start, "from"), parse_moment(end, "to"),
                           party, kind, before_seq, limit)
    return {"records": [r.to_json() for r in records], "next_before_seq": records[-1].seq if len(records) == limit else None}


@router.get("/audit/verify")
def audit_verify(request: Request, caller: Principal = Analyst) -> dict[str, Any]:
    """Check every record's hash and link (as `partyscreen audit verify`)."""
    result = audit.verify(request.app.state.service.store.engine)
    return {"ok": result.ok, "records": result.records, "first_seq": result.first_seq, "last_seq": result.last_seq,
            "problem": result.problem, "problem_seq": result.problem_seq}
