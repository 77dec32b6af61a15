"""What one server worker shares between requests: the store, the screener, the settings.

The screener is loaded once per worker and swapped for a new one when a list
import changed the versions in force (checked at most every
``refresh_seconds``), so every answer comes from the same engine and lists as
the command line would use at that moment.
"""

from __future__ import annotations

import copy
import gc
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError

from partyscreen.cases.settings import WorkflowSettings
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
from partyscreen.normalize.countries import country_code
from partyscreen.store import Store

ENV_JOBS_DIR = "PARTYSCREEN_JOBS_DIR"
ENV_SECURE_COOKIES = "PARTYSCREEN_SECURE_COOKIES"
MiB = 1024 * 1024


@dataclass(frozen=True)
class ServiceConfig:
    db: str | None = None  # --db; else $PARTYSCREEN_DB, else the default store
    settings: Path | None = None  # the settings file; else $PARTYSCREEN_CONFIG
    jobs_dir: Path | None = None  # where batch job files live; else $PARTYSCREEN_JOBS_DIR
    max_body: int = 1 * MiB  # any request body
    max_upload: int = 100 * MiB  # a batch or list file upload
    session_hours: float = 8.0  # a web session ends this long after sign-in
    refresh_seconds: float = 5.0  # how often a worker looks for new list versions
    secure_cookies: bool = field(default_factory=lambda: os.environ.get(ENV_SECURE_COOKIES, "") == "1")

    def resolved_jobs_dir(self) -> Path:
        chosen = self.jobs_dir or (Path(os.environ[ENV_JOBS_DIR]) if os.environ.get(ENV_JOBS_DIR) else None)
        folder = chosen or Path(user_data_dir("partyscreen")) / "jobs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder


class Service:
    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.store = Store.open(config.db)
        _durable_commits(self.store.engine)
        self.thresholds = Thresholds.load(config.settings)
        self.workflow = WorkflowSettings.load(config.settings)
        self.jobs_dir = config.resolved_jobs_dir()
        self._screener: Screener | None = None
        self._versions_key: tuple[int, ...] = ()
        self._checked_at = 0.0
        self._lock = threading.Lock()
        from partyscreen.api.recording import GroupRecorder

        self.group = GroupRecorder()
        self.recorders = RecorderCache()

    def _current_key(self) -> tuple[int, ...]:
        return tuple(sorted(v.id for v in self.store.current_versions()))

    def screener(self) -> Screener:
        """The screener over the list versions in force (reloaded after an import)."""
        now = time.monotonic()
        if self._screener is not None and now - self._checked_at < self.config.refresh_seconds:
            return self._screener
        with self._lock:
            if self._screener is None or time.monotonic() - self._checked_at >= self.config.refresh_seconds:
                key = self._current_key()
                if self._screener is None or key != self._versions_key:
                    gc.unfreeze()  # the screener being replaced may be collected again
                    screener = _open_screener(self.store, self.thresholds)
                    # One query before any request thread sees it: the screener and the graph build their lookup
                    # tables lazily, and building them in one thread avoids threads seeing them half made.
                    screener.screen(Query(name="partyscreen warm up", addresses=("1 Warm Up Street",)), limit=1)
                    country_code("Germany")  # the country names table, loaded on first use (about a second)
                    # A server reads every card sooner or later: unpickled now, in one thread, and frozen with
                    # the rest of the heap (the CLI unpickles only the chunks its query reads: match/index.py).
                    for _card in screener.index.cards:
                        pass
                    self._screener = screener
                    self._versions_key = key
                    _freeze_heap()
                self._checked_at = time.monotonic()
        return self._screener

    def screener_on(self, as_of: str | None) -> Screener:
        """A screener judging as on ``as_of``: a shallow copy, so concurrent requests never share the date."""
        screener = copy.copy(self.screener())
        screener.as_of = as_of  # type: ignore[attr-defined]
        return screener

    def cards(self, screener: Screener) -> Mapping[str, object]:
        """The screener's list entries by id."""
        return screener.index.cards.by_id

    def versions_by_feed(self, screener: Screener) -> dict[str, object]:
        return {v.feed: v for v in screener.versions}

    def reload_now(self) -> None:
        """Look for new list versions on the next request (after an import through the service)."""
        self._checked_at = 0.0


def _open_screener(store: Store, thresholds: Thresholds) -> Screener:
    """The screener over the versions in force; built and stored if missing.

    Two workers finding the index missing at once (a new list version) both build and store it; on PostgreSQL
    the second store then fails on the key the first just wrote.  The index is there by then: open again."""
    try:
        return Screener.open(store, thresholds)
    except IntegrityError:
        return Screener.open(store, thresholds)


def _durable_commits(engine: Engine) -> None:
    """On SQLite, sync the write-ahead log at every commit of this worker (``synchronous=FULL``).

    The service answers a screening only after its audit record is committed; with the store's default
    (``NORMAL``) a commit survives a crash of the server but not of the machine, so an answer could be
    given whose record a power cut then loses.  Group commits share one sync between the requests that
    arrived together (about 3 ms per commit on this machine's disk).  PostgreSQL syncs at commit already (its default,
    ``synchronous_commit = on``)."""
    if engine.dialect.name != "sqlite":
        return

    def full(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA synchronous=FULL")

    event.listen(engine, "connect", full)
    engine.dispose()  # connections opened before (migrations) are replaced by ones with the pragma


def _freeze_heap() -> None:
    """Keep the loaded index out of the garbage collector's full collections.

    The index is millions of long-lived objects; every full collection walked all of them, a pause of
    0.1-0.5 s in which the worker answered nothing (the p99 of the load benchmark).  Frozen, a full
    collection walks only what requests allocate.  Objects freed by reference counting are freed as before;
    :meth:`Service.screener` unfreezes before loading a new index so the old one can be collected."""
    gc.collect()
    gc.freeze()


class RecorderCache:
    """One :class:`ScreeningRecorder` per (screener, date, actor, source, book): its context is built once."""

    MAX = 256

    def __init__(self) -> None:
        self._recorders: dict[tuple[object, ...], object] = {}
        self._lock = threading.Lock()

    def get(self, service: Service, screener: Screener, actor: str, source: str, book: bool):  # type: ignore[no-untyped-def]
        from partyscreen.cases.recording import ScreeningRecorder

        key = (id(screener.index), getattr(screener, "as_of", None), actor, source, book)
        with self._lock:
            recorder = self._recorders.get(key)
            if recorder is None:
                if len(self._recorders) >= self.MAX:
                    self._recorders.clear()
                recorder = ScreeningRecorder(service.store, screener, actor, book=book, source=source)
                self._recorders[key] = recorder
            return recorder
