"""The versioned list store: every import is a list version, kept for good."""

from partyscreen.store.db import resolve_url
from partyscreen.store.store import Store, UnknownVersionError
from partyscreen.store.versions import VersionInfo

__all__ = ["Store", "UnknownVersionError", "VersionInfo", "resolve_url"]
