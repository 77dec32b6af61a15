"""Address matching: is a party's address the address of a listed entry?

Addresses are compared as sets of words after rigour's normalisation
(abbreviations such as Road/Rd unified, punctuation dropped), without the
country code, region codes and filler words.  Two addresses match when they
share a house number and at least four words, and one's words are (nearly)
all in the other: "No. 1036, High-Tech Inspur Road, Jinan" matches
"1036 High Tech Inspur Rd., Jinan Shandong 250101 China".  A country or a
city alone never matches anything.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

_FILLER = frozenset({"no", "number", "nr", "the", "of", "and", "floor", "fl", "room", "rm", "unit", "building", "bldg", "china", "prc"})
_REGION_CODE = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,3})?$")
MIN_SHARED = 4
MIN_COVER = 0.85


def address_words(text: str) -> frozenset[str]:
    """The words an address is compared on."""
    from rigour.addresses import address_fingerprint

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        fingerprint = address_fingerprint(text or "") or ""
    words = set()
    for word in re.split(r"[\s,;]+", fingerprint.casefold()):
        if not word or word in _FILLER or (_REGION_CODE.match(word) and not any(ch.isdigit() for ch in word)):
            continue
        words.add(word)
    return frozenset(words)


def _has_number(words: frozenset[str]) -> bool:
    return any(any(ch.isdigit() for ch in w) for w in words)


def addresses_match(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = a & b
    if len(shared) < MIN_SHARED or not _has_number(shared):
        return False
    return len(shared) >= MIN_COVER * min(len(a), len(b))


@dataclass
class AddressIndex:
    """Normalised addresses of listed entries, for lookups by a party's address."""

    entries: list[tuple[frozenset[str], str, str]] = field(default_factory=list)  # (words, entity id, address text)
    by_word: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]]) -> AddressIndex:
        """From ``(entity id, address text)`` pairs."""
        index = cls()
        by_word: dict[str, list[int]] = defaultdict(list)
        for entity_id, text in items:
            words = address_words(text)
            if len(words) < MIN_SHARED or not _has_number(words):
                continue  # too vague to match anything
            position = len(index.entries)
            index.entries.append((words, entity_id, text))
            for word in words:
                by_word[word].append(position)
        index.by_word = dict(by_word)
        return index

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """``(entity id, listed address)`` of the listed entries at the address ``text``."""
        words = address_words(text)
        if len(words) < MIN_SHARED or not _has_number(words):
            return []
        # Candidates through the rarest word the query has in the index.
        known = [w for w in words if w in self.by_word]
        if not known:
            return []
        counts: dict[int, int] = defaultdict(int)
        for word in sorted(known, key=lambda w: len(self.by_word[w]))[:3]:
            for position in self.by_word[word]:
                counts[position] += 1
        out: list[tuple[str, str]] = []
        for position in counts:
            entry_words, entity_id, address = self.entries[position]
            if addresses_match(words, entry_words) and (entity_id, address) not in out:
                out.append((entity_id, address))
        return out
