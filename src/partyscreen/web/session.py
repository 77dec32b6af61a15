"""Web sessions: sign in with an API token, a session that expires, form tokens against CSRF.

The cookie holds 32 random bytes; the database keeps their SHA-256 with the
token it was opened with, the session's form token and its end.  The cookie
is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
it) and Secure when the server says it is behind HTTPS; it ends with the
session.  Every form carries the session's form token, and a POST is refused
unless the token matches and any Origin header names this server.  Revoking
or expiring the token ends its sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Engine, delete, insert, select

from partyscreen.api.auth import Principal
from partyscreen.api.tokens import TokenInfo
from partyscreen.store import schema as t

COOKIE = "partyscreen_session"
LOGIN_COOKIE = "partyscreen_login"  # double-submit form token of the sign-in form (there is no session yet)
PATH = "/ui"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def open_session(engine: Engine, token: TokenInfo, hours: float) -> tuple[str, datetime]:
    """A new session for ``token``: the cookie value and when it ends (never after the token does)."""
    now = datetime.now(UTC)
    ends = now + timedelta(hours=hours)
    if token.expires_at is not None:
        ends = min(ends, token.expires_at)
    value = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(delete(t.web_session).where(t.web_session.c.expires_at < now))  # sweep ended sessions
        conn.execute(insert(t.web_session).values(id_hash=_hash(value), token_id=token.id, csrf=secrets.token_urlsafe(32),
                                                  created_at=now, expires_at=ends))
    return value, ends


def close_session(engine: Engine, value: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(t.web_session).where(t.web_session.c.id_hash == _hash(value)))


def current(request: Request) -> tuple[Principal, str] | None:
    """The signed-in user and the session's form token, or None (no, unknown, ended session; token revoked or expired)."""
    value = request.cookies.get(COOKIE)
    if not value or len(value) > 100:
        return None
    engine = request.app.state.service.store.engine
    s, tok = t.web_session, t.api_token
    with engine.connect() as conn:
        row = conn.execute(
            select(s.c.expires_at, s.c.csrf, tok.c.id, tok.c.name, tok.c.role, tok.c.expires_at.label("token_expires"), tok.c.revoked_at)
            .join(tok, tok.c.id == s.c.token_id).where(s.c.id_hash == _hash(value))
        ).first()
    now = datetime.now(UTC)
    if row is None or _aware(row.expires_at) <= now or row.revoked_at is not None:
        return None
    if row.token_expires is not None and _aware(row.token_expires) <= now:
        return None
    return Principal(row.id, row.name, row.role), row.csrf


def set_cookie(response: Response, value: str, ends: datetime, secure: bool) -> None:
    max_age = max(1, int((ends - datetime.now(UTC)).total_seconds()))
    response.set_cookie(COOKIE, value, max_age=max_age, expires=max_age, path=PATH, httponly=True, samesite="strict", secure=secure)


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another site (Origin, else Referer)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin != "null"
    host = request.headers.get("host", "")
    scheme_host = origin.split("://", 1)[-1].split("/", 1)[0]
    return scheme_host == host


def form_token_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
