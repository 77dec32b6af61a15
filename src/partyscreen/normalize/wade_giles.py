"""Wade-Giles romanisation of Chinese names, read as pinyin.

Taiwanese and older Chinese names reach the lists in Wade-Giles ("Hsi Chin-ping",
"Mao Tse-tung", "Chiang Kai-shek"), callers often write pinyin ("Xi Jinping",
"Mao Zedong").  Lists and forms drop Wade-Giles' apostrophes, so ``ch`` may be
pinyin ``zh``/``j`` (unaspirated) or ``ch``/``q`` (aspirated): a syllable has a
few pinyin readings, and two syllables agree when their readings meet.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product
from typing import Final

# Initials, longest first: Wade-Giles spelling -> pinyin readings (apostrophe lost).
_INITIALS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("tsz", ("z", "c")),
    ("hs", ("x",)),
    ("ch", ("zh", "ch", "j", "q")),
    ("ts", ("z", "c")),
    ("tz", ("z", "c")),
    ("sh", ("sh",)),
    ("ss", ("s",)),
    ("k", ("g", "k")),
    ("p", ("b", "p")),
    ("t", ("d", "t")),
    ("j", ("r",)),
    ("b", ("b",)), ("c", ("c",)), ("d", ("d",)), ("g", ("g",)), ("q", ("q",)), ("x", ("x",)),
    ("z", ("z",)), ("r", ("r",)),
    ("f", ("f",)), ("h", ("h",)), ("l", ("l",)), ("m", ("m",)), ("n", ("n",)),
    ("s", ("s",)), ("w", ("w",)), ("y", ("y",)),
    ("", ("",)),
)
# Finals: Wade-Giles spelling -> pinyin readings.
_FINALS: Final[dict[str, tuple[str, ...]]] = {
    "ih": ("i",), "u": ("u", "i"), "ung": ("ong",), "iung": ("iong",), "ien": ("ian",),
    "ieh": ("ie",), "ueh": ("ue",), "uei": ("ui",), "o": ("o", "e", "uo"), "e": ("e",),
    "en": ("en",), "eng": ("eng",), "i": ("i",), "in": ("in",), "ing": ("ing",), "a": ("a",),
    "ai": ("ai",), "an": ("an",), "ang": ("ang",), "ao": ("ao",), "ei": ("ei",), "ou": ("ou",),
    "ia": ("ia",), "iang": ("iang",), "iao": ("iao",), "iu": ("iu",), "ua": ("ua",),
    "uai": ("uai",), "uan": ("uan",), "uang": ("uang",), "ui": ("ui",), "un": ("un",),
    "uo": ("uo",), "ueng": ("ueng",), "ian": ("ian",), "ie": ("ie",), "iong": ("iong",),
    "ong": ("ong",), "ue": ("ue",), "eh": ("e",), "erh": ("er",), "er": ("er",),
}


@lru_cache(maxsize=20_000)
def pinyin_readings(syllable: str) -> frozenset[str]:
    """The pinyin syllables a romanised Chinese syllable may stand for (itself included).

    >>> sorted(pinyin_readings("hsi")), sorted(pinyin_readings("tung"))
    (['hsi', 'xi'], ['dong', 'tong', 'tung'])
    """
    out = {syllable}
    if not syllable.isascii() or not syllable.isalpha() or len(syllable) > 6:
        return frozenset(out)
    for initial, readings in _INITIALS:
        if syllable.startswith(initial):
            finals = _FINALS.get(syllable[len(initial):])
            if finals:
                out.update(i + f for i in readings for f in finals)
            if initial:
                break
    return frozenset(out)


def joined_readings(syllables: tuple[str, ...], limit: int = 64) -> frozenset[str]:
    """Readings of a hyphenated given name written as one word ("chin", "ping" -> "jinping", ...)."""
    options = [pinyin_readings(s) for s in syllables]
    size = 1
    for o in options:
        size *= len(o)
    if size > limit:
        return frozenset({"".join(syllables)})
    return frozenset("".join(p) for p in product(*options))
