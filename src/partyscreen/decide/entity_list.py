"""Entity List entries read into structure: licence scope, review policy, citations.

Supp. No. 4 to part 744 gives each entry three cells (the CSL copies them as
``license_requirement``, ``license_policy`` and ``federal_register_notice``):

* the licence requirement: "For all items subject to the EAR. (See § 744.11 of
  the EAR)", scoped to ECCNs, to items on the CCL, to Supp. No. 2 items, or to
  an end use; superscript digits after a section are foreign-direct-product
  footnotes (1, 3, 4, 5), flattened to plain digits by the CSL;
* the licence review policy: presumption of denial, case-by-case, policy of
  denial, presumption of approval, a reference to a section, or a mix per item;
* the Federal Register citations, sometimes with dates or issue numbers.

Whatever is not understood is kept verbatim in ``unparsed`` and the entry is
flagged ``needs_reading``: nothing is silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Foreign-direct-product footnotes of Supp. No. 4 to part 744 (§ 734.9(e), (g)).
FDP_FOOTNOTES = frozenset({1, 3, 4, 5})

POLICY_KINDS = ("presumption_of_denial", "policy_of_denial", "case_by_case", "presumption_of_approval")
_POLICY_WORDS = (
    ("presumption_of_denial", re.compile(r"presumption\s+of\s+denial", re.I)),
    ("policy_of_denial", re.compile(r"policy\s+of\s+denial", re.I)),
    ("case_by_case", re.compile(r"case[\s-]*by[\s-]*case", re.I)),
    ("presumption_of_approval", re.compile(r"presumption\s+of\s+approval", re.I)),
)
_SPACE = re.compile(r"\s+")
ECCN_RE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*\b")
# "§744.11", "§§ 734.9(e)1 and 744.11", "part§744.11", "§?744.11": a section number with its paragraphs.
_SECTION = re.compile(r"(7\d\d\.\d+[a-z]?(?:\([a-z0-9]+\))*)(?:,?(\d))?(?![\d.])")
_SEE = re.compile(r"\(?\s*see\s+(?:part\s*)?§+\s*\??\s*(.*?)(?:of (?:the EAR|this part))?\.?\)?\.?\s*(\d?)\s*$", re.I)
_ALL_ITEMS = re.compile(r"^(?:for\s+)?all\s+items\s+subject\s+to\s+the\s+ear", re.I)
_SUPP2 = re.compile(r"^for\s+any\s+item\s+subject\s+to\s+the\s+ear\s+listed\s+in\s+supplement\s+no\.\s*2\s+to\s+part\s+744", re.I)
_ECCN_SCOPE = re.compile(r"^for\s+(?:all\s+)?items?\s+(?:classified\s+(?:under|as)|described\s+in|listed\s+(?:under|in))\s+(?:eccns?\s+)?(.*)$", re.I)
_NOT_EAR99 = re.compile(r"^,?\s*having\s+a\s+classification\s+other\s+than\s+ear99", re.I)
_ON_CCL = re.compile(r"^,?\s*(?:that\s+are\s+)?(?:listed|specified)\s+on\s+the\s+(?:ccl|commerce\s+control\s+list)", re.I)
_END_USE = re.compile(r"^,?\s*when\s+used\s+in\s+projects\s+specified\s+in\s+§\s*(7\d\d\.\d+)(?:\s+of\s+the\s+EAR)?", re.I)
_CASE_CCL = re.compile(r"^,?\s*with\s+case-by-case\s+basis\s+for\s+items\s+listed\s+on\s+the\s+ccl", re.I)
_APART = re.compile(r"^,?\s*(apart\s+from\s+items\s+that\s+are\s+related\s+to\s+transactions.*?(?:general\s+license\s+no\.\s*\w+[^.]*))\.", re.I)
_DENIAL_APART = re.compile(
    r"^(policy|presumption)\s+of\s+denial\s+for\s+all\s+items\s+subject\s+to\s+the\s+ear\s+apart\s+from\s+(.+?),\s*which\s+will\s+be\s+reviewed\s+on\s+a\s+case-by-case\s+basis$",
    re.I,
)
_POLICY_SCOPE = re.compile(r"\bfor\s+(.+)$", re.I)

# Federal Register citations: "77 FR 61249 No. 195", "76 FR 50407 (8/15/2011)", "87 F.R. 21611 4/12/2022",
# "76 FR No. 197 (10/12/2011)", "76 FR no. 242 pg. 78146", "Vol. 88, No. 151, 08/08/2023".
_FR = re.compile(
    r"^(?:vol\.?\s*)?(?P<volume>\d{1,3})\s*(?:\.?\s*f\.?\s?r\.?)?,?\s*"
    r"(?:(?:\(?no\.?\s*(?P<issue1>\d+)\)?,?\s*)?(?:pg\.?\s*)?(?P<page>\d{3,6})?)\s*"
    r"(?:\(?no\.?\s*(?P<issue2>\d+)\)?)?\s*,?\s*\(?(?P<date>\d{1,2}/\d{1,2}/\d{2,4})?\)?$",
    re.I,
)


@dataclass(frozen=True)
class FrCitation:
    """One Federal Register citation as the entry prints it."""

    text: str
    volume: int
    page: int | None = None
    issue: int | None = None
    date: str = ""  # ISO, when the entry prints one

    def __str__(self) -> str:
        out = f"{self.volume} FR {self.page}" if self.page else f"{self.volume} FR No. {self.issue}"
        return f"{out} ({self.date})" if self.date else out

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"citation": str(self), "volume": self.volume}
        if self.page:
            data["page"] = self.page
        if self.issue:
            data["issue"] = self.issue
        if self.date:
            data["date"] = self.date
        return data


@dataclass(frozen=True)
class LicenceTerms:
    """What an Entity List entry requires, as structure.

    ``scope``: ``all`` (all items subject to the EAR), ``ccl`` (items on the CCL
    only), ``eccns`` (the ECCNs in ``eccns``), ``supp2`` (items in Supp. No. 2
    to part 744) or ``unknown``.  ``end_use`` is a section when the requirement
    only applies to an end use ("when used in projects specified in § 746.5").
    ``policy`` is one of :data:`POLICY_KINDS`, ``mixed`` (see ``policy_by_items``),
    ``see_section`` (see ``policy_sections``) or ``unknown``.
    """

    scope: str = "unknown"
    eccns: tuple[str, ...] = ()
    end_use: str = ""
    footnotes: tuple[int, ...] = ()
    sections: tuple[str, ...] = ()
    policy: str = "unknown"
    policy_by_items: tuple[tuple[str, str], ...] = ()  # (which items, policy kind)
    policy_sections: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()  # carve-outs kept verbatim ("apart from ... General License No. 11")
    citations: tuple[FrCitation, ...] = ()
    unparsed: tuple[str, ...] = ()  # verbatim text not understood
    missing: tuple[str, ...] = ()  # cells the entry left empty
    requirement_text: str = ""
    policy_text: str = ""

    @property
    def needs_reading(self) -> bool:
        """A person must read the entry: some text was not understood, a carve-out applies, or a cell is empty."""
        return bool(self.unparsed or self.exceptions or {"license_requirement", "license_policy"} & set(self.missing))

    @property
    def fdp_footnotes(self) -> tuple[int, ...]:
        return tuple(n for n in self.footnotes if n in FDP_FOOTNOTES)

    def policy_for(self, item: str | None) -> str:
        """The review policy for ``item`` (an ECCN, ``EAR99`` or None), in words."""
        if self.policy != "mixed":
            return self.policy
        for which, kind in self.policy_by_items:
            if item and _item_in(item, which):
                return kind
        others = [kind for which, kind in self.policy_by_items if which in ("all other items", "all items", "ccl")]
        if item and item != "EAR99" and others:
            return others[0]
        if item == "EAR99":
            other = [k for w, k in self.policy_by_items if w in ("all other items", "all items")]
            if other:
                return other[0]
        return "mixed"

    def describe_policy(self) -> str:
        if self.policy == "mixed":
            return "; ".join(f"{_POLICY_NAMES.get(k, k)} for {w}" for w, k in self.policy_by_items)
        if self.policy == "see_section":
            return "see " + ", ".join(f"§ {s}" for s in self.policy_sections)
        return _POLICY_NAMES.get(self.policy, self.policy)

    def describe_scope(self) -> str:
        text = {
            "all": "all items subject to the EAR",
            "ccl": "items on the CCL (not EAR99)",
            "eccns": "items in " + ", ".join(self.eccns),
            "supp2": "items in Supp. No. 2 to part 744",
        }.get(self.scope, "not stated: read the entry")
        if self.end_use:
            text += f" when used in projects specified in § {self.end_use}"
        if self.fdp_footnotes:
            text += " (foreign-direct-product footnote " + ", ".join(map(str, self.fdp_footnotes)) + ")"
        return text

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scope": self.scope, "policy": self.policy}
        for key in ("eccns", "end_use", "footnotes", "sections", "policy_sections", "exceptions", "unparsed", "missing"):
            value = getattr(self, key)
            if value:
                data[key] = list(value) if isinstance(value, tuple) else value
        if self.policy_by_items:
            data["policy_by_items"] = [{"items": w, "policy": k} for w, k in self.policy_by_items]
        data["citations"] = [c.to_json() for c in self.citations]
        data["needs_reading"] = self.needs_reading
        return data


_POLICY_NAMES = {
    "presumption_of_denial": "presumption of denial",
    "policy_of_denial": "policy of denial",
    "case_by_case": "case-by-case review",
    "presumption_of_approval": "presumption of approval",
    "unknown": "not stated",
}


def _item_in(item: str, which: str) -> bool:
    if which == "ccl":
        return item != "EAR99"
    if which.upper().startswith("EAR99"):
        return item == "EAR99"
    return any(item == e or item.startswith(e + ".") for e in ECCN_RE.findall(which))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def parse_requirement(text: str) -> dict[str, Any]:
    """The licence requirement cell, piece by piece; leftovers go to ``unparsed``."""
    out: dict[str, Any] = {"scope": "unknown", "eccns": (), "end_use": "", "footnotes": [], "sections": [],
                           "exceptions": [], "unparsed": [], "policy_by_items": []}
    rest = _clean(text)
    if not rest:
        return out
    if m := _SUPP2.match(rest):
        out["scope"], rest = "supp2", rest[m.end():]
    elif m := _ALL_ITEMS.match(rest):
        out["scope"], rest = "all", rest[m.end():]
    elif m := _ECCN_SCOPE.match(rest):
        eccns = ECCN_RE.findall(m.group(1))
        if eccns:
            out["scope"], out["eccns"] = "eccns", tuple(dict.fromkeys(eccns))
            rest = ECCN_RE.sub("", m.group(1))
            rest = re.sub(r"^[\s,;.]*(?:(?:and|or)[\s,]*)*", "", re.sub(r"(?:\s*(?:,|and|or)\s*)+", " ", rest)).strip()
    while rest:
        rest = rest.lstrip(" .;")
        if not rest:
            break
        if m := _NOT_EAR99.match(rest) or _ON_CCL.match(rest):
            out["scope"], rest = "ccl", rest[m.end():]
        elif m := _END_USE.match(rest):
            out["end_use"], rest = m.group(1), rest[m.end():]
        elif m := _CASE_CCL.match(rest):
            out["policy_by_items"].append(("ccl", "case_by_case"))
            rest = rest[m.end():]
        elif m := _APART.match(rest):
            out["exceptions"].append(_clean(m.group(1)))
            rest = rest[m.end():]
        elif rest[:1] == "(" or rest.lower().startswith("see"):
            close = _matching_paren(rest)
            ref, rest = rest[: close + 1], rest[close + 1:]
            # A digit glued after the closing bracket is a footnote: "...of the EAR)4".
            if m := re.match(r"\s*(\d)(?!\d)", rest):
                out["footnotes"].append(int(m.group(1)))
                rest = rest[m.end():]
            _read_references(ref, out)
        elif m := re.match(r"^(\d)(?![\d.])", rest):  # footnote after "EAR" without brackets
            out["footnotes"].append(int(m.group(1)))
            rest = rest[m.end():]
        elif rest.lower().startswith(", see"):
            _read_references(rest[1:], out)
            rest = ""
        else:
            out["unparsed"].append(rest.strip())
            break
    return out


def _matching_paren(text: str) -> int:
    if not text.startswith("("):
        return len(text) - 1
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return len(text) - 1


def _read_references(ref: str, out: dict[str, Any]) -> None:
    inner = ref.strip().strip("()").strip()
    if not re.match(r"(?i)see\b", inner):
        out["unparsed"].append(ref.strip())
        return
    for section, footnote in _SECTION.findall(inner):
        out["sections"].append(section)
        if footnote:
            out["footnotes"].append(int(footnote))
    tail = re.search(r"of the EAR\.?\)?\.?\s*(\d)\s*$", inner)
    if tail:
        out["footnotes"].append(int(tail.group(1)))
    if not out["sections"]:
        out["unparsed"].append(ref.strip())


def parse_policy(text: str) -> dict[str, Any]:
    """The licence review policy cell: one kind, a mix per item, or a section reference."""
    out: dict[str, Any] = {"policy": "unknown", "policy_by_items": [], "policy_sections": [], "unparsed": []}
    value = _clean(text)
    if not value:
        return out
    clauses = [c.strip(" .") for c in re.split(r";|\.\s+(?=[A-Z])|\.$", value) if c.strip(" .")]
    kinds: list[tuple[str, str]] = []
    for clause in clauses:
        if m := _DENIAL_APART.match(clause):
            kind = "policy_of_denial" if m.group(1).lower() == "policy" else "presumption_of_denial"
            kinds += [("all other items", kind), (_clean(m.group(2)), "case_by_case")]
            continue
        if re.match(r"(?i)^(?:see|the license application procedure)", clause):
            sections = [s for s, _ in _SECTION.findall(clause)]
            # "§744.21(d) and (e)": a bare "(e)" continues the last section.
            for extra in re.findall(r"\band\s+(\([a-z0-9]+\))", clause):
                if sections:
                    sections.append(re.sub(r"\([a-z0-9]+\)$", "", sections[-1]) + extra)
            if sections:
                out["policy_sections"] += sections
                continue
        found = [k for k, pattern in _POLICY_WORDS if pattern.search(clause)]
        if len(found) != 1:
            out["unparsed"].append(clause)
            continue
        scope = _POLICY_SCOPE.search(_POLICY_WORDS[[k for k, _ in _POLICY_WORDS].index(found[0])][1].split(clause, 1)[-1])
        which = _scope_words(scope.group(1)) if scope else "all items"
        kinds.append((which, found[0]))
    distinct = {k for _, k in kinds}
    if len(kinds) == 1 or (len(distinct) == 1 and kinds):
        out["policy"] = kinds[0][1]
        if kinds[0][0] not in ("all items", "all items subject to the EAR"):
            out["policy_by_items"] = kinds
    elif kinds:
        out["policy"], out["policy_by_items"] = "mixed", kinds
    elif out["policy_sections"]:
        out["policy"] = "see_section"
    return out


def _scope_words(text: str) -> str:
    words = _clean(text).rstrip(".")
    low = words.lower()
    if re.match(r"(all )?(other )?items? (listed |specified )?on the ccl|all items on the ccl", low):
        return "ccl"
    if low.startswith("ear99"):
        return "EAR99"
    if low.startswith("all other"):
        return "all other items"
    if low in ("all items subject to the ear", "all items"):
        return "all items"
    return words


def parse_citations(notices: list[str] | tuple[str, ...]) -> tuple[tuple[FrCitation, ...], tuple[str, ...]]:
    """Federal Register citations with volume, page, issue and date; the rest is returned verbatim."""
    found: list[FrCitation] = []
    bad: list[str] = []
    for raw in notices:
        text = _clean(raw).strip(" ,;")
        m = _FR.match(text)
        if not m or not (m.group("page") or m.group("issue1") or m.group("issue2")):
            bad.append(raw)
            continue
        issue = m.group("issue1") or m.group("issue2")
        found.append(FrCitation(
            text=text,
            volume=int(m.group("volume")),
            page=int(m.group("page")) if m.group("page") else None,
            issue=int(issue) if issue else None,
            date=_us_date(m.group("date") or ""),
        ))
    return tuple(found), tuple(bad)


def _us_date(text: str) -> str:
    if not text:
        return ""
    month, day, year = (int(p) for p in text.split("/"))
    if year < 100:
        year += 1900 if year > 50 else 2000
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_entry(license_requirement: str, license_policy: str, federal_register_notices: list[str] | tuple[str, ...]) -> LicenceTerms:
    """Read an Entity List entry's three cells into :class:`LicenceTerms`."""
    req = parse_requirement(license_requirement)
    pol = parse_policy(license_policy)
    citations, bad_citations = parse_citations(federal_register_notices)
    by_items = list(pol["policy_by_items"])
    policy = pol["policy"]
    if req["policy_by_items"]:  # "with case-by-case basis for items listed on the CCL" in the requirement cell
        by_items = req["policy_by_items"] + by_items
        policy = "mixed" if len({k for _, k in by_items}) > 1 else by_items[0][1]
    missing = [name for name, value in (
        ("license_requirement", license_requirement),
        ("license_policy", license_policy),
        ("federal_register_notice", "".join(federal_register_notices)),
    ) if not _clean(value)]
    unparsed = [*req["unparsed"], *pol["unparsed"], *bad_citations]
    if req["scope"] == "unknown" and _clean(license_requirement) and not req["unparsed"]:
        unparsed.append(_clean(license_requirement))
    return LicenceTerms(
        scope=req["scope"],
        eccns=req["eccns"],
        end_use=req["end_use"],
        footnotes=tuple(dict.fromkeys(req["footnotes"])),
        sections=tuple(dict.fromkeys(req["sections"])),
        policy=policy,
        policy_by_items=tuple(by_items) if policy == "mixed" or by_items else (),
        policy_sections=tuple(dict.fromkeys(pol["policy_sections"])),
        exceptions=tuple(req["exceptions"]),
        citations=citations,
        unparsed=tuple(unparsed),
        missing=tuple(missing),
        requirement_text=_clean(license_requirement),
        policy_text=_clean(license_policy),
    )


__all__ = ["FDP_FOOTNOTES", "FrCitation", "LicenceTerms", "parse_citations", "parse_entry", "parse_policy", "parse_requirement"]
