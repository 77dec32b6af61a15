"""The C twin of text.py's tokenizer and spelling.py's canonical_spelling (``_text.c``) gives exactly what the Python gives.

``text._tokenize_py``, ``text._normalize_text_py`` and ``spelling._canonical_spelling_py``
are the reference; the extension must return the same tokens and strings for any
ASCII text: every name and alias of real lists (the BIS Entity List, OFAC's SDN
list, the trade.gov CSL extract) and of nomenklatura's cases, transliterated to
ASCII as ``_prepare`` does it, a seeded sample of random strings of the characters
the regular expressions look at, and odd strings picked by hand; canonical_spelling
on every token of those names and on random tokens of the letters its rules rewrite.
Where the extension is not built (PARTYSCREEN_PURE_PYTHON=1), there is nothing to
compare and the tests skip.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from partyscreen._native import compiled_modules
from partyscreen.normalize import spelling, text
from partyscreen.normalize.transliterate import to_ascii

_text = pytest.importorskip("partyscreen.normalize._text", reason="the C extension is not built (PARTYSCREEN_PURE_PYTHON=1)")


def _ascii(name: str) -> str:
    """What ``_prepare`` reads after its first step: the NFKC form of the name in ASCII."""
    return name if name.isascii() else to_ascii(unicodedata.normalize("NFKC", name))


def _text_differences(names: list[str]) -> list[tuple]:
    """The names where the C and the Python differ: tokenize (both collapse_initials), normalize_text."""
    out: list[tuple] = []
    for name in names:
        plain = _ascii(name)
        for collapse in (True, False):
            python = text._tokenize_py(name, collapse)
            if _text.tokenize(plain, collapse) != python or text.tokenize(name, collapse) != python:
                out.append(("tokenize", name, collapse, _text.tokenize(plain, collapse), python))
        python_text = text._normalize_text_py(name)
        if _text.normalize_text(plain) != python_text or text.normalize_text.__wrapped__(name) != python_text:
            out.append(("normalize_text", name, _text.normalize_text(plain), python_text))
    return out


def _spelling_differences(tokens: list[str]) -> list[tuple]:
    out: list[tuple] = []
    for token in tokens:
        for full in (True, False):
            python = spelling._canonical_spelling_py.__wrapped__(token, full)
            if _text.canonical_spelling(token, full) != python or spelling.canonical_spelling(token, full) != python:
                out.append((token, full, _text.canonical_spelling(token, full), python))
    return out


# -- the names ------------------------------------------------------------------

#: Each regular expression's edges: dotted initials (with digits and letters around, a trailing
#: dot or not, backtracking to fewer groups), '&' between short letter groups or not (spaces,
#: digits, three letters, chains), possessives and apostrophes, back-ticks, upper case, white
#: space that re's \s takes (tab, \x1c-\x1f) and that it does not (\x00), and empty text.
ODD_NAMES = [
    "", " ", ".", "&", "'", "`", "'s", "s.a.", "S.A.", "a.b.c", "a.b.c.", "a.b.c.d", "a.b.cd", "a.b.c1", "a.b.1",
    "a.b.", "a.b.1c", "1a.b", "a1.b", "ab.c", "a.bc", "x.", ".a", "..a.b..", "a..b", "u.s.a.inc", "u.s.a. inc",
    "e.V.", "o.o.o.", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p1",
    "r&d", "R&D", "r & d", "r  &  d", "r &d", "r& d", "r\t&\td", "r\x1c&\x1fd", "r\x00&\x00d", "at&t", "AT&T",
    "abc&d", "ab&cde", "a&b&c", "a & b & c", "m&a&", "&a", "a&", "1&a", "a&1", "a1&b", "a&b1", "a&b.", "a.&.b",
    "x&y&z&w", "&&", "a&&b", "r&d's", "procter & gamble", "johnson&johnson", "s&p 500", "b&b&b",
    "o'brien's", "O'BRIEN'S", "int'l", "xi'an", "qa'ida", "academy's", "sciences'", "a's's", "a'sx", "a's`x",
    "a`'s", "''s", "a''s", "a's", "a'S", "A'S", "a's1", "a's.b", "`o`brien", "d`arcy", "it's-a", "1's",
    "AB & C", "Int'l R&D Co., Ltd. (Shenzhen)", "J.P. Morgan & Co.", "M/V A.B.C.", "(a.b.)", "a.b.(c)",
    "a-b-c", "a/b/c", "a,b,c", "a\nb", "a\r\nb\x0b\x0cc", "\x7f", "a\x7fb",
    "A" * 300 + ".b", "a." * 200, "r&d " * 100, "x" * 1000,
]

#: A few non-ASCII names: tokenize transliterates them and hands the ASCII to the C.
NON_ASCII_NAMES = [
    "ООО «Ромашка»", "Müller & Söhne GmbH", "Ｓ．Ａ．", "Ｒ＆Ｄ", "O’Brien’s", "Xi’an", "習近平", "عبد الرحمن",
    "Ἀθῆναι", "ﬁnance", "Straße", "İstanbul", "ǅemal", "Łódź S.A.",
]


def _tokens_of(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        for collapse in (True, False):
            seen.update(dict.fromkeys(text._tokenize_py(name, collapse)))
    return list(seen)


# -- the tests --------------------------------------------------------------------


@pytest.mark.shared
def test_the_names_of_the_cases_tokenize_alike(cases_names: list[str]) -> None:
    assert len(cases_names) > 1000
    assert _text_differences(cases_names) == []


@pytest.mark.shared
def test_every_name_of_the_lists_tokenizes_alike(list_names: list[str]) -> None:
    """Every name and alias, as written (mostly upper case) and lower-cased, title-cased."""
    assert len(list_names) > 25_000
    assert _text_differences(list_names) == []
    assert _text_differences([n.lower() for n in list_names[::3]] + [n.title() for n in list_names[1::3]]) == []


def test_odd_names_tokenize_alike() -> None:
    assert _text_differences(ODD_NAMES + NON_ASCII_NAMES) == []


def test_some_odd_names_tokenize_as_documented() -> None:
    assert _text.tokenize("S.A. R & D Int'l O'Brien's AT&T", True) == ["sa", "r&d", "intl", "obrien", "at&t"]
    assert _text.tokenize("a.b.cd & x1", False) == ["a", "b", "cd", "and", "x1"]
    assert _text.normalize_text("  Int'l  Trading & Co.  ") == "intl trading co"


def test_random_strings_tokenize_alike() -> None:
    """600,000 seeded random strings: of the characters the rules look at (letters, digits, . ' ` &
    - , / ( ) and white space), and of a few of them only, so that initials, '&' groups and
    possessives come up often and next to each other."""
    rng = random.Random(13)
    alphabets = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.'`&-,/() ",
        "asdS1.'`& ",
        "ab1.& \t\x1c",
        "asx's.&",
    ]
    strings = []
    for k in range(600_000):
        letters = alphabets[k % len(alphabets)]
        strings.append("".join(rng.choice(letters) for _ in range(rng.randint(0, 16))))
    assert _text_differences(strings) == []


@pytest.mark.shared
def test_the_tokens_of_the_names_spell_alike(cases_names: list[str], list_names: list[str]) -> None:
    tokens = _tokens_of(cases_names + list_names)
    assert len(tokens) > 20_000
    assert _spelling_differences(tokens) == []
    assert _spelling_differences([t.upper() for t in tokens[::7]] + [t.capitalize() for t in tokens[3::7]]) == []


def test_random_tokens_spell_alike() -> None:
    """500,000 seeded random tokens of the letters the rules rewrite (and a few capitals, which
    they leave), and tokens each rule is about or that no rule may touch."""
    rng = random.Random(17)
    letters = "aeiouydzhkscpjfDKSYE"
    tokens = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 10))) for _ in range(500_000)]
    tokens += [
        "", "a", "ks", "dzh", "eks", "aks", "cks", "ksa", "eksy", "ksy", "kks", "ksks", "dzhdzh", "dzhi", "dzhii",
        "iu", "iuii", "ye", "yes", "yeye", "ayeye", "eyeye", "ooou", "oouo", "phph", "djj", "dj", "iy", "iiy", "yyy",
        "yuriy", "iurii", "yuri", "aleksandr", "sergeyevich", "yevgeny", "maksim", "eksport", "works", "jackson",
        "ks1", "aks-a", "äksa", "yüriy", "aleksandr ", "x" * 300 + "iy", "ks" * 200, "Aleksandr", "DZHOKHAR",
    ]
    assert _spelling_differences(tokens) == []


def test_text_that_is_not_ascii_is_refused() -> None:
    """The C reads ASCII only; tokenize hands it the transliteration (tested above)."""
    with pytest.raises(ValueError):
        _text.tokenize("Müller", True)
    with pytest.raises(ValueError):
        _text.normalize_text("Müller")
    with pytest.raises(TypeError):
        _text.tokenize(b"abc", True)
    with pytest.raises(TypeError):
        _text.canonical_spelling(None, True)
    assert _text.canonical_spelling("müller", True) == "müller"


def test_the_python_runs_the_c_where_it_is_built() -> None:
    assert text._NATIVE_TOKENIZE is _text.tokenize
    assert text._NATIVE_NORMALIZE_TEXT is _text.normalize_text
    assert spelling._NATIVE_CANONICAL_SPELLING is _text.canonical_spelling


def test_the_build_counts_as_compiled_from_its_c_source() -> None:
    """_native lists it (from _text.c), so the suite refuses to run on it once the C is edited."""
    assert "partyscreen.normalize._text" in compiled_modules()


# -- detect_script -------------------------------------------------------------------


def _script_differences(names: list[str]) -> list[tuple[str, str | None, str]]:
    out = []
    for name in names:
        python = text._detect_script_py(name)
        native = _text.detect_script(name, text._LETTER_SCRIPT, text._letter_script)
        if native != python or text.detect_script.__wrapped__(name) != python:
            out.append((name, native, python))
    return out


@pytest.mark.shared
def test_every_name_detects_the_same_script(cases_names: list[str], list_names: list[str]) -> None:
    """The names of the cases (a dozen scripts) and of the lists (native names of the Entity List:
    Chinese, Russian, ...), as written, then with the characters of two names interleaved (ties)."""
    names = cases_names + list_names
    assert _script_differences(names) == []
    mixed = ["".join(a + b for a, b in zip(x, y)) for x, y in zip(names[::2], names[1::2])]
    assert _script_differences(mixed) == []


def test_random_text_detects_the_same_script() -> None:
    """200,000 seeded random strings of letters of many scripts, kana with kanji, marks, digits,
    punctuation, white space and characters outside the Basic Multilingual Plane."""
    rng = random.Random(19)
    alphabet = (
        "abcXYZ" "éßŁǅ" "жЖщ" "αΩ" "習近平" "ナツメそう" "عبد" "שמו" "김소월" "ქა" "Հով" "ঠা" "สุ" "ተክ"
        "0123456789٣" "-.,'&()/ \t" "\u0301\u200d\U0001f600\U00020000\U0001d400"
    )
    strings = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(200_000)]
    strings += ["", " ", "1", "Ab", "習", "ナ", "習ナ", "ナ習", "ab習習", "аa", "aа", "𠀀", "\U0001d400"]
    assert _script_differences(strings) == []


def test_text_of_very_many_scripts_is_counted_by_the_python() -> None:
    """The C keeps 32 scripts; more, and it says so (None), and detect_script asks the Python."""
    many = "".join(chr(c) for c in (0x41, 0x416, 0x3B1, 0x5D0, 0x627, 0xAC00, 0x10D0, 0x531, 0x995, 0xE01, 0x1200, 0x1780,
                                    0x905, 0x3042, 0x4E00, 0xB85, 0xC05, 0xC85, 0xD05, 0xA85, 0xA05, 0xB05, 0xD85, 0x1000,
                                    0xF40, 0x1820, 0x13A0, 0x1400, 0x16A0, 0x2D30, 0xA500, 0x1E900, 0x10400, 0x10330))
    assert _text.detect_script(many, text._LETTER_SCRIPT, text._letter_script) is None
    assert text.detect_script.__wrapped__(many) == text._detect_script_py(many)


def test_detect_script_runs_the_c_where_it_is_built() -> None:
    assert text._NATIVE_DETECT_SCRIPT is _text.detect_script


# -- marks inside words ----------------------------------------------------------------


def _joiner_differences(strings: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for s in strings:
        python = text.WORD_JOINERS.sub("", s)
        native = _text.drop_word_joiners(s)
        if native != python or text.has_word_joiner(s) != text._has_word_joiner_py(s) or text.drop_word_joiners(s) != python:
            out.append((s, native, python))
    return out


@pytest.mark.shared
def test_every_name_drops_the_same_marks(cases_names: list[str], list_names: list[str]) -> None:
    assert _joiner_differences(cases_names + list_names) == []


def test_random_text_drops_the_same_marks() -> None:
    """200,000 seeded random strings of the marks, word characters of several scripts (digits and
    '_' too) and characters that are not (space, other punctuation, marks, astral symbols)."""
    rng = random.Random(37)
    alphabet = "-.'/&" * 3 + "ab1_Éж習٣ ,;()\u0301\U0001f600\U00020000"
    strings = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(200_000)]
    strings += ["", "-", "a-", "-a", "a-b", "a--b", "a-.b", "a-b-c", "a.b.c.", "_-_", "1/2", "R&D", "O'Brien", "ж-ж"]
    assert _joiner_differences(strings) == []
