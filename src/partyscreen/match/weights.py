"""How much a word says about who a party is."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Final

from partyscreen.match.features import PARTICLES, is_number
from partyscreen.normalize import GENERIC_ORG_TOKENS, REGION_QUALIFIER_TOKENS


#: Ship-name prefixes: "MV Hellenic Spirit" is the vessel "Hellenic Spirit".
_VESSEL_PREFIXES: Final = frozenset({"mv", "mt", "ms", "ss", "mvs", "fv", "lng", "lpg"})


class TokenWeights:
    """``weight(token)`` in (0, 1]: generic words, particles and initials weigh little.

    With document frequencies from the loaded lists, common words weigh less
    still (rarity), but never below 60% of their base weight, so a score
    means nearly the same whether or not the lists are known (pair scoring).
    """

    def __init__(self, doc_freq: dict[str, int] | None = None, total: int = 0) -> None:
        self._doc_freq = doc_freq or {}
        self._total = max(total, 1)
        # A word in 5 names or fewer counts as fully rare.
        self._idf_ref = math.log(self._total / 5) if self._total > 5 else 1.0
        self._cache: dict[str, float] = {}
        self._person_cache: dict[str, float] = {}

    def base(self, token: str, person: bool = False) -> float:
        # Organisation filler is a name in a person's name: "Shi" is a family name, not "city".
        if not person and (token in GENERIC_ORG_TOKENS or token in _VESSEL_PREFIXES):
            return 0.25
        if token in PARTICLES:
            return 0.3
        if token in REGION_QUALIFIER_TOKENS:
            return 0.5
        if len(token) == 1:
            return 0.4
        if is_number(token, person):
            return 0.3
        return 1.0

    def __call__(self, token: str, person: bool = False) -> float:
        return self.weigh(token, person)

    def weigh(self, token: str, person: bool = False) -> float:
        """The same as calling: compiled, a method is called directly and ``__call__`` as a Python object."""
        cache = self._person_cache if person else self._cache
        cached = cache.get(token)
        if cached is not None:
            return cached
        weight = self.base(token, person)
        df = self._doc_freq.get(token)
        if df:
            idf = math.log(self._total / df)
            weight *= 0.6 + 0.4 * min(1.0, max(0.0, idf / self._idf_ref))
        cache[token] = weight
        return weight

    def idf(self, token: str) -> float:
        df = self._doc_freq.get(token, 0)
        return math.log((self._total + 1) / (df + 1)) + 0.1


class RetrievalWeights(TokenWeights):
    """The scorer's token weights, with retrieval's weight of a query word the lists do not know.

    A word's retrieval weight is its rarity (IDF); the share of the query a row
    covers is its credit over the sum of these weights.  A word no listed name
    holds would weigh as the rarest word, so a typo ("Hajc", "Muhmmad") would
    sink the share of the right entry below the cut however well the other
    words agree.  Such a word weighs instead halfway between that and what the
    best listed word it may stand for can credit, read as a person's name (the
    more lenient reading, and one weight whatever the query's type): it may
    be a typo of that word, or a word of an unlisted party's name.  (All the
    way down to the credit, every query with an unknown surname would hand a
    fifth more entries to scoring, for one typo'd UN name in 3,400 retrieved.)
    A word with no variant at all keeps the highest weight.  ``cases.delta``
    reads the same ``idf`` and so computes the same shares.
    """

    def __init__(self, doc_freq: dict[str, int], total: int, expand: Callable[[str, bool], Sequence[tuple[str, float]]]) -> None:
        super().__init__(doc_freq, total)
        self._expand = expand
        self._unknown: dict[str, float] = {}

    def idf(self, token: str) -> float:
        plain = super().idf(token)
        if token in self._doc_freq:
            return plain
        weight = self._unknown.get(token)
        if weight is None:
            credits = [TokenWeights.idf(self, v) * sim for v, sim in self._expand(token, True)]
            weight = self._unknown[token] = (plain + min(plain, max(credits))) / 2 if credits else plain
        return weight
