"""Fixtures of the workflow tests (the helpers are in workflow_helpers)."""

from __future__ import annotations

import pytest

from partyscreen.store import Store
from workflow_helpers import BASE_ENTRIES, add_version


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store.open(db_url)
    add_version(s, BASE_ENTRIES, "v1")
    return s
