"""Name analysis: one list or query name → its normalised forms (:class:`NameForm`)."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from partyscreen.normalize.chinese import TERMS, chinese_readings, has_han, person_pinyin
from partyscreen.normalize.legal_forms import legal_form_code, split_legal_forms
from partyscreen.normalize.persons import TITLES, is_patronymic, normalise_person_tokens
from partyscreen.normalize.spelling import canonical_spelling
from partyscreen.normalize.text import detect_script, text_extension, tokenize
from partyscreen.normalize.vocabulary import (
    ABBREVIATIONS,
    GENERIC_ORG_TOKENS,
    NUMBER_SIGNS,
    ORDINAL_WORDS,
    CARDINAL_TENS,
    CARDINAL_UNITS,
    ORG_STOPWORDS,
    PHRASES,
    COUNTRY_ADJECTIVES,
    RUSSIAN_WORDS,
    SPELLING_VARIANTS,
    unify_spelling,
)

PERSON_SCHEMATA: Final = frozenset({"person", "individual", "people"})
_NOTHING: Final[frozenset[str]] = frozenset()


@dataclass(slots=True, unsafe_hash=True)
class NameForm:
    """One normalised reading of a name.

    ``tokens`` are ASCII lower case, in the order of the reading, with legal
    forms taken out (into ``legal_forms``), abbreviations expanded, spelling
    unified and, for organisations, stopwords removed.
    """

    original: Final[str]
    script: Final[str]
    tokens: Final[tuple[str, ...]]
    legal_forms: Final[frozenset[str]]
    acronyms: Final[frozenset[str]]
    is_acronym: Final[bool]
    kind: Final[str]  # "person" or "org"

    # Not ``frozen=True``: a compiled class (setup.py) would run the generated
    # ``__init__`` as interpreted Python, ten times slower than this one.  The
    # fields are Final instead: type checking and the compiled class refuse a change.
    def __init__(self, original: str, script: str, tokens: tuple[str, ...], legal_forms: frozenset[str],
                 acronyms: frozenset[str], is_acronym: bool, kind: str) -> None:
        self.original = original
        self.script = script
        self.tokens = tokens
        # Most forms have neither: one shared empty set, which a stored index then holds (and loads) once.
        self.legal_forms = legal_forms or _NOTHING
        self.acronyms = acronyms or _NOTHING
        self.is_acronym = is_acronym
        self.kind = kind

    def __reduce__(self) -> tuple[type[NameForm], tuple[str, str, tuple[str, ...], frozenset[str], frozenset[str], bool, str]]:
        # Rebuilding through the constructor unpickles a stored index many
        # times faster than the default (per-field setattr).
        return (NameForm, (self.original, self.script, self.tokens, self.legal_forms, self.acronyms, self.is_acronym, self.kind))


def names_an_organisation(form: NameForm) -> bool:
    """An organisation's reading with a legal form or a word of organisations' names
    ("institute", "aviation", "bank"): not a person's name, whatever its record says."""
    return has_legal_form(form) or any(token in _VOCAB for token in form.tokens)


def has_legal_form(form: NameForm) -> bool:
    """The name is written with a legal form, so it is a company's.  Not so "PAO, Yu Liang" (OFAC
    SDN): a legal form's word written first, then a comma and given names, is a family name in a
    list's "SURNAME, Given" order (Pao, Ao); a company writes its form last ("Rosneft, PAO") or
    without the comma ("PAO Rosneft")."""
    if not form.legal_forms:
        return False
    original = form.original
    comma = original.find(",")
    if comma <= 0 or len(form.legal_forms) != 1:
        return True
    first = original[:comma].strip()
    if " " in first or len(original[comma + 1 :].split()) < 2:
        return True
    return legal_form_code(first.casefold()) not in form.legal_forms


def is_person_schema(schema: str) -> bool:
    """True for schemata analysed as person names (``Person``)."""
    found = _PERSON_SCHEMA.get(schema)
    if found is None:
        found = (schema or "").strip().casefold() in PERSON_SCHEMATA
        if len(_PERSON_SCHEMA) < 1000:  # (a few schemata, however many names)
            _PERSON_SCHEMA[schema] = found
    return found


_PERSON_SCHEMA: Final[dict[str, bool]] = {}


# --------------------------------------------------------------------------
# Organisation vocabulary pipeline

# Words the light canonical spelling must leave alone (English vocabulary).
_VOCAB: Final[frozenset[str]] = frozenset(
    {w for ws in ABBREVIATIONS.values() for w in ws}
    | set(SPELLING_VARIANTS.values())
    | {w for ws in RUSSIAN_WORDS.values() for w in ws}
    | GENERIC_ORG_TOKENS
    | ORG_STOPWORDS
    | {"number"}
    | {w for ws in PHRASES.values() for w in ws}
    | {
        w
        for v in TERMS.values()
        for r in (v if isinstance(v, tuple) else (v,))
        for w in r.split()
    }
)
_PHRASE_INDEX: Final[dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]] = {}
for _key, _rep in sorted(PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASE_INDEX.setdefault(_key[0], []).append((_key, _rep))
_ORDINAL_SUFFIX: Final = re.compile(r"^(\d+)(?:st|nd|rd|th|d)$")

Item = tuple[str, bool]  # (token, protected): protected tokens skip the vocabulary


#: Words of research and production institutions' names that lists hyphenate ("Scientific-Research
#: Institute") and counterparty files then join ("SCIENTIFICRESEARCH"): the phrases rewrite the
#: words, so the joined form would never meet them.
_JOINABLE: Final = frozenset(
    "research scientific science production industrial association enterprise institute institut import export joint stock "
    "nauchno issledovatelskiy issledovatelsky konstruktorskoe proizvodstvennoe obedinenie predpriyatie".split()
)


@lru_cache(maxsize=65536)
def _split_joined(token: str) -> tuple[str, str] | None:
    """Two of the joinable words written as one ("scientificresearch"), else None."""
    if len(token) < 10 or token in _VOCAB:
        return None
    for k in range(5, len(token) - 4):
        if token[:k] in _JOINABLE and token[k:] in _JOINABLE:
            return token[:k], token[k:]
    return None


def _expand(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for k, (tok, prot) in enumerate(items):
        if prot:
            out.append((tok, prot))
            continue
        exp = ABBREVIATIONS.get(tok) or (_split_joined(tok) if len(tok) >= 10 else None)  # (shorter: never two words)
        if tok in NUMBER_SIGNS and k + 1 < len(items) and items[k + 1][0][:1].isdigit():
            exp = ("number",)
        if exp is not None:
            out.extend((t, False) for t in exp)
        elif "&" in tok:
            out.extend((t, False) for t in tok.split("&") if t)
        else:
            out.append((tok, False))
    return out


def _vocabulary(items: list[Item]) -> list[Item]:
    """Spelling, ordinals, stopwords, phrases, light canonical spelling."""
    staged: list[Item] = []
    for tok, prot in items:
        if not prot:
            tok = COUNTRY_ADJECTIVES.get(tok) or unify_spelling(tok)
            m = _ORDINAL_SUFFIX.match(tok) if tok[:1].isdigit() else None
            if m:
                tok = m.group(1)
            else:
                tok = ORDINAL_WORDS.get(tok, tok)
        staged.append((tok, prot))
    staged = _cardinals(staged)
    kept = [(t, p) for t, p in staged if p or t not in ORG_STOPWORDS]
    if not kept:
        kept = staged
    # phrases
    out: list[Item] = []
    i, n = 0, len(kept)
    while i < n:
        tok, prot = kept[i]
        cands = None if prot else _PHRASE_INDEX.get(tok)
        if cands:
            for key, rep in cands:
                size = len(key)
                window = kept[i : i + size]
                if len(window) == size and all(
                    t == k and not p for (t, p), k in zip(window, key)
                ):
                    out.extend((t, False) for t in rep)
                    i += size
                    break
            else:
                out.append(kept[i])
                i += 1
        else:
            out.append(kept[i])
            i += 1
    words: list[Item] = []
    for t, p in out:
        if p or t in _VOCAB:
            words.append((t, p))
            continue
        spelt = canonical_spelling(t, False)  # (the table's spelling: "priborostroitelnyy" -> "...ny")
        english = RUSSIAN_WORDS.get(spelt)
        if english is not None:
            words.extend((w, False) for w in english)
        else:
            words.append((spelt, p))
    return words


def _cardinals(items: list[Item]) -> list[Item]:
    """Written-out numbers to digits: "forty four" / "forty 4" -> "44", "three" -> "3"."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        tok, prot = items[i]
        if not prot and tok in CARDINAL_TENS:
            value = CARDINAL_TENS[tok]
            if i + 1 < len(items):
                nxt = items[i + 1][0]
                unit = CARDINAL_UNITS.get(nxt, int(nxt) if nxt.isdigit() and len(nxt) == 1 else None)
                if unit is not None and 0 < unit < 10:
                    out.append((str(value + unit), False))
                    i += 2
                    continue
            out.append((str(value), False))
        elif not prot and tok in CARDINAL_UNITS:
            out.append((str(CARDINAL_UNITS[tok]), False))
        else:
            out.append((tok, prot))
        i += 1
    return out


def _split_legal(items: list[Item]) -> tuple[list[Item], frozenset[str]]:
    toks = [t if not p else "\x00" + t for t, p in items]
    rest, codes = split_legal_forms(toks)
    if not codes:
        return items, codes
    return [(t[1:], True) if t.startswith("\x00") else (t, False) for t in rest], codes


# --------------------------------------------------------------------------
# Acronyms

_PAREN: Final = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_NOT_ACRONYM: Final = frozenset({"hk", "prc", "usa", "us", "uk", "uae", "ru", "cn", "ir", "sg", "my",
                          "pty", "ltd", "llc", "inc", "jsc", "ojsc", "pjsc", "cjsc", "ooo", "ao",
                          "zao", "oao", "pao", "gmbh", "ag", "sa", "plc", "fze"})
_SEGMENT_SPLIT: Final = re.compile(r"\s*(?:[,;:/]|\s[-\u2013\u2014]\s|\u2014)\s*")
_SEGMENT_MARKS: Final = (",", ";", ":", "/", "-", "\u2013", "\u2014")  # one is in every split


def _segment_start(text: str) -> int:
    """Where ``_SEGMENT_SPLIT`` can first match: the white space before the first mark (each match holds
    a mark, after nothing but white space).  The search starts there, not at every place before it."""
    first = len(text)
    for mark in _SEGMENT_MARKS:
        at = text.find(mark)
        if 0 <= at < first:
            first = at
    while first > 0 and text[first - 1].isspace():
        first -= 1
    return first


def _has_segment_mark(text: str) -> bool:
    for mark in _SEGMENT_MARKS:  # (a loop: compiled, any() over a generator makes an object per call)
        if mark in text:
            return True
    return False
_LEGAL_WORDS: Final = re.compile(
    r"\b(?:co|ltd|inc|corp|llc|limited|company|corporation|incorporated|gmbh|plc|jsc)\b\.?",
    re.IGNORECASE,
)
_INSTITUTION_WORDS: Final = frozenset({"university", "institute", "academy", "college", "school"})
_KEEP_LEGAL_FOR_INITIALS: Final = frozenset({"corporation", "company"})


def _paren_acronyms(text: str) -> tuple[set[str], str]:
    """Acronyms given in parentheses, and the text without them.

    Non-acronym parenthetical text is kept (parentheses become spaces).
    """
    found: set[str] = set()
    if "(" not in text and "[" not in text:
        return found, text

    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        letters = [c for c in inner if c.isalpha()]
        if (
            2 <= len(letters) <= 12
            and len(inner) <= 16
            and len(inner.split()) <= 2
            and all(c.isupper() for c in letters)
        ):
            key = "".join(tokenize(inner))
            if key and key not in _NOT_ACRONYM:
                found.add(key)
                return " "
        return f" {inner} "

    return found, _PAREN.sub(repl, text)


_ASCII_LETTERS: Final = frozenset(string.ascii_letters)


def _initials(tokens: list[str] | tuple[str, ...]) -> str | None:
    words = [t for t in tokens if t and (t[0] in _ASCII_LETTERS or t[0].isalpha())]
    if len(words) < 3 or len(words) > 12:
        return None
    return "".join(w[0] for w in words)


def _derived_acronyms(text: str, tokens: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    ini = _initials(tokens)
    if ini:
        out.add(ini)
    # variant with a spelled-out "Corporation"/"Company" kept (CASIC, NIOC)
    lower = text.casefold()
    if "compan" not in lower and "corporat" not in lower:
        raw = []
    else:
        raw = [t for t in tokenize(text) if t not in ORG_STOPWORDS]
    raw = [ABBREVIATIONS.get(t, (t,))[0] if t not in _KEEP_LEGAL_FOR_INITIALS else t for t in raw]
    if raw and any(t in _KEEP_LEGAL_FOR_INITIALS for t in raw):
        rest, _codes = split_legal_forms([t for t in raw if t not in _KEEP_LEGAL_FOR_INITIALS])
        keep = [t for t in raw if t in _KEEP_LEGAL_FOR_INITIALS or t in rest]
        ini = _initials(keep)
        if ini:
            out.add(ini)
    # the first comma-separated part: the parent organisation
    # ("Academy of Military Medical Sciences, Institute of ..." → amms).  Later
    # parts are left out: their initials are rarely used and collide ("ibm").
    found = _SEGMENT_SPLIT.search(text, _segment_start(text)) if _has_segment_mark(text) else None
    parts = [text[: found.start()], text[found.end() :]] if found else [text]  # (split, maxsplit=1)
    if len(parts) > 1:
        toks, _legal = _org_items_latin(parts[0])
        ini = _initials([t for t, _ in toks])
        if ini:
            out.add(ini)
    return out


def _is_acronym(core: str, tokens: tuple[str, ...]) -> bool:
    if not tokens or len(tokens) > 2:
        return False
    joined = "".join(tokens)
    if not (2 <= len(joined) <= 8 and joined.isalnum()):
        return False
    letters = sum(c.isalpha() for c in joined)
    if letters < 2:
        return False
    stripped = _LEGAL_WORDS.sub(" ", core)
    if not stripped.isupper() and any(c.islower() for c in stripped):  # (isupper: no lower case, one C loop)
        return False
    if len(tokens) == 2 and "-" not in stripped and "." not in stripped:
        return False
    vowels = sum(c in "aeiou" for c in joined)
    return letters <= 5 or vowels <= 1 or "." in stripped


# --------------------------------------------------------------------------
# Organisation analysis


def _org_items_latin(text: str) -> tuple[list[Item], frozenset[str]]:
    items: list[Item] = [(t, False) for t in tokenize(text)]
    items = _expand(items)
    items, legal = _split_legal(items)
    return _vocabulary(items), legal


def _form(original: str, script: str, tokens: tuple[str, ...], legal: frozenset[str],
          acronyms: set[str], is_acr: bool, kind: str) -> NameForm:
    return NameForm(original, script, tokens, legal, frozenset(acronyms), is_acr, kind)


# "SiemensAG", "RomashkaLLC": a legal form glued to a camel-case name.
_GLUED_FORMS: Final = ("AG", "GmbH", "GMBH", "LLC", "Ltd", "LTD", "Inc", "INC", "JSC", "PLC", "Corp", "OOO")
_GLUED_LEGAL: Final = re.compile(r"(?<=[a-z])(" + "|".join(_GLUED_FORMS) + r")\b")


def _may_glue_legal_form(text: str) -> bool:
    """One of ``_GLUED_FORMS`` is written in ``text`` (most names: the regular expression need not run)."""
    for form in _GLUED_FORMS:
        if form in text:
            return True
    return False


# A function, not the template r" \1": re expands a template in Python on every call.
def _unglue(m: re.Match[str]) -> str:
    return " " + m.group(1)


def _analyze_org(original: str, text: str, script: str) -> list[NameForm]:
    if script == "Latin" and not (text.istitle() or text.isupper() or text.islower()):
        # (Only a lower-case letter followed by a capital can start a glued legal form.)
        if _may_glue_legal_form(text):
            text = _GLUED_LEGAL.sub(_unglue, text)
    paren, core = _paren_acronyms(text)
    forms: list[NameForm] = []
    if has_han(core) and script != "Japanese":
        for reading in chinese_readings(core):
            items: list[Item] = []
            for word, english in reading.words:
                if english:
                    items.extend(_expand([(t, False) for t in tokenize(word)]))
                else:
                    items.extend((t, True) for t in tokenize(word))
            items, legal = _split_legal(items)
            legal = legal | reading.legal_forms
            if not reading.pinyin:
                items = _vocabulary(items)
            tokens = tuple(t for t, _ in items)
            acr = set(paren)
            if not reading.pinyin:
                ini = _initials(tokens)
                if ini:
                    acr.add(ini)
                # English word order: "<place> University of <field>"
                for k, tok in enumerate(tokens):
                    if tok in _INSTITUTION_WORDS and k == len(tokens) - 1 and k > 1:
                        moved = (tokens[0], tok, *tokens[1:k])
                        ini = _initials(moved)
                        if ini:
                            acr.add(ini)
            forms.append(_form(original, script, tokens, legal, acr, False, "org"))
        return forms
    items, legal = _org_items_latin(core)
    tokens = tuple(t for t, _ in items)
    is_acr = _is_acronym(core, tokens)
    acr = set(paren)
    if len(tokens) >= 4 and tokens[-1] == _initials(tokens[:-1]):
        # "Federal Security Service FSB": the acronym written after the name without
        # its parentheses is the acronym, not another word of the name.
        acr.add(tokens[-1])
        tokens = tokens[:-1]
    if is_acr:
        acr.add("".join(tokens))
    else:
        acr |= _derived_acronyms(core, tokens)
    forms.append(_form(original, script, tokens, legal, acr, is_acr, "org"))
    return forms


# --------------------------------------------------------------------------
# Person analysis

_UPPER_WORD: Final = re.compile(r"^[^\W\d_]{2,}$")


def _is_upper_word(word: str) -> bool:
    """``_UPPER_WORD`` matches: two letters or more (the regex only for the rare word that is not all letters)."""
    return (len(word) >= 2 and word.isalpha()) or _UPPER_WORD.match(word) is not None


# "SergeiLavrov", "RamiMakhlouf": glued given and family names.  Not after
# "Mc", "Mac", "De", "La", ... (McDonald, MacArthur, DeAndre stay one token).
_CAMEL: Final = re.compile(r"\b([A-Z][a-z]{2,})(?=[A-Z][a-z])")
_CAMEL_KEEP: Final = frozenset({"Mac", "Van", "Von", "Del", "Des", "Dos", "Das", "Della"})


def _split_camel(m: re.Match[str]) -> str:
    word = m.group(1)
    return word if word in _CAMEL_KEEP else word + " "


# "JC Juncker", "TJ Holmes": capitals without a vowel, in a name written in mixed case, are
# initials written together ("J. C."), not a name.  In a name all in capitals they cannot be told
# from a name.  Family names without a vowel ("NG Chee Meng"), titles ("DR"), generation suffixes
# ("JR") and legal forms ("LLC": a company's name read as a person's) stay words.
_GLUED_INITIALS: Final = re.compile(r"\b[B-DF-HJ-NP-TV-XZ]{2,3}\b")
_NOT_INITIALS: Final = TITLES | {"ng", "hng", "sng", "jr", "jnr", "snr"}


def _are_initials(word: str) -> bool:
    return _GLUED_INITIALS.fullmatch(word) is not None and word.lower() not in _NOT_INITIALS and not legal_form_code(word)


def _split_initials(m: re.Match[str]) -> str:
    word = m.group(0)
    return " ".join(word) if _are_initials(word) else word


def _person_form(original: str, script: str, tokens: tuple[str, ...]) -> NameForm:
    # (Called directly, not as a closure: compiled, a closure is called as a Python object.)
    return NameForm(original, script, tokens, _NOTHING, _NOTHING, False, "person")


def _person_tokens(text: str) -> tuple[str, ...]:
    if _NATIVE_SPLIT_GLUED is not None:
        text = _NATIVE_SPLIT_GLUED(text, _CAMEL_KEEP, _are_initials)
    else:
        text = _split_glued_py(text)
    return tuple(normalise_person_tokens(tokenize(text, collapse_initials=False)))


def _split_glued_py(text: str) -> str:
    """Glued names ("SergeiLavrov") and initials written together ("JC Juncker") set apart: the
    reference of ``_text.split_glued``, the C twin ``_person_tokens`` runs where it is built
    (tests/normalize/test_persons_native.py compares them)."""
    if not (text.istitle() or text.isupper() or text.islower()):
        # (A name in one case, or with each word capitalised, has no glued names or initials.)
        if text.isascii():
            text = _CAMEL.sub(_split_camel, text)
        text = _GLUED_INITIALS.sub(_split_initials, text)
    return text


_NATIVE_SPLIT_GLUED: Final[Callable[[str, frozenset[str], Callable[[str], bool]], str] | None] = text_extension("split_glued")


def _analyze_person(original: str, text: str, script: str) -> list[NameForm]:
    if has_han(text) and script in ("Han",):
        toks = person_pinyin(text)
        return [_person_form(original, script, toks)] if toks else []
    forms: list[NameForm] = []
    if text.count(",") == 1:
        family, given = (p.strip() for p in text.split(","))
        if family and given and len(family.split()) <= 5:
            forms.append(_person_form(original, script, _person_tokens(f"{family} {given}")))
            forms.append(_person_form(original, script, _person_tokens(f"{given} {family}")))
            return forms
    tokens = _person_tokens(text.replace(",", " "))
    forms.append(_person_form(original, script, tokens))
    words = text.split()
    if len(words) >= 2:
        # "АРТЮХОВ Дмитрий Андреевич", "SMITH John": upper-case family name first
        k = 0
        while k < len(words) and words[k].isupper() and _is_upper_word(words[k]) and not (len(words[k]) <= 3 and _are_initials(words[k])):
            k += 1
        if 0 < k < len(words) and not any(w.isupper() for w in words[k:] if len(w) > 1):
            forms.append(_person_form(original, script, _person_tokens(" ".join(words[k:] + words[:k]))))
        elif len(tokens) == 3 and is_patronymic(tokens[2]) and not is_patronymic(tokens[1]):
            # "Путин Владимир Владимирович": family, given, patronymic
            forms.append(_person_form(original, script, (tokens[1], tokens[2], tokens[0])))
    return forms


# --------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def analyze(text: str, schema: str = "LegalEntity") -> tuple[NameForm, ...]:
    """All forms of one name.

    Usually one; more when the name allows several readings: a Chinese name
    gives translated readings (company terms in English, pinyin for the
    rest) and an all-pinyin reading; a "SURNAME, Given" or "SURNAME Given"
    person name gives the given-family order too.  Empty text gives ``()``.
    """
    if not text:
        return ()
    norm = (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()  # (ASCII is its own NFKC form)
    if not any(c.isalnum() for c in norm):
        return ()
    script = detect_script(norm)
    if is_person_schema(schema):
        forms = _analyze_person(text, norm, script)
    else:
        forms = _analyze_org(text, norm, script)
    if len(forms) == 1:  # (most names: one reading, nothing to deduplicate)
        return (forms[0],) if forms[0].tokens else ()
    seen: set[tuple[tuple[str, ...], frozenset[str]]] = set()
    out: list[NameForm] = []
    for f in forms:
        key = (f.tokens, f.legal_forms)
        if f.tokens and key not in seen:
            seen.add(key)
            out.append(f)
    return tuple(out)
