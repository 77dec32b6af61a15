"""Canonical spelling of romanised name tokens.

The same Russian, Ukrainian or Arabic name reaches the lists in several
romanisations: Yuri / Yuriy / Iurii, Sergei / Sergey, Aleksandr / Alexandr,
Yevgeny / Evgeny, Sergeyev / Sergeev, Youssef / Yusef.  ``canonical_spelling``
rewrites a token with a handful of rules so those variants become one token.
The rules are deliberately few (each one is a spelling convention, not a
sound change), so distinct names are not merged: Aleksandr and Alexandr
meet, Ivan and Ivana do not.

Two strengths:

* ``full`` (person names, every token): all rules;
* light (organisation-name tokens that are not known English words): only
  ``ks→x`` (before a vowel or after e), ``dzh→j`` and the ``-iy/-yy/-ii/-ij`` endings, which
  come from transliterated Russian adjectives ("Kurchatovskiy") and never
  change an English word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Final

_VOWEL_YE: Final = re.compile(r"([aeiou])ye")
# "ks" before a vowel or after "e" (Aleksandr, Maksim, Eksport), not English
# "works", "workshop", "bookstore", "Jackson".
_KS: Final = re.compile(r"(?<=e)ks(?=.)|(?<!c)ks(?=[aeiouy])")
_ENDINGS: Final = ("iy", "yy", "ii", "ij", "yj")


def _drop_y(m: re.Match[str]) -> str:
    return m.group(1) + "e"


def _native_canonical_spelling() -> Callable[[str, bool], str] | None:
    """``canonical_spelling`` of the C extension ``_text`` (the same rules); None where it is not built."""
    try:
        from partyscreen.normalize import _text
    except ImportError:  # PARTYSCREEN_PURE_PYTHON=1: the Python below runs
        return None
    return _text.canonical_spelling


_NATIVE_CANONICAL_SPELLING: Final = _native_canonical_spelling()


def canonical_spelling(token: str, full: bool = True) -> str:
    """One spelling for the romanisation variants of a name token.

    >>> canonical_spelling("iurii"), canonical_spelling("yuriy"), canonical_spelling("yuri")
    ('yury', 'yury', 'yury')
    >>> canonical_spelling("aleksandr"), canonical_spelling("sergeyevich")
    ('alexandr', 'sergeevich')
    """
    # The C twin, uncached: it takes less time than a look-up in the cache of the Python.
    if _NATIVE_CANONICAL_SPELLING is not None:
        return _NATIVE_CANONICAL_SPELLING(token, full)
    return _canonical_spelling_py(token, full)


@lru_cache(maxsize=65536)
def _canonical_spelling_py(token: str, full: bool = True) -> str:
    """The reference of ``_text.canonical_spelling``, the C twin that ``canonical_spelling`` runs
    where it is built: a change to a rule here is made there too (tests/normalize/test_text_native.py
    compares them)."""
    t = token
    if len(t) < 3 or not t.isalpha() or not t.isascii():
        return t
    if "dzh" in t:
        t = t.replace("dzh", "j")
    if "ks" in t:
        t = _KS.sub("x", t)
    if full:
        if t.startswith("iu"):
            t = "yu" + t[2:]
        if t.startswith("ye") and len(t) > 3:
            t = "e" + t[2:]
        if "ye" in t:
            t = _VOWEL_YE.sub(_drop_y, t)
        if "o" in t:
            t = t.replace("ou", "u").replace("oo", "u")
        if "ph" in t:
            t = t.replace("ph", "f")
        if t.startswith("dj"):
            t = "j" + t[2:]
    if t.endswith(_ENDINGS):
        t = t[:-2] + "y"
    elif full and t.endswith("i") and len(t) > 3:
        t = t[:-1] + "y"
    return t
