"""yente-compatible endpoints: ``/match``, ``/search``, ``/entities``, ``/algorithms``, ``/catalog``."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar, get_origin

import orjson
from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from partyscreen.api import yente
from partyscreen.api.auth import Analyst, Principal, require
from partyscreen.api.schemas import MatchParams, MatchRequest
from partyscreen.api.screening import screen_and_record_async
from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.query import Query as PartyQuery
from partyscreen.normalize.countries import country_code

router = APIRouter(tags=["yente-compatible"])
DATASET_MAX = 100
DatasetPath = Annotated[str, Path(max_length=DATASET_MAX, description="`default` (every list), a feed or a list code")]
StrList = Annotated[list[str], Query(max_length=50)]
BaseModelT = TypeVar("BaseModelT", bound=BaseModel)


async def _match(request: Request, dataset: str, body: MatchRequest, params: MatchParams, caller: Principal) -> Response:
    service = request.app.state.service
    try:
        yente.check_algorithm(params.algorithm)
        queries = [yente.to_query(key, example) for key, example in body.queries.items()]
    except yente.QueryError as exc:
        raise HTTPException(400, str(exc)) from None
    screener = service.screener()
    try:
        in_dataset = yente.dataset_filter(screener.versions, dataset, params.include_dataset, params.exclude_dataset)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    excluded_ids = set(params.exclude_entity_ids)
    excluded_schemata = {yente.SCHEMA_IN.get(s, s) for s in params.exclude_schema}
    cutoff = params.cutoff

    def keep(hit) -> bool:  # type: ignore[no-untyped-def]
        return (in_dataset(hit) and hit.entity_id not in excluded_ids and hit.schema not in excluded_schemata
                and (cutoff is None or hit.score >= cutoff))

    try:
        screener, results = await screen_and_record_async(service, caller.name, queries, limit=params.limit, source=f"api:/match/{dataset}", keep=keep)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    cards, versions = service.cards(screener), service.versions_by_feed(screener)
    responses = {
        key: yente.response_json(example, result, cards, versions, params.threshold)
        for (key, example), result in zip(body.queries.items(), results)
    }
    # Serialised here: the response is plain JSON data already, and FastAPI's generic encoder would cost more than the rest
    # of the answer; orjson (UTF-8 as is, like ensure_ascii=False) takes a third of the standard library's time.
    return Response(orjson.dumps({"responses": responses, "matcher": {"name": ALGORITHM}, "limit": params.limit}), media_type="application/json")


async def match(request: Request, dataset: DatasetPath, body: MatchRequest, params: Annotated[MatchParams, Query()], caller: Principal = Analyst) -> Response:
    """Match entities by example (yente's request and response), screened and recorded as `partyscreen screen` does."""
    return await _match(request, dataset, body, params, caller)


class MatchRoute(APIRoute):
    """``/match`` parsed by pydantic directly instead of FastAPI's per-request dependency solving.

    ``/match`` is the endpoint clients call in volume, and FastAPI's generic solving of its parameters took about
    0.1 ms of CPU per request, as much as the rest of the request besides screening and recording (measured by
    bench/run_load.py).  The endpoint's signature above still documents the request (OpenAPI) with the same
    models this handler validates with, the same token check runs first, and errors take the same paths
    (422 with the field locations, 401/403 from the token check)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        async def handler(request: Request) -> Response:
            caller = await _analyst(request)
            dataset = request.path_params["dataset"]
            if len(dataset) > DATASET_MAX:
                raise RequestValidationError([{"type": "string_too_long", "loc": ("path", "dataset"),
                                               "msg": f"String should have at most {DATASET_MAX} characters"}])
            params = _validated(MatchParams, _query_values(request), "query")
            kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if not (kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))):
                raise RequestValidationError([{"type": "model_attributes_type", "loc": ("body",),
                                               "msg": "send the body as JSON, with Content-Type: application/json"}])
            body = _validated(MatchRequest, await request.body(), "body")
            return await _match(request, dataset, body, params, caller)

        return handler


_analyst = require("analyst")
_LISTS = frozenset(name for name, field in MatchParams.model_fields.items() if get_origin(field.annotation) is list)


def _query_values(request: Request) -> dict[str, Any]:
    query = request.query_params
    return {name: (query.getlist(name) if name in _LISTS else query[name]) for name in MatchParams.model_fields if name in query}


def _validated(model: type[BaseModelT], data: Any, where: str) -> BaseModelT:
    try:
        return model.model_validate_json(data) if isinstance(data, bytes) else model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": (where, *e["loc"])} for e in exc.errors(include_url=False, include_input=False)]) from None


router.add_api_route("/match/{dataset}", match, methods=["POST"], route_class_override=MatchRoute)


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
