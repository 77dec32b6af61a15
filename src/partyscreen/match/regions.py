"""Words that name a place: countries, regions, and Chinese provinces and cities."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Final

_REGIONS: Final = (
    "europe european asia asian africa african america american americas latin middle east west "
    "north south northern southern eastern western central pacific atlantic gulf arab "
    "schweiz suisse svizzera deutschland osterreich nederland espana italia polska "
    "moscow moskva dubai london "
    # Cities that qualify a listed branch, often in parentheses: "PJSC VTB Bank (Kiev)".
    "kiev kyiv minsk tehran teheran damascus baghdad beirut caracas havana pyongyang almaty tashkent "
    "baku yerevan tbilisi istanbul ankara petersburg peterburg novosibirsk yekaterinburg ekaterinburg "
    "vladivostok geneva zurich vienna berlin frankfurt hamburg paris milan madrid amsterdam riga "
    "tallinn vilnius warsaw prague budapest bucharest sofia belgrade athens nicosia limassol cairo "
    "karachi lahore islamabad delhi mumbai dhaka bangkok jakarta manila seoul tokyo osaka taipei "
    "sharjah abudhabi doha muscat riyadh jeddah"
)


@lru_cache(maxsize=1)
def region_tokens() -> frozenset[str]:
    """The place words, read from the package data (deriving them takes half a second)."""
    text = resources.files("partyscreen.match").joinpath("data/regions.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def derive_region_tokens() -> frozenset[str]:
    """Single-word country names (rigour's territory data), Chinese places, region words."""
    from rigour.territories import get_territories

    from partyscreen.normalize import normalize_text
    from partyscreen.normalize.chinese import PLACES

    words: set[str] = set(_REGIONS.split())
    for territory in get_territories():
        for name in (territory.name, territory.full_name):
            tokens = normalize_text(name or "").split()
            if len(tokens) == 1:
                words.add(tokens[0])
    for english in PLACES.values():
        for value in (english,) if isinstance(english, str) else english:
            tokens = value.split()
            if len(tokens) == 1:
                words.add(tokens[0])
    return frozenset(words)


def is_region(token: str) -> bool:
    if not _LOADED:  # (read once; the cached function costs a call a word)
        _LOADED.append(region_tokens())
    return token in _LOADED[0]


_LOADED: Final[list[frozenset[str]]] = []
