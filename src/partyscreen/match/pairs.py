"""Scoring one labelled pair: how the matcher is benchmarked on name-pair test sets."""

from __future__ import annotations

from typing import Final

from partyscreen.match import algorithm
from partyscreen.match.algorithm import Side
from partyscreen.match.forms import normalize_identifier, query_forms
from partyscreen.match.thresholds import Thresholds
from partyscreen.match.weights import TokenWeights
from partyscreen.normalize.countries import country_code

_WEIGHTS: Final = TokenWeights()
_THRESHOLDS: Final = Thresholds()
_ID_PROPS: Final = ("idNumber", "registrationNumber", "taxNumber", "innCode", "ogrnCode", "imoNumber", "leiCode", "passportNumber")


def side_from_properties(schema: str, props: dict[str, list[str]]) -> Side:
    """A comparison side from FollowTheMoney-style properties."""
    names = [*props.get("name", []), *props.get("alias", []), *props.get("previousName", [])]
    countries = [country_code(c) for key in ("country", "nationality", "citizenship", "jurisdiction") for c in props.get(key, [])]
    identifiers = [normalize_identifier(v) for key in _ID_PROPS for v in props.get(key, [])]
    return Side(
        names=query_forms(names, schema),
        schema=schema,
        countries=tuple(c for c in dict.fromkeys(countries) if c),
        birth_dates=tuple(props.get("birthDate", [])),
        identifiers=tuple(i for i in identifiers if len(i) >= 4),
    )


def score_pair(
    schema: str,
    query: dict[str, list[str]],
    candidate: dict[str, list[str]],
    thresholds: Thresholds | None = None,
) -> tuple[float, bool]:
    """``(score, match)`` for two FtM property dicts of the given schema."""
    q = side_from_properties(schema, query)
    c = side_from_properties(schema, candidate)
    if not q.names or not c.names:
        return 0.0, False
    result = algorithm.score(q, c, _WEIGHTS, explain=False)
    threshold = (thresholds or _THRESHOLDS).match
    return result.score, result.score >= threshold
