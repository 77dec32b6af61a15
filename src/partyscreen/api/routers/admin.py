"""Admins: tokens (create, list, revoke) and the settings in force."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request

from partyscreen.api.auth import Admin, Principal, forget
from partyscreen.api.schemas import TokenRequest
from partyscreen.api.tokens import TokenError, create_token, list_tokens, revoke_token

router = APIRouter(tags=["admin"])


@router.get("/tokens")
def tokens(request: Request, caller: Principal = Admin) -> list[dict[str, Any]]:
    """Every token (never the secrets: only their hashes are stored)."""
    return [tok.to_json() for tok in list_tokens(request.app.state.service.store.engine)]


@router.post("/tokens", status_code=201)
def new_token(request: Request, body: TokenRequest, caller: Principal = Admin) -> dict[str, Any]:
    """A new token; the secret is in this response only."""
    expires = timedelta(days=body.expires_in_days) if body.expires_in_days else None
    try:
        info, secret = create_token(request.app.state.service.store.engine, body.role, body.name, caller.name, expires_in=expires)
    except TokenError as exc:
        raise HTTPException(400, str(exc)) from None
    return {**info.to_json(), "token": secret}


@router.delete("/tokens/{ref}")
def revoke(request: Request, ref: Annotated[str, Path(max_length=100)], caller: Principal = Admin) -> dict[str, Any]:
    """Revoke a token by id or name: it stops working at once."""
    try:
        revoked = revoke_token(request.app.state.service.store.engine, ref, caller.name)
        forget(revoked.id)
        return revoked.to_json()
    except TokenError as exc:
        raise HTTPException(404 if str(exc).startswith("no token") else 409, str(exc)) from None


@router.get("/settings")
def settings(request: Request, caller: Principal = Admin) -> dict[str, Any]:
    """The thresholds and workflow settings this server runs with (from the settings file)."""
    service = request.app.state.service
    wf = service.workflow
    return {
        "thresholds": service.thresholds.to_json(),
        "alerts": {"four_eyes": wf.alerts.four_eyes, "admins": list(wf.alerts.admins)},
        "audit": {"retention_years": wf.audit.retention_years},
        "lists": {"max_age_days": wf.max_age_days},
        "service": {"max_body": service.config.max_body, "max_upload": service.config.max_upload,
                    "session_hours": service.config.session_hours},
    }
