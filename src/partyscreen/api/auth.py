"""Who is calling and what they may do.

API clients send ``Authorization: Bearer TOKEN`` or ``Authorization: ApiKey
TOKEN`` (the scheme yente's hosted API uses).  The API takes no cookie, so a
cross-site form cannot act with a reviewer's web session here; the reviewer
page has its own session and form tokens (:mod:`partyscreen.web.session`).  No
token: 401.
Unknown, expired or revoked token: 401, saying which.  A role below the one an
endpoint needs: 403.  Roles: analyst (screen, read), reviewer (and decide
alerts), admin (and lists, tokens, settings).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine

from partyscreen.api.tokens import TokenInfo, authenticate, role_allows

SCHEMES = ("bearer", "apikey")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="partyscreen"'}


@dataclass(frozen=True)
class Principal:
    token_id: int
    name: str  # the actor recorded in the audit trail
    role: str

    def may(self, role: str) -> bool:
        return role_allows(self.role, role)


def _secret_from_header(value: str) -> str:
    scheme, _, secret = value.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not secret.strip():
        raise HTTPException(401, "send the token as `Authorization: Bearer TOKEN` or `Authorization: ApiKey TOKEN`", headers=_CHALLENGE)
    return secret.strip()


#: A token found active is trusted for this long without reading the database again (per worker): a revoked
#: token stops at once on the worker that revoked it and within this time on the others.
CACHE_SECONDS = 1.0
_active: dict[str, tuple[TokenInfo, float]] = {}


def _lookup(engine: Engine, secret: str) -> tuple[TokenInfo | None, str]:
    now = time.monotonic()
    cached = _active.get(secret)
    if cached is not None and cached[1] > now:
        token = cached[0]
        return token, token.state(datetime.now(UTC))  # an expiry passing meanwhile still counts at once
    token, state = authenticate(engine, secret)
    if token is not None and state == "active":
        if len(_active) > 10_000:
            _active.clear()
        _active[secret] = (token, now + CACHE_SECONDS)
    else:
        _active.pop(secret, None)
    return token, state


def forget(token_id: int) -> None:
    """Drop a token from this worker's cache (it was just revoked here)."""
    for secret in [s for s, (tok, _) in _active.items() if tok.id == token_id]:
        _active.pop(secret, None)


def principal(request: Request) -> Principal:
    """The caller, from the Authorization header; 401 when there is none valid."""
    service = request.app.state.service
    header = request.headers.get("authorization")
    if header:
        token, state = _lookup(service.store.engine, _secret_from_header(header))
        if token is None:
            raise HTTPException(401, "unknown token", headers=_CHALLENGE)
        if state != "active":
            raise HTTPException(401, f"the token {token.name!r} is {state}", headers=_CHALLENGE)
        return Principal(token.id, token.name, token.role)
    raise HTTPException(401, "authentication required: send `Authorization: Bearer TOKEN`", headers=_CHALLENGE)


def require(role: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the caller, who must hold ``role`` or a higher one."""

    async def check(request: Request) -> Principal:
        # Async on purpose: one indexed read, done on the event loop instead of a thread hop per request.
        caller = principal(request)
        if not caller.may(role):
            raise HTTPException(403, f"this needs the {role} role; the token {caller.name!r} is {caller.role}")
        return caller

    check.__name__ = f"require_{role}"
    return check


Analyst = Depends(require("analyst"))
Reviewer = Depends(require("reviewer"))
Admin = Depends(require("admin"))
