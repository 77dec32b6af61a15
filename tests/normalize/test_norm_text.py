"""Unicode, case, punctuation, scripts, transliteration, phonetic keys."""

from __future__ import annotations

import gzip
import re
import unicodedata
from pathlib import Path

import pytest

from partyscreen.normalize import detect_script, normalize_text, phonetic_key


class TestNormalizeText:
    def test_nfkc_casefold_punctuation(self) -> None:
        assert normalize_text("  ＡＣＭＥ　Trading,  Ltd.  ") == "acme trading ltd"
        assert normalize_text("STRASSE Straße") == "strasse strasse"
        assert normalize_text("Ромашка—«Плюс»") == "romashka plyus"

    def test_apostrophes_are_dropped_not_spaced(self) -> None:
        assert normalize_text("Int'l") == "intl"
        assert normalize_text("O’Brien") == "obrien"
        assert normalize_text("TANZIM QA'IDAT AL-JIHAD") == "tanzim qaidat al jihad"

    def test_diacritics(self) -> None:
        assert normalize_text("Société Générale") == "societe generale"
        assert normalize_text("Łódź Øster İstanbul") == "lodz oster istanbul"

    def test_empty(self) -> None:
        assert normalize_text("") == ""
        assert normalize_text(" ,.; ") == ""


class TestCyrillic:
    @pytest.mark.parametrize(
        ("cyr", "latin"),
        [
            ("Владимир Путин", "vladimir putin"),
            ("Александр", "aleksandr"),
            ("Хабаровск", "khabarovsk"),
            ("Щербаков", "shcherbakov"),
            ("Евгений Пригожин", "evgeniy prigozhin"),
            ("Юрий", "yuriy"),
            ("Рособоронэкспорт", "rosoboroneksport"),
            ("Объединённая", "obedinennaya"),
        ],
    )
    def test_russian(self, cyr: str, latin: str) -> None:
        assert normalize_text(cyr) == latin

    def test_ukrainian_mode(self) -> None:
        # Ukrainian national romanisation: Г→h, И→y, Є→ye initially, Ї→yi initially
        assert normalize_text("Григорій") == "hryhorii"
        assert normalize_text("Євгеній") == "yevhenii"
        assert normalize_text("Київ") == "kyiv"

    def test_other_cyrillic_languages(self) -> None:
        assert normalize_text("Ђорђе Љубић") == "djordje ljubic"
        assert normalize_text("Қазақстан") == "qazaqstan"


class TestLatinDiacritics:
    def test_letters_lose_their_marks(self) -> None:
        assert normalize_text("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
        assert normalize_text("Łódź Straße Ærø") == "lodz strasse aero"
        assert normalize_text("Nguyễn Tấn Dũng") == "nguyen tan dung"

    def test_letter_table_spells_as_rigour_does_on_real_names(self, shared_data: Path) -> None:
        # The table is rigour's maybe_ascii letter by letter; on Latin names it
        # must give what maybe_ascii gives for the whole name.
        from rigour.text.translit import maybe_ascii

        from partyscreen.normalize.transliterate import _latin_to_ascii

        raw = gzip.open(shared_data / "watchman" / "un_sc_consolidated_2026-02-27.xml.gz").read().decode()
        with gzip.open(shared_data / "opensanctions-ua-war-sanctions" / "targets.simple.csv.gz", "rt") as fh:
            raw += fh.read()
        raw += (shared_data / "matching-benchmarks" / "nomenklatura" / "cases.csv").read_text(encoding="utf-8")
        raw += gzip.open(shared_data / "ofac-sdn-gitscrape" / "sdn_2024-05-03.csv.gz").read().decode("utf-8", "replace")
        words = {unicodedata.normalize("NFKC", w) for w in re.findall(r"[^\s<>\"';,]+", raw) if not w.isascii()}
        latin = {w: _latin_to_ascii(w) for w in words}
        latin = {w: a for w, a in latin.items() if a is not None}
        assert len(latin) > 100
        assert {w: a for w, a in latin.items() if a != maybe_ascii(w)} == {}

    def test_every_letter_of_the_table_spells_the_same_inside_a_word(self) -> None:
        from rigour.text.translit import maybe_ascii

        from partyscreen.normalize.transliterate import _LATIN_BLOCKS, _latin_spelling, _latin_to_ascii

        letters = [chr(cp) for start, end in _LATIN_BLOCKS for cp in range(start, end) if _latin_spelling(chr(cp)).isascii()]
        assert len(letters) > 800  # the Latin letters with diacritics, the extensions, the punctuation
        words = [f"Ka{ch}ro{ch}" for ch in letters]
        assert {w: _latin_to_ascii(w) for w in words if _latin_to_ascii(w) != maybe_ascii(w)} == {}

    def test_a_character_without_an_ascii_spelling_leaves_the_text_to_other_rules(self) -> None:
        from partyscreen.normalize.transliterate import _latin_to_ascii

        assert _latin_to_ascii("Straße") == "Strasse"
        assert _latin_to_ascii("Straße Ω") is None  # a Greek letter: not the Latin table's
        assert _latin_to_ascii("Straße Ω") is None  # and again, from the table as filled


class TestOtherScripts:
    def test_greek(self) -> None:
        assert normalize_text("Αλέξανδρος") == "alexandros"

    def test_arabic_known_names(self) -> None:
        assert normalize_text("محمد") == "muhammad"
        assert normalize_text("أحمد") == "ahmad"
        assert normalize_text("أبو بكر البغدادي") == "abu bakr al baghdadi"

    def test_arabic_unknown_word_is_consonant_skeleton_with_long_vowels(self) -> None:
        # حلب (Aleppo): no vowels written, so a skeleton; كبير: long i written
        assert normalize_text("حلب") == "hlb"
        assert normalize_text("كبير") == "kbir"

    def test_persian(self) -> None:
        assert normalize_text("محمد جواد ظریف") == "muhammad javad zarif"

    def test_han_is_pinyin_by_word(self) -> None:
        assert normalize_text("浪潮") == "langchao"
        assert normalize_text("北京") == "beijing"

    def test_hangul_and_hebrew(self) -> None:
        assert normalize_text("김정은").isascii()
        assert normalize_text("שלום") == "slvm"


class TestDetectScript:
    @pytest.mark.parametrize(
        ("text", "script"),
        [
            ("Inspur Group", "Latin"),
            ("Владимир Путин", "Cyrillic"),
            ("哈尔滨工业大学", "Han"),
            ("محمد", "Arabic"),
            ("محمد جواد ظریف", "Arabic"),
            ("Αθήνα", "Greek"),
            ("김정은", "Hangul"),
            ("東京カタカナ", "Japanese"),
            ("12345", "Common"),
            ("", "Common"),
            ("ООО Inspur", "Latin"),  # 6 Latin letters vs 3 Cyrillic
            ("华为 Huawei 技术有限公司", "Han"),
        ],
    )
    def test_dominant(self, text: str, script: str) -> None:
        assert detect_script(text) == script


class TestPhoneticKey:
    def test_spelling_variants_meet(self) -> None:
        assert phonetic_key("muhammad") == phonetic_key("mohammed")
        assert phonetic_key("aleksandr") == phonetic_key("alexandr")
        assert phonetic_key("yuri") == phonetic_key("iurii") == phonetic_key("yuriy")
        assert phonetic_key("sergei") == phonetic_key("sergey")

    def test_distinct_names_stay_apart(self) -> None:
        assert phonetic_key("putin") != phonetic_key("pushkin")
        assert phonetic_key("ivan") != phonetic_key("igor")

    def test_numbers_and_edge_cases(self) -> None:
        assert phonetic_key("502") == "502"
        assert phonetic_key("") == ""
        assert phonetic_key("Путин") == phonetic_key("putin")

    def test_stable(self) -> None:
        assert phonetic_key("inspur") == phonetic_key("inspur") == "INSPR"
