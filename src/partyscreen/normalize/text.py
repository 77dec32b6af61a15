"""Text-level normalisation: Unicode, case, punctuation, script, phonetics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final

from rigour._core import codepoint_script, metaphone

from partyscreen.normalize.spelling import canonical_spelling
from partyscreen.normalize.transliterate import to_ascii

# Apostrophes are deleted, not turned into spaces, so that O'Brien, Int'l,
# Xi'an, Qa'ida keep one token.  (Typographic ones, ’ ʼ ʻ ′, are ASCII ' by then.)
# English possessive: "Academy's" → academy, "Sciences'" → sciences.
_POSSESSIVE: Final = re.compile("(?<=[a-z])'s(?![a-z])")
# Dotted single letters (S.A., U.S.A., e.V., o.o.) become one token.
_DOTTED: Final = re.compile(r"(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])")
# R&D, S&T, M&A: short letter groups around '&' stay one token.
_SHORT_AMP: Final = re.compile(r"(?<![a-z0-9])([a-z]{1,2})\s?&\s?([a-z]{1,2})(?![a-z0-9])")
_LONE_AMP: Final = re.compile(r"(?<![a-z])&|&(?![a-z])")
#: ASCII punctuation and white space -> space (tokenize), and also "&" (normalize_text).  Byte
#: tables: the text is ASCII by then, and bytes.translate is many times faster than str.translate.
_NON_WORD: Final = bytes(c if chr(c).isalnum() or chr(c) == "&" else 32 for c in range(256))
_NON_ALNUM: Final = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def _words(ascii_text: str, table: bytes) -> list[str]:
    return ascii_text.encode("ascii").translate(table).decode("ascii").split()


def text_extension(name: str) -> Any:
    """The function ``name`` of the C extension ``_text`` (a twin of the Python here, the same rules);
    None where it is not built (PARTYSCREEN_PURE_PYTHON=1: the Python runs)."""
    try:
        from partyscreen.normalize import _text
    except ImportError:
        return None
    return getattr(_text, name)


_NATIVE_TOKENIZE: Final[Callable[[str, bool], list[str]] | None] = text_extension("tokenize")
_NATIVE_NORMALIZE_TEXT: Final[Callable[[str], str] | None] = text_extension("normalize_text")


# Functions, not templates (r"\1&\2"): re expands a template in Python on every call.
def _undot(m: re.Match[str]) -> str:
    return m.group(0).replace(".", "")


def _join_amp(m: re.Match[str]) -> str:
    return m.group(1) + "&" + m.group(2)


def _prepare(text: str) -> str:
    """NFKC, transliteration to ASCII, case folding, apostrophes dropped."""
    if not text.isascii():  # (ASCII is its own NFKC and ASCII form)
        text = to_ascii(unicodedata.normalize("NFKC", text))
    text = text.lower()
    # ASCII from here on: the only apostrophes left are ' and `.
    if "'" in text:
        text = _POSSESSIVE.sub("", text).replace("'", "")
    return text.replace("`", "") if "`" in text else text


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """NFKC, case folding, transliteration to ASCII Latin, punctuation → space.

    >>> normalize_text("ООО «Ромашка»")
    'ooo romashka'
    >>> normalize_text("  Int'l  Trading & Co.  ")
    'intl trading co'
    """
    if _NATIVE_NORMALIZE_TEXT is not None and text.isascii():
        return _NATIVE_NORMALIZE_TEXT(text)
    return _normalize_text_py(text)


def _normalize_text_py(text: str) -> str:
    """The reference of ``_text.normalize_text`` (the C twin, for ASCII text)."""
    if not text:
        return ""
    return " ".join(_words(_prepare(text), _NON_ALNUM))


#: Marks that join two words of a name: counterparty data often drops them ("Media-Invest" -> "Mediainvest", "M&P" -> "MP").
WORD_JOINERS: Final = re.compile(r"(?<=\w)[-.'/&](?=\w)")


def has_word_joiner(text: str) -> bool:
    """``WORD_JOINERS`` finds a mark in ``text``."""
    if _NATIVE_DROP_WORD_JOINERS is not None:
        return len(_NATIVE_DROP_WORD_JOINERS(text)) != len(text)
    return _has_word_joiner_py(text)


def _has_word_joiner_py(text: str) -> bool:
    """The reference of ``has_word_joiner`` (most names have none of the marks: no regular expression is run)."""
    if "-" in text or "." in text or "'" in text or "/" in text or "&" in text:
        return WORD_JOINERS.search(text) is not None
    return False


def drop_word_joiners(text: str) -> str:
    """``WORD_JOINERS.sub("", text)``, by the C twin ``_text.drop_word_joiners`` where it is built."""
    if _NATIVE_DROP_WORD_JOINERS is not None:
        return _NATIVE_DROP_WORD_JOINERS(text)
    return WORD_JOINERS.sub("", text)


_NATIVE_DROP_WORD_JOINERS: Final[Callable[[str], str] | None] = text_extension("drop_word_joiners")


@lru_cache(maxsize=65536)
def joined_text(text: str) -> str:
    """``normalize_text`` with the hyphens, dots, apostrophes, slashes and ampersands between two
    letters or digits dropped instead of turned into spaces: the words as written without those marks.

    >>> joined_text("HI-TECH Koneisto Oy"), joined_text("RA-78842")
    ('hitech koneisto oy', 'ra78842')
    """
    return normalize_text(drop_word_joiners(text))


def tokenize(text: str, collapse_initials: bool = True) -> list[str]:
    """Raw ASCII tokens of a name (before any vocabulary is applied).

    ``&`` becomes ``and`` except inside short letter groups (``r&d``),
    dotted initials become one token when ``collapse_initials`` (S.A. → sa),
    hyphens and other punctuation separate tokens.
    """
    if _NATIVE_TOKENIZE is not None:
        if text.isascii():
            return _NATIVE_TOKENIZE(text, collapse_initials)
        # The C reads ASCII: it is given the transliteration _prepare would make.
        ascii_text = to_ascii(unicodedata.normalize("NFKC", text))
        if ascii_text.isascii():
            return _NATIVE_TOKENIZE(ascii_text, collapse_initials)
    return _tokenize_py(text, collapse_initials)


def _tokenize_py(text: str, collapse_initials: bool = True) -> list[str]:
    """The reference of ``_text.tokenize``, the C twin of this (and of ``_prepare``, ``_words`` and
    the regular expressions above) that ``tokenize`` runs where it is built: a change to a rule
    here is made there too (tests/normalize/test_text_native.py compares them)."""
    text = _prepare(text)
    if "." in text and collapse_initials:
        text = _DOTTED.sub(_undot, text)
    if "&" in text:
        text = _SHORT_AMP.sub(_join_amp, text)
        text = _LONE_AMP.sub(" and ", text)
    return _words(text, _NON_WORD)


# --------------------------------------------------------------------------
# Scripts

_SCRIPT_ALIASES: Final = {"Hiragana": "Japanese", "Katakana": "Japanese"}


@lru_cache(maxsize=65536)
def detect_script(text: str) -> str:
    """The dominant script of ``text`` by letter count (Unicode script names).

    Returns ``"Latin"``, ``"Cyrillic"``, ``"Han"``, ``"Arabic"``, ``"Greek"``,
    ``"Hangul"``, ``"Hebrew"``, ... ; ``"Japanese"`` for text with kana (kanji
    included); ``"Common"`` when the text has no letter at all.
    """
    if _NATIVE_DETECT_SCRIPT is not None:
        script = _NATIVE_DETECT_SCRIPT(text, _LETTER_SCRIPT, _letter_script)
        if script is not None:
            return script
    return _detect_script_py(text)


def _detect_script_py(text: str) -> str:
    """The reference of ``_text.detect_script``, the C twin that ``detect_script`` runs where it is
    built (tests/normalize/test_text_native.py compares them)."""
    if text.isascii():
        return "Latin" if any(c.isalpha() for c in text) else "Common"
    counts: dict[str, int] = {}
    for ch in text:
        script = _LETTER_SCRIPT.get(ch)
        if script is None:
            script = _letter_script(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Common"
    if counts.get("Japanese") and counts.get("Han"):
        return "Japanese"
    return max(counts, key=counts.__getitem__)  # the first of the most frequent, as Counter.most_common


#: Character -> its script as counted by detect_script ("" for a non-letter): a name's
#: letters come from a few hundred characters, each looked up once.
_LETTER_SCRIPT: Final[dict[str, str]] = {}


_NATIVE_DETECT_SCRIPT: Final[Callable[[str, dict[str, str], Callable[[str], str]], str | None] | None] = text_extension(
    "detect_script"
)


def _letter_script(ch: str) -> str:
    found: str | None = codepoint_script(ord(ch)) if ch.isalpha() else None
    script = _SCRIPT_ALIASES.get(found, found) if found and found not in ("Common", "Inherited") else ""
    if len(_LETTER_SCRIPT) < 100_000:
        _LETTER_SCRIPT[ch] = script
    return script


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
