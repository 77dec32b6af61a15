"""The C twin of features.py's word rules (``_similarity.c``) gives exactly what the Python gives.

``features._token_similarity`` and ``features._greedy_pairs`` are the reference;
the extension must return the same floats, bit for bit, and the same pairs, for
any words: those of nomenklatura's cases, a seeded sample of the words of real
list names (the BIS Entity List, OFAC's SDN list), odd ones picked by hand, and
every combination of the flags.  Where the extension is not built
(PARTYSCREEN_PURE_PYTHON=1), there is nothing to compare and the tests skip.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import random
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from partyscreen._native import compiled_modules
from partyscreen.match import features as f
from partyscreen.normalize import analyze

_similarity = pytest.importorskip(
    "partyscreen.match._similarity", reason="the C extension is not built (PARTYSCREEN_PURE_PYTHON=1)"
)

#: (person, last, abjad, wade_giles): every combination.
FLAGS = list(itertools.product((False, True), repeat=4))


def _reference(a: str, b: str, person: bool, last: bool, abjad: bool, wade_giles: bool) -> float:
    return 1.0 if a == b else f._token_similarity(a, b, person, last, abjad, wade_giles)


def _differences(pairs: list[tuple[str, str]], flags: list[tuple[bool, bool, bool, bool]]) -> list[tuple]:
    """The word pairs and flags where the C and the Python differ (as a float's bits or its type)."""
    out = []
    for a, b in pairs:
        for person, last, abjad, wade_giles in flags:
            native = _similarity.token_similarity(a, b, person, last, abjad, wade_giles)
            python = _reference(a, b, person, last, abjad, wade_giles)
            if type(native) is not type(python) or native.hex() != python.hex():
                out.append((a, b, person, last, abjad, wade_giles, native, python))
    return out


# -- the words ------------------------------------------------------------------

#: Words each rule is about, and words at the edges: empty-ish, one letter, digits of other
#: scripts, Roman numerals, other scripts, a letter outside the BMP, words longer than 64 letters.
ODD_WORDS = [
    "a", "b", "v", "x", "i", "ii", "iii", "iv", "vi", "xi", "xx", "xiv", "xiva", "xvii", "1", "12", "2004", "2005",
    "2004a", "3rd", "１２", "１２３４", "１２３５", "٢٠٠٤", "٢٠٠٥", "²", "²²²", "²²³",
    "al", "el", "alaqsa", "aqsa", "elnour", "nour", "muhammad", "mohammed", "muhamad", "mohamad", "bill", "william",
    "lavrovs", "lavrov", "putinas", "putin", "medvedevas", "medvedev", "oleksandr", "oleksandrovych", "vlad", "vladlen",
    "ben", "benjamin", "hsi", "xi", "tung", "dong", "tse", "ze", "chin", "jin", "ping", "jinping", "frnandu", "fernando",
    "biriz", "perez", "jong", "uun", "un", "mckenton", "mckesson", "faberlick", "faberlic", "pavlovna", "paulauna",
    "assad", "asasd", "abc", "abd", "abcde", "müller", "mueller", "muller", "straße", "strasse", "ñandú", "nandu",
    "김", "한", "习近平", "习", "щукин", "shchukin", "\U00020000", "\U00020000x", "é", "e", "ǆ",
    "a" * 70, "a" * 69 + "b", "ab" * 40, "ba" * 40, "x" * 65, "x" * 64, "pqrstuvwxyz" * 7,
]


def _tokens(names: list[tuple[str, str]]) -> list[str]:
    """The distinct words of names, each analysed as its schema says, in a fixed order."""
    seen: dict[str, None] = {}
    for schema, name in names:
        for form in analyze(name, schema):
            seen.update(dict.fromkeys(form.tokens))
    return list(seen)


@pytest.fixture(scope="module")
def cases(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / "matching-benchmarks" / "nomenklatura" / "cases.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def list_words(shared_data: Path) -> list[str]:
    """Words of 3,000 names drawn with a fixed seed from the BIS Entity List (with aliases) and OFAC's SDN list."""
    names: list[tuple[str, str]] = []
    with open(shared_data / "restricted-parties-db" / "bis_entity_list_flat.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names += [("LegalEntity", n) for n in [row["name_english"], row["name_native"], *row["aliases"].split(" | ")] if n]
    sdn = gzip.decompress((shared_data / "ofac-sdn-gitscrape" / "sdn_2024-05-03.csv.gz").read_bytes()).decode("utf-8", "replace")
    for row in csv.reader(io.StringIO(sdn)):
        if len(row) > 2 and row[0].strip().isdigit():
            names.append(("Person" if row[2].strip() == "individual" else "LegalEntity", row[1]))
    return _tokens(random.Random(7).sample(names, 3000))


# -- the tests --------------------------------------------------------------------


@pytest.mark.shared
def test_the_words_of_each_case_compare_alike(cases: list[dict[str, str]]) -> None:
    """Every word of one name of a case against every word of the other, with every flag."""
    pairs = []
    for case in cases:
        for q in analyze(case["name1"], case["schema"]):
            for c in analyze(case["name2"], case["schema"]):
                pairs += itertools.product(q.tokens, c.tokens)
    assert len(pairs) > 5000
    assert _differences(list(dict.fromkeys(pairs)), FLAGS) == []


@pytest.mark.shared
def test_each_case_pairs_its_words_alike(cases: list[dict[str, str]]) -> None:
    """The greedy pairing of the two names of each case (every reading), with every flag."""
    differ = []
    for case in cases:
        for q in analyze(case["name1"], case["schema"]):
            for c in analyze(case["name2"], case["schema"]):
                for person, abjad, wade_giles in itertools.product((False, True), repeat=3):
                    native = _similarity.greedy_pairs(q.tokens, c.tokens, person, abjad, wade_giles)
                    python = f._greedy_pairs(q.tokens, c.tokens, person, abjad, wade_giles)
                    if repr(native) != repr(python):
                        differ.append((q.tokens, c.tokens, person, abjad, wade_giles, native, python))
    assert differ == []


@pytest.mark.shared
def test_a_sample_of_list_words_compares_alike(list_words: list[str]) -> None:
    """200,000 pairs of words of real list names: a third at random, a third sharing the first
    letter, a third neighbours in alphabetical order (sharing a beginning, where most rules
    apply); each with every combination of person, abjad and Wade-Giles (and ``last`` alternating)."""
    rng = random.Random(11)
    words = sorted(list_words)
    by_initial: dict[str, list[str]] = {}
    for w in words:
        by_initial.setdefault(w[0], []).append(w)
    pairs = []
    for k in range(200_000):
        at = rng.randrange(len(words))
        a = words[at]
        if k % 3 == 0:
            b = rng.choice(words)
        elif k % 3 == 1:
            b = rng.choice(by_initial[a[0]])
        else:
            b = words[min(at + rng.randint(1, 3), len(words) - 1)]
        pairs.append((a, b))
    differ = []
    for k, (a, b) in enumerate(pairs):
        last = k % 2 == 1
        differ += _differences([(a, b)], [(p, last, ab, wg) for p, ab, wg in itertools.product((False, True), repeat=3)])
    assert differ == []


def test_odd_words_compare_alike() -> None:
    pairs = list(itertools.product(ODD_WORDS, repeat=2))
    assert _differences(pairs, FLAGS) == []


def test_odd_names_pair_alike() -> None:
    """Names of odd words, with repeated words and more than one best pair."""
    rng = random.Random(3)
    for _ in range(3000):
        q = [rng.choice(ODD_WORDS) for _ in range(rng.randint(0, 5))]
        c = [rng.choice(ODD_WORDS) for _ in range(rng.randint(0, 5))]
        flags = [rng.random() < 0.5 for _ in range(3)]
        assert repr(_similarity.greedy_pairs(q, c, *flags)) == repr(f._greedy_pairs(q, c, *flags)), (q, c, flags)


def test_an_empty_word_raises_as_in_python() -> None:
    """analyze gives no empty word; were one compared, both raise where Python indexes a[0]."""
    assert _similarity.token_similarity("", "", True, False, False, False) == 1.0
    for a, b in (("", "abc"), ("abc", "")):
        with pytest.raises(IndexError):
            f._token_similarity(a, b, True, False, False, False)
        with pytest.raises(IndexError):
            _similarity.token_similarity(a, b, True, False, False, False)
        with pytest.raises(IndexError):
            _similarity.greedy_pairs([a], [b], True, False, False)


def test_osa_distance_is_rapidfuzz_osa() -> None:
    """Random strings over a few letters (so that swaps and repeats happen), some outside Latin-1
    and the BMP, of lengths on both sides of the 64 letters where the bit-parallel way stops."""
    rng = random.Random(5)
    alphabet = "abcdeäöüЖЩ中文\U0001F600"
    for k in range(100_000):
        size = 150 if k % 50 == 0 else 12
        letters = alphabet[: rng.randint(2, len(alphabet))]
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, size)))
        b = "".join(rng.choice(letters) for _ in range(rng.randint(0, size)))
        assert _similarity.osa_distance(a, b) == OSA.distance(a, b), (a, b)


def test_an_error_in_a_rule_helper_reaches_the_caller() -> None:
    """A helper the rules call back (here the phonetic key, which "pierce" and "pearse" need) that raises: the error propagates."""

    def broken(token: str) -> str:
        raise ValueError(token)

    try:
        _similarity.configure(
            person_variant_ratio=f.PERSON_VARIANT_RATIO, org_spelling_ratio=f.ORG_SPELLING_RATIO,
            org_variant_ratio=f.ORG_VARIANT_RATIO, person_same_shape_ratio=f.PERSON_SAME_SHAPE_RATIO,
            org_variant_factor=f.ORG_VARIANT_FACTOR, roman=f._ROMAN, person_roman=f._PERSON_ROMAN,
            baltic_endings=f._BALTIC_ENDINGS, canonical_given_name=f.canonical_given_name, phonetic_key=broken,
            consonant_skeleton=f._consonant_skeleton, is_patronymic=f.is_patronymic, pinyin_readings=f.pinyin_readings,
        )
        with pytest.raises(ValueError):
            _similarity.greedy_pairs(["john", "pierce"], ["jon", "pearse"], True, False, False)
    finally:
        f._native_greedy_pairs()  # features.py's own settings again
    assert _similarity.greedy_pairs(["smith"], ["smith"], True, False, False) == ([(0, 0, 1.0)], {0}, {0})


def test_the_build_counts_as_compiled_from_its_c_source() -> None:
    """_native lists it (from _similarity.c), so the suite refuses to run on it once the C is edited."""
    assert "partyscreen.match._similarity" in compiled_modules()
