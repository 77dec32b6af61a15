"""The C twin of legal_forms.py's split_legal_forms (``_legal_forms.c``) gives exactly what the Python gives.

``legal_forms._split_legal_forms_py`` is the reference; the extension must return the
same rest and the same codes (and the very list it was given when it removes nothing)
for any list of tokens: those of every name and alias of real lists (the BIS Entity
List, OFAC's SDN list, the trade.gov CSL extract) and of nomenklatura's cases, as
names.py tokenizes them (plain, with abbreviations expanded, and with words marked
"\\x00" as ``names._split_legal`` marks the words of a Chinese reading), seeded random
lists of legal-form words with slips, cut-off endings and other words around them,
and lists picked by hand.  Where the extension is not built
(PARTYSCREEN_PURE_PYTHON=1), there is nothing to compare and the tests skip.
"""

from __future__ import annotations

import random
import pytest

from partyscreen._native import compiled_modules
from partyscreen.normalize import legal_forms, names
from partyscreen.normalize.chinese import chinese_readings, has_han
from partyscreen.normalize.text import tokenize

_legal_forms = pytest.importorskip(
    "partyscreen.normalize._legal_forms", reason="the C extension is not built (PARTYSCREEN_PURE_PYTHON=1)"
)

# The names of the lists and of the cases (``cases_names``, ``list_names``) are fixtures of
# tests/normalize/conftest.py.


def _differences(token_lists: list[list[str]]) -> list[tuple]:
    """The token lists where the C and the Python differ: in the rest, the codes, or in
    whether the rest is the list given (nothing removed)."""
    out: list[tuple] = []
    for tokens in token_lists:
        given = list(tokens)
        python = legal_forms._split_legal_forms_py(given)
        for native in (_legal_forms.split_legal_forms(given), legal_forms.split_legal_forms(given)):
            same = (
                native[0] == python[0]
                and native[1] == python[1]
                and type(native[1]) is frozenset
                and (native[0] is given) == (python[0] is given)
            )
            if not same:
                out.append((tokens, native, python))
        assert given == tokens  # neither changes the list it is given
    return out


def _token_lists(names_: list[str]) -> list[list[str]]:
    """Each name as names.py hands its tokens to split_legal_forms: as tokenized, with the
    abbreviations expanded (_org_items_latin), the words of each Chinese reading marked "\\x00"
    where they are not English (_analyze_org, _split_legal), and the same with every other word marked."""
    out: list[list[str]] = []
    for name in names_:
        tokens = tokenize(name)
        out.append(tokens)
        expanded = [t for t, _ in names._expand([(t, False) for t in tokens])]
        if expanded != tokens:
            out.append(expanded)
        out.append([t if k % 2 else "\x00" + t for k, t in enumerate(tokens)])
        if has_han(name):
            for reading in chinese_readings(name):
                items: list[tuple[str, bool]] = []
                for word, english in reading.words:
                    if english:
                        items.extend(names._expand([(t, False) for t in tokenize(word)]))
                    else:
                        items.extend((t, True) for t in tokenize(word))
                out.append([t if not p else "\x00" + t for t, p in items])
    return out


# -- the names ------------------------------------------------------------------


@pytest.mark.shared
def test_the_names_of_the_cases_split_alike(cases_names: list[str]) -> None:  # noqa: F811
    lists = _token_lists(cases_names)
    assert len(lists) > 2000
    assert _differences(lists) == []


@pytest.mark.shared
def test_every_name_of_the_lists_splits_alike(list_names: list[str]) -> None:  # noqa: F811
    lists = _token_lists(list_names)
    assert len(lists) > 50_000
    # (a good share of them has a legal form, exact or misspelt, to take out)
    assert sum(bool(legal_forms._split_legal_forms_py(t)[1]) for t in lists[::10]) > 1000
    assert _differences(lists) == []


# -- made-up token lists ------------------------------------------------------------

#: Every word of every legal form, as the table writes it and as its key (the romanisation
#: variants _token_key absorbs), and words that are no legal form, a few of them near one.
def _form_words() -> list[str]:
    words: set[str] = set()
    for _code, _family, anywhere, edge in legal_forms._TABLE:
        for alias in (*anywhere, *edge):
            words.update(tokenize(alias))
    for entries in legal_forms._INDEX.values():
        for toks, _code, _edge in entries:
            words.update(toks)
    return sorted(words)


_OTHER_WORDS = [
    "alpha", "trading", "severnaya", "energy", "bank", "ag", "kg", "se", "and", "co", "of", "the", "x", "a", "s",
    "company", "limited", "stock", "joint", "open", "public", "de", "cv", "rl", "dhe", "obshchestvo", "obschestvo",
    "ogranichennoi", "otvetstvennostiu", "aktsionernoye", "romashka", "общество", "有限公司", "ltdé", "ñ", "\x00ltd",
    "\x00", "", "compan", "compa", "comp", "limit", "corporat", "gesellschaft", "gmbh", "&", "kompaniya",
]

_LETTERS = "abcdefghijklmnopqrstuvwxyzé"


def _slip(rng: random.Random, word: str) -> str:
    """One slip: a letter changed, added, dropped, two neighbours swapped; or the word cut off."""
    k = rng.randrange(len(word) + 1)
    how = rng.randrange(5)
    if how == 0 and k < len(word):
        return word[:k] + rng.choice(_LETTERS) + word[k + 1 :]
    if how == 1:
        return word[:k] + rng.choice(_LETTERS) + word[k:]
    if how == 2 and k < len(word):
        return word[:k] + word[k + 1 :]
    if how == 3 and k + 1 < len(word):
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    return word[: max(1, min(k, len(word) - 1))]


def _random_lists(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    form_words = _form_words()
    forms = [list(toks) for entries in legal_forms._INDEX.values() for toks, _code, _edge in entries]
    out: list[list[str]] = []
    for _ in range(count):
        tokens: list[str] = []
        for _part in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            pick = rng.random()
            if pick < 0.45:
                tokens += rng.choice(forms)  # a whole legal form
            elif pick < 0.75:
                tokens.append(rng.choice(form_words))
            else:
                tokens.append(rng.choice(_OTHER_WORDS))
        if tokens:
            for _slips in range(rng.choice((0, 1, 1, 1, 2))):
                k = rng.randrange(len(tokens))
                if tokens[k]:
                    tokens[k] = _slip(rng, tokens[k])
            if rng.random() < 0.25 and tokens[-1]:
                tokens[-1] = tokens[-1][: rng.randint(1, len(tokens[-1]))]  # a fixed-width field cut it
            if rng.random() < 0.1:
                k = rng.randrange(len(tokens))
                tokens[k] = "\x00" + tokens[k]
        out.append(tokens)
    return out


def test_random_token_lists_split_alike() -> None:
    """300,000 seeded random lists of zero to a dozen words: whole legal forms, their words and
    other words, with one-letter slips, cut-off last words and marked ("\\x00") words."""
    lists = _random_lists(29, 300_000)
    assert sum(bool(legal_forms._split_legal_forms_py(t)[1]) for t in lists[:20_000]) > 5000
    assert _differences(lists) == []


#: Lists picked by hand: empty, one word, nothing but legal forms, chains of forms at the end,
#: the forms that end a name and never open one, and forms that would take the whole name.
ODD_LISTS = [
    [], [""], ["ltd"], ["gmbh"], ["co", "ltd"], ["ag"], ["kg"], ["se"], ["sa"], ["as"], ["a", "s"],
    ["ltd", "ltd"], ["gmbh", "co", "kg"], ["gmbh", "and", "co", "kg"], ["gmbh", "&", "co", "kg"],
    ["x", "gmbh", "&", "co", "kg"], ["mueller", "gmbh", "co", "kg"], ["mueller", "gmbh", "and", "co", "kg"],
    ["mueller", "gmbh", "und", "co", "kg"], ["mueller", "gmbh", "co", "kg", "ltd"], ["mueller", "kg", "gmbh"],
    ["ag", "albachar", "ahmed"], ["kg", "alpha"], ["se", "hoon"], ["ag", "ag"], ["kg", "se"], ["ag", "sa", "x"],
    ["sa", "ag", "x"], ["x", "ag"], ["x", "kg"], ["x", "se"], ["siemens", "ag"], ["as", "x", "as"],
    ["pt", "x", "tbk"], ["ooo", "romashka"], ["romashka", "ooo"], ["ooo", "romashka", "ooo"],
    ["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu", "romashka"],
    ["obschestvo", "s", "ogranichennoi", "otvetstvennostiu", "romashka"],
    ["limted", "liability", "company", "severnaya"], ["open", "joint", "sotck", "company", "x"],
    ["x", "joynt", "stock", "company"], ["x", "joint", "stock", "compan"], ["x", "joint", "stock", "compa"],
    ["x", "joint", "stock", "co"], ["x", "aktiengeselschaft"], ["x", "sa", "dhe", "cv"], ["x", "s", "a", "de", "c"],
    ["poen", "joint", "stock", "company", "x"], ["x", "ilmited"], ["x", "lmiited"], ["x", "qlimited"],
    ["x", "vimited"], ["x", "imited"], ["x", "limite"], ["x", "limi"], ["x", "lim"], ["x", "li"], ["x", "l"],
    ["limited"], ["limited", "company"], ["company", "limited", "x"], ["x", "co", "ltd", "co", "ltd"],
    ["co", "ltd", "x", "co", "ltd"], ["a", "co", "b", "co", "c"], ["\x00ltd", "x"], ["x", "\x00ltd"],
    ["x", "\x00co", "\x00ltd"], ["\x00"], ["x", "ltdé"], ["x", "общество"], ["有限公司"], ["北京", "有限公司"],
    ["x", "llc", "fz"], ["x", "fz", "llc"], ["x", "fz"], ["fz", "x"], ["x", "l", "l", "c"], ["l", "l", "c"],
    ["x"] * 40 + ["ltd"], ["ltd"] * 40, ["ltd"] * 40 + ["x"], ["x", "ltd"] * 30, ["sa"] * 3 + ["x"] + ["ag"] * 3,
]


#: Names whose misspelt or cut-off edge is as close to two forms of the same length and different
#: codes: the first form _near gives wins, so the C must try them in the Python's order.
TIES = [
    ["x", "ncorporation"], ["x", "akti"], ["x", "aktie"], ["x", "societe", "a", "responsabilite", "limit"],
    ["x", "societe", "a", "responsabilite", "limi"], ["x", "societa", "a", "responsabilita", "limit"],
    ["x", "societa", "a", "responsabilita", "limi"], ["ncorporation", "x"],
    ["epublichnoe", "aktsionernoe", "obschestvo", "x"],
]


def test_odd_lists_split_alike() -> None:
    assert _differences(ODD_LISTS + TIES) == []


def test_ties_go_to_the_first_form_tried() -> None:
    assert [legal_forms._split_legal_forms_py(t)[1] for t in TIES] == [
        {"corp"}, {"ag"}, {"ag"}, {"sarl"}, {"sarl"}, {"sarl"}, {"sarl"}, {"corp"}, {"pjsc"},
    ]
    assert _differences(TIES) == []


def test_some_odd_lists_split_as_documented() -> None:
    assert _legal_forms.split_legal_forms(tokenize("Mueller GmbH & Co. KG")) == (["mueller"], frozenset({"gmbh co kg"}))
    assert _legal_forms.split_legal_forms(["x", "joint", "stock", "compan"]) == (["x"], frozenset({"jsc"}))
    assert _legal_forms.split_legal_forms(["ag", "albachar", "ahmed"]) == (["ag", "albachar", "ahmed"], frozenset())
    tokens = ["ltd"]
    rest, codes = _legal_forms.split_legal_forms(tokens)
    assert rest is tokens and codes == frozenset()  # a legal form is never the whole name


def test_what_is_not_a_list_of_str_is_refused() -> None:
    with pytest.raises(TypeError):
        _legal_forms.split_legal_forms(("x", "ltd"))
    with pytest.raises(TypeError):
        _legal_forms.split_legal_forms(["x", None])


def test_the_python_runs_the_c_where_it_is_built() -> None:
    assert legal_forms._NATIVE_SPLIT_LEGAL_FORMS is _legal_forms.split_legal_forms


def test_the_build_counts_as_compiled_from_its_c_source() -> None:
    """_native lists it (from _legal_forms.c), so the suite refuses to run on it once the C is edited."""
    assert "partyscreen.normalize._legal_forms" in compiled_modules()

