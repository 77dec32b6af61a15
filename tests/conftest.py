"""Shared fixtures: the real data beside the repository, and the database URLs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test a compiled build older than its source: the edits would not be what runs."""
    from partyscreen._native import stale_modules

    stale = stale_modules()
    if stale:
        pytest.exit(
            f"the compiled build of {', '.join(stale)} is older than its source; "
            "rebuild it with `make native` (or install with PARTYSCREEN_PURE_PYTHON=1)",
            returncode=2,
        )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real list files.  Tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the repository")
    return SHARED_DATA


def pg_url() -> str | None:
    return os.environ.get("PARTYSCREEN_TEST_PG_URL") or None


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty database: SQLite in a temp folder, and PostgreSQL in a schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "partyscreen.db")
        return
    base = pg_url()
    if not base:
        pytest.skip("PARTYSCREEN_TEST_PG_URL is not set")
    import uuid

    import sqlalchemy as sa

    from partyscreen.store.db import resolve_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
