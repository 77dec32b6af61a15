"""yente's request and response shapes, on partyscreen's engine.

A yente query is a FollowTheMoney entity by example; it becomes a
:class:`~partyscreen.match.query.Query` here, and each hit becomes a yente
result (``id, caption, schema, properties, datasets, score, match,
explanations, features``).  partyscreen's own fields (``decision``,
``reasons``, ``explanation``, ``path``, ``list``, ``list_version``,
``disposition``) are added beside them in each result, which yente clients
ignore.

Datasets: ``default`` is every list in force; each feed (``csl``,
``ofac-sdn``, ``un-sc`` ...) is a dataset, and so is each list code (``SDN``,
``EL`` ...).  A dataset's results are the hits of the full screening that come
from it, so every dataset answers as the command line does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from partyscreen.api.schemas import EntityExample
from partyscreen.match.algorithm import ALGORITHM, NAME
from partyscreen.match.index import Card
from partyscreen.match.query import Query
from partyscreen.match.result import Hit, ScreenResult
from partyscreen.model import is_date
from partyscreen.normalize.countries import country_code
from partyscreen.store.versions import VersionInfo

#: FollowTheMoney schema -> partyscreen schema ("" = match as any kind of party).
SCHEMA_IN = {
    "Person": "Person", "Company": "Company", "Organization": "Organization", "LegalEntity": "LegalEntity",
    "PublicBody": "Organization", "Vessel": "Vessel", "Airplane": "Aircraft", "Aircraft": "Aircraft", "Thing": "",
}
SCHEMA_OUT = {"Aircraft": "Airplane"}
NAME_PROPS = ("name",)
ALIAS_PROPS = ("alias", "previousName", "weakAlias", "abbreviation")
PERSON_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "registrationCountry", "mainCountry", "flag")
DATE_PROPS = ("birthDate",)
ADDRESS_PROPS = ("address",)
ID_PROPS = (
    "registrationNumber", "taxNumber", "idNumber", "passportNumber", "innCode", "ogrnCode", "leiCode", "swiftBic",
    "imoNumber", "vatCode", "dunsCode", "mmsi", "callSign", "icaoCode", "permId", "uniqueEntityId", "okpoCode",
)
ALGORITHMS = (ALGORITHM, NAME, "best", "default")
_NAME_KIND_OUT = {"name": "name", "alias": "alias", "weak_alias": "weakAlias", "former_name": "previousName"}


class QueryError(ValueError):
    """A query that cannot be screened; the message names it and says why."""


def _values(example: EntityExample, props: Iterable[str]) -> list[str]:
    out: list[str] = []
    for prop in props:
        value = example.properties.get(prop)
        values = [value] if isinstance(value, str) else (value or [])
        out += [v.strip() for v in values if v and v.strip()]
    return list(dict.fromkeys(out))


def to_query(key: str, example: EntityExample) -> Query:
    """The party a yente query describes; raises :class:`QueryError`."""
    if example.schema_ not in SCHEMA_IN:
        raise QueryError(f"query {key!r}: schema {example.schema_!r} cannot be screened; one of {', '.join(SCHEMA_IN)}")
    schema = SCHEMA_IN[example.schema_]
    names = _values(example, NAME_PROPS)
    parts = _values(example, PERSON_PARTS)
    if parts:
        names.append(" ".join(parts))  # a person given by name parts
    names += _values(example, ALIAS_PROPS)
    names = list(dict.fromkeys(names))
    if not names:
        raise QueryError(f"query {key!r}: no name (give properties.name, or firstName and lastName)")
    if any(len(n) > 1000 for n in names):
        raise QueryError(f"query {key!r}: a name is longer than 1000 characters")
    countries = []
    for value in _values(example, COUNTRY_PROPS):
        code = country_code(value)
        if not code:
            raise QueryError(f"query {key!r}: unknown country {value!r}")
        countries.append(code)
    dates = []
    for value in _values(example, DATE_PROPS):
        date = value[:10] if len(value) > 10 and value[4:5] == "-" else value
        if not is_date(date, partial=True):
            raise QueryError(f"query {key!r}: birthDate {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        dates.append(date)
    return Query(
        name=names[0], schema=schema, countries=tuple(dict.fromkeys(countries)), birth_dates=tuple(dates),
        addresses=tuple(_values(example, ADDRESS_PROPS)), identifiers=tuple(_values(example, ID_PROPS)),
        aliases=tuple(names[1:]), id=example.id or "",
    )


def echo(example: EntityExample) -> dict[str, Any]:
    """The query as the server read it (values trimmed, empties dropped)."""
    props = {prop: _values(example, (prop,)) for prop in example.properties}
    return {"id": example.id, "schema": example.schema_, "properties": {k: v for k, v in props.items() if v}}


def check_algorithm(algorithm: str | None) -> None:
    if algorithm is not None and algorithm not in ALGORITHMS:
        raise QueryError(f"unknown algorithm {algorithm!r}: this server has {ALGORITHM} (also reached as 'best')")


# -- datasets ------------------------------------------------------------------------


def dataset_names(versions: Sequence[VersionInfo]) -> list[str]:
    """``default``, then each feed with list entries, then each list code (relationship and product feeds are not datasets)."""
    listing = [v for v in versions if v.entity_count]
    feeds = sorted({v.feed for v in listing})
    codes = sorted({code for v in listing for code in v.counts})
    return ["default", *feeds, *codes]


def dataset_filter(versions: Sequence[VersionInfo], dataset: str, include: Sequence[str] = (), exclude: Sequence[str] = ()):  # type: ignore[no-untyped-def]
    """A predicate on hits for ``dataset`` (+ ``include_dataset``, - ``exclude_dataset``); LookupError for an unknown one."""
    known = set(dataset_names(versions))
    for name in (dataset, *include, *exclude):
        if name not in known:
            raise LookupError(f"unknown dataset {name!r}; this server has: {', '.join(sorted(known))}")

    def of(hit: Hit, name: str) -> bool:
        return name == "default" or hit.entity_id.split(":", 1)[0] == name or hit.list == name

    wanted = [dataset, *include]
    return lambda hit: any(of(hit, n) for n in wanted) and not any(of(hit, n) for n in exclude)


# -- results -------------------------------------------------------------------------


def card_properties(card: Card | None, hit: Hit) -> dict[str, list[str]]:
    if card is None:
        return {"name": [hit.name]}
    props: dict[str, list[str]] = {}
    for kind, form in card.names:
        values = props.setdefault(_NAME_KIND_OUT.get(kind, "alias"), [])
        if form.original not in values:
            values.append(form.original)
    if card.name and card.name not in props.get("name", []):
        props.setdefault("name", []).insert(0, card.name)
    for prop, values in (("country", card.countries), ("birthDate", card.birth_dates), ("program", card.programs),
                         ("createdAt", (card.listed_on,) if card.listed_on else ()), ("endDate", (card.end_date,) if card.end_date else ())):
        if values:
            props[prop] = list(values)
    return props


def version_json(version: VersionInfo | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {"feed": version.feed, "version": version.seq, "source_date": version.source_date,
            "imported_at": version.imported_at.isoformat(), "file_hash": version.file_hash}


def result_json(hit: Hit, card: Card | None, version: VersionInfo | None, threshold: float | None) -> dict[str, Any]:
    """One yente result, with partyscreen's fields beside yente's."""
    schema = hit.schema or (card.schema if card else "LegalEntity")
    is_match = hit.match if threshold is None else hit.score >= threshold
    data: dict[str, Any] = {
        "id": hit.entity_id,
        "caption": hit.name,
        "schema": SCHEMA_OUT.get(schema, schema),
        "properties": card_properties(card, hit),
        "datasets": [hit.entity_id.split(":", 1)[0]],
        "referents": [],
        "target": True,
        "score": round(hit.score, 4),
        "match": is_match,
        "explanations": {name: {"score": value, "detail": None} for name, value in hit.features.items()},
        "features": dict(hit.features),
        # partyscreen's own fields
        "list": hit.list,
        "matched_name": hit.matched_name,
        "decision": hit.decision,
        "explanation": hit.explanation,
        "reasons": hit.reasons,
        "path": hit.path,
        "list_version": version_json(version),
    }
    if hit.disposition:
        data["disposition"] = hit.disposition
        data["alert_id"] = hit.alert_id
    return data


def response_json(example: EntityExample, result: ScreenResult, cards: dict[str, Card], versions: dict[str, VersionInfo],
                  threshold: float | None) -> dict[str, Any]:
    results = [result_json(h, cards.get(h.entity_id), versions.get(h.entity_id.split(":", 1)[0]), threshold) for h in result.hits]
    return {
        "status": 200,
        "results": results,
        "total": {"value": len(results), "relation": "eq"},
        "query": echo(example),
        "decision": result.decision,
        "algorithm": result.algorithm,
    }


def entity_json(card: Card | None, hit: Hit, version: VersionInfo | None) -> dict[str, Any]:
    """A search result: the entry, without scores."""
    schema = hit.schema or (card.schema if card else "LegalEntity")
    return {
        "id": hit.entity_id, "caption": hit.name, "schema": SCHEMA_OUT.get(schema, schema),
        "properties": card_properties(card, hit), "datasets": [hit.entity_id.split(":", 1)[0]], "referents": [],
        "target": True, "list": hit.list, "list_version": version_json(version),
    }
