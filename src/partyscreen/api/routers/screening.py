"""partyscreen's own screening: ``/screen`` (the CLI's ``screen --json``) and ``/check`` (its ``check --json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from partyscreen.api.auth import Analyst, Principal
from partyscreen.api.schemas import CheckRequest, Party, ScreenRequest
from partyscreen.api.screening import screen_and_record_async
from partyscreen.match.batch import row_to_query

router = APIRouter(tags=["screening"])


def party_row(party: Party) -> dict[str, str]:
    """The party as a batch row, so it is read by the very function the CLI uses."""
    return {"id": party.id, "name": party.name, "schema": party.schema_, "country": ";".join(party.country),
            "birth_date": ";".join(party.birth_date), "address": party.address}


@router.post("/screen")
async def screen(request: Request, body: ScreenRequest, caller: Principal = Analyst) -> dict[str, Any]:
    """Screen one party against every list in force; the same JSON as `partyscreen screen --json`, recorded in the audit trail."""
    service = request.app.state.service
    if body.book and not body.id:
        raise HTTPException(400, "book: the party needs its id")
    from partyscreen.decide.check import parse_as_of

    try:
        if body.as_of:
            parse_as_of(body.as_of)  # a date of the calendar, as /check and the CLI require
        query = row_to_query(party_row(body))
        _, (result,) = await screen_and_record_async(service, caller.name, [query], limit=body.limit, source="api:/screen",
                                                     as_of=body.as_of, book=body.book)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return result.to_json()


@router.post("/check")
def check(request: Request, body: CheckRequest, caller: Principal = Analyst) -> dict[str, Any]:
    """Check a transaction (parties, item, destination, end use); the same JSON as `partyscreen check --json`."""
    from partyscreen.decide.check import Party as CheckParty
    from partyscreen.decide.check import parse_as_of, run_check
    from partyscreen.decide.rules import ROLES

    service = request.app.state.service
    try:
        parties = []
        for number, party in enumerate(body.parties, start=1):
            role = party.role.strip().lower()
            if role and role not in ROLES:
                raise ValueError(f"party {number}: unknown role {party.role!r}; one of {', '.join(ROLES)}")
            row = party_row(party)
            row["id"] = row["id"] or str(number)
            parties.append(CheckParty(role, row_to_query(row)))
        on = parse_as_of(body.as_of)
        screener = service.screener_on(on)  # run_check sets the date on it: a copy of its own
        result = run_check(screener, parties, body.item, body.destination, body.end_use, on, limit=body.limit)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    from partyscreen.cases.audit import append

    # A check is recorded as what it decided, with every party's screening.
    append(service.store.engine, caller.name, "check", {"source": "api:/check", **result.to_json()})
    return result.to_json()
