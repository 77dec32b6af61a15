"""Product catalogue import, model numbers, rebrand matching and its precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyscreen.match.index import CandidateIndex
from partyscreen.match.screener import Screener
from partyscreen.model import Entity, Product
from partyscreen.products import catalogue
from partyscreen.products.match import compare_specs, match_product, parse_query, summary
from partyscreen.products.models import compare_models, model_key
from partyscreen.sources.base import FormatError, ImportOptions, Problems
from partyscreen.sources.registry import detect_format


def read(path: Path) -> tuple[list[Product], Problems]:
    problems = Problems()
    return catalogue.read([path], ImportOptions(), problems).records, problems  # type: ignore[return-value]


def test_csv_and_json_lines(tmp_path: Path) -> None:
    csv_path = tmp_path / "cat.csv"
    csv_path.write_text(
        "maker,brand,model,source,form_factor,cpu_sockets\n"
        "Inspur Group Co.,Inspur,IR5280M6,complaint,2U,2\n"
        ",Nobody,X1,src,1U,1\n"
        "Dell Technologies Inc.,Dell,PowerEdge R750,datasheet,2U,2\n"
    )
    products, problems = read(csv_path)
    assert detect_format([csv_path]).name == "products"
    assert [p.model for p in products] == ["IR5280M6", "PowerEdge R750"]
    assert products[0].specs == {"form_factor": "2U", "cpu_sockets": "2"}
    assert len(problems.items) == 1 and problems.items[0].line == 3 and "maker" in problems.items[0].message
    jl = tmp_path / "cat.jsonl"
    jl.write_text(json.dumps({"maker": "Aivres Systems Inc.", "brand": "Aivres", "model": "5280M6", "source": "s", "specs": {"form_factor": "2U"}}) + "\n"
                  + json.dumps({"maker": "X", "brand": "X", "model": "Y", "source": "s", "specs": ["not", "an", "object"]}) + "\nnot json\n")
    products, problems = read(jl)
    assert detect_format([jl]).name == "products"
    assert products[0].specs == {"form_factor": "2U"} and len(problems.items) == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    with pytest.raises(FormatError):
        catalogue.read([notes], ImportOptions(), Problems())


def test_model_numbers_brand_prefixes_separators_and_families() -> None:
    assert model_key("IR5280M6").key == model_key("nf-5280 m6").key == model_key("5280M6").key == "5280M6"
    assert model_key("KR2280-X2").key == "2280X2" and model_key("KR2280-X2").family == "2280"
    assert model_key("R750").key == "R750"  # not a brand prefix: R is part of Dell's family name
    assert compare_models(model_key("IR5280M6"), model_key("5280M6"))[0] == 1.0
    assert compare_models(model_key("NF5280M5"), model_key("5280M6"))[0] == 0.6
    assert compare_models(model_key("R750"), model_key("5280M6"))[0] == 0.0
    assert compare_specs({"Form factor": "2U", "CPU sockets": "2"}, {"form_factor": "2 U", "cpu-sockets": "4"}) == (1, 2, ["CPU sockets: 2 vs 4"])


CATALOGUE = [
    Product("c:1", "Inspur Group Co., Ltd.", "Inspur", "IR5280M6", "complaint", {"form_factor": "2U", "cpu_sockets": "2", "dimm_slots": "32"}),
    Product("c:2", "Aivres Systems Inc.", "Aivres", "5280M6", "complaint", {"form_factor": "2U", "cpu_sockets": "2", "dimm_slots": "32"}),
    Product("c:3", "Dell Technologies Inc.", "Dell", "PowerEdge R750", "datasheet", {"form_factor": "2U", "cpu_sockets": "2", "dimm_slots": "32"}),
    Product("c:4", "Inspur Group Co., Ltd.", "Inspur", "NF5280M5", "datasheet", {"form_factor": "2U", "cpu_sockets": "2", "dimm_slots": "24"}),
]


@pytest.fixture
def screener() -> Screener:
    entries = [Entity(id="el:1", schema="Company", list_code="EL", name="Inspur Group Co., Ltd.", license_requirement="For all items subject to the EAR.")]
    screener = Screener(CandidateIndex.build(entries))
    screener.as_of = "2026-01-15"  # type: ignore[attr-defined]
    return screener


def test_rebrand_traced_to_a_listed_maker(screener: Screener) -> None:
    result = match_product(parse_query("Aivres 5280M6", CATALOGUE), CATALOGUE, screener)
    top = result.matches[0]
    assert top.product.model == "IR5280M6" and top.rebrand and result.decision == "red_flag"
    assert summary(top) == "likely rebrand of Inspur IR5280M6 (maker on the Entity List)"
    assert any("3 of 3 specifications agree" in e for e in top.evidence)
    assert any(h.list == "EL" and h.match for h in top.maker_hits)
    family = next(m for m in result.matches if m.product.model == "NF5280M5")
    assert not family.rebrand and "same model family 5280" in family.evidence[0]


def test_a_similar_spec_sheet_from_an_unrelated_family_is_not_a_rebrand(screener: Screener) -> None:
    result = match_product(parse_query("Aivres 5280M6", CATALOGUE), CATALOGUE, screener)
    assert all(m.product.brand != "Dell" for m in result.matches)
    # Even a query that is only a spec sheet, with Dell's model number, never finds the Inspur server.
    dell = match_product(parse_query("Dell PowerEdge R750", CATALOGUE, {"form_factor": "2U"}), CATALOGUE, screener)
    assert [m.product.brand for m in dell.matches] == ["Dell"] and not dell.matches[0].rebrand


def test_a_contradicting_spec_blocks_the_rebrand_call(screener: Screener) -> None:
    query = parse_query("Acme IR5280M6", CATALOGUE, {"cpu_sockets": "4", "form_factor": "4U"})
    result = match_product(query, CATALOGUE, screener)
    inspur = next(m for m in result.matches if m.product.model == "IR5280M6")
    assert not inspur.rebrand and any("differ" in e for e in inspur.evidence)


def test_query_parsing() -> None:
    assert (parse_query("Aivres 5280M6", CATALOGUE).brand, parse_query("Aivres 5280M6", CATALOGUE).model) == ("Aivres", "5280M6")
    assert parse_query("Dell PowerEdge R750", CATALOGUE).model == "PowerEdge R750"
    with pytest.raises(ValueError):
        parse_query("   ", CATALOGUE)


def test_a_catalogue_with_cr_line_ends_is_read(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_bytes(b"maker,brand,model,source,cpu\rMaker Co,Brand,M1,catalogue,x86\rMaker Co,Brand,M2,catalogue,arm\r")
    assert detect_format([path]).name == "products"
    products, problems = read(path)
    assert [(p.model, p.specs) for p in products] == [("M1", {"cpu": "x86"}), ("M2", {"cpu": "arm"})]
    assert not problems.items
