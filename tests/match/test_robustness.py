"""Whatever a counterparty file holds, scoring a name answers: no exception, a score in [0, 1].

Names are drawn, with a fixed seed, from every script and kind of character a
file can carry: control and format characters, combining marks, full-width
forms, emoji, rare Han characters (CJK Extension B, which pypinyin cannot
read), legal forms and separators.  A batch must not stop at its ten-thousandth
row because one name in it is odd.
"""

from __future__ import annotations

import random

import pytest

from partyscreen.match.pairs import score_pair
from partyscreen.normalize import analyze

_RANGES = [
    (0x20, 0x7F), (0x00, 0x20), (0x400, 0x4FF), (0x600, 0x6FF), (0x370, 0x3FF), (0x590, 0x5FF),
    (0x4E00, 0x4FF4), (0x20000, 0x200C8), (0xAC00, 0xAD2C), (0x3040, 0x30FF), (0x0E00, 0x0E7F),
    (0x0900, 0x097F), (0x1F300, 0x1F600), (0xFF00, 0xFFEF), (0x2000, 0x2070), (0x0300, 0x036F),
]
_POOLS = [[chr(c) for c in range(lo, hi)] for lo, hi in _RANGES]
_POOLS.append(["Ltd", "LLC", "OOO", "S.A.", "GmbH", "Co.", "(HK)", "bin", "al-", " d/b/a ", "a.k.a.", "&", "·", "（", "）",
               " ", " ", ",", ".", "-", "'", "/", "\u200b", "\u200d", "\u200e", "\u202e", "\ufeff", "\u00ad"])
_SCHEMATA = ["Person", "Company", "Organization", "LegalEntity", "Vessel", ""]


def _names(seed: int, count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)

    def name() -> str:
        pools = rng.sample(_POOLS, rng.randint(1, 3))
        return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 25)))

    return [(rng.choice(_SCHEMATA), name(), name()) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_any_name_scores(seed: int) -> None:
    for schema, query, listed in _names(seed, 1500):
        for candidate in (listed, query):
            score, _ = score_pair(schema, {"name": [query]}, {"name": [candidate]})
            assert 0.0 <= score <= 1.0, (schema, query, candidate)


@pytest.mark.parametrize("seed", range(4))
def test_no_empty_word(seed: int) -> None:
    for schema, query, _ in _names(seed, 1500):
        for form in analyze(query, schema or "LegalEntity"):
            assert all(form.tokens), (schema, query, form.tokens)
