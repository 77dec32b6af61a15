"""Is this product a rebrand of a catalogued one, and who made it?

A product query ("Aivres 5280M6") is split into brand and model, the model
number compared with every catalogued product (:mod:`.models`), the
specifications compared where both sides give them, and each candidate's maker
screened like a party (graph included).  A rebrand is called only on the same
model designation from another brand or maker, with no specification
contradicting it: a similar spec sheet alone (another maker's 2U server of an
unrelated family) never makes a rebrand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from partyscreen.decide.levels import most_severe, severity
from partyscreen.match.query import Query
from partyscreen.model import Product
from partyscreen.products.models import compare_models, model_key

#: Below this a candidate is not shown.
MIN_SCORE = 0.5
#: Share of compared specifications that must agree for a rebrand.
SPEC_AGREEMENT = 0.8
_WORD = re.compile(r"\S+")


def spec_key(key: str) -> str:
    return re.sub(r"[\s_\-]+", " ", key.casefold()).strip()


def spec_value(value: str) -> str:
    return re.sub(r"\s+", "", value.casefold())


def compare_specs(a: dict[str, str], b: dict[str, str]) -> tuple[int, int, list[str]]:
    """``(agreeing, compared, differences)`` over the specifications both sides give."""
    left = {spec_key(k): (k, v) for k, v in a.items()}
    right = {spec_key(k): (k, v) for k, v in b.items()}
    agree, differences = 0, []
    common = sorted(set(left) & set(right))
    for key in common:
        if spec_value(left[key][1]) == spec_value(right[key][1]):
            agree += 1
        else:
            differences.append(f"{left[key][0]}: {left[key][1]} vs {right[key][1]}")
    return agree, len(common), differences


@dataclass
class ProductQuery:
    text: str
    brand: str
    model: str
    specs: dict[str, str] = field(default_factory=dict)


def parse_query(text: str, catalogue: Sequence[Product], specs: dict[str, str] | None = None) -> ProductQuery:
    """Split "Aivres 5280M6" into brand and model: the first word and any further known brand or maker words are the brand."""
    words = _WORD.findall(text or "")
    if not words:
        raise ValueError("the product is empty")
    known = {w.casefold() for p in catalogue for name in (p.brand, p.maker) for w in name.split()}
    cut = 0
    # The brand: the first word, and further words naming a known brand or maker ("Dell PowerEdge R750": "Dell").
    while cut < len(words) - 1 and not any(ch.isdigit() for ch in words[cut]) and (cut == 0 or words[cut].casefold() in known):
        cut += 1
    brand, model = " ".join(words[:cut]), " ".join(words[cut:])
    if not model:
        raise ValueError(f"{text!r} has no model number")
    return ProductQuery(text, brand, model, dict(specs or {}))


@dataclass
class ProductMatch:
    product: Product
    rebrand: bool
    score: float
    evidence: list[str]
    maker_hits: list[Any] = field(default_factory=list)  # Hit objects from screening the maker
    own: bool = False  # the queried product's own catalogue entry

    @property
    def maker_decision(self) -> str:
        return most_severe(h.decision for h in self.maker_hits)

    def to_json(self) -> dict[str, Any]:
        return {
            "product": {"maker": self.product.maker, "brand": self.product.brand, "model": self.product.model},
            "rebrand": self.rebrand,
            "score": round(self.score, 4),
            "evidence": self.evidence,
            "maker_hits": [h.to_json() for h in self.maker_hits],
        }


@dataclass
class ProductResult:
    query: ProductQuery
    decision: str
    matches: list[ProductMatch]

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query.text, "decision": self.decision, "matches": [m.to_json() for m in self.matches]}


def _same_brand(query: ProductQuery, product: Product) -> bool:
    brand = query.brand.casefold()
    return bool(brand) and brand in (product.brand.casefold(), product.maker.casefold(), *product.brand.casefold().split(), *product.maker.casefold().split())


def match_product(query: ProductQuery, catalogue: Sequence[Product], screener: Any = None, limit: int = 10) -> ProductResult:
    """Candidates for ``query`` in the catalogue, each with its maker screened (when a screener is given)."""
    qkey = model_key(query.model)
    own = [p for p in catalogue if _same_brand(query, p) and model_key(p.model).key == qkey.key]
    # The query's own catalogue entry lends its specifications; given --spec values win.
    specs = {k: v for p in own for k, v in p.specs.items()}
    specs.update(query.specs)
    matches: list[ProductMatch] = []
    for product in catalogue:
        model_score, why = compare_models(qkey, model_key(product.model))
        if model_score <= 0:
            continue
        evidence = [why]
        agree, compared, differences = compare_specs(specs, product.specs)
        spec_score = agree / compared if compared else None
        if compared:
            evidence.append(f"{agree} of {compared} specifications agree" + (f"; differ: {'; '.join(differences)}" if differences else ""))
        score = model_score if spec_score is None else 0.7 * model_score + 0.3 * spec_score
        own_entry = product in own
        other_brand = not own_entry and not _same_brand(query, product)
        rebrand = model_score == 1.0 and other_brand and (spec_score is None or spec_score >= SPEC_AGREEMENT)
        if own_entry:
            evidence.append("this is the queried product's own catalogue entry")
        elif other_brand:
            evidence.append(f"sold under another brand ({product.brand}) by {product.maker}")
        if product.source:
            evidence.append(f"source: {product.source}")
        if score >= MIN_SCORE:
            matches.append(ProductMatch(product, rebrand, score, evidence, own=own_entry))
    matches.sort(key=lambda m: (not m.rebrand, -m.score, m.product.maker))
    matches = matches[:limit]
    if screener is not None:
        for match in matches:
            result = screener.screen(Query(name=match.product.maker, schema="Company"), limit=5)
            match.maker_hits = result.hits
    decisions = []
    for match in matches:
        listed_maker = severity(match.maker_decision) > severity("review")
        if match.own:
            decisions.append(match.maker_decision)  # whoever sells the queried product, screened as a party
        elif match.rebrand and listed_maker:
            decisions.append("red_flag")  # a listed maker's design under another name
        elif listed_maker:
            decisions.append("review")  # a listed maker's product of the same family: worth a look
    return ProductResult(query, most_severe(decisions), matches)


def summary(match: ProductMatch) -> str:
    """ "likely rebrand of Inspur IR5280M6 (maker on the Entity List)" """
    from partyscreen.decide.tables import tables

    listed = [h for h in match.maker_hits if h.match or h.path]
    where = ""
    if listed:
        top = max(listed, key=lambda h: severity(h.decision))
        rule = tables().lists.get(top.list)
        list_name = rule.rule.split(" (")[0] if rule else top.list
        where = f" (maker linked to the {list_name} through the graph)" if top.path else f" (maker on the {list_name})"
    label = "likely rebrand of" if match.rebrand else "related to"
    return f"{label} {match.product.brand} {match.product.model}{where}"
