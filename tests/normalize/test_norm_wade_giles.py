"""Wade-Giles syllables read as pinyin."""

from __future__ import annotations

import pytest

from partyscreen.normalize.wade_giles import joined_readings, pinyin_readings


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [("hsi", "xi"), ("tse", "ze"), ("tung", "dong"), ("chin", "jin"), ("chih", "zhi"), ("shih", "shi"), ("kuo", "guo"), ("tzu", "zi")],
)
def test_syllable_readings(wade_giles: str, pinyin: str) -> None:
    assert pinyin in pinyin_readings(wade_giles)


def test_a_pinyin_syllable_reads_as_itself_and_words_are_not_syllables() -> None:
    assert "xi" in pinyin_readings("xi")
    assert pinyin_readings("smith") == frozenset({"smith"})


def test_hyphenated_given_name_joined() -> None:
    assert "jinping" in joined_readings(("chin", "ping"))
    assert "zedong" in joined_readings(("tse", "tung"))
