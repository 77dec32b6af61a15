"""The compiled build (setup.py, mypyc) gives exactly the Python source's scores and explanations.

The pairs are real: nomenklatura's labelled cases, the UN individuals of the
candidate-generation set against each other and against made-up US persons,
and the bundled sample list's names.  A subprocess scores them from a copy of
the ``.py`` files alone; this process scores them with whatever is installed.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import partyscreen
from partyscreen._native import compiled_modules, stale_modules

PACKAGE = Path(partyscreen.__file__).resolve().parent

# Run in both processes: every pair scored with its explanation, as JSON on stdout.
_SCORER = """
import json, sys
import partyscreen.normalize.names as names
from partyscreen.match import algorithm
from partyscreen.match.pairs import _WEIGHTS, score_pair, side_from_properties

out = []
for schema, query, candidate in json.load(sys.stdin):
    score, match = score_pair(schema, query, candidate)
    q, c = side_from_properties(schema, query), side_from_properties(schema, candidate)
    features = []
    if q.names and c.names:
        result = algorithm.score(q, c, _WEIGHTS, explain=True)
        features = [[f.name, None if f.score is None else round(f.score, 9), f.detail] for f in result.features]
    out.append([round(score, 9), match, features])
print(json.dumps({"compiled": not names.__file__.endswith(".py"), "results": out}))
"""


def _pairs(shared: Path | None) -> list[tuple[str, dict, dict]]:
    pairs: list[tuple[str, dict, dict]] = []
    with open(PACKAGE / "data" / "sample_csl.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [n for row in rows for n in [row["name"], *row["alt_names"].split("; ")] if n]
    pairs += [("LegalEntity", {"name": [a]}, {"name": [b]}) for a, b in zip(names, names[1:] + names[:1])]
    if shared is None:
        return pairs
    with open(shared / "matching-benchmarks" / "nomenklatura" / "cases.csv", encoding="utf-8", newline="") as fh:
        pairs += [(r["schema"], {"name": [r["name1"]]}, {"name": [r["name2"]]}) for r in csv.DictReader(fh)]
    generation = shared / "matching-benchmarks" / "yente" / "candidate_generation"
    with open(generation / "positives_un_untreated.csv", encoding="utf-8", newline="") as fh:
        un = list(csv.DictReader(fh))
    with gzip.open(generation / "negatives_us.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        made_up = [row for _, row in zip(range(len(un)), csv.DictReader(fh))]

    def person(row: dict) -> dict:
        props = {"name": [row["full_name"]]}
        if row.get("date_of_birth"):
            props["birthDate"] = [row["date_of_birth"]]
        if row.get("nationality"):
            props["nationality"] = [row["nationality"]]
        return props

    pairs += [("Person", person(a), person(b)) for a, b in zip(un, un[1:] + un[:1])]
    pairs += [("Person", person(a), person(b)) for a, b in zip(un, made_up)]
    # Of unknown type: read both as a person's and an organisation's name.
    pairs += [("LegalEntity", {"name": [a["full_name"]]}, {"name": [b["full_name"]]}) for a, b in zip(un[::7], un[3::7])]
    return pairs


def _score(pairs: list, python_path: str | None) -> dict:
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    done = subprocess.run(
        [sys.executable, "-c", _SCORER], input=json.dumps(pairs), capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


def test_the_compiled_build_scores_as_the_python_source(tmp_path: Path) -> None:
    if not compiled_modules():
        pytest.skip("this installation runs the Python source only (PARTYSCREEN_PURE_PYTHON=1)")
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    pairs = _pairs(shared if shared.is_dir() else None)
    source = tmp_path / "partyscreen"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))

    built = _score(pairs, None)
    reference = _score(pairs, str(tmp_path))

    assert built["compiled"] and not reference["compiled"]
    assert len(built["results"]) == len(pairs)
    differ = [(pairs[i], b, r) for i, (b, r) in enumerate(zip(built["results"], reference["results"])) if b != r]
    assert not differ, f"{len(differ)} of {len(pairs)} pairs differ; first: {differ[0]}"


def test_no_compiled_module_is_older_than_its_source() -> None:
    assert stale_modules() == []


def test_the_records_survive_pickling() -> None:
    """Screeners travel to Spark executors pickled; compiled classes need their own ``__reduce__``."""
    import pickle

    from partyscreen.match.algorithm import Score, Side
    from partyscreen.match.card import Card
    from partyscreen.match.features import Alignment, Feature
    from partyscreen.normalize import analyze

    form = analyze("Inspur Group Co., Ltd.", "Company")[0]
    feature = Feature("name", 0.9, "'Inspur' equals 'Inspur'")
    records = [
        form,
        Card("el-1", "Company", "EL", "Inspur Group", (("name", form),), ("cn",), (), (), "2023-03-02", "", "h1",
             license_requirement="For all items subject to the EAR.", programs=("EL",)),
        feature,
        Alignment(((0, 0, 1.0),), (1,), ()),
        Side((("name", form),), "Company", ("cn",), ("2001",), ("X1234",), (("alias", form),)),
        Score(0.9, "Inspur", "Inspur Group", "name", [feature]),
    ]
    for record in records:
        assert pickle.loads(pickle.dumps(record)) == record


def test_a_compiled_record_refuses_a_change() -> None:
    """The records are not frozen dataclasses (setup.py: a compiled class would build them in
    interpreted Python); their fields are Final, which the compiled class enforces."""
    if not compiled_modules():
        pytest.skip("the Python source: Final is checked by mypy, not at run time")
    from partyscreen.match.card import Card
    from partyscreen.normalize import analyze

    form = analyze("Inspur Group Co., Ltd.", "Company")[0]
    card = Card("el-1", "Company", "EL", "Inspur Group", (("name", form),), (), (), (), "", "", "h1")
    with pytest.raises(AttributeError):
        form.tokens = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        card.name = "Aivres Systems"  # type: ignore[misc]
