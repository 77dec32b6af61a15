"""Audit records of screenings over HTTP, written in group commits.

Every screening is recorded before it is answered (the same
:class:`~partyscreen.cases.recording.ScreeningRecorder` the command line uses:
audit record, alerts for book parties, remembered false positives).  The audit
chain has one head that every writer locks, so one transaction per request
would queue the requests behind each other's commits.  Here the requests of a
worker hand their results to one writer thread, which records everything that
arrived meanwhile in one transaction and then releases each request.  A
request is answered only after its record is committed; if the group's
transaction fails, each item is retried alone so one bad item fails only its
own request.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

from partyscreen.cases.recording import ScreeningRecorder
from partyscreen.match.query import Query
from partyscreen.match.result import ScreenResult

Items = Sequence[tuple[Query, ScreenResult]]
#: The most items one group transaction takes.
MAX_GROUP = 500
#: How long the writer waits for more items after the first of a group (seconds).  A transaction costs about
#: as much CPU as 1.5 ms of screening; at 150 requests/s a worker groups three or four per commit.
LINGER = 0.02


class GroupRecorder:
    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[ScreeningRecorder, Items, Future[None]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def record(self, recorder: ScreeningRecorder, items: Items) -> None:
        """Record ``items`` with ``recorder``; returns once they are committed, raises if they could not be."""
        done: Future[None] = Future()
        self._ensure_thread()
        self._queue.put((recorder, items, done))
        done.result()

    async def record_async(self, recorder: ScreeningRecorder, items: Items) -> None:
        """As :meth:`record`, awaited on the event loop instead of blocking a thread."""
        done: Future[None] = Future()
        self._ensure_thread()
        self._queue.put((recorder, items, done))
        await asyncio.wrap_future(done)

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="partyscreen-audit-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            group = [self._queue.get()]
            size = len(group[0][1])
            # Wait a moment for the requests being screened now: a few milliseconds of latency buy one commit for many.
            until = time.monotonic() + LINGER
            while size < MAX_GROUP:
                try:
                    group.append(self._queue.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    break
                size += len(group[-1][1])
            by_recorder: dict[int, list[tuple[ScreeningRecorder, Items, Future[None]]]] = {}
            for entry in group:
                by_recorder.setdefault(id(entry[0]), []).append(entry)
            for entries in by_recorder.values():
                self._write(entries)

    @staticmethod
    def _write(entries: list[tuple[ScreeningRecorder, Items, Future[None]]]) -> None:
        recorder = entries[0][0]
        try:
            recorder([item for _, items, _ in entries for item in items])
        except Exception:  # noqa: BLE001 - retried alone below; each request gets its own outcome
            for _, items, done in entries:
                try:
                    recorder(items)
                except Exception as exc:  # noqa: BLE001 - handed to the waiting request
                    done.set_exception(exc)
                else:
                    done.set_result(None)
            return
        for _, _, done in entries:
            done.set_result(None)
