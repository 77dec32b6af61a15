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
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request

from partyscreen.api.tokens import authenticate, role_allows

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


def principal(request: Request) -> Principal:
    """The caller, from the Authorization header; 401 when there is none valid."""
    service = request.app.state.service
    header = request.headers.get("authorization")
    if header:
        token, state = authenticate(service.store.engine, _secret_from_header(header))
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
