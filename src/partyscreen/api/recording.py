"""Audit records of screenings over HTTP, written in group commits.

Every screening is recorded before it is answered (the same
:class:`~partyscreen.cases.recording.ScreeningRecorder` the command line uses:
audit record, alerts for book parties, remembered false positives).  The audit
chain has one head that every writer locks, so one transaction per request
would queue the requests behind each other's commits.  Here the requests of a
worker's event loop are gathered into groups: the first request of a group
waits up to :data:`LINGER` for others, then one writer thread records the whole
group in one transaction while the next group gathers.  Each request is
answered only after the transaction holding its record has committed; if the
group's transaction fails, each request's items are retried alone so one bad
item fails only its own request.

The guarantee: an answer the client receives has its audit record committed
(on SQLite the service syncs the log at every commit, see
:func:`partyscreen.api.service._durable_commits`; PostgreSQL syncs at commit with its default
``synchronous_commit = on``),
so a crash of the server or of the machine after an answer never loses its
record.  A request whose record cannot be committed gets an error (500), never
the screening's result; a request its client abandons is recorded all the same.

The gathering happens on the event loop (a list and one future per request,
no thread hand-off per request); only the group crosses to the writer thread,
which never touches a request's future.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from partyscreen.cases.recording import ScreeningRecorder
from partyscreen.match.query import Query
from partyscreen.match.result import ScreenResult

Items = Sequence[tuple[Query, ScreenResult]]
Entry = tuple[ScreeningRecorder, Items, "asyncio.Future[None]"]
#: The most items one group transaction takes.
MAX_GROUP = 500
#: How long the first request of a group waits for others (seconds).  A transaction costs about 0.45 ms of CPU
#: (0.7 ms with the log synced), an item about 0.04 ms: at 150 requests/s a worker groups three or four per
#: commit, a quarter of the CPU that one commit per request would take, for at most this much latency.
LINGER = 0.02


@dataclass
class _Gathering:
    """The groups of one event loop: the requests waiting for the next transaction, and whether one is running."""

    pending: list[Entry] = field(default_factory=list)
    first_at: float = 0.0  # when the oldest pending request arrived (loop time)
    writing: bool = False
    timer: asyncio.TimerHandle | None = None


class GroupRecorder:
    def __init__(self, linger: float = LINGER, max_group: int = MAX_GROUP) -> None:
        self.linger = linger
        self.max_group = max_group
        # One thread: the chain's head is locked by every transaction anyway, and one writer keeps groups in order.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="partyscreen-audit-writer")
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Gathering] = weakref.WeakKeyDictionary()

    def record(self, recorder: ScreeningRecorder, items: Items) -> None:
        """Record ``items`` now, from a thread that is not an event loop (one transaction of its own)."""
        failures = self._writer.submit(_write, [(recorder, items)]).result()
        if failures[0] is not None:
            raise failures[0]

    async def record_async(self, recorder: ScreeningRecorder, items: Items) -> None:
        """Record ``items`` with ``recorder``; returns once they are committed, raises if they could not be."""
        loop = asyncio.get_running_loop()
        state = self._loops.get(loop)
        if state is None:
            state = self._loops[loop] = _Gathering()
        done: asyncio.Future[None] = loop.create_future()
        if not state.pending:
            state.first_at = loop.time()
        state.pending.append((recorder, items, done))
        if not state.writing:
            if sum(len(entry[1]) for entry in state.pending) >= self.max_group:
                self._start(loop, state)
            elif state.timer is None:
                state.timer = loop.call_at(state.first_at + self.linger, self._start, loop, state)
        await asyncio.shield(done)  # a request cancelled meanwhile does not cancel the commit of its group

    def _start(self, loop: asyncio.AbstractEventLoop, state: _Gathering) -> None:
        if state.timer is not None:
            state.timer.cancel()
            state.timer = None
        group, size = [], 0
        while state.pending and (not group or size + len(state.pending[0][1]) <= self.max_group):
            entry = state.pending.pop(0)
            group.append(entry)
            size += len(entry[1])
        if state.pending:
            state.first_at = loop.time()
        state.writing = True
        written = loop.run_in_executor(self._writer, _write, [(recorder, items) for recorder, items, _ in group])
        written.add_done_callback(lambda outcome: self._finished(loop, state, group, outcome))

    def _finished(self, loop: asyncio.AbstractEventLoop, state: _Gathering, group: list[Entry], outcome: asyncio.Future) -> None:  # type: ignore[type-arg]
        state.writing = False
        if outcome.cancelled():
            failures: list[BaseException | None] = [RuntimeError("the audit trail writer stopped before recording this")] * len(group)
        elif outcome.exception() is not None:
            failures = [outcome.exception()] * len(group)
        else:
            failures = outcome.result()
        for (_, _, done), failure in zip(group, failures):
            if done.done():
                continue
            if failure is None:
                done.set_result(None)
            else:
                done.set_exception(failure)
        if state.pending and state.timer is None:
            # Those that arrived during the transaction waited already: start when the oldest has lingered enough.
            state.timer = loop.call_at(max(loop.time(), state.first_at + self.linger), self._start, loop, state)


def _write(entries: list[tuple[ScreeningRecorder, Items]]) -> list[BaseException | None]:
    """On the writer thread: each recorder's entries in one transaction; the outcome of each entry, in order."""
    outcomes: list[BaseException | None] = [None] * len(entries)
    by_recorder: dict[int, list[int]] = {}
    for position, (recorder, _) in enumerate(entries):
        by_recorder.setdefault(id(recorder), []).append(position)
    for positions in by_recorder.values():
        recorder = entries[positions[0]][0]
        try:
            recorder([item for p in positions for item in entries[p][1]])
        except Exception:  # noqa: BLE001 - retried alone below; each request gets its own outcome
            for p in positions:
                try:
                    recorder(entries[p][1])
                except Exception as exc:  # noqa: BLE001 - handed to the waiting request
                    outcomes[p] = exc
    return outcomes

