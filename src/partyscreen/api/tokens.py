"""API tokens: created with a role and an optional expiry, stored as SHA-256, revocable.

The secret is 32 random bytes shown once at creation; only its SHA-256 is kept,
so a copy of the database does not let anyone call the service.  (A fast hash
is right here: the secret is random, not a password that could be guessed.)
Creating and revoking a token is recorded in the audit trail.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from partyscreen.cases.audit import append as audit_append
from partyscreen.store import schema as t

ROLES = ("analyst", "reviewer", "admin")
#: A role may do what the roles before it may do.
_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
PREFIX = "psk_"
MAX_NAME = 100


class TokenError(ValueError):
    """A token operation that cannot be done; the message says why."""


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and _aware(self.expires_at) <= now:
            return "expired"
        return "active"

    def to_json(self, now: datetime | None = None) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "role": self.role, "state": self.state(now or datetime.now(UTC)),
            "created_at": self.created_at.isoformat(), "created_by": self.created_by,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None, "revoked_by": self.revoked_by,
        }


def role_allows(role: str, needed: str) -> bool:
    return _RANK.get(role, 0) >= _RANK[needed]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _info(row) -> TokenInfo:  # type: ignore[no-untyped-def]
    return TokenInfo(
        row.id, row.name, row.role, _aware(row.created_at), row.created_by,
        _aware(row.expires_at) if row.expires_at else None, _aware(row.revoked_at) if row.revoked_at else None, row.revoked_by,
    )


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise TokenError("the token name is empty")
    if len(name) > MAX_NAME or not name.isprintable():
        raise TokenError(f"token name {name[:40]!r}: at most {MAX_NAME} printable characters")
    return name


def create_token(
    engine: Engine, role: str, name: str | None, created_by: str, *, expires_in: timedelta | None = None,
    now: datetime | None = None,
) -> tuple[TokenInfo, str]:
    """A new token: its record and the secret (shown once, never stored)."""
    if role not in ROLES:
        raise TokenError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if expires_in is not None and expires_in <= timedelta(0):
        raise TokenError("the expiry must lie in the future")
    now = now or datetime.now(UTC)
    chosen = check_name(name) if name else f"{role}-{secrets.token_hex(4)}"
    secret = PREFIX + secrets.token_urlsafe(32)
    expires_at = now + expires_in if expires_in is not None else None
    try:
        with engine.begin() as conn:
            token_id = conn.execute(insert(t.api_token).values(
                name=chosen, role=role, token_hash=hash_secret(secret), created_at=now, created_by=created_by,
                expires_at=expires_at,
            )).inserted_primary_key[0]
    except IntegrityError:
        raise TokenError(f"a token named {chosen!r} exists already; choose another --name") from None
    audit_append(engine, created_by, "token", {
        "action": "created", "token_id": token_id, "name": chosen, "role": role,
        "expires_at": expires_at.isoformat() if expires_at else None,
    })
    return get_token(engine, int(token_id)), secret


def get_token(engine: Engine, token_id: int) -> TokenInfo:
    with engine.connect() as conn:
        row = conn.execute(select(t.api_token).where(t.api_token.c.id == token_id)).first()
    if row is None:
        raise TokenError(f"no token {token_id}")
    return _info(row)


def find_token(engine: Engine, ref: str) -> TokenInfo:
    """A token by its id or its name."""
    ref = (ref or "").strip()
    # ASCII digits only ("¹" is a digit to str.isdigit but no number to int), and within the id column's range.
    by_id = ref.isascii() and ref.isdigit() and len(ref) <= 18
    column = t.api_token.c.id if by_id else t.api_token.c.name
    value: int | str = int(ref) if by_id else ref
    with engine.connect() as conn:
        row = conn.execute(select(t.api_token).where(column == value)).first()
    if row is None:
        raise TokenError(f"no token {ref!r}; `partyscreen token list` shows them")
    return _info(row)


def list_tokens(engine: Engine) -> list[TokenInfo]:
    with engine.connect() as conn:
        return [_info(row) for row in conn.execute(select(t.api_token).order_by(t.api_token.c.id))]


def revoke_token(engine: Engine, ref: str, revoked_by: str, now: datetime | None = None) -> TokenInfo:
    """Revoke a token by id or name; at once it no longer authenticates, and its web sessions end."""
    token = find_token(engine, ref)
    if token.revoked_at is not None:
        raise TokenError(f"token {token.name!r} was revoked already ({token.revoked_at:%Y-%m-%d %H:%M} UTC by {token.revoked_by})")
    now = now or datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(update(t.api_token).where(t.api_token.c.id == token.id).values(revoked_at=now, revoked_by=revoked_by))
        conn.execute(t.web_session.delete().where(t.web_session.c.token_id == token.id))
    audit_append(engine, revoked_by, "token", {"action": "revoked", "token_id": token.id, "name": token.name, "role": token.role})
    return get_token(engine, token.id)


def authenticate(engine: Engine, secret: str, now: datetime | None = None) -> tuple[TokenInfo | None, str]:
    """The token a secret belongs to and its state (active, expired, revoked), or ``(None, "unknown")``."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None, "unknown"
    with engine.connect() as conn:
        row = conn.execute(select(t.api_token).where(t.api_token.c.token_hash == hash_secret(secret))).first()
    if row is None:
        return None, "unknown"
    token = _info(row)
    return token, token.state(now or datetime.now(UTC))
