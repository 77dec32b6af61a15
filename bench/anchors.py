"""The open anchors: nomenklatura's LogicV2 and LogicV1, and a plain rapidfuzz baseline.

nomenklatura (pinned in ``bench/requirements.txt``; never a runtime dependency
of partyscreen) scores two FollowTheMoney entities with
``Algorithm.compare(query, result, config) -> MatchingResult``; a pair is a
match when ``MatchingResult.score >= 0.7``, the threshold of nomenklatura's own
name_bench harness (``contrib/name_bench/run.py``) and yente's default.

Entity ids matter: nomenklatura's LogicV2 memoises its name analysis with
``functools.lru_cache`` keyed on the entity, and an entity hashes by its id
only.  Two different entities with the same id would share a cache entry and
get wrong scores, so every entity here gets an id derived from its content
(side, schema and properties): the same content gives the same id (a legitimate
cache hit, as for a list entry screened against many queries), different
content a different id.

The rapidfuzz baseline: ``fuzz.token_sort_ratio`` of the two names after
normality's ``normalize(name, ascii=True)`` (lower case, punctuation removed,
transliterated to ASCII), a match at 85 or more; the best ratio over all name
pairs when an entity has several names.
"""

from __future__ import annotations

import hashlib
import json

from systems import Props, System, Unavailable, dist_version

NOMENKLATURA_THRESHOLD = 0.7
RAPIDFUZZ_THRESHOLD = 85.0


def entity_id(side: str, schema: str, props: Props) -> str:
    blob = json.dumps([side, schema, sorted(props.items())], ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


class _Nomenklatura(System):
    algorithm_name = ""

    def load(self) -> None:
        try:
            from followthemoney import model
            from nomenklatura.matching import get_algorithm
        except Exception as exc:
            raise Unavailable(
                f"nomenklatura is not importable here ({type(exc).__name__}: {exc}); "
                "run under .venv-bench (make bench) or pass --anchor-python"
            ) from exc
        algorithm = get_algorithm(self.algorithm_name)
        if algorithm is None:
            raise Unavailable(f"nomenklatura has no algorithm {self.algorithm_name!r}")
        self._model = model
        self._algorithm = algorithm
        self._config = algorithm.default_config()

    def version(self) -> str:
        return f"nomenklatura {dist_version('nomenklatura')}, followthemoney {dist_version('followthemoney')}"

    def make_entity(self, side: str, schema: str, props: Props):
        entity = self._model.make_entity(schema)
        entity.id = entity_id(side, schema, props)
        for prop, values in props.items():
            entity.add(prop, values, quiet=True)
        return entity

    def compare(self, query, result) -> float:
        return float(self._algorithm.compare(query, result, self._config).score)

    def score(self, schema: str, query: Props, candidate: Props) -> tuple[float, bool]:
        q = self.make_entity("q", schema, query)
        r = self.make_entity("r", schema, candidate)
        s = self.compare(q, r)
        return s, s >= NOMENKLATURA_THRESHOLD


class LogicV2(_Nomenklatura):
    name = "logic-v2"
    algorithm_name = "logic-v2"
    description = "nomenklatura LogicV2, match at score >= 0.7"


class LogicV1(_Nomenklatura):
    name = "logic-v1"
    algorithm_name = "logic-v1"
    description = "nomenklatura LogicV1, match at score >= 0.7"


class RapidfuzzBaseline(System):
    name = "rapidfuzz"
    description = "rapidfuzz token_sort_ratio >= 85 on normality-normalised ASCII names"

    def load(self) -> None:
        try:
            from normality import normalize
            from rapidfuzz import fuzz
        except Exception as exc:
            raise Unavailable(f"rapidfuzz/normality not importable: {exc}") from exc
        self._normalize = normalize
        self._ratio = fuzz.token_sort_ratio

    def version(self) -> str:
        return f"rapidfuzz {dist_version('rapidfuzz')}, normality {dist_version('normality')}"

    def _names(self, props: Props) -> list[str]:
        names = props.get("name", []) + props.get("alias", [])
        return [self._normalize(n, ascii=True) or "" for n in names]

    def score(self, schema: str, query: Props, candidate: Props) -> tuple[float, bool]:
        best = 0.0
        for q in self._names(query):
            for c in self._names(candidate):
                best = max(best, self._ratio(q, c))
        return best / 100.0, best >= RAPIDFUZZ_THRESHOLD
