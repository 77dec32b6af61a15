"""Matching features: small pure functions ``(query, candidate) -> Feature``.

Each feature looks at one kind of evidence and says, in words a reviewer can
read, what it found.  :mod:`partyscreen.match.algorithm` combines them with
declared weights.  A feature returns ``None`` for its score when it has no
evidence either way (e.g. the query gives no date of birth), so absent data
never counts against a hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from rapidfuzz.distance import OSA, Levenshtein

from partyscreen.normalize import NameForm, canonical_given_name, normalize_text, phonetic_key
from partyscreen.normalize.legal_forms import is_slip_of, legal_form_words
from partyscreen.normalize.text import has_word_joiner, joined_text
from partyscreen.normalize.persons import is_patronymic
from partyscreen.normalize.vocabulary import ABBREVIATIONS, ORG_STOPWORDS, RUSSIAN_WORDS
from partyscreen.normalize.wade_giles import joined_readings, pinyin_readings
from partyscreen.match.regions import is_region

#: ``weight(token, person) -> float``: how much a token says about identity
#: (``person``: the token is part of a person's name).
if TYPE_CHECKING:  # weights.py imports this module
    from partyscreen.match.weights import TokenWeights


@dataclass(slots=True, unsafe_hash=True)
class Feature:
    """One piece of evidence: its name, its score and the words that explain it."""

    name: Final[str]
    score: Final[float | None]  # None: no evidence either way
    detail: Final[str]

    # Not ``frozen=True``: a compiled class (setup.py) would run the generated
    # ``__init__`` as interpreted Python, ten times slower than this one.  The
    # fields are Final instead: type checking and the compiled class refuse a change.
    def __init__(self, name: str, score: float | None, detail: str) -> None:
        self.name = name
        self.score = score
        self.detail = detail

    def __reduce__(self) -> tuple[type[Feature], tuple[str, float | None, str]]:
        return (Feature, (self.name, self.score, self.detail))


_NO_EVIDENCE: Final[dict[str, Feature]] = {}


def no_evidence(name: str) -> Feature:
    """Feature ``name`` with nothing to say, neither a score nor words: one shared object a name
    (a Feature cannot change), as most pairs have no dates, countries or identifiers to compare."""
    found = _NO_EVIDENCE.get(name)
    if found is None:
        found = _NO_EVIDENCE[name] = Feature(name, None, "")
    return found


# -- name --------------------------------------------------------------------

#: Name particles: they belong to the name but say little about who it is.
PARTICLES: Final = frozenset(
    "al el bin ibn bint ben abu abd ould van von de da der den di du le la del dos das ter".split()
)
#: In Arabic name chains these link a person to a father: their order matters.
_CHAIN_PARTICLES: Final = frozenset({"bin", "ibn", "bint", "ould", "ben"})


@dataclass(slots=True, unsafe_hash=True)
class Alignment:
    """How the tokens of two names line up."""

    pairs: Final[tuple[tuple[int, int, float], ...]]  # (query index, candidate index, similarity)
    query_left: Final[tuple[int, ...]]
    candidate_left: Final[tuple[int, ...]]

    # Not ``frozen=True``: a compiled class (setup.py) would run the generated
    # ``__init__`` as interpreted Python, ten times slower than this one.  The
    # fields are Final instead: type checking and the compiled class refuse a change.
    def __init__(self, pairs: tuple[tuple[int, int, float], ...], query_left: tuple[int, ...], candidate_left: tuple[int, ...]) -> None:
        self.pairs = pairs
        self.query_left = query_left
        self.candidate_left = candidate_left

    def __reduce__(self) -> tuple[type[Alignment], tuple[tuple[tuple[int, int, float], ...], tuple[int, ...], tuple[int, ...]]]:
        return (Alignment, (self.pairs, self.query_left, self.candidate_left))


#: For people, a word only one side has (a middle name, patronymic, second
#: family name) counts this much: lists give fuller names than callers do.
PERSON_EXTRA_WORD_FACTOR: Final = 0.4
#: A patronymic only one side has counts less still: callers and many lists leave it out.
PERSON_EXTRA_PATRONYMIC_FACTOR: Final = 0.2


#: A mistyped word of a person's name: how alike its letters must be, and what
#: it counts for (a share of its letter similarity).
GARBLED_MIN_SIMILARITY: Final = 0.45
GARBLED_CREDIT: Final = 0.7
#: A name with a mistyped word is for a reviewer: it scores at most this (below the default match threshold).
GARBLED_SCORE_CAP: Final = 0.65


def _garbled_pairs(q: Sequence[str], c: Sequence[str], alignment: Alignment) -> list[tuple[int, int, float]]:
    """Left-over words of two person names that may be one word mistyped twice: one on each
    side (or two), of three letters or more, with letters alike."""
    left_q, left_c = alignment.query_left, alignment.candidate_left
    if len(left_q) > 2 or len(left_c) > 2:
        return []
    options = []
    for i in left_q:
        for j in left_c:
            a, b = q[i], c[j]
            if max(len(a), len(b)) < 2 or is_number(a, True) or is_number(b, True):
                continue
            sim = Levenshtein.normalized_similarity(a, b)
            if sim >= (GARBLED_MIN_SIMILARITY if max(len(a), len(b)) > 2 else 0.5):
                options.append((sim, i, j))
    out: list[tuple[int, int, float]] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    for sim, i, j in sorted(options, reverse=True):
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            out.append((i, j, sim * GARBLED_CREDIT))
    return out


def _extra_words(tokens: Sequence[str], left: Sequence[int], weights: Sequence[float]) -> float:
    return sum(
        weights[i] * (PERSON_EXTRA_PATRONYMIC_FACTOR if is_patronymic(tokens[i]) else PERSON_EXTRA_WORD_FACTOR) for i in left
    )


#: When both sides have words the other lacks, the names conflict ("Abdul Hasib"
#: vs "Abdul Ahmad" in an otherwise equal chain): those words count more than in full.
PERSON_CONFLICT_FACTOR: Final = 1.25

#: The same for organisations: words on both sides that the other lacks count this much more.
ORG_CONFLICT_FACTOR: Final = 1.5

#: Roman numerals in fund and trust names ("Fund III"): numbers, not words.
_ROMAN: Final = frozenset("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split())
#: Scripts where one character is a syllable or a word: a different character is a different name.
_SYLLABIC_SCRIPTS: Final = frozenset({"Han", "Hangul", "Hiragana", "Katakana", "Japanese"})
#: Scripts romanised one syllable a word ("Xi Jin Ping", "Kim Jong Un"); kana spell foreign names as they sound.
_ROMANISED_SYLLABLES: Final = frozenset({"Han", "Hangul"})
#: Scripts that write no short vowels.
_ABJADS: Final = frozenset({"Arabic", "Hebrew"})


#: Words this alike (1 - edit distance / length) are variants of one another: people's names
#: vary in transliteration and hearing, organisations' are spelled with care.
PERSON_VARIANT_RATIO: Final = 0.65
ORG_SPELLING_RATIO: Final = 0.8
#: An organisation's word this alike, two edits at most, is a variant worth less (ORG_VARIANT_FACTOR).
ORG_VARIANT_RATIO: Final = 0.6
#: A person's word of the same length and first letter: romanisations of Belarusian, Ukrainian
#: and Russian differ in several vowels at once (Pavlovna ~ Paulauna).
PERSON_SAME_SHAPE_RATIO: Final = 0.6
ORG_VARIANT_FACTOR: Final = 0.85


#: In a person's name only the generation suffixes are numerals: "Xi", "Vi" and "Li" are names.
_PERSON_ROMAN: Final = frozenset({"ii", "iii", "iv"})


def is_number(token: str, person: bool = False) -> bool:
    return token.isdigit() or token in (_PERSON_ROMAN if person else _ROMAN)


#: (token, token, flags) -> similarity: a batch compares the same words again and again.
_SIMILARITIES: Final[dict[tuple[str, str, int], float]] = {}
_SIMILARITIES_HELD: Final = 500_000


def token_similarity(a: str, b: str, person: bool, last: bool = False, abjad: bool = False, wade_giles: bool = False) -> float:
    """Similarity of two canonical tokens in [0, 1]; 0 below what counts as a variant.

    ``last``: one of the tokens ends its name (a family name), where a mere
    prefix is not a variant.  ``abjad``: one token was romanised from Arabic
    or Hebrew script, which write no short vowels.  ``wade_giles``:
    the names are Chinese and one is in Wade-Giles ("Hsi Chin-ping").
    """
    if a == b:
        return 1.0
    # A dict, not lru_cache: the compiled caller then calls this function directly.
    key = (a, b, (1 if person else 0) | (2 if last else 0) | (4 if abjad else 0) | (8 if wade_giles else 0))
    found = _SIMILARITIES.get(key)
    if found is None:
        if len(_SIMILARITIES) >= _SIMILARITIES_HELD:
            _SIMILARITIES.clear()
        found = _SIMILARITIES[key] = _token_similarity(a, b, person, last, abjad, wade_giles)
    return found


def _token_similarity(a: str, b: str, person: bool, last: bool, abjad: bool, wade_giles: bool) -> float:
    # The reference of similarity() in _similarity.c, which align_tokens runs where it is built:
    # a change to a rule here is made there too (tests/match/test_similarity.py compares them).
    if a[0] == b[0] and len(a) != len(b) and _squeeze(a) == _squeeze(b):
        return 0.9  # a doubled or dropped double letter: Jong-uun ~ Jong-un, Mohamad ~ Mohammad
    if wade_giles and (b in pinyin_readings(a) or a in pinyin_readings(b)):
        return 0.9  # Tse ~ Ze, Tung ~ Dong, Hsi ~ Xi
    if not person and abs(len(a) - len(b)) == 2 and min(len(a), len(b)) >= 4 and _glued_article(a, b):
        return 0.9  # the Arabic article written onto the word: Alaqsa ~ (Al-)Aqsa, Elnour ~ (El-)Nour
    shorter = min(len(a), len(b))
    if shorter == 1:
        # An initial stands for a person's name; in a company name a letter is a letter.
        return 0.9 if person and a[0] == b[0] else 0.0
    numerals = _PERSON_ROMAN if person else _ROMAN
    if a.isdigit() or b.isdigit() or a in numerals or b in numerals:
        return 0.0  # numbers are either equal or different (is_number, inlined: this runs for every word pair)
    if person and canonical_given_name(a) == canonical_given_name(b):
        return 0.95  # Bill ~ William, Mohammed ~ Muhammad
    if shorter <= 2:
        return 0.0
    longer = max(len(a), len(b))
    # Words of lengths far apart are not variants: the difference in length bounds the edit
    # distance from below, and rules them out before the distance itself is computed.
    if shorter == 3 and longer > 4:
        return 0.0
    if a[0] != b[0] and not abjad and shorter / longer < (PERSON_VARIANT_RATIO if person else ORG_VARIANT_RATIO):
        return 0.0  # of the rules below, only the ones on the letter ratio can hold
    distance = OSA.distance(a, b)
    ratio = 1.0 - distance / longer
    if shorter == 3 and distance > 1:
        return 0.0
    # Organisation names are spelled with care: a second letter wrong is
    # another company ("McKenton" is not "McKesson"); people's names travel
    # through transliteration and hearing, and vary more.
    if person and longer >= 5 and a[0] == b[0] and _baltic_stem(a) == _baltic_stem(b):
        return max(ratio, 0.9)  # the Latvian and Lithuanian endings: Lavrovs ~ Lavrov, Putinas ~ Putin
    if ratio >= (PERSON_VARIANT_RATIO if person else ORG_SPELLING_RATIO):
        return ratio
    if person and ratio >= PERSON_SAME_SHAPE_RATIO and a[0] == b[0] and len(a) == len(b):
        return ratio
    if abjad and shorter >= 3:
        skeleton = _consonant_skeleton(a)
        if len(skeleton) >= 2 and skeleton == _consonant_skeleton(b):
            return 0.8  # فرناندو بيريز "frnandu biriz" ~ Fernando Perez
    if not person and ratio >= ORG_VARIANT_RATIO and distance <= 2:
        return ratio * ORG_VARIANT_FACTOR
    if person and shorter >= 4 and a[0] == b[0] and phonetic_key(a) == phonetic_key(b):
        return 0.7  # sounds the same
    if person and not last and shorter >= 3 and (a.startswith(b) or b.startswith(a)) and not is_patronymic(a if len(a) > len(b) else b):
        return 0.7  # a shortened given name: Ben ~ Benjamin (but Oleksandr is not Oleksandrovych)
    return 0.0


def _glued_article(a: str, b: str) -> bool:
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[:2] in ("al", "el") and longer[2:] == shorter


#: Male name endings Latvian and Lithuanian add to foreign names (Lavrovs, Putinas, Medvedevas).
_BALTIC_ENDINGS: Final = ("as", "is", "us", "s")


def _baltic_stem(token: str) -> str:
    for ending in _BALTIC_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


# Letters Arabic and Hebrew write alike or not at all: short vowels are not written, w/v/y
# double as vowels, there is no p (b) and f and v share a letter; the sh/ch sounds are one letter.
_SKELETON_SOUNDS: Final = re.compile(r"tsh|tch|sch|ch|sh|zh")
_SKELETON: Final = str.maketrans({"p": "b", "f": "b", "v": "b", "w": None, "z": "s", "q": "k", "c": "k", "a": None,
                           "e": None, "i": None, "o": None, "u": None, "y": None, "h": None})


def _consonant_skeleton(token: str) -> str:
    """The consonants as an abjad (Arabic, Hebrew) writes them."""
    return _squeeze(_SKELETON_SOUNDS.sub("x", token).translate(_SKELETON))


@lru_cache(maxsize=100_000)
def _looks_wade_giles(tokens: tuple[str, ...]) -> bool:
    """A romanised Chinese name with a spelling pinyin does not have (hs-, ts-, tz-, chi-, -ih, -ung, -ieh, -ien)."""
    return 1 < len(tokens) <= 4 and any(
        t.startswith(("hs", "ts", "tz", "chi")) or t.endswith(("ih", "ung", "ieh", "ien")) for t in tokens if len(t) <= 6
    )


def _squeeze(token: str) -> str:
    """The token with runs of one letter written once ("muhammad" -> "muhamad")."""
    # A loop, not re.sub(r"(.)\1+", r"\1"): re expands that template in Python at every call.
    out = []
    previous = ""
    for ch in token:
        if ch != previous:
            out.append(ch)
            previous = ch
    return "".join(out)


#: (query index, candidate index, similarity) of the words paired, the indices of the
#: query's and the candidate's words used: what the greedy pairing gives.
_GreedyPairs = tuple[list[tuple[int, int, float]], set[int], set[int]]


def _greedy_pairs(query: Sequence[str], candidate: Sequence[str], person: bool, abjad: bool, wade_giles: bool) -> _GreedyPairs:
    """Every word of one name against every word of the other; the pairs that count paired
    off best first, each word used once.  The reference of ``_similarity.greedy_pairs``."""
    scored = []
    last_q, last_c = len(query) - 1, len(candidate) - 1
    for i, a in enumerate(query):
        at_end = i == last_q
        for j, b in enumerate(candidate):
            sim = 1.0 if a == b else token_similarity(a, b, person, at_end or j == last_c, abjad, wade_giles)
            if sim > 0:
                # Prefer exact position on ties so repeated tokens pair up in order.
                scored.append((sim, -abs(i - j), i, j))
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for sim, _, i, j in scored:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            pairs.append((i, j, sim))
    return pairs, used_q, used_c


def _native_greedy_pairs() -> Callable[[Sequence[str], Sequence[str], bool, bool, bool], _GreedyPairs] | None:
    """``greedy_pairs`` of the C extension ``_similarity`` (the same rules, without a Python call
    per pair of words), given this module's settings; None where it is not built."""
    try:
        from partyscreen.match import _similarity
    except ImportError:  # PARTYSCREEN_PURE_PYTHON=1: the Python above runs
        return None
    _similarity.configure(
        person_variant_ratio=PERSON_VARIANT_RATIO,
        org_spelling_ratio=ORG_SPELLING_RATIO,
        org_variant_ratio=ORG_VARIANT_RATIO,
        person_same_shape_ratio=PERSON_SAME_SHAPE_RATIO,
        org_variant_factor=ORG_VARIANT_FACTOR,
        roman=_ROMAN,
        person_roman=_PERSON_ROMAN,
        baltic_endings=_BALTIC_ENDINGS,
        canonical_given_name=canonical_given_name,
        phonetic_key=phonetic_key,
        consonant_skeleton=_consonant_skeleton,
        is_patronymic=is_patronymic,
        pinyin_readings=pinyin_readings,
    )
    return _similarity.greedy_pairs


_NATIVE_GREEDY_PAIRS: Final = _native_greedy_pairs()


def align_tokens(
    query: Sequence[str], candidate: Sequence[str], person: bool, abjad: bool = False, wade_giles: bool = False
) -> Alignment:
    """Greedy best-first alignment, each token used once, then joined-word repair."""
    if _NATIVE_GREEDY_PAIRS is not None:
        pairs, used_q, used_c = _NATIVE_GREEDY_PAIRS(query, candidate, person, abjad, wade_giles)
    else:
        pairs, used_q, used_c = _greedy_pairs(query, candidate, person, abjad, wade_giles)
    variants = False
    for pair in pairs:  # (a loop: compiled, any() over a generator makes an object per call)
        if pair[2] < 0.95:
            variants = True
            break
    if len(used_q) < len(query) and len(used_c) < len(candidate):
        pairs += _joined_words(query, candidate, used_q, used_c, wade_giles)
        pairs += [(j, i, s) for i, j, s in _joined_words(candidate, query, used_c, used_q, wade_giles)]
    if variants and (len(used_q) < len(query) or len(used_c) < len(candidate)):
        pairs = _rejoin_variants(query, candidate, pairs, used_q, used_c)
    return Alignment(
        tuple(sorted(pairs)),
        tuple(i for i in range(len(query)) if i not in used_q),
        tuple(j for j in range(len(candidate)) if j not in used_c),
    )


def _joined_words(
    left: Sequence[str], right: Sequence[str], used_l: set[int], used_r: set[int], wade_giles: bool = False
) -> list[tuple[int, int, float]]:
    """Adjacent unmatched words on the left written as one on the right: "Van der Bilt" ~ "Vanderbilt",
    "Chin-ping" ~ "Jinping"."""
    if len(left) - len(used_l) < 2:
        return []  # (most pairs of names: checked before anything is built)
    free_r = [(j, token) for j, token in enumerate(right) if j not in used_r]
    if not free_r:
        return []
    if not wade_giles:
        # Two words joined are longer than either: no free word on the right long enough, no join.
        # (Checked first: this runs for most pairs of names and nearly always finds nothing.)
        longest = max(len(token) for _, token in free_r) + 1
        free_l = [i for i in range(len(left)) if i not in used_l]
        if not any(b == a + 1 and len(left[a]) + len(left[b]) <= longest for a, b in zip(free_l, free_l[1:])):
            return []
    out: list[tuple[int, int, float]] = []
    for size in (3, 2):
        for i in range(len(left) - size + 1):
            if any(k in used_l for k in range(i, i + size)):
                continue
            words = left[i : i + size]
            joined = "".join(words)
            readings = joined_readings(tuple(words)) if wade_giles else None
            for j, token in free_r:
                if j in used_r:
                    continue
                if readings is not None and token in readings:
                    sim = 0.9
                elif abs(len(token) - len(joined)) > 1 or token[0] != joined[0]:
                    continue
                elif OSA.distance(joined, token, score_cutoff=1) <= (1 if len(token) > 6 else 0):
                    sim = 0.95
                else:
                    continue
                used_l.update(range(i, i + size))
                used_r.add(j)
                out += [(k, j, sim) for k in range(i, i + size)]
                break
    return out


def _rejoin_variants(
    query: Sequence[str], candidate: Sequence[str], pairs: list[tuple[int, int, float]], used_q: set[int], used_c: set[int]
) -> list[tuple[int, int, float]]:
    """A word paired as a variant whose unpaired neighbour, joined to it, is its partner:
    "IR.SHALAMCHE" read as "ir shalamche" against "Irshalamche", "Stroytransgaz-M" against
    "Stroytransgazm".  The pair is replaced by the joined words, each at 0.95."""
    out = []
    for i, j, sim in pairs:
        if sim < 0.95:
            joined = _rejoin(query, i, used_q, candidate[j])
            if joined is not None:
                out += [(k, j, 0.95) for k in joined]
                continue
            joined = _rejoin(candidate, j, used_c, query[i])
            if joined is not None:
                out += [(i, k, 0.95) for k in joined]
                continue
        out.append((i, j, sim))
    return out


def _rejoin(side: Sequence[str], k: int, used: set[int], partner: str) -> tuple[int, int] | None:
    """(k-1, k) or (k, k+1) when that unpaired neighbour joined to word k spells ``partner``; marks it used."""
    for a, b in ((k - 1, k), (k, k + 1)):
        other = a if b == k else b
        if 0 <= other < len(side) and other not in used:
            joined = side[a] + side[b]
            if joined == partner or (len(partner) > 6 and OSA.distance(joined, partner, score_cutoff=1) <= 1):
                used.add(other)
                return a, b
    return None


def _fathers(tokens: Sequence[str]) -> set[int]:
    """The places of the words after a chain particle ("bin", "ould"): the fathers' names."""
    out: set[int] = set()
    for i in range(len(tokens) - 1):
        if tokens[i] in _CHAIN_PARTICLES:
            out.add(i + 1)
    return out


def _crossed_chain(query: Sequence[str], candidate: Sequence[str], alignment: Alignment) -> bool:
    """"X bin Y" against "Y bin X": the same words, but father and son swapped.

    The word after a chain particle names the father; if the father on one
    side is not the father on the other, the chain is crossed.
    """
    fathers_q = _fathers(query)
    if not fathers_q:
        return False  # (most names: no chain particle)
    fathers_c = _fathers(candidate)
    if not fathers_c:
        return False
    mapped = {j for i, j, _ in alignment.pairs if i in fathers_q}
    return bool(mapped) and not (mapped & fathers_c)


def _exact_pairs_only(q: Sequence[str], c: Sequence[str], alignment: Alignment) -> Alignment:
    pairs = tuple(p for p in alignment.pairs if p[2] == 1.0)
    used_q = {i for i, _, _ in pairs}
    used_c = {j for _, j, _ in pairs}
    return Alignment(
        pairs,
        tuple(i for i in range(len(q)) if i not in used_q),
        tuple(j for j in range(len(c)) if j not in used_c),
    )


def _same_syllabic_script(query: NameForm, candidate: NameForm) -> float | None:
    """For two names in Chinese, Korean or Japanese script: the share of characters they share in place."""
    if query.script not in _SYLLABIC_SCRIPTS or candidate.script not in _SYLLABIC_SCRIPTS:
        return None
    a = "".join(ch for ch in query.original if not ch.isspace() and ch not in "·・.")
    b = "".join(ch for ch in candidate.original if not ch.isspace() and ch not in "·・.")
    return Levenshtein.normalized_similarity(a, b)


def name_similarity(query: NameForm, candidate: NameForm, weight: TokenWeights, explain: bool = True) -> Feature:
    """Weighted token agreement of two names.

    Each side's tokens weigh by how much they say about identity (rare words
    more than "Group" or "China").  Unmatched words count against the match.
    For people, words only one side has (middle names, patronymics, a second
    family name) count half: lists give fuller names than callers do.  When
    both sides have words the other lacks, the names conflict and those words
    count in full.
    """
    person = query.kind == "person" and candidate.kind == "person"
    q, c = query.tokens, candidate.tokens
    if not q or not c:
        return Feature("name", 0.0, "no comparable words")
    abjad = (query.script in _ABJADS) != (candidate.script in _ABJADS)
    alignment = align_tokens(q, c, person, abjad, person and (_looks_wade_giles(q) or _looks_wade_giles(c)))
    if query.script in _ROMANISED_SYLLABLES or candidate.script in _ROMANISED_SYLLABLES:
        # Romanised Chinese or Korean syllables: "qiang" and "liang" are
        # different names, not a typo of one another.
        alignment = _exact_pairs_only(q, c, alignment)
    if not person:
        alignment = _abbreviation_slips(q, c, alignment)
    wq = _positional_weights(q, weight, person)
    wc = _positional_weights(c, weight, person)
    mistyped: list[str] = []
    small_words: list[str] = []
    acronyms: list[str] = []
    words = [len(q), len(c)]  # the words of each name, leaving out those read as legal form or acronym
    if not person:
        for side, tokens, weights, left, other in (
            (0, q, wq, alignment.query_left, candidate),
            (1, c, wc, alignment.candidate_left, query),
        ):
            if not left:
                continue
            # "STAN OLLC" against "STAN LLC"; "Government of thpe Russian Federation" against "... the ...".
            for slips, found in ((_mistyped_legal_forms(tokens, left, other.legal_forms), mistyped),
                                 (_mistyped_stopwords(tokens, left, other.original), small_words)):
                for i in slips:
                    weights[i] = min(weights[i], MISTYPED_LEGAL_FORM_WEIGHT)
                    found.append(tokens[i])
                    words[side] -= 1
            for i in _acronyms_of(tokens, left, other.acronyms):
                # "Federal Security Service FSB" against "Federal Security Service (FSB)"
                weights[i] = 0.0
                acronyms.append(tokens[i])
                words[side] -= 1
    matched = 0.0
    deficit = 0.0
    for i, j, sim in alignment.pairs:
        w = (wq[i] + wc[j]) / 2
        matched += w * sim
        deficit += w * (1 - sim)
    left_q = sum(wq[i] for i in alignment.query_left)
    left_c = sum(wc[j] for j in alignment.candidate_left)
    garbled: list[tuple[int, int, float]] = []
    if person:
        if not (alignment.query_left and alignment.candidate_left):
            left_q = _extra_words(q, alignment.query_left, wq)
            left_c = _extra_words(c, alignment.candidate_left, wc)
        else:
            garbled = _garbled_pairs(q, c, alignment) if alignment.pairs else []
            for i, j, sim in garbled:
                # One word mistyped past recognition ("Yotn" for "Yong") beside words that agree:
                # counted as a poor variant, and the name capped so it reaches a reviewer, never a match.
                w = (wq[i] + wc[j]) / 2
                matched += w * sim
                deficit += w * (1 - sim)
                left_q -= wq[i]
                left_c -= wc[j]
            left_q *= PERSON_CONFLICT_FACTOR
            left_c *= PERSON_CONFLICT_FACTOR
    elif alignment.query_left and alignment.candidate_left:
        # "Rice Logistics" against "Rice Electronics", "Day Trading" against "Day Investment":
        # each name has words the other lacks, so they say different things.
        left_q *= ORG_CONFLICT_FACTOR
        left_c *= ORG_CONFLICT_FACTOR
    denominator = matched + deficit + left_q + left_c
    score = matched / denominator if denominator else 0.0
    if garbled:
        score = min(score, GARBLED_SCORE_CAP)
    detail = _describe_alignment(q, c, alignment, weight, person) if explain else ""
    if acronyms and explain:
        detail += "; the other name's acronym: " + ", ".join(acronyms)
    if mistyped and explain:
        detail += "; perhaps a mistyped legal form: " + ", ".join(mistyped)
    if small_words and explain:
        detail += "; perhaps a mistyped small word: " + ", ".join(small_words)
    if garbled and explain:
        detail += "; perhaps mistyped: " + ", ".join(f"{q[i]}~{c[j]}" for i, j, _ in garbled) + " (for a reviewer, not a match)"
    if not person and len(q) == len(c) == 1 and wq[0] <= 0.25 and wc[0] <= 0.25 and normalize_text(query.original) != normalize_text(candidate.original):
        # "이 Trading S.r.l." and "A A Trading FZCO" both read as just "trading": one generic
        # word alone identifies nobody unless the names are written the same.
        score = min(score, GENERIC_ONLY_SCORE)
        detail += "; only generic words to compare"
    if query.kind == candidate.kind == "org" and _distinctive_word_contained(q, c, wq, wc, alignment):
        # "Dahua" against "Zhejiang Dahua Technology Co., Ltd.": a trade name is
        # the one distinctive word of the full legal name.
        score = max(score, DISTINCTIVE_WORD_SCORE)
        detail += "; the one distinctive word of one name is the other name"
    if not person and query.is_acronym != candidate.is_acronym and score > ACRONYM_AS_WORD_SCORE and _acronym_as_word(query, candidate, words):
        # The listed acronym "AAS" (of Al-Qaida in the Arabian Peninsula) is a word of
        # "Aas Logistics Inc.", not its name: for a reviewer, not a match.
        score = ACRONYM_AS_WORD_SCORE
        detail += "; an acronym is only one word of the other name"
    if alignment.pairs and all(s == 0.9 and (len(q[i]) == 1 or len(c[j]) == 1) for i, j, s in alignment.pairs):
        score = min(score, 0.5)  # initials alone never identify anyone
        detail += "; only initials agree"
    if not person and _unmatched_number(q, c, alignment):
        # "Solutions" and "Solutions II": another series or branch.
        score *= OTHER_NUMBER_FACTOR
        detail += "; the names differ in a number"
    if person and _crossed_chain(q, c, alignment):
        score *= 0.6
        detail += "; father and son names are swapped"
    if query.kind == candidate.kind == "org" and score < WRITTEN_ALIKE_SCORE and _written_alike(query, candidate, alignment):
        # "Media-Invest OOO" and "Mediainvest Ooo": the vocabulary reads "media investment" in one
        # and "mediainvest" in the other, but the names are written with the same words.
        score = WRITTEN_ALIKE_SCORE
        detail += "; written alike without the marks inside words (- . ' / &)"
    characters = _same_syllabic_script(query, candidate)
    if characters is not None and characters < 1.0:
        score = min(score, 0.45 + 0.2 * characters)
        detail += "; the names differ in a character"
    return Feature("name", score, detail)


#: Two organisations' names written with the same words once the marks inside words are dropped
#: ("HI-TECH KONEISTO INTERNATIONAL OY", "Hitech Koneisto International Oy"): the same name.
WRITTEN_ALIKE_SCORE: Final = 0.95


def _written_alike(query: NameForm, candidate: NameForm, alignment: Alignment) -> bool:
    """Words one name has and the other lacks only because a mark inside a word (a hyphen, dot,
    apostrophe, slash or ampersand) is written in one name and dropped in the other: the vocabulary
    reads the two halves of "Bio-Tech" (bio, technology) but "Biotech" as it stands."""
    if not (alignment.query_left or alignment.candidate_left):
        return False
    if not (has_word_joiner(query.original) or has_word_joiner(candidate.original)):
        return False  # no such mark: the names are read alike, and compared so above
    return joined_text(query.original) == joined_text(candidate.original)


def _abbreviated() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for table in (ABBREVIATIONS, RUSSIAN_WORDS):
        for short, full in table.items():
            if len(full) == 1 and len(short) >= 4:
                found.setdefault(full[0], set()).add(short)
    return {word: frozenset(shorts) for word, shorts in found.items()}


#: Each word the vocabulary writes out in full or in English, with its abbreviations and Russian
#: words of four letters or more ("technology": tech; "shipping": shpg; "plant": zavod, kombinat).
_ABBREVIATED: Final[dict[str, frozenset[str]]] = _abbreviated()
#: Such a slip (``_abbreviation_slips``) counts as a mistyped word: what a typo of a word counts for.
ABBREVIATION_SLIP_SIMILARITY: Final = 0.8


def _abbreviation_slips(q: Sequence[str], c: Sequence[str], alignment: Alignment) -> Alignment:
    """Left-over words of two organisations' names where one is a slip of an abbreviation of the
    other, or of a Russian word the vocabulary reads in English: "Tpch" and "Technology" (written
    "Tech"), "Shpug" and "Shipping" ("Shpg"), "Zjavod" and "Plant" ("Zavod"); and a place's Russian
    adjective against its name ("Muromsky" and "Murom").  The vocabulary writes an abbreviation out
    in full, so without this a typo in it leaves a word on each side and the names read as different
    companies ("Landstar Tpch Company Ltd." against "Landstar Tech Company Ltd." scored 0.37)."""
    if not (alignment.query_left and alignment.candidate_left):
        return alignment
    pairs = list(alignment.pairs)
    used_q: set[int] = set()
    used_c: set[int] = set()
    for i in alignment.query_left:
        for j in alignment.candidate_left:
            if j in used_c:
                continue
            a, b = q[i], c[j]
            shorts_b, shorts_a = _ABBREVIATED.get(b), _ABBREVIATED.get(a)
            if (
                (shorts_b is not None and is_slip_of(a, shorts_b))
                or (shorts_a is not None and is_slip_of(b, shorts_a))
                or _place_adjective(a, b)
                or _place_adjective(b, a)
            ):
                pairs.append((i, j, ABBREVIATION_SLIP_SIMILARITY))
                used_q.add(i)
                used_c.add(j)
                break
    if not used_q:
        return alignment
    return Alignment(
        tuple(pairs),
        tuple(i for i in alignment.query_left if i not in used_q),
        tuple(j for j in alignment.candidate_left if j not in used_c),
    )


#: Russian adjective endings of a place ("Muromsky" of Murom, "Uralskaya" of the Ural).
_PLACE_ADJECTIVE_ENDINGS: Final = frozenset({"sky", "skiy", "skii", "skoy", "skaya", "skoe", "skoye", "skogo", "skie", "skiye"})


def _place_adjective(adjective: str, place: str) -> bool:
    """"muromsky" and "murom": a Russian name writes the adjective of the place an English one names."""
    return len(place) >= 4 and adjective.startswith(place) and adjective[len(place) :] in _PLACE_ADJECTIVE_ENDINGS


#: What an unmatched word at either end of an organisation's name weighs when it is one slip
#: away from a legal form the other name has ("STAN OLLC" vs "STAN LLC", "PJC ALROSA" vs
#: "PJSC ALROSA"): as little as a particle, instead of counting as a word the other name lacks.
MISTYPED_LEGAL_FORM_WEIGHT: Final = 0.3


def _mistyped_legal_forms(tokens: Sequence[str], left: Sequence[int], other_forms: frozenset[str]) -> list[int]:
    """The unmatched edge words of ``tokens`` that look like a mistyped legal form of the other name."""
    if not other_forms or not left:
        return []
    words = legal_form_words(other_forms)
    last = len(tokens) - 1
    return [i for i in left if (i == 0 or i == last) and is_slip_of(tokens[i], words, i == last)]


_NO_WORDS: Final[frozenset[str]] = frozenset()


@lru_cache(maxsize=65536)
def _written_stopwords(original: str) -> frozenset[str]:
    """The stopwords of three letters or more a name is written with ("the", "and", "for")."""
    found = [word for word in normalize_text(original).split() if len(word) >= 3 and word in ORG_STOPWORDS]
    return frozenset(found) if found else _NO_WORDS


def _mistyped_stopwords(tokens: Sequence[str], left: Sequence[int], other_original: str) -> list[int]:
    """The unmatched words of ``tokens`` one slip from a stopword the other name is written with:
    "thpe" where the other has "the", "angd" where it has "and".  Only against a stopword the other
    name has: "Ford" is one letter from "for", and a name of its own."""
    written = _written_stopwords(other_original)
    if not written:
        return []
    last = len(tokens) - 1
    return [i for i in left if 3 <= len(tokens[i]) <= 5 and is_slip_of(tokens[i], written, i == last)]


def _acronyms_of(tokens: Sequence[str], left: Sequence[int], other_acronyms: frozenset[str]) -> list[int]:
    """The unmatched words of ``tokens`` that are the other name's acronym, written without
    parentheses: after the name ("Federal Security Service FSB") or where the list has it in
    parentheses ("China State Shipbuilding Corporation Limited CSSC 705th Research Institute")."""
    if not other_acronyms or len(tokens) < 2:
        return []
    return [i for i in left if tokens[i] in other_acronyms]


#: An organisation name with a number the other lacks names another fund, series or branch.
OTHER_NUMBER_FACTOR: Final = 0.8


def _unmatched_number(q: Sequence[str], c: Sequence[str], alignment: Alignment) -> bool:
    """One name has a number the other has nothing in place of ("Solutions II" vs "Solutions").

    Two different numbers ("Fund VII" vs "Fund VIII") may be a typo of one
    another and are left to the word score.
    """
    in_q = any(is_number(q[i]) for i in alignment.query_left)
    in_c = any(is_number(c[j]) for j in alignment.candidate_left)
    return in_q != in_c


#: Two organisation names reduced to one generic word ("Trading") score at most this.
GENERIC_ONLY_SCORE: Final = 0.5

#: An acronym met as one word of a longer name that is not an acronym scores at most this.
ACRONYM_AS_WORD_SCORE: Final = 0.65


def _acronym_as_word(query: NameForm, candidate: NameForm, words: Sequence[int]) -> bool:
    """One name is an acronym of four letters or fewer and the other, not one, has more words
    (``words``: query, candidate).  Longer capitals ("VIANA", "FOCUS") are as often words as acronyms."""
    if query.is_acronym == candidate.is_acronym:
        return False
    acronym = query if query.is_acronym else candidate
    if sum(len(t) for t in acronym.tokens) > 4:
        return False
    return words[1] > words[0] if query.is_acronym else words[0] > words[1]


#: What a one-word trade name scores against the full name it is the distinctive word of.
DISTINCTIVE_WORD_SCORE: Final = 0.75


def _distinctive_word_contained(
    q: Sequence[str], c: Sequence[str], wq: list[float], wc: list[float], alignment: Alignment
) -> bool:
    """One side is a single distinctive word, matched exactly, and the other side adds only weak words."""
    if len(alignment.pairs) != 1:
        return False
    i, j, sim = alignment.pairs[0]
    if sim < 1.0 or wq[i] < 0.9 or wc[j] < 0.9:
        return False
    if len(q) == 1:
        return all(wc[k] <= 0.8 for k in alignment.candidate_left)
    if len(c) == 1:
        return all(wq[k] <= 0.8 for k in alignment.query_left)
    return False


def _positional_weights(tokens: Sequence[str], weight: TokenWeights, person: bool) -> list[float]:
    """Token weights, with a place name that opens an organisation's name weighing little.

    Chinese company names open with their city or province ("Zhejiang Dahua
    Technology"): the place says where, not who.  A place later in the name
    ("Banco Santander Chile") qualifies which company it is, and keeps its weight.
    """
    weights = [weight.weigh(t, person) for t in tokens]
    if not person and len(tokens) > 1 and is_region(tokens[0]):
        weights[0] *= 0.4
    return weights


def _describe_alignment(q: Sequence[str], c: Sequence[str], alignment: Alignment, weight: TokenWeights, person: bool) -> str:
    same = [q[i] for i, j, s in alignment.pairs if s == 1.0]
    close = [f"{q[i]}~{c[j]}" for i, j, s in alignment.pairs if s < 1.0]
    parts = []
    if same:
        parts.append("same words: " + ", ".join(dict.fromkeys(same)))
    if close:
        parts.append("variant spellings: " + ", ".join(dict.fromkeys(close)))
    for label, side, left in (("only in query", q, alignment.query_left), ("only in listing", c, alignment.candidate_left)):
        if left:
            words = [f"{side[i]}{' (generic)' if weight(side[i], person) < 0.5 else ''}" for i in left]
            parts.append(f"{label}: " + ", ".join(words))
    return "; ".join(parts) or "no words in common"


#: A listed acronym of up to four letters against the initials of a party's full name.
LISTED_ACRONYM_STRENGTH: Final = 0.7


def acronym(query: NameForm, candidate: NameForm) -> Feature:
    """An acronym against the full name it abbreviates: "CAEP" ~ "China Academy of Engineering Physics"."""
    if query.kind == "person" or candidate.kind == "person":
        return no_evidence("acronym")
    if query.is_acronym and query.tokens and "".join(query.tokens) in candidate.acronyms:
        return Feature("acronym", 1.0, f"'{query.original}' is the acronym of '{candidate.original}'")
    if candidate.is_acronym and candidate.tokens and "".join(candidate.tokens) in query.acronyms:
        # The party gave its full name and the list has only letters: many full
        # names share three initials ("Miller Printing Corporation" is not every "MPC").
        letters = "".join(candidate.tokens)
        strength = 1.0 if len(letters) >= 5 else LISTED_ACRONYM_STRENGTH
        return Feature("acronym", strength, f"'{candidate.original}' could be the acronym of '{query.original}'")
    return no_evidence("acronym")


def legal_form(query: NameForm, candidate: NameForm) -> Feature:
    """Legal forms are weak evidence: agreement helps a little, conflict hurts a little."""
    if query.kind == "person" or candidate.kind == "person":
        return no_evidence("legal_form")
    if not query.legal_forms and not candidate.legal_forms:
        return no_evidence("legal_form")
    if not query.legal_forms:
        return Feature("legal_form", None, "the query has no legal form")
    if not candidate.legal_forms:
        return Feature("legal_form", None, "the listing has no legal form")
    if query.legal_forms & candidate.legal_forms:
        forms = ", ".join(sorted(query.legal_forms & candidate.legal_forms))
        return Feature("legal_form", 1.0, f"same legal form ({forms})")
    return Feature(
        "legal_form",
        0.0,
        f"different legal forms ({', '.join(sorted(query.legal_forms))} vs {', '.join(sorted(candidate.legal_forms))})",
    )


# -- other properties -----------------------------------------------------------


def birth_date(query_dates: Sequence[str], candidate_dates: Sequence[str]) -> Feature:
    """Dates of birth: a full-date match is strong, a year off by one is a likely typo, more is a different person."""
    if not query_dates or not candidate_dates:
        return no_evidence("birth_date")
    best = 0.0
    best_detail = ""
    for q in query_dates:
        for c in candidate_dates:
            score, detail = _compare_dates(q, c)
            if score > best or not best_detail:
                best, best_detail = score, detail
    return Feature("birth_date", best, best_detail)


def _compare_dates(q: str, c: str) -> tuple[float, str]:
    if q == c and len(q) >= 10:
        return 1.0, f"same date of birth {q}"
    prefix = min(len(q), len(c))
    if prefix >= 4 and q[:prefix] == c[:prefix]:
        return 0.8, f"date of birth {q} agrees with {c}"
    try:
        gap = abs(int(q[:4]) - int(c[:4]))
    except ValueError:
        return 0.5, f"dates of birth not comparable ({q}, {c})"
    if gap == 1:
        return 0.72, f"birth year {q[:4]} is one off {c[:4]}"
    if gap == 0:
        return 0.6, f"same birth year {q[:4]}, other day ({q} vs {c})"
    return 0.0, f"different date of birth ({q} vs {c})"


def country(query_countries: Sequence[str], candidate_countries: Sequence[str]) -> Feature:
    if not query_countries or not candidate_countries:
        return no_evidence("country")
    common = set(query_countries) & set(candidate_countries)
    if common:
        return Feature("country", 1.0, f"same country ({', '.join(sorted(common))})")
    return Feature(
        "country",
        0.0,
        f"different countries ({', '.join(sorted(query_countries))} vs {', '.join(sorted(candidate_countries))})",
    )


def identifier(query_ids: Sequence[str], candidate_ids: Sequence[str]) -> Feature:
    """An identical registration, tax, passport or IMO number decides the match."""
    if not query_ids or not candidate_ids:
        return no_evidence("identifier")
    common = set(query_ids) & set(candidate_ids)
    if common:
        return Feature("identifier", 1.0, f"same identifier {sorted(common)[0]}")
    return no_evidence("identifier")


PERSON_SCHEMATA: Final = frozenset({"Person"})
ORG_SCHEMATA: Final = frozenset({"Company", "Organization", "LegalEntity", "PublicBody"})
THING_SCHEMATA: Final = frozenset({"Vessel", "Aircraft"})


_SCHEMA_GROUPS: Final = (PERSON_SCHEMATA, ORG_SCHEMATA, THING_SCHEMATA, frozenset({"Address"}))


def schema_type(query_schema: str, candidate_schema: str) -> Feature:
    """A person is not a company: a type mismatch is a strong negative."""
    if not query_schema or not candidate_schema or query_schema == "LegalEntity" or candidate_schema == "LegalEntity":
        if {query_schema, candidate_schema} & THING_SCHEMATA and PERSON_SCHEMATA & {query_schema, candidate_schema}:
            return Feature("schema", 0.0, f"a {query_schema} is not a {candidate_schema}")
        return no_evidence("schema")
    for group in _SCHEMA_GROUPS:
        if query_schema in group and candidate_schema in group:
            return no_evidence("schema")
    return Feature("schema", 0.0, f"a {query_schema} is not a {candidate_schema}")
