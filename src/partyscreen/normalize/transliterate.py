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
* Greek, Armenian, Georgian, Hangul: rigour's ``maybe_ascii`` on the whole
  text (Greek needs context: Πούτιν → Poutin); everything else (kana, Hebrew,
  Thai, Devanagari, ...): ``anyascii``.
"""

from __future__ import annotations

import re
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
_CYR_RU: Final = {ord(k): v for k, v in _CYR_COMMON.items() if len(k) == 1}
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
# Any script


_HAN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007]")
_KANA: Final = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_ARABIC: Final = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


#: The Unicode blocks of Latin letters with diacritics, the Latin extensions and general punctuation.
_LATIN_BLOCKS: Final = ((0x00A0, 0x0250), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70))


#: Code point -> its ASCII spelling, as ``maybe_ascii`` spells the letter alone; the character
#: itself where there is none.  Filled as characters are met: building it whole at start-up
#: took a thousand ICU calls (15 ms), for the few dozen letters a list uses.
_LATIN: Final[dict[int, str]] = {}


def _latin_spelling(ch: str) -> str:
    """The ASCII spelling of one character of the Latin blocks, else the character itself."""
    cp = ord(ch)
    spelled = maybe_ascii(ch) if any(start <= cp < end for start, end in _LATIN_BLOCKS) else ch
    return spelled if spelled.isascii() else ch


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
    # Greek, Armenian, Georgian, Hangul: rigour's tables (Πούτιν → Poutin,
    # Պուտին → Putin; anyascii gives Poytin, Powtin); the rest: anyascii.
    text = maybe_ascii(text)
    if text.isascii():
        return text
    return anyascii(text)
