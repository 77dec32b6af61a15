"""Who is acting: ``--user``, else ``PARTYSCREEN_USER``, else the operating-system user."""

from __future__ import annotations

import getpass
import os

USER_ENV = "PARTYSCREEN_USER"
MAX_USER = 100


def acting_user(explicit: str | None = None) -> str:
    """The acting user's name, checked; raises ValueError with a message a user can act on."""
    name = explicit or os.environ.get(USER_ENV)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    name = (name or "").strip()
    if not name:
        raise ValueError(f"no acting user: give --user or set {USER_ENV}")
    if len(name) > MAX_USER or not name.isprintable():
        raise ValueError(f"user name {name[:40]!r}: at most {MAX_USER} printable characters")
    return name
