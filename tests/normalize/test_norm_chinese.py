"""Chinese names: dictionary translation, pinyin, places, legal forms, readings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from partyscreen.normalize import analyze
from partyscreen.normalize.chinese import PLACES, person_pinyin, segment


def token_sets(text: str) -> list[set[str]]:
    return [set(f.tokens) for f in analyze(text)]


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def best_dice(english: str, chinese: str) -> float:
    en = set(analyze(english)[0].tokens)
    return max(dice(en, zh) for zh in token_sets(chinese))


class TestDictionary:
    @pytest.mark.parametrize(
        ("zh", "tokens"),
        [
            ("北京理工大学", ("beijing", "institute", "technology")),
            ("哈尔滨工程大学", ("harbin", "engineering", "university")),
            ("中国工程物理研究院", ("china", "engineering", "physics", "academy")),
            ("北京邮电大学", ("beijing", "university", "posts", "telecommunications")),
            ("西安电子科技大学", ("xian", "electronic", "science", "technology", "university")),
            ("中国科学技术大学", ("china", "science", "technology", "university")),
            ("新疆警察学院", ("xinjiang", "police", "college")),
        ],
    )
    def test_a_reading_translates(self, zh: str, tokens: tuple[str, ...]) -> None:
        assert set(tokens) in token_sets(zh)

    def test_company_terms(self) -> None:
        first = analyze("华为技术有限公司")[0]
        assert first.tokens == ("huawei", "technologies")
        assert first.legal_forms == {"co ltd"}
        assert first.script == "Han" and first.kind == "org"

    def test_joint_stock(self) -> None:
        assert analyze("中国中车股份有限公司")[0].legal_forms == {"co ltd", "jsc"}

    def test_words_not_characters(self) -> None:
        # unknown words are one token (syllables joined), not one per character
        assert analyze("浪潮集团有限公司")[0].tokens == ("langchao", "group")
        segs = segment("深圳市大疆创新科技有限公司")
        assert [s.kind for s in segs] == ["place", "pinyin", "term", "term", "legal"]
        assert segs[1].english == ("dajiang",)  # 市 after a place name is dropped

    def test_numbers_and_ordinals(self) -> None:
        assert "12" in analyze("中国航天科技集团第一研究院第十二研究所")[0].tokens
        assert "502" in analyze("中国空间技术研究院502研究所")[0].tokens
        assert analyze("第三研究院")[0].tokens[0] == "3"

    def test_traditional_characters(self) -> None:
        assert analyze("華為技術有限公司")[0].tokens == ("huawei", "technologies")
        assert analyze("香港國際貿易有限公司")[0].tokens == ("hong", "kong", "international", "trading")

    def test_all_provinces_and_cities_are_one_token(self) -> None:
        assert len(PLACES) >= 34 + 60
        for zh, en in [("哈尔滨", "harbin"), ("西安", "xian"), ("北京", "beijing"),
                       ("上海", "shanghai"), ("深圳", "shenzhen"), ("杭州", "hangzhou"),
                       ("济南", "jinan"), ("山东", "shandong"), ("南京", "nanjing"),
                       ("乌鲁木齐", "urumqi"), ("重庆", "chongqing"), ("厦门", "xiamen")]:
            assert analyze(zh)[0].tokens == (en,)
        assert analyze("西北工业大学")[0].tokens[0] == "northwestern"
        assert analyze("东南大学")[0].tokens == ("southeast", "university")


class TestReadings:
    def test_harbin_institute_of_technology(self) -> None:
        # the known hard case: 工业大学 = university of technology / polytechnical
        # university / institute of technology; one reading meets the listing
        assert best_dice("Harbin Institute of Technology", "哈尔滨工业大学") == 1.0
        assert best_dice("Northwestern Polytechnical University", "西北工业大学") == 1.0

    def test_pinyin_reading(self) -> None:
        forms = analyze("北京理工大学")
        assert forms[-1].tokens == ("beijing", "ligong", "daxue")
        forms = analyze("哈尔滨工业大学")
        assert forms[-1].tokens == ("harbin", "gongye", "daxue")

    def test_acronym_from_translation(self) -> None:
        acronyms = set().union(*(f.acronyms for f in analyze("北京航空航天大学")))
        assert "buaa" in acronyms

    def test_reading_count_is_bounded(self) -> None:
        assert len(analyze("中国人民解放军军事科学院军事医学研究院野战输血研究所")) <= 7

    def test_parenthesised_chinese(self) -> None:
        forms = analyze("中国航天科技集团第八研究院（上海航天技术研究院）")
        assert "shanghai" in forms[0].tokens and "8" in forms[0].tokens


class TestChinesePersons:
    def test_surname_given(self) -> None:
        assert analyze("习近平", "Person")[0].tokens == ("xi", "jinping")
        assert person_pinyin("欧阳修") == ("ouyang", "xiu")
        assert person_pinyin("曾国藩") == ("zeng", "guofan")  # surname reading of 曾
        assert analyze("习近平", "Person")[0].kind == "person"

    def test_characters_without_a_reading(self) -> None:
        # pypinyin reads none of 𠀇 𡏟 (CJK Extension B): no empty word, which scoring could not compare.
        assert person_pinyin("𠀇近平") == ("jinping",)
        assert person_pinyin("习𡏟") == ("xi",)
        assert person_pinyin("弗拉基米尔·𡏟") == ("fulajimier",)
        assert analyze("𡏟", "Person") == ()


def _entries(shared: Path) -> list[tuple[str, str]]:
    data = json.loads((shared / "cn-university-entity-list" / "data-cn.json").read_text("utf-8"))
    return [(re.split(r",? and the following", e["name"])[0], e["zh"]) for e in data]


@pytest.mark.shared
def test_entity_list_universities_overlap(shared_data: Path) -> None:
    """The 60 Chinese Entity List institutions: Chinese name vs English listing.

    Measured 2026-xx: mean token Dice 0.96, 59/60 at 0.8 or more, 39/60 with
    identical token sets (best reading).  The pinyin reading alone: see report.
    """
    pairs = _entries(shared_data)
    scores = [best_dice(en, zh) for en, zh in pairs]
    assert len(scores) == 60
    assert sum(scores) / len(scores) >= 0.93
    assert sum(s >= 0.8 for s in scores) >= 57
    assert min(scores) >= 0.5
