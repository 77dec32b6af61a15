"""Country names and codes from publisher files to ISO 3166-1 alpha-2."""

from __future__ import annotations

from functools import lru_cache
from typing import Final


# Names seen in U.S. list files that the territory database does not resolve.
_EXTRA: Final = {
    "crimea region of ukraine": "UA-CRIMEA",
    "crimea": "UA-CRIMEA",
    "ua-crimea": "UA-CRIMEA",
    # The other covered regions of Ukraine (E.O. 14065; 15 CFR 746.6).
    "donetsk": "UA-DONETSK",
    "ua-donetsk": "UA-DONETSK",
    "donetsk people's republic": "UA-DONETSK",
    "so-called donetsk people's republic": "UA-DONETSK",
    "dnr": "UA-DONETSK",
    "luhansk": "UA-LUHANSK",
    "lugansk": "UA-LUHANSK",
    "ua-luhansk": "UA-LUHANSK",
    "luhansk people's republic": "UA-LUHANSK",
    "so-called luhansk people's republic": "UA-LUHANSK",
    "lnr": "UA-LUHANSK",
    "west bank": "PS",
    "gaza": "PS",
    "kosovo": "XK",
    # Short forms company names carry in parentheses: "(UK) Ltd", "(PRC)", "(UAE)".
    "uk": "GB",
    "prc": "CN",
    "uae": "AE",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    # Korean names in a published multi-list export that the database lacks.
    "튀르키예": "TR",
    "남아프리카공화국": "ZA",
    "한국": "KR",
    "북마케도니아": "MK",
    "호주": "AU",
}


@lru_cache(maxsize=1)
def _exact_names() -> dict[str, str]:
    """Names, full names and codes of every territory, casefolded -> code.

    rigour's fuzzy ``lookup_territory`` builds an index of all names in every
    language on first use (about a second of CPU); the names callers write are
    nearly always one of these, which take a few milliseconds to collect.
    """
    from rigour.territories import get_territories  # imported when first needed: 60 ms of every CLI run otherwise

    out: dict[str, str] = {}
    for territory in get_territories():
        code = (territory.ftm_country or territory.code or "").upper()
        if not code:
            continue
        for key in (territory.name, territory.full_name, territory.alpha3, *territory.codes):
            if key:
                out.setdefault(key.casefold(), code)
    return out


@lru_cache(maxsize=1)
def _common_names() -> dict[str, str]:
    """Other names in common use ("Turkey", "Ivory Coast", "Burma"), casefolded -> code.

    Read on the first name that is not exact (tens of milliseconds), so that a
    file writing "Turkey" does not pay for the fuzzy look-up's index (seconds).
    """
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text
    from rigour.territories import get_territories

    codes = {t.code: (t.ftm_country or t.code or "").upper() for t in get_territories()}
    out: dict[str, str] = {}
    for data in iter_jsonl_text(territories_jsonl()):
        code = codes.get(data["code"], "")
        for name in data.get("names_strong", []) if code else ():
            out.setdefault(name.casefold(), code)
    return out


@lru_cache(maxsize=4096)
def country_code(text: str) -> str:
    """ISO alpha-2 code (upper case) for a country name or code, or ``""`` when unknown.

    Accepts English names in their many official spellings ("Korea, North",
    "Iran (Islamic Republic of)"), two-letter codes, and some other languages.
    Covered regions that are not countries (Crimea) get a code of their own.
    """
    value = (text or "").strip().strip(".").strip()
    if not value:
        return ""
    known = exact_country_code(value) or _common_names().get(value.casefold(), "")
    if known:
        return known
    from rigour.territories import lookup_territory

    territory = lookup_territory(value)
    if territory is None:
        return ""
    code = territory.ftm_country or territory.code
    return code.upper() if code else ""


@lru_cache(maxsize=4096)
def exact_country_code(text: str) -> str:
    """The code of a country written exactly as one of its names or codes ("HK", "U.K.", "Hong Kong"),
    else ``""``: no fuzzy look-up, so no second of start-up on the first unknown word."""
    folded = (text or "").strip().casefold()
    if "." in folded:
        folded = folded.replace(".", "")
    return _EXTRA.get(folded) or _exact_names().get(folded) or ""
