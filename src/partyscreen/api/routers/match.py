"""yente-compatible endpoints: ``/match``, ``/search``, ``/entities``, ``/algorithms``, ``/catalog``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from partyscreen.api import yente
from partyscreen.api.auth import Analyst, Principal
from partyscreen.api.schemas import MatchRequest
from partyscreen.api.screening import screen_and_record_async
from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.query import Query as PartyQuery
from partyscreen.normalize.countries import country_code

router = APIRouter(tags=["yente-compatible"])
DatasetPath = Annotated[str, Path(max_length=100, description="`default` (every list), a feed or a list code")]
StrList = Annotated[list[str], Query(max_length=50)]


@router.post("/match/{dataset}")
async def match(
    request: Request,
    dataset: DatasetPath,
    body: MatchRequest,
    threshold: Annotated[float | None, Query(ge=0.0, le=1.0, description="Sets `match` at this score; partyscreen's decision keeps the server's thresholds")] = None,
    cutoff: Annotated[float | None, Query(ge=0.0, le=1.0, description="Drop results scoring below this")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    algorithm: Annotated[str | None, Query(max_length=100)] = None,
    include_dataset: StrList = [],  # noqa: B006 - FastAPI copies defaults
    exclude_dataset: StrList = [],  # noqa: B006
    exclude_entity_ids: StrList = [],  # noqa: B006
    exclude_schema: StrList = [],  # noqa: B006
    caller: Principal = Analyst,
) -> Response:
    """Match entities by example (yente's request and response), screened and recorded as `partyscreen screen` does."""
    service = request.app.state.service
    try:
        yente.check_algorithm(algorithm)
        queries = [yente.to_query(key, example) for key, example in body.queries.items()]
    except yente.QueryError as exc:
        raise HTTPException(400, str(exc)) from None
    screener = service.screener()
    try:
        in_dataset = yente.dataset_filter(screener.versions, dataset, include_dataset, exclude_dataset)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    excluded_ids = set(exclude_entity_ids)
    excluded_schemata = {yente.SCHEMA_IN.get(s, s) for s in exclude_schema}

    def keep(hit) -> bool:  # type: ignore[no-untyped-def]
        return (in_dataset(hit) and hit.entity_id not in excluded_ids and hit.schema not in excluded_schemata
                and (cutoff is None or hit.score >= cutoff))

    try:
        screener, results = await screen_and_record_async(service, caller.name, queries, limit=limit, source=f"api:/match/{dataset}", keep=keep)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    cards, versions = service.cards(screener), service.versions_by_feed(screener)
    responses = {
        key: yente.response_json(example, result, cards, versions, threshold)
        for (key, example), result in zip(body.queries.items(), results)
    }
    # Serialised here: the response is plain JSON data already, and FastAPI's generic encoder would cost more than the rest of the answer.
    return Response(json.dumps({"responses": responses, "matcher": {"name": ALGORITHM}, "limit": limit}, ensure_ascii=False), media_type="application/json")


@router.get("/search/{dataset}")
async def search(
    request: Request,
    dataset: DatasetPath,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="A name")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    schema: Annotated[str | None, Query(max_length=50)] = None,
    countries: StrList = [],  # noqa: B006
    caller: Principal = Analyst,
) -> dict[str, Any]:
    """Entries whose names match `q` (screened as a party with that name, so recorded like any screening)."""
    service = request.app.state.service
    if any(ord(c) < 32 for c in q):
        raise HTTPException(400, "q: control characters are not allowed")
    schema_in = yente.SCHEMA_IN.get(schema or "Thing")
    if schema_in is None:
        raise HTTPException(400, f"schema {schema!r} cannot be searched; one of {', '.join(yente.SCHEMA_IN)}")
    codes = []
    for value in countries:
        code = country_code(value)
        if not code:
            raise HTTPException(400, f"unknown country {value!r}")
        codes.append(code)
    screener = service.screener()
    try:
        in_dataset = yente.dataset_filter(screener.versions, dataset)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    query = PartyQuery(name=q.strip() or q, schema=schema_in, countries=tuple(codes))
    screener, (result,) = await screen_and_record_async(service, caller.name, [query], limit=offset + limit, source=f"api:/search/{dataset}", keep=in_dataset)
    cards, versions = service.cards(screener), service.versions_by_feed(screener)
    page = result.hits[offset : offset + limit]
    return {
        "results": [yente.entity_json(cards.get(h.entity_id), h, versions.get(h.entity_id.split(":", 1)[0])) for h in page],
        "facets": {}, "total": {"value": len(result.hits), "relation": "eq"}, "limit": limit, "offset": offset,
    }


@router.get("/entities/{entity_id:path}")
def entity(request: Request, entity_id: Annotated[str, Path(max_length=300)], caller: Principal = Analyst) -> dict[str, Any]:
    """One list entry in full, with its relationships and the evasion paths through it."""
    from partyscreen.api.entities import entity_detail

    service = request.app.state.service
    found = entity_detail(service, entity_id)
    if found is None:
        raise HTTPException(404, f"no entry {entity_id!r} in the lists in force")
    return found


@router.get("/algorithms")
def algorithms(caller: Principal = Analyst) -> dict[str, Any]:
    return {"algorithms": [{"name": ALGORITHM, "description": "partyscreen's explainable matcher (names, dates, countries, identifiers)"}],
            "default": ALGORITHM, "best": ALGORITHM}


@router.get("/catalog")
def catalog(request: Request, caller: Principal = Analyst) -> dict[str, Any]:
    """The datasets: `default`, each feed in force, each list code."""
    screener = request.app.state.service.screener()
    datasets: list[dict[str, Any]] = [{"name": "default", "title": "Every list in force", "load": True,
                                       "entity_count": sum(v.entity_count for v in screener.versions), "children": sorted({v.feed for v in screener.versions})}]
    for v in sorted(screener.versions, key=lambda v: v.feed):
        datasets.append({"name": v.feed, "title": f"{v.feed} ({v.format})", "load": True, "entity_count": v.entity_count,
                         "version": str(v.seq), "updated_at": v.imported_at.isoformat(), "index_version": str(v.seq), "index_current": True,
                         "children": sorted(v.counts)})
    codes: dict[str, int] = {}
    for v in screener.versions:
        for code, n in v.counts.items():
            codes[code] = codes.get(code, 0) + n
    datasets += [{"name": code, "title": f"list {code}", "load": True, "entity_count": n} for code, n in sorted(codes.items())]
    return {"datasets": datasets, "current": [d["name"] for d in datasets], "outdated": [], "index_stale": False}
