"""Fixtures of the HTTP service tests (used by tests/api and tests/web): a store with the bundled
sample imported (SQLite, and PostgreSQL when PARTYSCREEN_TEST_PG_URL is set), tokens of each role,
the app in process and a live server on a free loopback port."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest

from partyscreen.api.service import ServiceConfig
from partyscreen.api.tokens import create_token, revoke_token
from partyscreen.store import Store

ROLES = ("analyst", "reviewer", "admin")


def import_sample(db: str) -> Store:
    """What `partyscreen lists import --sample` does."""
    from partyscreen.graph.build import build_graph
    from partyscreen.graph.sample import import_sample_graph
    from partyscreen.match.screener import build_index
    from partyscreen.sources.base import ImportOptions
    from partyscreen.store.importing import import_files

    store = Store.open(db)
    sample = Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv"))
    import_files(store, [sample], format="csl-csv", options=ImportOptions(feed="sample"))
    import_sample_graph(store)
    build_index(store)
    build_graph(store)
    return store


@contextmanager
def sample_database(kind: str, folder: Path) -> Iterator[str]:
    """A database of its own holding the bundled sample: SQLite in ``folder``, or a PostgreSQL schema."""
    if kind == "sqlite":
        db = str(folder / "sample.db")
        import_sample(db)
        yield db
        return
    base = os.environ.get("PARTYSCREEN_TEST_PG_URL")
    if not base:
        pytest.skip("PARTYSCREEN_TEST_PG_URL is not set")
    import sqlalchemy as sa

    from partyscreen.store.db import resolve_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"  # as tests/conftest.py does
    store = import_sample(url)
    try:
        yield url
    finally:
        store.engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the bundled sample, shared by the service tests (each test uses parties of its own)."""
    with sample_database(request.param, tmp_path_factory.mktemp("api")) as db:
        yield db


@dataclass
class Tokens:
    analyst: str
    reviewer: str
    admin: str
    reviewer2: str  # a second reviewer, for four-eyes
    expired: str
    revoked: str
    suffix: str  # the tokens are named ROLE-SUFFIX: the actor in the audit trail

    def name(self, role: str) -> str:
        return f"{role}-{self.suffix}"

    def header(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {getattr(self, role)}"}


def make_tokens(db: str) -> Tokens:
    engine = Store.open(db).engine
    suffix = uuid.uuid4().hex[:6]
    secrets = {role: create_token(engine, role, f"{role}-{suffix}", "test-setup")[1] for role in ROLES}
    secrets["reviewer2"] = create_token(engine, "reviewer", f"reviewer2-{suffix}", "test-setup")[1]
    past = datetime.now(UTC) - timedelta(hours=2)
    secrets["expired"] = create_token(engine, "admin", f"expired-{suffix}", "test-setup", expires_in=timedelta(hours=1), now=past)[1]
    secrets["revoked"] = create_token(engine, "admin", f"revoked-{suffix}", "test-setup")[1]
    revoke_token(engine, f"revoked-{suffix}", "test-setup")
    return Tokens(**secrets, suffix=suffix)


@pytest.fixture(scope="module")
def tokens(sample_db: str) -> Tokens:
    return make_tokens(sample_db)


@pytest.fixture(scope="session")
def app(sample_db: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from partyscreen.api.app import create_app

    return create_app(ServiceConfig(db=sample_db, jobs_dir=tmp_path_factory.mktemp("jobs")))


@pytest.fixture(scope="session")
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn in a thread on 127.0.0.1 and a free port; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
