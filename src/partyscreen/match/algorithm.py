"""The scoring algorithm: features combined with declared weights into one score.

There is one algorithm, versioned.  Changing a weight or a rule means a new
``VERSION``, recorded with every result, so a reviewer can tell which
algorithm produced a past alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from partyscreen.match import features as f
from partyscreen.match.weights import TokenWeights
from partyscreen.normalize import NameForm

NAME: Final = "partyscreen-match"
VERSION: Final = "5"
ALGORITHM: Final = f"{NAME}/{VERSION}"

#: How much a name of each kind can weigh.  Weak aliases (UN low quality,
#: OFAC's a.k.a. in single quotes) are short or generic by design.
NAME_KIND_FACTOR: Final = {"name": 1.0, "alias": 1.0, "former_name": 1.0, "weak_alias": 0.85}

#: Score adjustments by feature: (when the feature is 1.0, when it is 0.0).
#: Values between interpolate linearly.  Names carry the score; the rest
#: confirm or contradict it.
ADJUSTMENTS: Final[dict[str, tuple[float, float]]] = {
    "legal_form": (0.02, -0.04),
    "birth_date": (0.06, -0.35),
    "country": (0.02, -0.06),
    "schema": (0.0, -0.45),
}
#: A score an acronym match is worth (the name score when an acronym meets its expansion).
ACRONYM_SCORE: Final = 0.88
#: A person's name against a name that carries a legal form (one side of unknown type).
COMPANY_FOR_PERSON_FACTOR: Final = 0.6
#: A listed name read as a person's, when its list does not say the entry is a person, counts
#: from this name score up; below it the entry's names are compared as text.
INFERRED_PERSON_SURE: Final = 0.8
#: An identical identifier decides.
IDENTIFIER_SCORE: Final = 0.99


@dataclass(frozen=True)
class Settings:
    """Thresholds in force; recorded with results."""

    match_threshold: float = 0.70
    review_threshold: float = 0.55

    def to_json(self) -> dict[str, float | str]:
        return {"algorithm": ALGORITHM, "match_threshold": self.match_threshold, "review_threshold": self.review_threshold}


@dataclass(slots=True)
class Score:
    """A candidate's score for a query, the names it comes from, and the features that explain it."""

    score: float
    query_name: str
    matched_name: str
    matched_kind: str
    features: list[f.Feature]

    # Written out: a compiled class runs a dataclass-generated ``__init__`` as interpreted Python.
    def __init__(self, score: float, query_name: str, matched_name: str, matched_kind: str, features: list[f.Feature]) -> None:
        self.score = score
        self.query_name = query_name
        self.matched_name = matched_name
        self.matched_kind = matched_kind
        self.features = features

    def __reduce__(self) -> tuple[type[Score], tuple[float, str, str, str, list[f.Feature]]]:
        return (Score, (self.score, self.query_name, self.matched_name, self.matched_kind, self.features))

    def explanation(self) -> str:
        parts = [f"'{self.query_name}' ~ '{self.matched_name}'" + ("" if self.matched_kind == "name" else f" ({self.matched_kind.replace('_', ' ')})")]
        parts += [feat.detail for feat in self.features if feat.detail]
        return "; ".join(parts)

    def feature_scores(self) -> dict[str, float]:
        return {feat.name: round(feat.score, 4) for feat in self.features if feat.score is not None}


@dataclass(slots=True, unsafe_hash=True)
class Side:
    """One side of a comparison, prepared once and compared many times."""

    names: Final[tuple[tuple[str, NameForm], ...]]  # (name kind, form)
    schema: Final[str]
    countries: Final[tuple[str, ...]]
    birth_dates: Final[tuple[str, ...]]
    identifiers: Final[tuple[str, ...]]
    #: All the entry's names, when ``names`` holds only some of them (those retrieval found).
    entry_names: Final[tuple[tuple[str, NameForm], ...]]

    # Not ``frozen=True``: a compiled class (setup.py) would run the generated
    # ``__init__`` as interpreted Python, ten times slower than this one.  The
    # fields are Final instead: type checking and the compiled class refuse a change.
    def __init__(
        self,
        names: tuple[tuple[str, NameForm], ...],
        schema: str = "",
        countries: tuple[str, ...] = (),
        birth_dates: tuple[str, ...] = (),
        identifiers: tuple[str, ...] = (),
        entry_names: tuple[tuple[str, NameForm], ...] = (),
    ) -> None:
        self.names = names
        self.schema = schema
        self.countries = countries
        self.birth_dates = birth_dates
        self.identifiers = identifiers
        self.entry_names = entry_names

    def __reduce__(self) -> tuple[type[Side], tuple[object, ...]]:
        return (Side, (self.names, self.schema, self.countries, self.birth_dates, self.identifiers, self.entry_names))


def _adjust(feature: f.Feature) -> float:
    if feature.score is None or feature.name not in ADJUSTMENTS:
        return 0.0
    high, low = ADJUSTMENTS[feature.name]
    return low + (high - low) * feature.score


def _inferred_person(side: Side, form: NameForm) -> bool:
    """A person's reading of a name whose list does not say the entry is a person (the Denied
    Persons List, the Entity List as a flat file): it counts only where the names agree closely,
    so that people's lenient rules do not put every common name before a reviewer."""
    return form.kind == "person" and side.schema == "LegalEntity"


def best_name(
    query: Side, candidate: Side, weight: TokenWeights, explain: bool = True
) -> tuple[float, NameForm, NameForm, str, list[f.Feature]]:
    """The best-scoring pair of names, with the name-level features that explain it."""
    best: tuple[float, NameForm, NameForm, str, list[f.Feature]] | None = None
    for _, q in query.names:
        for kind, c in candidate.names:
            if (q.kind == "person") != (c.kind == "person"):
                continue
            name = f.name_similarity(q, c, weight, explain)
            feats = [name]
            score = name.score or 0.0
            if _inferred_person(candidate, c):
                if score < INFERRED_PERSON_SURE:
                    continue  # compared as text below, as an entry of unknown type always was
                feats.append(f.Feature("schema", None, f"'{c.original}' read as a person's name: its list does not say what the entry is"))
            acr = f.acronym(q, c)
            if acr.score:
                score = max(score, ACRONYM_SCORE * acr.score)
                feats = [acr]
            legal = f.legal_form(q, c)
            if legal.detail:
                feats.append(legal)
            score = score * NAME_KIND_FACTOR.get(kind, 1.0) + _adjust(legal)
            if best is None or score > best[0]:
                best = (score, q, c, kind, feats)
    if best is None:
        # Kinds never met (a person query against an organisation, or an entry of unknown
        # type whose names are an organisation's): compare the names as text.  An acronym names
        # an organisation, never a person, so it is not compared.
        for _, q in query.names:
            for kind, c in candidate.names:
                if q.is_acronym or c.is_acronym or _inferred_person(candidate, c):
                    continue
                name = f.name_similarity(q, c, weight, explain)
                score = (name.score or 0.0) * NAME_KIND_FACTOR.get(kind, 1.0)
                feats = [name]
                company, side = (c, candidate) if q.kind == "person" else (q, query)
                formal = company if company.legal_forms else next((n for _, n in side.entry_names or side.names if n.legal_forms), None)
                if formal is not None:
                    # "Schmidt & Co. (HK) Ltd." is a company, whatever its list calls it;
                    # "Johnson Consulting LLC" is not the listed person "JOHNSON, Prince";
                    # nor is "COCHAN ANGOLA", an alias of "COCHAN S.A.", the person "Angela Cochran".
                    score *= COMPANY_FOR_PERSON_FACTOR
                    why = "has a legal form" if formal is company else f"is a name of '{formal.original}', which has a legal form"
                    feats.append(f.Feature("schema", 0.0, f"'{company.original}' {why}: a company, not a person"))
                if best is None or score > best[0]:
                    best = (score, q, c, kind, feats)
    if best is None:
        _, q = query.names[0]
        kind, c = candidate.names[0]
        best = (0.0, q, c, kind, [f.Feature("name", 0.0, "an acronym is not a person's name")])
    return best


def _schema_feature(query: Side, candidate: Side, q: NameForm, c: NameForm) -> f.Feature:
    """Type agreement.  A name of unknown type with a legal form is a company, not a vessel
    or an aircraft: "Bueno Consulting B.V." is not the vessel BUENO."""
    if query.schema in f.THING_SCHEMATA or candidate.schema in f.THING_SCHEMATA:  # (most pairs: neither)
        for form, schema, other in ((q, query.schema, candidate.schema), (c, candidate.schema, query.schema)):
            if other in f.THING_SCHEMATA and schema in ("", "LegalEntity") and form.legal_forms:
                return f.Feature("schema", 0.0, f"'{form.original}' has a legal form: a company, not a {other.lower()}")
    return f.schema_type(query.schema, candidate.schema)


def score(query: Side, candidate: Side, weight: TokenWeights, explain: bool = True) -> Score:
    """Score ``candidate`` for ``query`` in [0, 1].

    ``explain=False`` skips writing the explanation (ranking many candidates);
    the score is the same.
    """
    name_score, q, c, kind, feats = best_name(query, candidate, weight, explain)
    others = [
        _schema_feature(query, candidate, q, c),
        f.birth_date(query.birth_dates, candidate.birth_dates),
        f.country(query.countries, candidate.countries),
    ]
    total = name_score + sum(_adjust(feat) for feat in others)
    ident = f.identifier(query.identifiers, candidate.identifiers)
    if ident.score:
        total = max(total, IDENTIFIER_SCORE)
        others.append(ident)
    total = min(1.0, max(0.0, total))
    return Score(total, q.original, c.original, kind, feats + [o for o in others if o.detail])
