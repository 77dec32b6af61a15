"""Text-level normalisation: Unicode, case, punctuation, script, phonetics."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from rigour._core import codepoint_script, metaphone

from partyscreen.normalize.spelling import canonical_spelling
from partyscreen.normalize.transliterate import to_ascii

# Apostrophes and similar marks are deleted, not turned into spaces, so that
# O'Brien, Int'l, Xi'an, Qa'ida keep one token.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bb\u02b9\u0060\u00b4\u2032]")
# English possessive: "Academy's" → academy, "Sciences'" → sciences.
_POSSESSIVE = re.compile("(?<=[a-z])['\u2019]s(?![a-z])")
# Dotted single letters (S.A., U.S.A., e.V., o.o.) become one token.
_DOTTED = re.compile(r"(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])")
# R&D, S&T, M&A: short letter groups around '&' stay one token.
_SHORT_AMP = re.compile(r"(?<![a-z0-9])([a-z]{1,2})\s?&\s?([a-z]{1,2})(?![a-z0-9])")
_NON_WORD = re.compile(r"[^a-z0-9&]+")


def _prepare(text: str) -> str:
    """NFKC, transliteration to ASCII, case folding, apostrophes dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = to_ascii(text).casefold()
    if "s" in text:
        text = _POSSESSIVE.sub("", text)
    return _APOSTROPHES.sub("", text)


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """NFKC, case folding, transliteration to ASCII Latin, punctuation → space.

    >>> normalize_text("ООО «Ромашка»")
    'ooo romashka'
    >>> normalize_text("  Int'l  Trading & Co.  ")
    'intl trading co'
    """
    if not text:
        return ""
    text = _prepare(text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def tokenize(text: str, collapse_initials: bool = True) -> list[str]:
    """Raw ASCII tokens of a name (before any vocabulary is applied).

    ``&`` becomes ``and`` except inside short letter groups (``r&d``),
    dotted initials become one token when ``collapse_initials`` (S.A. → sa),
    hyphens and other punctuation separate tokens.
    """
    text = _prepare(text)
    if "." in text and collapse_initials:
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    if "&" in text:
        text = _SHORT_AMP.sub(r"\1&\2", text)
        text = re.sub(r"(?<![a-z])&|&(?![a-z])", " and ", text)
    tokens = _NON_WORD.sub(" ", text).split()
    return tokens


# --------------------------------------------------------------------------
# Scripts

_SCRIPT_ALIASES = {"Hiragana": "Japanese", "Katakana": "Japanese"}


@lru_cache(maxsize=65536)
def detect_script(text: str) -> str:
    """The dominant script of ``text`` by letter count (Unicode script names).

    Returns ``"Latin"``, ``"Cyrillic"``, ``"Han"``, ``"Arabic"``, ``"Greek"``,
    ``"Hangul"``, ``"Hebrew"``, ... ; ``"Japanese"`` for text with kana (kanji
    included); ``"Common"`` when the text has no letter at all.
    """
    if text.isascii():
        return "Latin" if any(c.isalpha() for c in text) else "Common"
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            script = codepoint_script(ord(ch))
            if script and script not in ("Common", "Inherited"):
                counts[_SCRIPT_ALIASES.get(script, script)] += 1
    if not counts:
        return "Common"
    if counts.get("Japanese") and counts.get("Han"):
        return "Japanese"
    return counts.most_common(1)[0][0]


# --------------------------------------------------------------------------
# Phonetics


@lru_cache(maxsize=65536)
def phonetic_key(token: str) -> str:
    """A phonetic key for one token: Metaphone of its canonical spelling.

    Numbers are returned unchanged; a token without a Metaphone code (rare:
    one vowel) is returned as it is.  Deterministic and about a microsecond.

    >>> phonetic_key("muhammad") == phonetic_key("mohammed")
    True
    """
    if not token:
        return ""
    tok = token if token.isascii() else normalize_text(token).replace(" ", "")
    if not tok.isalpha():
        return tok
    key = metaphone(canonical_spelling(tok))
    return key or tok.upper()
