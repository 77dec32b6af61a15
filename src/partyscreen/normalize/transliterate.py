"""Transliteration of non-Latin scripts to ASCII, tuned to the spellings lists use.

* Cyrillic: our own table (Russian BGN/PCGN-like, the spelling the U.S. and
  U.K. lists mostly use: Х→kh, Ц→ts, Щ→shch, Ю→yu, Я→ya, Й→y, ий→iy), with
  a Ukrainian mode (Г→h, И→y, І→i, Ї→yi, Є→ye) chosen when the text has a
  Ukrainian-only letter, and the extra letters of Serbian, Belarusian and
  Kazakh.  ``str.translate`` keeps it at about a microsecond per name, ten
  times faster than ``anyascii`` and forty times faster than ICU, and it
  spells "Хабаровск" as "Khabarovsk" (rigour's Rust table gives "Habarovsk").
* Arabic and Persian: a dictionary of frequent name words in their usual
  English spelling (محمد → muhammad), then a letter table with simple vowel
  rules for the rest (the script does not write short vowels, so unknown
  words come out as consonant skeletons: a known limitation).
* Han: :mod:`partyscreen.normalize.chinese` (pinyin by word).
* Latin with diacritics (Erdoğan, Díaz, Straße): rigour's ``maybe_ascii``
  letter by letter, computed once per process into a ``str.translate`` table
  (a whole-name call costs 150-450 microseconds, the table well under one).
  Latin letters transliterate alone, without context, so the result is the same.
* Greek, Armenian, Georgian, Hangul: rigour's ``maybe_ascii`` spelling (ICU's
  transforms: Πούτιν → Poutin, Ντόρα → Dora, 김정은 → gimjeong-eun), made here
  with tables and the few context rules ICU applies (word-initial μπ, ντ, γκ;
  αυ, ευ; the hyphens between Hangul syllables; Θ → TH or Th): a few
  microseconds a name compiled, instead of 150-300.  Text these rules are not
  sure of (a letter touching another script, archaic letters, jamo, two of
  these scripts at once) goes to ``maybe_ascii`` itself.
* Everything else (kana, Hebrew, Thai, Devanagari, ...): ``anyascii``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from functools import lru_cache
from typing import Final

from anyascii import anyascii
from rigour._core import maybe_ascii  # rigour.text.translit re-exports it, at the cost of importing normality (90 ms)

# --------------------------------------------------------------------------
# Cyrillic

_CYR_COMMON: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian / Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u",
    # Serbian / Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
    # Kazakh, Kyrgyz, Tajik, Uzbek, Bashkir, Tatar
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "j", "ҡ": "q", "ҙ": "z",
    "ҫ": "s", "ӑ": "a", "ӗ": "e", "ӳ": "u",
    # pre-reform
    "ѣ": "e", "ѳ": "f", "ѵ": "i",
}


def _keeping_ascii(table: dict[int, str]) -> dict[int, str]:
    """``table`` with each ASCII character mapped to itself.  ``str.translate`` looks every character
    up and raises (and swallows) a KeyError for each it does not find: the spaces and letters of
    "Luiz Inácio Lula da Silva" cost it more than the one letter it changes.  The output is the same."""
    return {**{cp: chr(cp) for cp in range(128)}, **table}


# (The Ukrainian table is the Russian one with some letters changed: it keeps ASCII too.)
_CYR_RU: Final = _keeping_ascii({ord(k): v for k, v in _CYR_COMMON.items() if len(k) == 1})
for _k, _v in list(_CYR_COMMON.items()):
    if len(_k) == 1 and _k.upper() != _k:
        _CYR_RU[ord(_k.upper())] = _v.capitalize() if _v else ""
_CYR_UK: Final = dict(_CYR_RU)
for _k, _v in {"г": "h", "и": "y", "й": "i", "ю": "iu", "я": "ia", "є": "ie", "ї": "i", "х": "kh", "щ": "shch"}.items():
    _CYR_UK[ord(_k)] = _v
    _CYR_UK[ord(_k.upper())] = _v.capitalize()



_UK_ONLY: Final = re.compile("[єїіґЄЇІҐ]")
# Ukrainian national romanisation writes Й, Ю, Я, Є, Ї as Y- at the start of a word.
_UK_INITIAL: Final = {"й": "y", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"}
_UK_INITIAL_RE: Final = re.compile(r"(?<![\w'’])([йюяєїЙЮЯЄЇ])")
_CYRILLIC: Final = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")


def cyrillic_to_latin(text: str) -> str:
    """Transliterate the Cyrillic letters of ``text``; other characters are kept."""
    if _UK_ONLY.search(text):
        text = _UK_INITIAL_RE.sub(
            lambda m: _UK_INITIAL[m.group(1).lower()].capitalize()
            if m.group(1).isupper()
            else _UK_INITIAL[m.group(1)],
            text,
        )
        # "зг" is written "zgh" to keep it apart from "ж" (zh).
        text = text.replace("зг", "zgh").replace("Зг", "Zgh").replace("ЗГ", "ZGH")
        return text.translate(_CYR_UK)
    return text.translate(_CYR_RU)


# --------------------------------------------------------------------------
# Arabic and Persian

# Frequent name words, written as the lists mostly spell them.  Keys are in
# the normalised Arabic form produced by _arabic_fold (no hamza on alif, no
# diacritics, Persian ی/ک folded to Arabic ي/ك).
_ARABIC_WORDS_RAW: Final = {
    "محمد": "muhammad", "احمد": "ahmad", "محمود": "mahmoud", "مصطفى": "mustafa",
    "مصطفي": "mustafa", "علي": "ali", "على": "ali", "حسن": "hasan", "حسين": "hussein",
    "حسيني": "husseini", "عبد": "abd", "عبدالله": "abdullah", "الله": "allah",
    "عبدالرحمن": "abdul rahman", "عبدالعزيز": "abdul aziz", "عبدالكريم": "abdul karim",
    "عبدالرحيم": "abdul rahim", "عبدالقادر": "abdul qadir", "عبدالحميد": "abdul hamid",
    "عبدالمجيد": "abdul majid", "عبدالسلام": "abdul salam", "عبدالناصر": "abdul nasser",
    "عمر": "umar", "عثمان": "uthman", "خالد": "khalid", "سعيد": "said", "سعد": "saad",
    "سالم": "salim", "سليم": "salim", "سليمان": "sulaiman", "يوسف": "yusuf",
    "ابراهيم": "ibrahim", "اسماعيل": "ismail", "موسى": "musa", "موسي": "musa",
    "عيسى": "isa", "عيسي": "isa", "يحيى": "yahya", "يحيي": "yahya", "زكريا": "zakariya",
    "جمال": "jamal", "كمال": "kamal", "فيصل": "faisal", "فهد": "fahd", "ناصر": "nasser",
    "نصر": "nasr", "منصور": "mansour", "عادل": "adel", "طارق": "tariq", "زياد": "ziad",
    "زيد": "zaid", "رشيد": "rashid", "حمد": "hamad", "حامد": "hamid", "حميد": "hamid",
    "مجيد": "majid", "ماجد": "majid", "عزيز": "aziz", "كريم": "karim", "رحمن": "rahman",
    "الرحمن": "al rahman", "رحيم": "rahim", "جعفر": "jafar", "صالح": "salih",
    "صلاح": "salah", "نور": "nur", "نوري": "nuri", "الدين": "al din", "دين": "din",
    "قاسم": "qasim", "هاشم": "hashim", "هاشمي": "hashemi", "حسني": "husni",
    "اسامة": "usama", "اسامه": "usama", "بن": "bin", "ابن": "bin", "ابو": "abu",
    "ام": "umm", "بنت": "bint", "ال": "al", "شيخ": "shaikh", "الشيخ": "al shaikh",
    "حاج": "haji", "الحاج": "al haji", "فاطمة": "fatima", "فاطمه": "fatima",
    "عائشة": "aisha", "زينب": "zainab", "مريم": "maryam", "خديجة": "khadija",
    "امين": "amin", "الامين": "al amin", "انور": "anwar", "اكرم": "akram",
    "بشار": "bashar", "بشير": "bashir", "بكر": "bakr", "جواد": "javad", "جلال": "jalal",
    "حافظ": "hafiz", "حبيب": "habib", "حمزة": "hamza", "حمزه": "hamza", "خليل": "khalil",
    "خليفة": "khalifa", "رضا": "reza", "رياض": "riyad", "سامي": "sami", "سلمان": "salman",
    "شريف": "sharif", "صادق": "sadiq", "صدام": "saddam", "ظريف": "zarif",
    "عباس": "abbas", "عماد": "imad", "عمار": "ammar", "عمرو": "amr", "عوض": "awad",
    "غازي": "ghazi", "فاروق": "farouk", "فؤاد": "fuad", "فواد": "fuad", "قادر": "qadir",
    "لطيف": "latif", "مالك": "malik", "مرتضى": "morteza", "مهدي": "mahdi", "مازن": "mazen",
    "معمر": "muammar", "منير": "munir", "مراد": "murad", "مسعود": "masoud",
    "نبيل": "nabil", "نجيب": "najib", "نعمان": "numan", "هادي": "hadi", "هاني": "hani",
    "هشام": "hisham", "وليد": "walid", "ياسر": "yasser", "ياسين": "yasin", "يونس": "yunus",
    "قذافي": "qadhafi", "القذافي": "al qadhafi", "اسد": "assad", "الاسد": "al assad",
    "بغدادي": "baghdadi", "البغدادي": "al baghdadi", "ظواهري": "zawahiri",
    "الظواهري": "al zawahiri", "لادن": "laden", "نصرالله": "nasrallah",
    "خامنه": "khamenei", "خامنهاي": "khamenei", "روحاني": "rouhani", "رئيسي": "raisi",
    "سليماني": "soleimani", "قاسم سليماني": "qasem soleimani", "غلام": "gholam",
    "محسن": "mohsen", "مهدى": "mahdi", "حسينى": "hosseini", "محمدي": "mohammadi",
    "احمدي": "ahmadi", "رحيمي": "rahimi", "كاظم": "kazem", "كاظمي": "kazemi",
    "اكبر": "akbar", "اصغر": "asghar", "حجت": "hojjat", "سيد": "sayed", "السيد": "al sayed",
    "شركة": "sharikat", "شركت": "sherkat", "مؤسسة": "muassasa", "بنك": "bank",
    "صنايع": "sanaye", "صناعات": "sinaat", "مجتمع": "mojtame", "سازمان": "sazman",
    "ايران": "iran", "عراق": "iraq", "العراق": "al iraq", "سوريا": "syria", "لبنان": "lebanon",
}

_ARABIC_FOLD: Final = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ى": "ى", "ک": "ك", "ہ": "ه",
        "ۀ": "ه", "ة": "ة", "ـ": "", "\u200c": "", "\u200d": "",
        # harakat and other marks
        **{chr(c): "" for c in range(0x064B, 0x0660)},
        "\u0670": "",
    }
)


def _arabic_fold(word: str) -> str:
    return word.translate(_ARABIC_FOLD)


_ARABIC_WORDS: Final = {_arabic_fold(k): v for k, v in _ARABIC_WORDS_RAW.items()}

_AR_CONS: Final = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g",
    "ڤ": "v", "ة": "a",
}
_PERSIAN_ONLY: Final = re.compile("[پچژگکی]")
_ARABIC_RUN: Final = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d]+"
)
_AR_VOWEL_MARKS: Final = {"\u064e": "a", "\u064f": "u", "\u0650": "i"}


def _arabic_word(word: str, persian: bool) -> str:
    folded = _arabic_fold(word)
    if not folded:
        return ""
    known = _ARABIC_WORDS.get(folded)
    if known is not None:
        return known
    # The article, written joined: البغدادي → al baghdadi.
    if folded.startswith("ال") and len(folded) > 3:
        rest = folded[2:]
        known = _ARABIC_WORDS.get(rest)
        return "al " + (known if known is not None else _arabic_letters(rest, word, persian))
    # "and" joined to the next word (و + ...) is too ambiguous to split.
    return _arabic_letters(folded, word, persian)


def _arabic_letters(folded: str, original: str, persian: bool) -> str:
    out: list[str] = []
    vowel_before = False  # was the last emitted sound a vowel?
    n = len(folded)
    # short-vowel marks, where the text has them, are read from the original
    marks = [c for c in original if c in _AR_VOWEL_MARKS]
    if marks:
        # a vocalised word: use anyascii-like reading with the marks kept
        res = []
        for ch in original:
            if ch in _AR_VOWEL_MARKS:
                res.append(_AR_VOWEL_MARKS[ch])
            elif ch == "\u0651" and res:  # shadda doubles the consonant
                res.append(res[-1])
            else:
                f = _arabic_fold(ch)
                if not f:
                    continue
                res.append(_arabic_letters(f, f, persian))
        return "".join(res)
    for i, ch in enumerate(folded):
        if ch == "ا":
            out.append("a")
            vowel_before = True
        elif ch == "و":
            if i == 0 or vowel_before:
                out.append("v" if persian else "w")
                vowel_before = False
            else:
                out.append("u")
                vowel_before = True
        elif ch == "ي":
            if i == 0 or vowel_before:
                out.append("y")
                vowel_before = False
            else:
                out.append("i")
                vowel_before = True
        elif ch == "ى":
            out.append("a")
            vowel_before = True
        elif ch == "ه" and persian and i == n - 1 and i > 0:
            out.append("eh")
            vowel_before = False
        else:
            lat = _AR_CONS.get(ch)
            if lat is None:
                lat = anyascii(ch)
            out.append(lat)
            if lat:
                vowel_before = False
    return "".join(out)


def arabic_to_latin(text: str) -> str:
    """Transliterate the Arabic-script words of ``text``; other characters are kept."""
    persian = bool(_PERSIAN_ONLY.search(text))

    def run(m: re.Match[str]) -> str:
        words = m.group(0).replace("\u200c", "").split()
        return " ".join(_arabic_word(w, persian) for w in words)

    # Arabic punctuation and digits first
    text = text.replace("،", ",").replace("؛", ";").replace("؟", "?")
    return _ARABIC_RUN.sub(run, text)


# --------------------------------------------------------------------------
# Greek, Armenian, Georgian, Hangul
#
# rigour's maybe_ascii spells these with ICU's transforms (und-Latn-t-und-grek,
# -armn, -geor, -hang); the tables and rules below give the same strings, which
# tests/normalize/test_norm_alphabets.py checks letter pair by letter pair and on
# real list names.  ICU reads its contexts across neighbouring letters of any
# script, so a letter of these scripts touching a letter of another script
# (ΕPΕ; for Hangul a letter just before a syllable, MICRO전자) goes to
# maybe_ascii, as does any character the tables lack (archaic letters, symbols,
# loose combining marks, compatibility jamo).

_GREEK_BASE: Final = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
#: Tonos, varia, perispomeni, breathings, iota subscript, macron, breve and dialytika:
#: the marks a Greek letter may carry and still be spelt as its base letter.
_GREEK_MARKS: Final = frozenset("\u0300\u0301\u0304\u0306\u0308\u0313\u0314\u0342\u0345")
_DIALYTIKA: Final = "\u0308"


def _greek_letters() -> dict[str, tuple[str, bool, bool]]:
    """Greek letter -> (lower-case base letter, upper case, dialytika), accented and polytonic ones included."""
    table: dict[str, tuple[str, bool, bool]] = {}
    for cp in [*range(0x0370, 0x0400), *range(0x1F00, 0x2000)]:
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        marks = decomposed[1:]
        if base.lower() not in _GREEK_BASE or (base == "ς" and marks) or any(m not in _GREEK_MARKS for m in marks):
            continue
        table[ch] = (base.lower(), base != base.lower(), _DIALYTIKA in marks)
    return table


_GREEK: Final = _greek_letters()
#: The letters spelt the same in any context -> (Latin, does a following υ read u).  The others
#: start a letter pair (αυ, ευ, γ, μπ, ν), follow one (υ, σ after π) or are Θ, Χ, Ψ.
_GREEK_PLAIN: Final = {
    ch: (_GREEK_BASE[base].upper() if upper else _GREEK_BASE[base], base in "ηιο" and not dialytika)
    for ch, (base, upper, dialytika) in _GREEK.items()
    if base not in "αεγμνυσςθχψ" or (base in "θχψ" and not upper)
}
#: At the start of a word: Μπαμπης -> Bambis, Ντόρα -> Dora, Γκίκας -> Gikas.
_GREEK_INITIAL_PAIRS: Final = {"μπ": "b", "ντ": "d", "γκ": "g"}
#: Inside a word (where ντ is n + t): Λαμπράκης -> Lambrakis, Αγκαλιά -> Angalia, Σταύρος -> Stavros.
#: A dialytika on the υ keeps it apart (Ταΰγετος -> Taugetos).
_GREEK_PAIRS: Final = {"μπ": ("m", "b"), "γκ": ("n", "g"), "αυ": ("a", "v"), "ευ": ("e", "v")}
#: Letters whose Latin vowel turns a following υ into u (ου -> ou, ιυ -> iu); not ω, nor a letter with dialytika.
_GREEK_U_AFTER: Final = frozenset("αεηιο")
#: Punctuation the Greek transform rewrites wherever it stands in the text (Greek ";" is a question mark).
_GREEK_PUNCTUATION: Final = {";": "?", "\u00b7": ":"}


def _is_letter(ch: str) -> bool:
    """A letter to ICU's contexts; a character newer than Python's Unicode data may be one."""
    return ch.isalpha() or (not ch.isascii() and unicodedata.category(ch) == "Cn")


def _touches(text: str, i: int, letters: Container[str]) -> bool:
    """``text[i]``, not one of ``letters``, is a letter beside one of them: ICU reads its contexts across
    scripts, so the rules here fall short."""
    return _is_letter(text[i]) and ((i > 0 and text[i - 1] in letters) or (i + 1 < len(text) and text[i + 1] in letters))


def _in_greek_block(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff"


def _upper_at(text: str, i: int, capitals: frozenset[str]) -> bool:
    """Is ``text[i]`` one of ``capitals`` (False outside the text)?"""
    return 0 <= i < len(text) and text[i] in capitals


_GREEK_CAPITALS: Final = frozenset(ch for ch, (_, upper, _) in _GREEK.items() if upper)


def _greek_pair_upper(text: str, i: int) -> bool:
    """Is the second Latin letter of an upper-case pair at ``i`` (ΑΥ, ΜΠ) upper case too?

    ICU: yes before an upper-case letter, no before a lower-case one, and at the end of a
    word as the letter before the pair (ΑΥ -> Av, ΑΥΑ -> AVA, ΚΑΥ -> KAV).
    """
    after = _GREEK.get(text[i + 2]) if i + 2 < len(text) else None
    if after is not None:
        return after[1]
    return _upper_at(text, i - 1, _GREEK_CAPITALS)


def _greek_to_latin(text: str) -> str | None:
    """The Greek letters of ``text`` in Latin, as ICU spells them; None where the rules here fall short."""
    out: list[str] = []
    n = len(text)
    i = 0
    u_next = False  # does a υ here read u (ου, ιυ, υυ)?
    while i < n:
        ch = text[i]
        letter = _GREEK.get(ch)
        if letter is None:
            if _in_greek_block(ch) or _touches(text, i, _GREEK):
                return None
            out.append(_GREEK_PUNCTUATION.get(ch, ch))
            u_next = False
            i += 1
            continue
        plain = _GREEK_PLAIN.get(ch)
        if plain is not None:
            out.append(plain[0])
            u_next = plain[1]
            i += 1
            continue
        base, upper, dialytika = letter
        following = _GREEK.get(text[i + 1]) if i + 1 < n else None
        pair = base + following[0] if following is not None else ""
        then = _GREEK.get(text[i + 2]) if i + 2 < n else None
        # γκ read as one ng inside a word is not a γ/κ for the γ and ν rules: γγκ -> gng, νγκ -> nng.
        before_ng = pair in ("γγ", "νγ") and then is not None and then[0] == "κ"
        if pair in _GREEK_INITIAL_PAIRS and not (i > 0 and text[i - 1] in _GREEK):
            lat = _GREEK_INITIAL_PAIRS[pair]
            out.append(lat.upper() if upper else lat)
            i += 2
            u_next = False
            continue
        if pair in _GREEK_PAIRS and following is not None and not following[2]:
            first, second = _GREEK_PAIRS[pair]
            if upper:
                first = first.upper()
                second = second.upper() if _greek_pair_upper(text, i) else second
            out.append(first + second)
            i += 2
            u_next = False
            continue
        if base == "γ" and pair in ("γγ", "γξ", "γχ") and not before_ng:
            lat = "n"
        elif base == "ν" and pair in ("νγ", "νκ", "νξ", "νχ") and not before_ng:
            lat = "n'"  # ICU keeps ν+γ apart from γ+γ
        elif base == "υ":
            lat = "u" if u_next else "y"
        else:
            lat = _GREEK_BASE[base]
            if base in "σς" and out and out[-1][-1] in "pP":
                out.append("'")  # ICU keeps π+σ apart from ψ
        if upper:
            # Θ, Χ, Ψ: Th before a lower-case letter, else TH.
            lat = lat.capitalize() if following is not None and not following[1] and len(lat) > 1 else lat.upper()
        out.append(lat)
        u_next = (base in _GREEK_U_AFTER or base == "υ") and not dialytika
        i += 1
    return "".join(out)


_ARMENIAN_LOWER: Final = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "a", "թ": "t",
    "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh",
    "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j",
    "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "ւ": "w", "փ": "p", "ք": "k",
    "օ": "o", "ֆ": "f", "և": "ev",
}
#: Letter pairs with a spelling of their own.  ICU has no rule for Ու, so it is O + w ("Ow").
_ARMENIAN_PAIRS: Final = {"ու": "u", "ՈՒ": "U", "ԵՒ": "EV"}


def _armenian_letters() -> dict[str, tuple[str, bool]]:
    """Armenian letter -> (Latin, upper case)."""
    table: dict[str, tuple[str, bool]] = {}
    for ch, lat in _ARMENIAN_LOWER.items():
        table[ch] = (lat, False)
        if len(ch.upper()) == 1:  # և has no capital
            table[ch.upper()] = (lat, True)
    return table


_ARMENIAN: Final = _armenian_letters()


def _in_armenian_block(ch: str) -> bool:
    return "\u0530" <= ch <= "\u058f" or "\ufb13" <= ch <= "\ufb17"


_ARMENIAN_CAPITALS: Final = frozenset(ch for ch, (_, upper) in _ARMENIAN.items() if upper)


def _armenian_to_latin(text: str) -> str | None:
    """The Armenian letters of ``text`` in Latin, as ICU spells them; None where the rules here fall short."""
    out: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        letter = _ARMENIAN.get(ch)
        if letter is None:
            if _in_armenian_block(ch) or _touches(text, i, _ARMENIAN):
                return None
            out.append(ch)
            i += 1
            continue
        pair = _ARMENIAN_PAIRS.get(text[i : i + 2])
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        lat, upper = letter
        if upper:
            # Zh before a lower-case letter, ZH before a capital, and at the end of a word as the letter before.
            following = _ARMENIAN.get(text[i + 1]) if i + 1 < n else None
            whole = following[1] if following is not None else _upper_at(text, i - 1, _ARMENIAN_CAPITALS)
            lat = lat.upper() if whole else lat.capitalize()
        out.append(lat)
        i += 1
    return "".join(out)


_GEORGIAN_LOWER: Final = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i",
    "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s",
    "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "k", "შ": "sh", "ჩ": "ch", "ც": "ts",
    "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j", "ჰ": "h", "ჳ": "ui", "ჴ": "q",
}
#: Mkhedruli and its Mtavruli capitals (U+1C90 = U+10D0 + 0xBC0), which ICU writes in lower case.
_GEORGIAN: Final = {
    **{ord(ch): lat for ch, lat in _GEORGIAN_LOWER.items()},
    **{ord(ch) + 0xBC0: lat for ch, lat in _GEORGIAN_LOWER.items()},
}

_HANGUL_INITIALS: Final = ("g", "kk", "n", "d", "tt", "l", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_HANGUL_VOWELS: Final = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)
_HANGUL_FINALS: Final = (
    "", "g", "kk", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "bs", "s", "ss", "ng",
    "j", "ch", "k", "t", "p", "h",
)
_HANGUL_SILENT: Final = 11  # ㅇ as an initial: the syllable starts with its vowel
#: ICU writes a hyphen between two syllables where the Latin would read back otherwise:
#: after any final before a vowel (굳이 -> gud-i, 김정은 -> gimjeong-eun), and between these
#: final + initial pairs, whose Latin would join (강경 -> gang-gyeong, 낫세 -> nas-se).
_HANGUL_SPLIT_CONSONANTS: Final = frozenset({
    "bs-s", "bs-ss", "gs-s", "gs-ss", "j-j", "k-k", "k-kk", "lb-b", "lg-g", "lp-p",
    "ls-s", "ls-ss", "lt-t", "ng-g", "nj-j", "nj-jj", "p-p", "s-s", "s-ss", "t-t",
})
#: ... and between these vowels of an open syllable and a following syllable starting with its vowel (아에 -> a-e) ...
_HANGUL_SPLIT_VOWELS: Final = frozenset({
    "a-e", "a-eo", "a-eu", "e-o", "e-oe", "e-u", "e-ui", "eu-i", "o-e", "o-eo", "o-eu", "u-i",
    "wa-e", "wa-eo", "wa-eu", "wo-e", "wo-eo", "wo-eu", "ya-e", "ya-eo", "ya-eu", "ye-o", "ye-oe",
})
#: ... unless the Latin letter before that first vowel joins it into another vowel (요에우 -> yoeu, 애오으 -> aeoeu).
_HANGUL_JOINED_VOWELS: Final = frozenset({"oe", "eo"})


#: The same as numbers: final * 19 + initial, and vowel * 21 + vowel.
_HANGUL_SPLIT_AFTER_FINAL: Final = frozenset(
    final * 19 + initial
    for final in range(1, 28)
    for initial in range(19)
    if initial == _HANGUL_SILENT or f"{_HANGUL_FINALS[final]}-{_HANGUL_INITIALS[initial]}" in _HANGUL_SPLIT_CONSONANTS
)
_HANGUL_SPLIT_AFTER_VOWEL: Final = frozenset(
    first * 21 + second
    for first in range(21)
    for second in range(21)
    if f"{_HANGUL_VOWELS[first]}-{_HANGUL_VOWELS[second]}" in _HANGUL_SPLIT_VOWELS
)


def _hangul_split(prev_final: int, prev_vowel: int, before: str, initial: int, vowel: int) -> bool:
    """Does ICU put a hyphen between a syllable (its final, vowel, and the Latin letter before its vowel) and the next?"""
    if prev_final:
        return prev_final * 19 + initial in _HANGUL_SPLIT_AFTER_FINAL
    return (
        initial == _HANGUL_SILENT
        and prev_vowel * 21 + vowel in _HANGUL_SPLIT_AFTER_VOWEL
        and before + _HANGUL_VOWELS[prev_vowel] not in _HANGUL_JOINED_VOWELS
    )


def _in_hangul_block(ch: str) -> bool:
    """Syllables, jamo (conjoining, compatibility, extended) and half-width jamo."""
    return (
        "\uac00" <= ch <= "\ud7ff" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
        or "\ua960" <= ch <= "\ua97f" or "\uffa0" <= ch <= "\uffdc"
    )


def _hangul_to_latin(text: str) -> str | None:
    """The Hangul syllables of ``text`` in Latin, as ICU spells them; None where the rules here fall short."""
    out: list[str] = []
    n = len(text)
    prev_vowel = -1  # the previous character's vowel, when it was a syllable
    prev_final = 0
    before = ""  # the Latin letter before the previous syllable's vowel
    for i in range(n):
        ch = text[i]
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            if _in_hangul_block(ch) or (_is_letter(ch) and i + 1 < n and _is_syllable(text[i + 1])):
                return None  # jamo; a letter of another script just before a syllable (R&D센터)
            out.append(ch)
            prev_vowel = -1
            continue
        # A syllable is (initial * 21 + vowel) * 28 + final (Unicode 3.12).
        initial = index // 588
        vowel = index % 588 // 28
        final = index % 28
        split = prev_vowel >= 0 and _hangul_split(prev_final, prev_vowel, before, initial, vowel)
        if split:
            out.append("-")
        if initial != _HANGUL_SILENT:
            before = _HANGUL_INITIALS[initial][-1]
        elif split:
            before = "-"
        else:
            before = out[-1][-1] if out else ""
        out.append(_HANGUL_INITIALS[initial] + _HANGUL_VOWELS[vowel] + _HANGUL_FINALS[final])
        prev_vowel = vowel
        prev_final = final
    return "".join(out)


def _is_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


_ALPHABETS_RE: Final = re.compile(
    "[\u0370-\u03ff\u1f00-\u1fff"  # Greek
    "\u0530-\u058f\ufb13-\ufb17"  # Armenian
    "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"  # Georgian
    "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]"  # Hangul
)


def _alphabet_to_ascii(text: str) -> str | None:
    """``maybe_ascii(text)`` for text in Greek, Armenian, Georgian or Hangul, with Latin.

    None when the text has none of them, or anything the rules here do not cover; the
    caller then asks maybe_ascii.  The script is the first one met: letters of a second
    one (rare; ICU runs one transform after the other) are left as they are, and then
    fail the Latin table.
    """
    found = _ALPHABETS_RE.search(text)
    if found is None:
        return None
    first = found.group()
    latin: str | None
    if _in_greek_block(first):
        latin = _greek_to_latin(text)
    elif _in_armenian_block(first):
        latin = _armenian_to_latin(text)
    elif _in_hangul_block(first):
        latin = _hangul_to_latin(text)
    else:
        # ICU's Georgian transform lower-cases the whole text, the Latin in it too (ᲑᲐᲠᲐᲙ -> barak).
        latin = text.translate(_GEORGIAN).lower()
    if latin is None:
        return None
    return latin if latin.isascii() else _latin_to_ascii(latin)


# --------------------------------------------------------------------------
# Any script


_HAN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007]")
_KANA: Final = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_ARABIC: Final = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


#: The Unicode blocks of Latin letters with diacritics, the Latin extensions and general punctuation.
_LATIN_BLOCKS: Final = ((0x00A0, 0x0250), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70))


def _latin_spelling(ch: str) -> str:
    """The ASCII spelling of one character of the Latin blocks, else the character itself."""
    cp = ord(ch)
    for start, end in _LATIN_BLOCKS:  # (a loop: compiled, any() over a generator makes an object per call)
        if start <= cp < end:
            spelled = maybe_ascii(ch)
            return spelled if spelled.isascii() else ch
    return ch


#: Code point -> its ASCII spelling, as ``maybe_ascii`` spells the letter alone; the character
#: itself where there is none.  Latin-1 and Latin Extended-A, the letters of most names, are
#: spelled at import (3 ms); the rest as they are met: the whole table took a thousand ICU
#: calls (15 ms at start-up), and one call costs 15 microseconds the first time a letter is met.
_LATIN: Final[dict[int, str]] = _keeping_ascii({cp: _latin_spelling(chr(cp)) for cp in range(0x00A0, 0x0180)})


def _latin_to_ascii(text: str) -> str | None:
    """``text`` in ASCII if every non-ASCII character in it is a Latin letter ``maybe_ascii`` spells, else None.
    Latin letters transliterate alone, without context: letter by letter gives ``maybe_ascii``'s spelling."""
    out = text.translate(_LATIN)
    if out.isascii():
        return out
    for ch in out:
        if ch >= "\x80" and ord(ch) not in _LATIN:
            _LATIN[ord(ch)] = _latin_spelling(ch)
    out = text.translate(_LATIN)
    return out if out.isascii() else None


@lru_cache(maxsize=32768)
def to_ascii(text: str) -> str:
    """Any text to ASCII (case kept where the script has case).

    Han text is romanised to pinyin word by word (no dictionary translation);
    for the translated reading use :func:`partyscreen.normalize.chinese.chinese_forms`.
    """
    if text.isascii():
        return text
    if _CYRILLIC.search(text):
        text = cyrillic_to_latin(text)
    if _ARABIC.search(text):
        text = arabic_to_latin(text)
    if _HAN.search(text) and not _KANA.search(text):
        from partyscreen.normalize.chinese import han_to_pinyin_text

        text = han_to_pinyin_text(text)
    if text.isascii():
        return text
    latin = _latin_to_ascii(text)
    if latin is not None:
        return latin
    # Greek, Armenian, Georgian, Hangul: rigour's spelling (Πούτιν → Poutin,
    # Պուտին → Putin; anyascii gives Poytin, Powtin), from our tables where they
    # are sure of it, else from rigour's maybe_ascii; the rest: anyascii.
    latin = _alphabet_to_ascii(text)
    if latin is not None:
        return latin
    text = maybe_ascii(text)
    if text.isascii():
        return text
    return anyascii(text)
