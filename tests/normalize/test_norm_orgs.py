"""Organisation names: legal forms, abbreviations, spelling, stopwords, acronyms."""

from __future__ import annotations

import pytest

from partyscreen._native import compiled_modules
from partyscreen.normalize import (
    GENERIC_ORG_TOKENS,
    NameForm,
    analyze,
    is_person_schema,
    legal_form_family,
)


def one(text: str, schema: str = "LegalEntity") -> NameForm:
    forms = analyze(text, schema)
    assert len(forms) == 1, forms
    return forms[0]


class TestLegalForms:
    def test_inspur(self) -> None:
        f = one("Inspur Group Co., Ltd.")
        assert f.tokens == ("inspur", "group")
        assert f.legal_forms == {"co ltd"}
        assert f.kind == "org" and f.script == "Latin"

    @pytest.mark.parametrize(
        "text", ["Inspur Group Co Ltd", "INSPUR GROUP COMPANY LIMITED", "Inspur Group Co. Limited"]
    )
    def test_co_ltd_spellings(self, text: str) -> None:
        assert one(text).legal_forms == {"co ltd"}
        assert one(text).tokens == ("inspur", "group")

    def test_co_ltd_chinese(self) -> None:
        forms = analyze("浪潮集团有限公司")
        assert forms[0].legal_forms == {"co ltd"}
        assert forms[0].tokens == ("langchao", "group")
        # every reading keeps the legal form ("集团" read as "Corporation" adds corp)
        assert all("co ltd" in f.legal_forms for f in forms)

    @pytest.mark.parametrize(
        ("text", "code", "tokens"),
        [
            ('ООО "Ромашка"', "llc", ("romashka",)),
            ("OOO Romashka", "llc", ("romashka",)),
            ("Romashka LLC", "llc", ("romashka",)),
            ("Общество с ограниченной ответственностью «Ромашка»", "llc", ("romashka",)),
            ("OBSCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU TRANSSERVIS", "llc", ("transservis",)),
            ("АО «Алмаз»", "jsc", ("almaz",)),
            ("AO Almaz", "jsc", ("almaz",)),
            ("Joint Stock Company Almaz", "jsc", ("almaz",)),
            ("ПАО «Сбербанк»", "pjsc", ("sberbank",)),
            ("PAO Sberbank", "pjsc", ("sberbank",)),
            ("Sberbank PJSC", "pjsc", ("sberbank",)),
            ("Public Joint Stock Company Sberbank", "pjsc", ("sberbank",)),
            ("OAO Gazprom", "ojsc", ("gazprom",)),
            ("Open Joint Stock Company Gazprom", "ojsc", ("gazprom",)),
            ("ЗАО Тест", "cjsc", ("test",)),
            ("Siemens AG", "ag", ("siemens",)),
            ("Siemens Aktiengesellschaft", "ag", ("siemens",)),
            ("SiemensAG", "ag", ("siemens",)),
            ("Bosch GmbH", "gmbh", ("bosch",)),
            ("Acme Widgets S.A.", "sa", ("acme", "widgets")),
            ("Acme PLC", "plc", ("acme",)),
            ("Acme Inc.", "inc", ("acme",)),
            ("Acme Corp.", "corp", ("acme",)),
            ("Acme Corporation", "corp", ("acme",)),
            ("Acme Company", "co", ("acme",)),
            ("ТОВ «Роги і копита»", "llc", ("rohy", "kopyta")),
            ("FGUP Kombinat", "fsue", ("plant",)),  # kombinat read in English
            ("Federal State Unitary Enterprise Kombinat", "fsue", ("plant",)),
            ("Uship Management FZ-LLC", "llc", ("uship", "management")),
        ],
    )
    def test_codes_across_languages(self, text: str, code: str, tokens: tuple[str, ...]) -> None:
        f = one(text)
        assert code in f.legal_forms
        assert f.tokens == tokens

    def test_gmbh_co_kg(self) -> None:
        f = one("FOURTEENTH OCEAN GMBH & CO. KG")
        assert f.legal_forms == {"gmbh co kg"}
        assert f.tokens == ("14", "ocean")

    def test_short_forms_only_at_the_edges(self) -> None:
        # "AS", "SA", "AO" are words too: in the middle of a name they stay
        f = one("Banco SA Internacional")
        assert f.legal_forms == frozenset() and "sa" in f.tokens
        assert one("Pasha AS").legal_forms == {"as"}
        f = one("Acme Widgets SA (Panama)")
        assert "sa" in f.tokens  # not at the edge any more

    def test_never_removes_the_whole_name(self) -> None:
        f = one("Company")
        assert f.tokens == ("company",) and f.legal_forms == frozenset()

    def test_family(self) -> None:
        assert legal_form_family("ojsc") == legal_form_family("pjsc") == "jsc"
        assert legal_form_family("co ltd") == legal_form_family("llc") == "ltd"
        assert legal_form_family("unknown") == "unknown"


class TestVocabulary:
    @pytest.mark.parametrize(
        ("joined", "listed"),
        [
            ("JOINT STOCK COMPANY MOSCOW SCIENTIFICRESEARCH INSTITUTE AGAT", "Joint Stock Company Moscow Scientific-Research Institute Agat"),
            ("RESEARCHPRODUCTION ENTERPRISE ISTOK", "Research-Production Enterprise Istok"),
            ("closed jointstock company gazprombank lizing", "CLOSED JOINT-STOCK COMPANY GAZPROMBANK LIZING"),
            ("NAUCHNOPROIZVODSTVENNOE OBEDINENIE ALMAZ", "Nauchno-Proizvodstvennoe Obedinenie Almaz"),
        ],
    )
    def test_institution_words_joined_when_the_hyphen_is_dropped(self, joined: str, listed: str) -> None:
        assert one(joined).tokens == one(listed).tokens

    @pytest.mark.parametrize(
        ("text", "tokens"),
        [
            ("Plant No. 5", ("plant", "number", "5")),
            ("Zavod Nr 12", ("plant", "number", "12")),
            ("YARD NO. 455 IRAN MARINE", ("yard", "number", "455", "iran", "marine")),
            # Not before a number, "No" and "Nr" are names: the OFAC entry NR-DEL, the Korean surname No.
            ("LIMITED LIABILITY COMPANY NR-DEL", ("nr",)),
            ("No Trading S.A.", ("no", "trading")),
        ],
    )
    def test_number_signs_only_before_a_number(self, text: str, tokens: tuple[str, ...]) -> None:
        assert one(text).tokens == tokens

    def test_abbreviations_and_ampersand(self) -> None:
        a = one("Beijing Univ. of Aeronautics & Astronautics")
        b = one("Beijing University of Aeronautics and Astronautics")
        assert a.tokens == b.tokens == ("beijing", "university", "aeronautics", "astronautics")

    @pytest.mark.parametrize(
        ("short", "full"),
        [
            ("Acme Intl Trading", "Acme International Trading"),
            ("Acme Int'l Trading", "Acme International Trading"),
            ("Acme Mfg Co", "Acme Manufacturing Company"),
            ("Harbin Inst. of Tech.", "Harbin Institute of Technology"),
            ("Natl Acad. of Sci.", "National Academy of Science"),
            ("Acme Grp", "Acme Group"),
            ("Acme Mgmt Svcs", "Acme Management Services"),
            ("Acme Bros", "Acme Brothers"),
            ("Acme Engg Dept", "Acme Engineering Department"),
            ("Acme Assn", "Acme Association"),
            ("Acme R&D Center", "Acme Research and Development Centre"),
        ],
    )
    def test_abbreviations(self, short: str, full: str) -> None:
        assert one(short).tokens == one(full).tokens

    @pytest.mark.parametrize(
        ("british", "american"),
        [
            ("Defence Research Centre", "Defense Research Center"),
            ("Aluminium Smelting Programme", "Aluminum Smelting Program"),
            ("Armoured Vehicle Organisation", "Armored Vehicle Organization"),
            ("Specialised Harbour Authority", "Specialized Harbor Authority"),
        ],
    )
    def test_british_american(self, british: str, american: str) -> None:
        assert one(british).tokens == one(american).tokens

    @pytest.mark.parametrize(
        ("russian", "english"),
        [
            ("Акционерное общество “Муромский приборостроительный завод”", "JSC Muromsky Instrument-Making Plant"),
            ("Главное разведывательное управление", "Main Intelligence Directorate"),
            ("Opytnoe Konstruktorskoe Byuro", "Experimental Design Bureau"),
            ("Uralsky Zavod", "Uralsky Plant"),
        ],
    )
    def test_russian_words_read_in_english(self, russian: str, english: str) -> None:
        assert one(russian).tokens == one(english).tokens

    def test_chinese_reads_as_china(self) -> None:
        # The Entity List's "Chinese Academy of Engineering Physics" calls itself the China Academy ...
        assert one("Chinese Academy of Engineering Physics").tokens == one("China Academy of Engineering Physics").tokens
        assert analyze("Ali Chinese", "Person")[0].tokens == ("ali", "chinese")  # organisations' names only

    def test_ise_rule_spares_names_and_enterprise(self) -> None:
        assert one("Mansour Enterprise").tokens == ("mansour", "enterprise")

    def test_stopwords_removed_for_orgs_only(self) -> None:
        assert one("Bank of the Republic").tokens == ("bank", "republic")
        assert "of" not in one("University of Science and Technology of China").tokens
        assert analyze("Ali of the Hill", "Person")[0].tokens == ("ali", "of", "the", "hill")

    def test_ordinals(self) -> None:
        assert one("Third Academy").tokens == one("3rd Academy").tokens == ("3", "academy")

    def test_russian_research_terms(self) -> None:
        a = one("NPO Almaz")
        b = one("Scientific Production Association Almaz")
        c = one("Research and Production Association Almaz")
        assert a.tokens == b.tokens == c.tokens

    def test_possessive(self) -> None:
        assert one("CASIC 3rd Academy's 159 Factory").tokens[-3:] == ("academy", "159", "factory")

    def test_transliterated_variants_meet(self) -> None:
        assert one("Rosoboroneksport").tokens == one("Rosoboronexport").tokens
        assert one("Рособоронэкспорт").tokens == one("Rosoboronexport").tokens
        assert one("Kurchatovskiy Institut").tokens == one("Kurchatovsky Institut").tokens

    def test_english_words_not_respelled(self) -> None:
        assert one("Repair Workshop Works").tokens == ("repair", "workshop", "works")

    def test_generic_tokens(self) -> None:
        for word in ("group", "technology", "technologies", "china", "international",
                     "industry", "holding", "holdings", "trading", "company"):
            assert word in GENERIC_ORG_TOKENS
        assert "inspur" not in GENERIC_ORG_TOKENS
        assert "huawei" not in GENERIC_ORG_TOKENS


class TestAcronyms:
    def test_parenthesised_acronym(self) -> None:
        f = one("China Academy of Engineering Physics (CAEP)")
        assert "caep" in f.acronyms
        assert f.tokens == ("china", "academy", "engineering", "physics")
        assert not f.is_acronym

    def test_initials(self) -> None:
        assert "caep" in one("China Academy of Engineering Physics").acronyms
        assert "nudt" in one("National University of Defense Technology").acronyms
        assert "bupt" in one("Beijing University of Posts and Telecommunications").acronyms
        assert "amms" in one("Academy of Military Medical Sciences").acronyms

    def test_initials_with_corporation(self) -> None:
        assert "casic" in one("China Aerospace Science and Industry Corporation").acronyms
        assert "nioc" in one("National Iranian Oil Company").acronyms

    def test_parent_of_a_sub_unit(self) -> None:
        f = one("Academy of Military Medical Sciences, Institute of Basic Medicine")
        assert "amms" in f.acronyms
        assert "ibm" not in f.acronyms

    def test_hyphenated_acronym(self) -> None:
        f = one("National Supercomputing Center Guangzhou (NSCC-GZ)")
        assert "nsccgz" in f.acronyms

    def test_locations_in_parentheses_are_not_acronyms(self) -> None:
        f = one("3HC Semiconductors (HK) Co., Ltd.")
        assert "hk" not in f.acronyms
        assert "hk" in f.tokens

    def test_short_names_have_no_initials(self) -> None:
        assert one("Inspur Group").acronyms == frozenset()

    @pytest.mark.parametrize("text", ["CAEP", "AMMS", "NUDT", "ZTE", "U.S.A.", "NSCC-GZ"])
    def test_is_acronym(self, text: str) -> None:
        f = one(text)
        assert f.is_acronym
        assert "".join(f.tokens) in f.acronyms

    @pytest.mark.parametrize("text", ["HUAWEI", "ROSNEFT", "Inspur", "Huawei Technologies", "SINOPEC"])
    def test_is_not_acronym(self, text: str) -> None:
        assert not one(text).is_acronym

    def test_acronym_with_legal_form(self) -> None:
        f = one("ZTE Corp.")
        assert f.is_acronym and f.legal_forms == {"corp"}

    def test_persons_have_no_acronyms(self) -> None:
        f = analyze("Vladimir Vladimirovich Putin", "Person")[0]
        assert f.acronyms == frozenset() and not f.is_acronym


class TestSchema:
    def test_is_person_schema(self) -> None:
        assert is_person_schema("Person")
        assert is_person_schema("person")
        assert not is_person_schema("LegalEntity")
        assert not is_person_schema("Company")
        assert not is_person_schema("Vessel")
        assert not is_person_schema("")

    def test_kind(self) -> None:
        assert analyze("Acme", "Company")[0].kind == "org"
        assert analyze("John Smith", "Person")[0].kind == "person"
        assert analyze("EASTERN PEARL", "Vessel")[0].kind == "org"

    def test_empty_and_punctuation(self) -> None:
        assert analyze("") == ()
        assert analyze(" - ") == ()

    def test_frozen_and_cached(self) -> None:
        f = one("Inspur Group Co., Ltd.")
        if "partyscreen.normalize.names" in compiled_modules():
            # Final fields: the compiled class refuses a change (the Python source leaves it to type checking).
            with pytest.raises(AttributeError):
                f.tokens = ()  # type: ignore[misc]
        assert analyze("Inspur Group Co., Ltd.") is analyze("Inspur Group Co., Ltd.")
        assert f.original == "Inspur Group Co., Ltd."


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN", "jsc"),  # cut off by a fixed-width field
        ("TACTICAL MISSILES CORPORATION JOYNT STOCK COMPANY", "jsc"),  # one letter wrong
        ("Siemens Aktiengeselschaft", "ag"),
    ],
)
def test_misspelt_or_truncated_legal_form_at_the_end(name: str, form: str) -> None:
    (reading,) = analyze(name, "Company")
    assert form in reading.legal_forms
    assert "compan" not in reading.tokens and "joynt" not in reading.tokens and "aktiengeselschaft" not in reading.tokens


@pytest.mark.parametrize(
    ("name", "form", "rest"),
    [
        ("ILMITED LIABILITY COMPANY SEVERNAYA ENERGETICHESKAYA", "llc", ("severnaya", "energeticheskaya")),
        ("SEABRASS LIIMTED", "ltd", ("seabrass",)),
        ("OINT STOCK COMPANY KRONSHTADT", "jsc", ("kronshtadt",)),  # the first letter lost
        ("UBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "pjsc", ("sberbank", "russia")),
        ("LMIITED LIABILITY COMPANY AEROKON", "llc", ("aerokon",)),  # second and third letters swapped
        ("MAGNISERVIA, S.A. DHE C.V.", "sa", ("magniservia",)),  # a short word of a long form mistyped
        ("SUMILAB, S.A. EE C.V.", "sa", ("sumilab",)),
    ],
)
def test_misspelt_legal_form_at_either_edge(name: str, form: str, rest: tuple[str, ...]) -> None:
    (reading,) = analyze(name, "Company")
    assert form in reading.legal_forms and reading.tokens == rest


def test_forms_that_only_end_a_name() -> None:
    assert one("Bayer AG").legal_forms == {"ag"}
    # A leading "Ag" is the Tuareg "son of" (the SDN entry AG ALBACHAR, Ahmed), not a company.
    assert one("AG ALBACHAR, Ahmed").tokens == ("ag", "albachar", "ahmed") and not one("AG ALBACHAR, Ahmed").legal_forms


def test_a_word_near_a_legal_form_stays_a_word() -> None:
    (reading,) = analyze("Acme Limitless", "Company")
    assert reading.tokens == ("acme", "limitless") and not reading.legal_forms


@pytest.mark.parametrize(
    "name",
    [
        "Дружество с ограничена отговорност „Inter Tobacco“",
        "„Inter Tobacco“, společnost s ručením omezeným",
        "Εταιρία περιορισμένης ευθύνης “Inter Tobacco”",
        "An chuideachta theoranta ‘Inter Tobacco’",
    ],
)
def test_the_limited_company_in_eu_languages(name: str) -> None:
    (reading,) = analyze(name, "Company")
    assert reading.tokens == ("inter", "tobacco") and "llc" in reading.legal_forms


def test_a_misspelt_legal_form_of_several_words_opening_the_name() -> None:
    from partyscreen.normalize import analyze

    (form,) = analyze("Open Joint Sotck Company Machine Building Plant Arsenal", "Company")
    assert form.tokens == ("machine", "building", "plant", "arsenal") and form.legal_forms == {"ojsc"}
    (form,) = analyze("Open Joint Venture Kazan", "Company")  # not a legal form: every word stays
    assert form.tokens == ("open", "joint", "venture", "kazan")


def test_the_segment_search_splits_as_the_pattern_does() -> None:
    """_derived_acronyms searches _SEGMENT_SPLIT from _segment_start instead of splitting the whole
    name: the same first part and rest, on 200,000 seeded random strings of the marks and spaces."""
    import random

    from partyscreen.normalize import names

    rng = random.Random(41)
    alphabet = "ab ,;:/-\u2013\u2014\t\u3000x"
    for _ in range(200_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        expected = names._SEGMENT_SPLIT.split(text, maxsplit=1)
        found = names._SEGMENT_SPLIT.search(text, names._segment_start(text)) if names._has_segment_mark(text) else None
        assert ([text[: found.start()], text[found.end() :]] if found else [text]) == expected, text
