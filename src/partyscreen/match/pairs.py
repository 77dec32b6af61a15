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
_NAME_PROPS: Final = ("name", "alias", "previousName")
_COUNTRY_PROPS: Final = ("country", "nationality", "citizenship", "jurisdiction")
_ID_PROPS: Final = ("idNumber", "registrationNumber", "taxNumber", "innCode", "ogrnCode", "imoNumber", "leiCode", "passportNumber")


def _values(props: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for key in keys:
        values = props.get(key)
        if values:
            out.extend(values)
    return out


def side_from_properties(schema: str, props: dict[str, list[str]]) -> Side:
    """A comparison side from FollowTheMoney-style properties."""
    if len(props) == 1 and "name" in props:  # a name alone, as most pairs and queries
        return Side(names=query_forms(props["name"], schema), schema=schema)
    countries = [country_code(c) for c in _values(props, _COUNTRY_PROPS)]
    identifiers = [normalize_identifier(v) for v in _values(props, _ID_PROPS)]
    return Side(
        names=query_forms(_values(props, _NAME_PROPS), schema),
        schema=schema,
        countries=tuple(c for c in dict.fromkeys(countries) if c),
        birth_dates=tuple(props.get("birthDate") or ()),
        identifiers=tuple(i for i in identifiers if len(i) >= 4),
    )


def properties(value: object, side: str) -> dict[str, list[str]]:
    """A pair's ``query`` or ``candidate`` as FtM properties (each a list of strings; a lone string is one value).

    Raises TypeError naming what is wrong: a name given as a number or an object would
    otherwise be scored as its characters or as nothing, without a word.
    """
    if not isinstance(value, dict):
        raise TypeError(f"{side} must be an object of properties")
    props: dict[str, list[str]] = {}
    for key, values in value.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise TypeError(f"{side}.{key} must be a string or a list of strings, not {json_type(values)}")
        props[key] = values
    return props


def json_type(value: object) -> str:
    return {dict: "an object", list: "a list with other values than strings", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


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
