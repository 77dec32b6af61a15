"""Legal forms (company types) across languages and scripts.

A compact table of our own instead of rigour's ``org_types`` (3,500 lines),
because for screening we need something rigour's two output vocabularies
do not give:

* one code per legal form *across languages*, neither too fine nor too
  coarse: rigour's compare forms keep "co ltd" (``coltd``), "limited"
  (``ltd``) and "有限公司" (``ltd``) apart and do not know "Corp." or
  "Corporation"; its generic forms fold LLC, Ltd, Inc and GmbH into ``llc``
  and PLC, AG, SA and PJSC into ``jsc``, losing what the spec asks to keep
  (PJSC vs JSC);
* position rules: short codes that are also words ("AS", "SA", "AO", "AG",
  "PT") are legal forms only at the start or end of a name;
* Han names without spaces (rigour's word-boundary check misses
  "北京有限公司").

Matching runs on our own token sequences (after transliteration), so
"ООО", "OOO" and "Obshchestvo s ogranichennoy otvetstvennostyu" all hit the
same entry; coverage on the list corpus is in the report of the normalise
work and in ``tests/normalize``.  Lookup is one dict probe per token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from partyscreen.normalize.spelling import canonical_spelling
from partyscreen.normalize.text import tokenize

# code -> family.  The family lets the matcher treat "OAO" and "PAO" or
# "Co., Ltd." and "Limited" as compatible (a company renamed from OAO to PAO
# in 2014 is the same company).
LEGAL_FORM_FAMILY: Final[dict[str, str]] = {}

# (code, family, aliases).  Aliases are written as they appear in names; they
# are tokenised like names at import time.  "edge" aliases count only at the
# start or end of a name.
_TABLE: Final[list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]] = [
    # code, family, aliases anywhere, aliases at the edges only
    ("co ltd", "ltd", (
        "co ltd", "jusikhoesa", "주식회사", "co limited", "company limited", "company ltd", "co., ltd.",
        "company limited by shares", "co ltd by shares", "limited company",
        "ltd co", "ltd company",
    ), ()),
    ("ltd", "ltd", ("ltd", "limited", "ltda", "limitada", "ltd sti", "ltd şti",
                    "limited sirketi", "limited şirketi", "ltd sirketi"), ()),
    ("pte ltd", "ltd", ("pte ltd", "pte limited", "private limited", "pvt ltd",
                        "pvt limited", "private ltd", "pty ltd", "pty limited",
                        "proprietary limited"), ("pte", "pvt", "pty")),
    ("sdn bhd", "ltd", ("sdn bhd", "sendirian berhad"), ()),
    ("bhd", "jsc", ("berhad",), ("bhd",)),
    ("llc", "ltd", (
        "llc", "l l c", "limited liability company", "limited liability co",
        "ooo", "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostyu",
        "obshchestvo s ogranichennoy otvetstvennostiu",
        "obschestvo s ogranichennoy otvetstvennostyu",
        "общество с ограниченной ответственностью",
        "tovarystvo z obmezhenoiu vidpovidalnistiu",
        "tovarystvo z obmezhenoyu vidpovidalnistyu",
        "товариство з обмеженою відповідальністю",
        "tovarishchestvo s ogranichennoy otvetstvennostyu",
        "товарищество с ограниченной ответственностью",
        "mchj", "tnhh", "cong ty tnhh", "trach nhiem huu han",
        "cong ty trach nhiem huu han", "sp z oo", "spolka z ograniczona odpowiedzialnoscia",
        "sro", "spol s ro", "d o o", "doo", "kft", "llc fz", "fz llc", "fzllc",
        "ood", "eood", "таварыства з абмежаванай адказнасцю", "yuhanhoesa", "유한회사",
        "drustvo sa ogranicenom odgovornoscu", "societatea cu raspundere limitata",
        "sprl", "bvba", "eireli",
        # the limited company in other European languages, as the EU's lists write it
        "tavarystva z abmezhavanaj adkaznasciu", "дружество с ограничена отговорност",
        "druzhestvo s ogranichena otgovornost", "druzba z omejeno odgovornostjo",
        "drustvo s ogranicenom odgovornoscu", "spolecnost s rucenim omezenym",
        "spolocnost s rucenim obmedzenym", "korlatolt felelossegu tarsasag",
        "sabiedriba ar ierobezotu atbildibu", "societate cu raspundere limitata",
        "εταιρεία περιορισμένης ευθύνης", "εταιρία περιορισμένης ευθύνης",
        "cuideachta theoranta", "an chuideachta theoranta", "cuideachta faoi dhliteanas teoranta", "osauhing",
        "anpartsselskab", "uzdaroji akcine bendrove", "sociedade por quotas",
    ), ("tov", "too", "sia", "aps", "uab", "ou", "teoranta")),
    ("llp", "lp", ("llp", "limited liability partnership"), ()),
    ("lp", "lp", ("limited partnership",), ("lp",)),
    ("inc", "corp", ("inc", "incorporated", "incorporation"), ()),
    ("corp", "corp", ("corp", "corporation", "corpn", "corporacion", "corporacao",
                      "korporatsiya", "корпорация", "korporatsiia"), ()),
    ("co", "corp", ("co", "company", "compagnie", "compania", "cia", "companhia",
                    "kompaniya", "компания", "cong ty"), ()),
    ("plc", "jsc", ("plc", "public limited company", "public company limited",
                    "public co ltd", "public company ltd", "pcl"), ()),
    ("jsc", "jsc", (
        "jsc", "joint stock company", "joint stock co", "joint stock corporation",
        "jointstock company", "stock company", "aktsionernoe obshchestvo",
        "aktsionernoye obshchestvo", "акционерное общество",
        "nepublichnoe aktsionernoe obshchestvo", "непубличное акционерное общество",
        "aktsionerne tovarystvo", "акціонерне товариство", "aktsiyonerne tovarystvo",
        "joint stock co ltd", "joint stock company limited", "cong ty co phan",
        "sherkat sahami", "sahami khass", "aktsionernoe obshestvo",
    ), ("ao", "at", "ad", "nao", "jsco")),
    ("ojsc", "jsc", ("ojsc", "oao", "open joint stock company", "open jsc",
                     "открытое акционерное общество", "otkrytoe aktsionernoe obshchestvo",
                     "otkrytoye aktsionernoye obshchestvo",
                     "vidkryte aktsionerne tovarystvo", "відкрите акціонерне товариство",
                     "open joint stock co", "ojsco",
                     "адкрытае акцыянернае таварыства"), ("vat", "aat")),
    ("cjsc", "jsc", ("cjsc", "zao", "closed joint stock company", "closed jsc",
                     "закрытое акционерное общество", "zakrytoe aktsionernoe obshchestvo",
                     "zakrytoye aktsionernoye obshchestvo", "closed joint stock co",
                     "закрите акціонерне товариство", "zakryte aktsionerne tovarystvo"), ("zat",)),
    ("pjsc", "jsc", ("pjsc", "pao", "public joint stock company", "public jsc",
                     "публичное акционерное общество", "publichnoe aktsionernoe obshchestvo",
                     "publichnoye aktsionernoye obshchestvo", "public joint stock co",
                     "публічне акціонерне товариство", "publichne aktsionerne tovarystvo",
                     "pjs", "public joint stock"), ("pat",)),
    ("prjsc", "jsc", ("prjsc", "prat", "private joint stock company", "private jsc",
                      "приватне акціонерне товариство", "pryvatne aktsionerne tovarystvo"), ()),
    ("gmbh", "ltd", ("gmbh", "gesellschaft mit beschrankter haftung",
                     "gesellschaft mit beschraenkter haftung", "mbh", "ges mbh", "gesmbh"), ()),
    ("gmbh co kg", "lp", ("gmbh and co kg", "gmbh co kg", "gmbh & co kg"), ()),
    ("kg", "lp", ("kommanditgesellschaft",), ("kg",)),
    ("ohg", "lp", ("ohg", "offene handelsgesellschaft", "general partnership"), ()),
    ("ag", "jsc", ("aktiengesellschaft",), ("ag",)),
    ("sa", "jsc", ("societe anonyme", "sociedad anonima", "sociedade anonima",
                   "societa anonima", "sa de cv", "sab de cv", "sapi de cv", "sa de rl"),
     ("sa", "sab", "sau", "sac", "sal", "saa", "saic", "sae")),
    ("sarl", "ltd", ("sarl", "societe a responsabilite limitee", "eurl"), ()),
    ("sas", "jsc", ("societe par actions simplifiee",), ("sas", "sasu")),
    ("srl", "ltd", ("srl", "societa a responsabilita limitata", "s de rl",
                    "s de rl de cv", "sociedad de responsabilidad limitada"), ()),
    ("sl", "ltd", ("sociedad limitada",), ("sl", "slu")),
    ("spa", "jsc", ("societa per azioni",), ("spa",)),
    ("bv", "ltd", ("besloten vennootschap",), ("bv",)),
    ("nv", "jsc", ("naamloze vennootschap",), ("nv",)),
    ("ab", "jsc", ("aktiebolag", "aktiebolaget"), ("ab",)),
    ("as", "jsc", ("aksjeselskap", "aktieselskab", "akciova spolecnost", "anonim sirketi",
                   "anonim şirketi"), ("as", "asa", "a s")),
    ("oy", "jsc", ("osakeyhtio",), ("oy", "oyj")),
    ("kk", "jsc", ("kabushiki kaisha", "kabushiki gaisha", "kabushikigaisha"), ("kk",)),
    ("pt", "ltd", ("perseroan terbatas",), ("pt", "tbk")),
    ("fze", "ltd", ("fze", "free zone establishment", "fzco", "fzc", "free zone company",
                    "dmcc"), ("fz",)),
    ("fsue", "state", ("fsue", "fgup", "federal state unitary enterprise",
                       "федеральное государственное унитарное предприятие",
                       "federalnoe gosudarstvennoe unitarnoe predpriyatie",
                       "фгуп"), ()),
    ("sue", "state", ("gup", "state unitary enterprise",
                      "государственное унитарное предприятие",
                      "gosudarstvennoe unitarnoe predpriyatie"), ()),
    ("mue", "state", ("municipal unitary enterprise",
                      "муниципальное унитарное предприятие"), ("mup",)),
    ("ue", "state", ("unitary enterprise", "унитарное предприятие",
                     "unitarnoe predpriyatie"), ("up", "chup")),
    ("pue", "ltd", ("private unitary enterprise", "частное унитарное предприятие",
                    "private production unitary enterprise"), ("chup",)),
    ("fsbi", "state", ("fgbu", "federal state budgetary institution",
                       "федеральное государственное бюджетное учреждение",
                       "fgbou", "fgau", "fgku", "fku", "fgu", "fsbei",
                       "federal state institution", "federalnoe gosudarstvennoe uchrezhdenie",
                       "федеральное государственное учреждение"), ()),
    ("fkp", "state", ("fkp", "federal state owned enterprise", "федеральное казенное предприятие",
                      "federal treasury enterprise"), ()),
    ("se", "state", ("state enterprise", "derzhavne pidpryiemstvo", "державне підприємство",
                     ), ("dp",)),
    ("ano", "nonprofit", ("autonomous non profit organization",
                          "autonomous nonprofit organization",
                          "автономная некоммерческая организация",
                          "avtonomnaya nekommercheskaya organizatsiya"), ("ano",)),
    ("ie", "sole", ("individual entrepreneur", "индивидуальный предприниматель",
                    "individualnyy predprinimatel", "sole proprietorship"), ("ip",)),
    ("ev", "nonprofit", ("eingetragener verein",), ("ev",)),
    ("asbl", "nonprofit", ("asbl", "association sans but lucratif"), ()),
]


_KEYS: Final[dict[str, str]] = {}


def _token_key(token: str) -> str:
    """Lookup key of one token: absorbs romanisation variants of the long forms
    (obshchestvo/obschestvo, otvetstvennostyu/-stiu, ogranichennoy/-noi, -oye/-oe)."""
    key = _KEYS.get(token)
    if key is None:
        key = canonical_spelling(token, False)
        if len(key) > 4:
            key = key.replace("shch", "sch").replace("iu", "yu").replace("oye", "oe")
            if key.endswith("oi"):
                key = key[:-1] + "y"
        if len(_KEYS) < 100_000:
            _KEYS[token] = key
    return key


def _key(tokens: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple([_token_key(t) for t in tokens])


def _build() -> tuple[dict[str, list[tuple[tuple[str, ...], str, bool]]], int]:
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    longest = 1
    for code, family, anywhere, edge in _TABLE:
        LEGAL_FORM_FAMILY[code] = family
        for aliases, edge_only in ((anywhere, False), (edge, True)):
            for alias in aliases:
                toks = _key(tokenize(alias))
                if not toks:
                    continue
                longest = max(longest, len(toks))
                index.setdefault(toks[0], []).append((toks, code, edge_only))
    for entries in index.values():
        # longest first; among equal length, "anywhere" before "edge"
        entries.sort(key=lambda e: (-len(e[0]), e[2]))
        # drop duplicates of the same token sequence (first one wins)
        seen: set[tuple[str, ...]] = set()
        uniq = []
        for e in entries:
            if e[0] not in seen:
                seen.add(e[0])
                uniq.append(e)
        entries[:] = uniq
    return index, longest


_INDEX, _LONGEST = _build()


EdgeTable = dict[str, list[tuple[tuple[str, ...], str]]]


def _build_by_edge(last: bool, letters: slice) -> EdgeTable:
    """Multi-word and long legal forms by two letters (``letters``) of their last (or first) word."""
    out: EdgeTable = {}
    for entries in _INDEX.values():
        for toks, code, _edge in entries:
            if len(toks) > 1 or len(toks[0]) >= 6:
                out.setdefault(toks[-1 if last else 0][letters], []).append((toks, code))
    return out


def _near(tables: tuple[EdgeTable, EdgeTable], word: str) -> list[tuple[tuple[str, ...], str]]:
    """Forms whose edge word may be ``word`` with one slip: it starts the same, its first two
    letters are swapped ("Ilmited"), its second and third ("Lmiited"), a letter was typed before
    it ("Qlimited"), its first letter is wrong ("Vimited") or missing ("Imited")."""
    first_two, second_third = tables
    return (
        first_two.get(word[:2], [])
        + first_two.get(word[1] + word[0], [])
        + first_two.get(word[0] + word[2:3], [])
        + first_two.get(word[1:3], [])
        + second_third.get(word[1:3], [])
        + second_third.get(word[:2], [])
    )


_BY_ENDING: Final = (_build_by_edge(True, slice(0, 2)), _build_by_edge(True, slice(1, 3)))
_BY_START: Final = (_build_by_edge(False, slice(0, 2)), _build_by_edge(False, slice(1, 3)))


@lru_cache(maxsize=65536)
def _near_ending(word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """``_near`` the last words of legal forms, kept where ``word`` passes as that last word
    (``_close_words`` checks the other words per name); a name's last word recurs ("Ltd", "Company"): cached."""
    return tuple(entry for entry in _near(_BY_ENDING, word) if _edge_close(word, entry[0], -1, True))


@lru_cache(maxsize=65536)
def _near_start(word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple(entry for entry in _near(_BY_START, word) if _edge_close(word, entry[0], 0, False))


def _edge_close(word: str, form: tuple[str, ...], edge: int, cut: bool) -> bool:
    """``word`` passes ``_close_words`` as the form's word at ``edge``, alone: without it no name
    ending (or opening) with ``word`` has that form, so the form need not be tried word by word."""
    expected = form[edge]
    if abs(len(expected) - len(word)) > 1 and not (cut and expected.startswith(word)):
        return False  # neither one edit apart nor cut off: most forms, ruled out without the edit distance
    return _close_word(word, expected, cut) or (len(form) >= 3 and len(word) >= 2 and _close_word(word, expected, False, 2))


def _close_word(written: str, form: str, last: bool, shortest: int = 5) -> bool:
    """A legal-form word as lists mistype or cut it: one edit in a word of ``shortest`` letters
    or more, or (the name's last word) cut off after at least 4 letters."""
    if written == form:
        return True
    if last and len(written) >= 4 and form.startswith(written):
        return True
    return len(form) >= shortest and abs(len(form) - len(written)) <= 1 and OSA.distance(written, form, score_cutoff=1) <= 1


def _close_words(written: Sequence[str], form: Sequence[str], cut_last: bool) -> bool:
    """Each word close to the form's (``_close_word``; the last one may be cut off when
    ``cut_last``).  In a form of three words or more, whose other words confirm it, one short
    word may have a slip too: "Poen Joint Stock Company", "S.A. DHE C.V."."""
    short_slips = 1 if len(form) >= 3 else 0
    for k in range(len(form)):  # (not zip: compiled, an index loop makes no iterator objects)
        word, expected = written[k], form[k]
        if _close_word(word, expected, cut_last and k == len(form) - 1):
            continue
        if short_slips and len(word) >= 2 and _close_word(word, expected, False, 2):
            short_slips -= 1
            continue
        return False
    return True


def _fuzzy_leading_form(keys: tuple[str, ...], longer_than: int = 0) -> tuple[int, str] | None:
    """A misspelt legal form opening the name ("Limted Liability Company Severnaya ...",
    "Open Joint Sotck Company ..."): (end, code).  A short first word counts only in a
    form of three words or more, whose other words confirm it.  Only forms of more than
    ``longer_than`` words are tried: a legal form found exactly there already covers the rest."""
    first = keys[0]
    if len(first) < 3:
        return None
    best: tuple[int, str] | None = None
    for toks, code in _near_start(first):
        m = len(toks)
        if m <= longer_than or m >= len(keys) or (best is not None and best[0] >= m) or (len(first) < 5 and m < 3):
            continue
        if _close_words(keys[:m], toks, False):
            best = (m, code)
    return best


def _fuzzy_trailing_form(keys: tuple[str, ...], longer_than: int = 0) -> tuple[int, str] | None:
    """A misspelt or truncated legal form ending the name: "Joynt Stock Company",
    "Aktiengeselschaft", "Joint Stock Compan" (a fixed-width field cut it).
    A short last word ("C.V.") counts only in a form of three words or more, whose
    other words confirm it ("S.A. DHE C.V.").
    Returns (start, code) of the longest such form of more than ``longer_than`` words."""
    last = keys[-1]
    if len(last) < 2:
        return None
    best: tuple[int, str] | None = None
    for toks, code in _near_ending(last):
        m = len(toks)
        if m <= longer_than or m >= len(keys) or (best is not None and len(keys) - best[0] >= m) or (len(last) < 4 and m < 3):
            continue  # a legal form is never the whole name
        start = len(keys) - m
        if _close_words(keys[start:], toks, True):
            best = (start, code)
    return best


def legal_form_family(code: str) -> str:
    """The family of a legal-form code: ``ltd``, ``jsc``, ``corp``, ``lp``, ``state``, ..."""
    return LEGAL_FORM_FAMILY.get(code, code)


#: Short forms that end a name and never open one: a leading "Ag" is the Tuareg "son of"
#: ("AG ALBACHAR, Ahmed"), "Se" a Korean or Vietnamese name.
_ENDING_ONLY: Final = frozenset({"ag", "kg", "se"})


def _native_split_legal_forms() -> Callable[[list[str]], tuple[list[str], frozenset[str]]] | None:
    """``split_legal_forms`` of the C extension ``_legal_forms`` (the same rules, without a Python
    call per word and form tried), given this module's tables; None where it is not built."""
    try:
        from partyscreen.normalize import _legal_forms
    except ImportError:  # PARTYSCREEN_PURE_PYTHON=1: the Python below runs
        return None
    _legal_forms.configure(
        index=_INDEX,
        by_ending=_BY_ENDING,
        by_start=_BY_START,
        ending_only=_ENDING_ONLY,
        keys=_KEYS,
        token_key=_token_key,
    )
    return _legal_forms.split_legal_forms


_NATIVE_SPLIT_LEGAL_FORMS: Final = _native_split_legal_forms()


def split_legal_forms(tokens: list[str]) -> tuple[list[str], frozenset[str]]:
    """Remove legal forms from a token list and return (rest, codes).

    Multi-word and unambiguous forms are removed wherever they stand; short
    forms that are also words ("as", "sa", "ao", "pt") only at the start or
    the end (counting runs of legal forms as the end: "... GmbH & Co. KG").
    If removing would leave no token, nothing is removed: ``tokens`` itself is returned.
    """
    if _NATIVE_SPLIT_LEGAL_FORMS is not None:
        return _NATIVE_SPLIT_LEGAL_FORMS(tokens)
    return _split_legal_forms_py(tokens)


def _split_legal_forms_py(tokens: list[str]) -> tuple[list[str], frozenset[str]]:
    """The reference of ``_legal_forms.split_legal_forms``, the C twin of this (and of
    ``_fuzzy_trailing_form``, ``_fuzzy_leading_form``, ``_near_ending``, ``_near_start`` and the
    word rules above) that ``split_legal_forms`` runs where it is built: a change to a rule here
    is made there too (tests/normalize/test_legal_forms_native.py compares them)."""
    n = len(tokens)
    if n == 0:
        return tokens, frozenset()
    keys = _key(tokens)
    # spans: start -> (end, code, edge_only)
    spans: list[tuple[int, int, str, bool]] = []
    i = 0
    while i < n:
        entries = _INDEX.get(keys[i])
        hit = None
        if entries:
            for toks, code, edge_only in entries:
                m = len(toks)
                if keys[i : i + m] == toks:
                    hit = (i, i + m, code, edge_only)
                    break
        if hit:
            spans.append(hit)
            i = hit[1]
        else:
            i += 1
    # A misspelt form counts where it is longer than the form found exactly at that edge
    # (the spans do not overlap: at most one ends the name, one opens it).
    ending = next((n - s[0] for s in spans if s[1] == n), 0)
    fuzzy = _fuzzy_trailing_form(keys, ending)
    if fuzzy is not None:
        spans = [s for s in spans if s[1] <= fuzzy[0]] + [(fuzzy[0], n, fuzzy[1], True)]
    opening_exact = next((s[1] for s in spans if s[0] == 0), 0)
    opening = _fuzzy_leading_form(keys, opening_exact)
    if opening is not None:
        spans = [(0, opening[0], opening[1], True)] + [s for s in spans if s[0] >= opening[0]]
    if not spans:
        return tokens, frozenset()
    accepted = [not s[3] for s in spans]
    # edge-only spans: accepted when only legal forms separate them from an edge
    pos = 0
    for idx, s in enumerate(spans):
        if s[0] != pos or (s[1] - s[0] == 1 and keys[s[0]] in _ENDING_ONLY):
            break
        accepted[idx] = True
        pos = s[1]
    pos = n
    for idx in range(len(spans) - 1, -1, -1):
        s = spans[idx]
        if s[1] != pos:
            break
        accepted[idx] = True
        pos = s[0]
    drop: set[int] = set()
    codes: set[str] = set()
    for s, ok in zip(spans, accepted):
        if ok:
            drop.update(range(s[0], s[1]))
            codes.add(s[2])
    if not codes or len(drop) >= n:
        return tokens, frozenset()
    rest = [t for j, t in enumerate(tokens) if j not in drop]
    return rest, frozenset(codes)


def _build_words() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    single = {toks[0] for entries in _INDEX.values() for toks, _code, _edge in entries if len(toks) == 1}
    for entries in _INDEX.values():
        for toks, code, _edge in entries:
            # The words of a longer form that are forms on their own too: "ltd" and "limited" of
            # "co ltd", not "huu" or "han" of "trach nhiem huu han" (Vietnamese LLC), nor two
            # letters ("co" of "co ltd"), which give too many words one slip away.
            words.setdefault(code, set()).update(t for t in toks if len(toks) == 1 or (t in single and len(t) >= 3))
    return {code: frozenset(w) for code, w in words.items()}


_WORDS: Final = _build_words()


@lru_cache(maxsize=1024)
def legal_form_words(codes: frozenset[str]) -> frozenset[str]:
    """The words these legal forms are written with ("llc" -> llc, ooo, tov, limited, liability, ...;
    "co ltd" -> ltd, company, limited, ...)."""
    return frozenset(w for code in codes for w in _WORDS.get(code, ()))


@lru_cache(maxsize=65536)
def is_slip_of(token: str, words: frozenset[str], last: bool = False) -> bool:
    """``token`` is one slip away from one of ``words`` (the words of legal forms, or the small
    words a name is written with): a letter added, dropped, changed or two swapped ("ollc",
    "pjc", "fompany", "thpe").

    A three-letter word with a letter changed counts only where initials are unlikely: as the
    name's ``last`` word ("ALL ENERGY INVESTMENTS KTD"), or keeping the form's doubled letter
    ("LLS NEWTON TECHNIKS", "SINEZIS YOO").  At the start, most three-letter words are someone's
    initials, and one letter changed makes another ("JAC Motors" is not "Motors JSC").  Dropped
    from a four-letter form ("pjc") or added to a two-letter one ("akg") it counts anywhere.
    """
    if token in words or len(token) < 3:
        return False
    for word in words:
        if abs(len(word) - len(token)) > 1 or len(word) < 2:
            continue
        if len(token) == 3 and len(word) == 3 and not (last or _keeps_double_letter(token, word)):
            continue
        if OSA.distance(token, word, score_cutoff=1) <= 1:
            return True
    return False


def _keeps_double_letter(token: str, word: str) -> bool:
    return any(word[k] == word[k + 1] and token[k : k + 2] == word[k : k + 2] for k in range(len(word) - 1))


@lru_cache(maxsize=4096)
def legal_form_code(text: str) -> str | None:
    """The code of a legal form written alone ("Co., Ltd." → "co ltd"), else None."""
    toks = _key(tokenize(text))
    if not toks:
        return None
    for key, code, _edge in _INDEX.get(toks[0], []):
        if key == toks:
            return code
    return None
