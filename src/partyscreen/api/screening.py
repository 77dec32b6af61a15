"""Screen queries and record them, as the command line's ``screen`` does: one engine, one audit trail."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from partyscreen.api.service import Service
from partyscreen.decide.check import parse_as_of
from partyscreen.match.query import Query
from partyscreen.match.result import Hit, ScreenResult
from partyscreen.match.screener import Screener

#: Hits screened per query before a dataset filter picks its own (the top ones are the same as the CLI's).
WIDE_LIMIT = 100


def _screen(
    service: Service, actor: str, queries: Sequence[Query], limit: int, source: str, keep: Callable[[Hit], bool] | None,
    as_of: str | None, book: bool,
) -> tuple[Screener, list[ScreenResult], object]:
    screener = service.screener_on(parse_as_of(as_of))
    results = []
    for query in queries:
        result = screener.screen(query, limit=WIDE_LIMIT if keep else limit)
        if keep is not None:
            result.hits = [h for h in result.hits if keep(h)][:limit]
        results.append(result)
    return screener, results, service.recorders.get(service, screener, actor, source, book)


async def screen_and_record_async(
    service: Service, actor: str, queries: Sequence[Query], *, limit: int, source: str,
    keep: Callable[[Hit], bool] | None = None, as_of: str | None = None, book: bool = False,
) -> tuple[Screener, list[ScreenResult]]:
    """Screen each query as on ``as_of`` (default today), keep ``limit`` hits, record them; raises ValueError on bad input.

    The screening runs on the event loop itself: it is CPU work that threads could not run in parallel
    anyway (the GIL), and a worker with dozens of threads screening at once spends its time switching
    between them.  Only the wait for the audit commit is awaited, so other requests are read meanwhile.
    """
    screener, results, recorder = _screen(service, actor, queries, limit, source, keep, as_of, book)
    await service.group.record_async(recorder, list(zip(queries, results)))  # type: ignore[arg-type]
    return screener, results
