"""Greek, Armenian, Georgian and Hangul: our tables spell every name exactly as rigour's maybe_ascii.

maybe_ascii (ICU's transforms) is the reference: scores and stored indexes depend
on its spelling.  The comparisons go letter by letter, pair by pair and through the
Hangul syllable junctions, then over every name in these scripts in ../shared/data.
"""

from __future__ import annotations

import gzip
import itertools
import re
import unicodedata
from pathlib import Path

import pytest
from anyascii import anyascii
from rigour._core import maybe_ascii

from partyscreen.normalize import transliterate
from partyscreen.normalize.transliterate import _ARMENIAN, _GEORGIAN, _GREEK, _LATIN_BLOCKS, _alphabet_to_ascii, _latin_to_ascii, to_ascii

EXAMPLES = [
    ("Πούτιν", "Poutin"),
    ("Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis"),
    ("Ευάγγελος Βενιζέλος", "Evangelos Venizelos"),
    ("Μπαμπης", "Bambis"),
    ("Ντόρα Μπακογιάννη", "Dora Bakogianni"),
    ("ευχή", "evchi"),
    ("Γκίκας", "Gikas"),
    ("ΑΘΗΝΑ", "ATHINA"),
    ("Καΐρης", "Kairis"),
    ("김정은", "gimjeong-eun"),
    ("윤석열", "yunseog-yeol"),
    ("굳이", "gud-i"),
    ("신라", "sinla"),
    ("읽다", "ilgda"),
    ("김 정은", "gim jeong-eun"),
    ("Նիկոլ Փաշինյան", "Nikol Pashinyan"),
    ("ու", "u"),
    ("Ու", "Ow"),
    ("և", "ev"),
    ("მიხეილ სააკაშვილი", "mikheil saakashvili"),
    ("ᲑᲐᲠᲐᲙ", "barak"),
]


def _differences(texts: list[str], may_leave: bool = False) -> dict[str, tuple[str | None, str]]:
    """The texts our tables spell otherwise than maybe_ascii, or leave to it (unless ``may_leave``)."""
    out: dict[str, tuple[str | None, str]] = {}
    for text in texts:
        ours = _alphabet_to_ascii(text)
        if ours is None and may_leave:
            continue
        reference = maybe_ascii(text)
        if ours != reference:
            out[text] = (ours, reference)
    return out


@pytest.mark.parametrize(("text", "latin"), EXAMPLES)
def test_examples(text: str, latin: str) -> None:
    assert maybe_ascii(text) == latin
    assert _alphabet_to_ascii(text) == latin
    assert to_ascii(text) == latin


def test_no_call_to_maybe_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    _latin_to_ascii("é")  # (Latin letters are maybe_ascii's, letter by letter, once per process)

    def refuse(text: str) -> str:
        raise AssertionError(f"maybe_ascii({text!r}) called")

    monkeypatch.setattr(transliterate, "maybe_ascii", refuse)
    for text, latin in EXAMPLES:
        assert to_ascii.__wrapped__(text) == latin


@pytest.mark.parametrize(
    "text",
    [
        "compare: ΕPΕ",  # a Greek letter against a Latin one: ICU's contexts read across
        "창사 JINGJIA MICRO전자",  # a Latin letter just before a syllable (it may take a hyphen)
        "ㄱㅏ",  # compatibility jamo
        "ϐ",  # Greek symbols and archaic letters
        "Ⴀ",  # Asomtavruli
        "Κώστας 김정은",  # two of these scripts
        "α\u0301",  # a loose combining mark
    ],
)
def test_what_the_tables_leave_to_maybe_ascii(text: str) -> None:
    assert _alphabet_to_ascii(text) is None
    reference = maybe_ascii(text)
    assert to_ascii(text) == (reference if reference.isascii() else anyascii(reference))


class TestGreek:
    MONOTONIC = [ch for ch in _GREEK if ch < "\u0400"]

    def test_every_letter_and_letter_pair(self) -> None:
        pairs = ["".join(p) for p in itertools.product(self.MONOTONIC, repeat=2)]
        texts = self.MONOTONIC + [t for p in pairs for t in (p, "α" + p + "α", "Α" + p + "Α")]
        assert len(texts) > 14000
        assert _differences(texts) == {}

    def test_triples_of_the_letters_in_rules(self) -> None:
        # Pairs (αυ, ευ, μπ, ντ, γκ), υ after a vowel, σ after π, Θ/Χ/Ψ and the case of pairs.
        letters = "αευογκμπνσθωΑΕΥΟΓΚΜΠΝΘάϋΎΫϊ"
        assert _differences(["".join(t) for t in itertools.product(letters, repeat=3)]) == {}

    def test_polytonic_letters_in_words(self) -> None:
        polytonic = [ch for ch in _GREEK if ch >= "\u1f00"]
        assert len(polytonic) > 200
        assert _differences([a + p + b for p in polytonic for a in "αυμΑΥΘ " for b in "υπΑ "]) == {}


class TestArmenian:
    def test_every_letter_and_letter_pair(self) -> None:
        letters = list(_ARMENIAN)
        pairs = ["".join(p) for p in itertools.product(letters, repeat=2)]
        texts = letters + [t for p in pairs for t in (p, "ա" + p + "ա", "Ա" + p + "Ա")]
        assert _differences(texts) == {}


class TestGeorgian:
    def test_every_letter_and_letter_pair(self) -> None:
        letters = [chr(cp) for cp in _GEORGIAN]
        assert len(letters) == 70
        texts = letters + ["".join(p) for p in itertools.product(letters, repeat=2)]
        assert _differences(texts) == {}

    def test_the_latin_beside_it_is_lower_case_too(self) -> None:
        assert _alphabet_to_ascii("ბიძინა IVANISHVILI Ltd") == maybe_ascii("ბიძინა IVANISHVILI Ltd") == "bidzina ivanishvili ltd"


def _syllable(initial: int, vowel: int, final: int = 0) -> str:
    return chr(0xAC00 + (initial * 21 + vowel) * 28 + final)


class TestHangul:
    SILENT = 11  # ㅇ

    def test_every_syllable(self) -> None:
        assert _differences([chr(cp) for cp in range(0xAC00, 0xD7A4)]) == {}

    def test_every_final_before_every_initial(self) -> None:
        texts = [_syllable(0, v, final) + _syllable(initial, w) for final in range(28) for initial in range(19) for v, w in ((0, 0), (4, 20))]
        assert _differences(texts) == {}

    def test_every_vowel_after_every_vowel(self) -> None:
        pairs = [_syllable(i, v) + _syllable(self.SILENT, w) for i in (0, self.SILENT) for v in range(21) for w in range(21)]
        # The letter before the first vowel may join it into another vowel (아에오 -> a-e-o, 애오으 -> aeoeu):
        # one vowel for each last letter (a, e, i, o, u) before every pair.
        triples = [_syllable(self.SILENT, u) + pair for u in (0, 5, 20, 8, 13) for pair in pairs[21 * 21 :]]
        assert _differences(pairs + triples) == {}


WORDS = ["Ντόρα", "ΑΥ", "Θα", "Ժ", "ՈՒ", "მიხეილ", "김정은", "아에"]


def test_ascii_punctuation_and_digits_in_and_between_words() -> None:
    # Greek ";" is a question mark to ICU, wherever it stands in a text with Greek letters.
    marks = [chr(cp) for cp in range(0x20, 0x7F) if not chr(cp).isalpha()]
    assert _differences([t for w in WORDS for c in marks for t in (w + c + w, c + w, w + c, f"{w} {c} Ka{c}ro")]) == {}


def test_latin_letters_and_punctuation_beside_the_words() -> None:
    latin = [chr(cp) for start, end in _LATIN_BLOCKS for cp in range(start, end) if maybe_ascii(chr(cp)).isascii()]
    texts = [f"{w} Ka{c}ro" for w in WORDS for c in latin]
    assert _differences(texts, may_leave=True) == {}
    # Left to maybe_ascii: only Latin letters Georgian text lower-cases beyond the table (Ɓ -> ɓ, İ).
    left = [t for t in texts if _alphabet_to_ascii(t) is None]
    assert all(t.startswith("მიხეილ") for t in left) and len(left) < 50


_ALPHABET: re.Pattern[str] = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0530-\u058f\u10a0-\u10ff\u1c90-\u1cbf\uac00-\ud7a3]")
# Fields of the CSV, XML, JSON, YAML and text files (a comma followed by a space stays in a name).
_FIELD_END: re.Pattern[str] = re.compile(r"[<>\n\t|\";]|,(?=\S)")


def _names_in_alphabets(shared_data: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted(shared_data.rglob("*")):
        if not path.is_file() or path.suffix == ".md":
            continue
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace")
        names.update(field.strip() for field in _FIELD_END.split(text) if _ALPHABET.search(field))
    return names


def test_every_name_in_these_scripts_in_the_list_files(shared_data: Path) -> None:
    names = _names_in_alphabets(shared_data)
    names |= {unicodedata.normalize("NFKC", name) for name in names}
    assert len(names) > 2000
    spelt = {name: _alphabet_to_ascii(name) for name in names}
    assert {name: (ours, maybe_ascii(name)) for name, ours in spelt.items() if ours is not None and ours != maybe_ascii(name)} == {}
    # The few left to maybe_ascii have a letter of another script against one of these (ΕPΕ,
    # MICRO전자) or a second script (an Ω in a text with Cyrillic, which to_ascii spells first).
    assert sum(ours is None for ours in spelt.values()) < len(names) / 100
    # And the whole of to_ascii (Cyrillic, Arabic, Han have spellings of their own).
    own = re.compile("[\u0400-\u052f\u0600-\u06ff\u3400-\u9fff]")
    plain = [name for name in names if not own.search(name) and maybe_ascii(name).isascii()]
    assert {name: to_ascii(name) for name in plain if to_ascii(name) != maybe_ascii(name)} == {}
