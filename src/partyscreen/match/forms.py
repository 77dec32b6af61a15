"""The names a query or a listed entry is screened under, each read into name forms.

One name field can hold several names: "X d/b/a Y", "X / Y", and the short name
a list gives in parentheses ("Huawei Technologies Co., Ltd. (Huawei)").  Both
the index (a listed entry's names) and the screener (a query's) read them here,
so that the two sides are read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from partyscreen.match.regions import is_region
from partyscreen.normalize import GENERIC_ORG_TOKENS, NameForm, analyze, has_legal_form, normalize_text
from partyscreen.normalize.countries import exact_country_code
from partyscreen.normalize.legal_forms import legal_form_code
from partyscreen.normalize.text import has_word_joiner, joined_text


def normalize_identifier(value: str) -> str:
    """An identifier as compared: its letters and digits, upper case ("ru 7707-083893" -> "RU7707083893")."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


_PARENTHESES: Final = re.compile(r"[(（]([^()（）]{2,60})[)）]")


def _qualifier(text: str) -> bool:
    """"(Schweiz)", "(Asia)", "(Hong Kong)": a parenthesis that says which branch, not another name."""
    tokens = normalize_text(text).split()
    return bool(tokens) and all(is_region(t) or t in GENERIC_ORG_TOKENS for t in tokens)


def _ends_name(text: str, end: int) -> bool:
    """Nothing but a legal form, a full stop or another parenthesis follows position ``end``:
    "Huawei Technologies Co., Ltd. (Huawei)", "Zhejiang Dahua Technology Co., Ltd. (Dahua). Affiliated ..."."""
    rest = _PARENTHESES.sub(" ", text[end:]).strip()
    if not rest or rest[0] in ".;,":
        return True
    return legal_form_code(rest) is not None


#: Where one name field holds several names: a slash between spaces, or an a/k/a, f/k/a, d/b/a inside it.
_SEPARATE_NAMES: Final = re.compile(r"\s+/\s+|\s+(?:[afd]/[kb]/a|[af]\.k\.a\.?|d\.b\.a\.?)\s+", re.IGNORECASE)


def _may_hold_more(text: str) -> bool:
    """A parenthesis, a slash or the dots of an a.k.a or d.b.a: what a field holding more than one name has."""
    if "(" in text or "/" in text or "（" in text:
        return True
    if "." not in text:
        return False
    lower = text.lower()  # (only a name with a dot: "Co., Ltd." has no other name)
    return ".k.a" in lower or "d.b.a" in lower


def with_short_names(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names plus the short names lists give in parentheses: "Huawei Technologies Co., Ltd. (Huawei)" -> "Huawei",
    and the names of a field that holds several ("X d/b/a Y", "X / Y")."""
    out = list(names)
    for _, text in names:  # (a loop: compiled, any() over a generator makes an object per call)
        if _may_hold_more(text):
            break
    else:
        return out  # most names: no parenthesis, slash, a.k.a or d.b.a
    seen = {text for _, text in names}

    def add(kind: str, text: str) -> None:
        text = text.strip(" ;,")
        if len(text) >= 2 and text not in seen and not text.lower().startswith(("a.k.a", "f.k.a", "formerly", "see ")):
            seen.add(text)
            out.append(("alias" if kind == "name" else kind, text))

    for kind, text in names:
        lower = text.lower()
        parts = _SEPARATE_NAMES.split(text) if "/" in text or ".k.a" in lower or "d.b.a" in lower else [text]
        if len(parts) > 1:
            # "SIBERIAN AIRLINES D/B/A S7 AIRLINES", "NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES":
            # several names in one field.
            for part in parts:
                add(kind, part)
        found = [m for m in _PARENTHESES.finditer(text) if not _qualifier(m.group(1))] if "(" in text or "（" in text else []
        for m in found:
            inside = m.group(1)
            if exact_country_code(inside) or legal_form_code(inside) or not _ends_name(text, m.end()):
                # "(HK)", "(PRC)", "(Pvt)": an alias "HK" would match every Hong Kong company.
                # "China Aerospace Science and Industry Corporation (CASIC) 3rd Academy": the
                # acronym of the words before it, the parent, not another name of the academy.
                continue
            # "حاجى مالك نورزى (Hajji Malik Noorzai; Hajji Malak Noorzai)": several names in one.
            for short in inside.split(";"):
                add(kind, short)
        if found:
            add(kind, _PARENTHESES.sub(" ", text))
    return out


def joined_words(form: NameForm) -> set[str]:
    """The name's words as they read with the hyphens, dots, apostrophes, slashes and ampersands between them dropped
    ("BIC-Inform" -> "bicinform", "RA-78842" -> "ra78842"), where that makes a new word."""
    if not has_word_joiner(form.original):
        return set()
    own = set(form.tokens)
    return {t for t in joined_text(form.original).split() if t not in own and len(t) >= 4}


def query_forms(names: Iterable[str], schema: str) -> tuple[tuple[str, NameForm], ...]:
    """Name forms of a query.  Of unknown type, a name is read both as a person's and an organisation's."""
    kinds = [schema] if schema else ["LegalEntity", "Person"]
    out: list[tuple[str, NameForm]] = []
    for _, name in with_short_names([("name", n) for n in names]):
        for kind_schema in kinds:
            forms = analyze(name, kind_schema)
            for form in forms:
                if form.tokens:
                    out.append(("name", form))
            if not schema and any(has_legal_form(form) for form in forms):
                break  # "Paz Logistics S.A." names a company: not read as a person's name
    return tuple(out)
