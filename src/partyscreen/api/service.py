"""What one server worker shares between requests: the store, the screener, the settings.

The screener is loaded once per worker and swapped for a new one when a list
import changed the versions in force (checked at most every
``refresh_seconds``), so every answer comes from the same engine and lists as
the command line would use at that moment.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from partyscreen.cases.settings import WorkflowSettings
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener
from partyscreen.match.thresholds import Thresholds
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
        self.thresholds = Thresholds.load(config.settings)
        self.workflow = WorkflowSettings.load(config.settings)
        self.jobs_dir = config.resolved_jobs_dir()
        self._screener: Screener | None = None
        self._versions_key: tuple[int, ...] = ()
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._cards: tuple[object, dict[str, object]] | None = None
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
                    screener = Screener.open(self.store, self.thresholds)
                    # One query before any request thread sees it: the screener and the graph build their lookup
                    # tables lazily, and building them in one thread avoids threads seeing them half made.
                    screener.screen(Query(name="partyscreen warm up", addresses=("1 Warm Up Street",)), limit=1)
                    self._screener = screener
                    self._versions_key = key
                self._checked_at = time.monotonic()
        return self._screener

    def screener_on(self, as_of: str | None) -> Screener:
        """A screener judging as on ``as_of``: a shallow copy, so concurrent requests never share the date."""
        screener = copy.copy(self.screener())
        screener.as_of = as_of  # type: ignore[attr-defined]
        return screener

    def cards(self, screener: Screener) -> dict[str, object]:
        """The screener's list entries by id (built once per loaded index)."""
        index = screener.index
        if self._cards is None or self._cards[0] is not index:
            self._cards = (index, {card.id: card for card in index.cards})
        return self._cards[1]

    def versions_by_feed(self, screener: Screener) -> dict[str, object]:
        return {v.feed: v for v in screener.versions}

    def reload_now(self) -> None:
        """Look for new list versions on the next request (after an import through the service)."""
        self._checked_at = 0.0


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
