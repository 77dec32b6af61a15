"""The labelled name pairs of nomenklatura's name_bench and the figures computed on them.

``cases.csv`` (826 rows: case_group, schema, name1, name2, is_match, quality,
category, notes) is read from the shared data beside the repository; it is never
copied into the repo.  Each row becomes one :class:`Case`: a query entity and a
candidate entity of the same FollowTheMoney schema, each with only a ``name``
property, and the label.

Figures: precision, recall and F1 over all cases, over people (schema
``Person``) and over organisations (``Company``, ``Organization``,
``LegalEntity``).  ``Vessel`` cases count in "all" only.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """The shared data folder: ``$BENCH_DATA_DIR`` or ``../shared/data`` beside the repo."""
    env = os.environ.get("BENCH_DATA_DIR")
    return Path(env) if env else REPO.parent / "shared" / "data"


def cases_path() -> Path:
    return data_dir() / "matching-benchmarks" / "nomenklatura" / "cases.csv"


PERSON_SCHEMATA = frozenset({"Person"})
ORG_SCHEMATA = frozenset({"Company", "Organization", "LegalEntity"})

# slice name -> predicate on the schema
SLICES: dict[str, Callable[[str], bool]] = {
    "all": lambda schema: True,
    "people": lambda schema: schema in PERSON_SCHEMATA,
    "orgs": lambda schema: schema in ORG_SCHEMATA,
}

Props = dict[str, list[str]]


@dataclass(frozen=True)
class Case:
    index: int  # 0-based row number in cases.csv
    case_group: str
    schema: str
    name1: str
    name2: str
    is_match: bool
    quality: str = ""
    category: str = ""
    notes: str = ""

    @property
    def query(self) -> Props:
        return {"name": [self.name1]}

    @property
    def candidate(self) -> Props:
        return {"name": [self.name2]}


def load_cases(path: Path | None = None) -> list[Case]:
    path = path or cases_path()
    out: list[Case] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            out.append(
                Case(
                    index=i,
                    case_group=row["case_group"],
                    schema=row["schema"],
                    name1=row["name1"],
                    name2=row["name2"],
                    is_match=row["is_match"].strip().lower() == "true",
                    quality=(row.get("quality") or "").strip().upper(),
                    category=row.get("category") or "",
                    notes=row.get("notes") or "",
                )
            )
    return out


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "tp": self.tp,
            "fp": self.fp,
            "tn": self.tn,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def confusion(cases: Iterable[Case], predicted: Sequence[bool]) -> Confusion:
    c = Confusion()
    for case, pred in zip(cases, predicted, strict=True):
        if case.is_match and pred:
            c.tp += 1
        elif case.is_match:
            c.fn += 1
        elif pred:
            c.fp += 1
        else:
            c.tn += 1
    return c


def quality_figures(cases: Sequence[Case], predicted: Sequence[bool]) -> dict[str, dict]:
    """Confusion and P/R/F1 per slice (all, people, orgs)."""
    out: dict[str, dict] = {}
    for name, keep in SLICES.items():
        pairs = [(c, p) for c, p in zip(cases, predicted, strict=True) if keep(c.schema)]
        out[name] = confusion([c for c, _ in pairs], [p for _, p in pairs]).as_dict()
    return out


@dataclass
class Failure:
    case: Case
    outcome: str  # "FN" or "FP"
    score: float


def failures(
    cases: Sequence[Case], scores: Sequence[float], predicted: Sequence[bool]
) -> list[Failure]:
    """Every wrong verdict: false negatives (lowest score first), then false positives
    (highest score first)."""
    fns: list[Failure] = []
    fps: list[Failure] = []
    for case, score, pred in zip(cases, scores, predicted, strict=True):
        if case.is_match and not pred:
            fns.append(Failure(case, "FN", score))
        elif not case.is_match and pred:
            fps.append(Failure(case, "FP", score))
    fns.sort(key=lambda f: f.score)
    fps.sort(key=lambda f: -f.score)
    return fns + fps


@dataclass
class CaseStats:
    n: int
    distinct_pairs: int
    distinct_names: int
    by_schema: dict[str, int] = field(default_factory=dict)


def case_stats(cases: Sequence[Case]) -> CaseStats:
    by_schema: dict[str, int] = {}
    for c in cases:
        by_schema[c.schema] = by_schema.get(c.schema, 0) + 1
    return CaseStats(
        n=len(cases),
        distinct_pairs=len({(c.schema, c.name1, c.name2) for c in cases}),
        distinct_names=len({c.name1 for c in cases} | {c.name2 for c in cases}),
        by_schema=dict(sorted(by_schema.items())),
    )
