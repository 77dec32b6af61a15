"""Where the store lives and how to connect: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect, text

ENV_VAR = "PARTYSCREEN_DB"
_MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest migration.  Checked against the migration scripts by the tests;
#: it lets a CLI run skip loading Alembic when the schema is already current.
HEAD_REVISION = "0005"


def resolve_url(db: str | None = None) -> str:
    """The database URL from ``--db``, else ``PARTYSCREEN_DB``, else the user data directory.

    A value with ``://`` is a SQLAlchemy URL; anything else is a SQLite file path.
    """
    value = db or os.environ.get(ENV_VAR) or str(Path(user_data_dir("partyscreen")) / "partyscreen.db")
    if "://" in value:
        # Plain postgresql:// URLs mean psycopg 3, the driver we ship.
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets readers (a screening run, the server) go on while an import writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
