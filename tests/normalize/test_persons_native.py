"""The C twin of a person name's first step (``_text.split_glued``) gives what the Python gives.

``names._split_glued_py`` (glued names and initials written together set apart, in a name
not written in one case) is the reference.  They are compared on every name of the real
lists and of the cases, as written and in other casings, and on seeded random strings of
the characters the rules look at.  Where the extension is not built
(PARTYSCREEN_PURE_PYTHON=1) the tests skip.
"""

from __future__ import annotations

import random

import pytest

from partyscreen.normalize import names

_text = pytest.importorskip("partyscreen.normalize._text", reason="the C extension is not built (PARTYSCREEN_PURE_PYTHON=1)")


def _glued_differences(strings: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for s in strings:
        python = names._split_glued_py(s)
        native = _text.split_glued(s, names._CAMEL_KEEP, names._are_initials)
        if native != python:
            out.append((s, native, python))
    return out


def _casings(strings: list[str], seed: int) -> list[str]:
    """Each string as written, in title case, and with its letters' case flipped at random."""
    rng = random.Random(seed)
    out = list(strings) + [s.title() for s in strings[::2]]
    for s in strings[1::2]:
        out.append("".join(c.swapcase() if rng.random() < 0.3 else c for c in s))
    return out


#: Each rule's edges: glued names (with the kept prefixes, digits, underscores, non-ASCII letters
#: beside them), initials of two and three capitals (with vowels, a fourth capital, word characters
#: after them), excluded words (Ng, titles, Jr, legal forms), one-letter and empty text.
ODD_NAMES = [
    "", "A", "a", "Ab", "AB", "ab", "JC Juncker", "TJ Cox", "NG Chee Meng", "DR Who", "JR Smith", "LLC Smith",
    "SergeiLavrov", "RamiMakhlouf", "McDonald", "MacArthur", "VanDamme", "DellaRobbia", "DeAndre", "AbcDef",
    "Abc Def", "AbcDefGhi", "AbcdEfgh", "_AbcDef", "1AbcDef", "AbcDef1", "éAbcDef", "AbcDefé", "Ab Cd", "AbCd",
    "JCB", "JCBX Smith", "BCD", "BCDF", "BC1 Smith", "BC_ Smith", "BCé Smith", "éBC Smith", "BC-D Smith",
    "J.C. Juncker", "JC-Juncker", "Smith JC", "Smith, JC", "SMITH John", "smith JC", "O'Neil JC", "JCJuncker",
    "AlexanderJC Smith", "John JrSmith", "ǅemal JC", "Ǆemal Bc", "ΑΒ Cd", "Straße JC", "İstanbul JC",
    "x" * 200 + "JC", "JC " * 50, "AbcDef " * 40,
]


@pytest.mark.shared
def test_every_name_splits_alike(cases_names: list[str], list_names: list[str]) -> None:
    strings = _casings(cases_names + list_names, seed=23)
    assert len(strings) > 50_000
    assert _glued_differences(strings) == []


def test_odd_names_split_alike() -> None:
    assert _glued_differences(ODD_NAMES) == []


def test_random_strings_split_alike() -> None:
    """300,000 seeded random strings of capitals (vowels and not), small letters, digits, '_',
    marks, spaces and a few non-ASCII letters, so that glued words and initials meet often."""
    rng = random.Random(29)
    alphabets = ["BCDJTXAEYabcdeo1_ .-,'", "JCTXBaeo ", "AbcDefGhMacVanDel ", "BCDéÉßǅΑж_ 1"]
    strings = []
    for k in range(300_000):
        letters = alphabets[k % len(alphabets)]
        strings.append("".join(rng.choice(letters) for _ in range(rng.randint(0, 14))))
    assert _glued_differences(strings) == []


def test_split_glued_as_documented() -> None:
    assert _text.split_glued("JC Juncker", names._CAMEL_KEEP, names._are_initials) == "J C Juncker"
    assert _text.split_glued("SergeiLavrov", names._CAMEL_KEEP, names._are_initials) == "Sergei Lavrov"
    assert _text.split_glued("MacArthur", names._CAMEL_KEEP, names._are_initials) == "MacArthur"
    assert _text.split_glued("NG Chee Meng", names._CAMEL_KEEP, names._are_initials) == "NG Chee Meng"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        _text.split_glued(b"JC", names._CAMEL_KEEP, names._are_initials)


def test_the_python_runs_the_c_where_it_is_built() -> None:
    assert names._NATIVE_SPLIT_GLUED is _text.split_glued
