"""The data tables load, validate, and carry a citation on every row."""

from __future__ import annotations

import pytest

from partyscreen.decide import tables as t
from partyscreen.decide.levels import DECISIONS
from partyscreen.model import LIST_CODES


def test_every_table_loads_with_citations_and_known_decisions() -> None:
    data = t.tables()
    assert set(data.lists) == set(LIST_CODES)  # one row per list
    rows = [*data.lists.values(), *data.embargoes, *data.end_uses.values()]
    assert all(r.decision in DECISIONS and r.citation for r in rows)
    assert all(r.citation for r in [*data.chart.values(), *data.eccns.values(), *data.groups.values()])
    assert set(data.end_uses) == set(t.END_USE_CATEGORIES)


def test_chart_has_every_country_and_the_chart_columns() -> None:
    chart = t.tables().chart
    assert len(chart) >= 195
    assert chart["AR"].columns == {"CB1", "NS1", "MT1", "RS1", "FC1", "CC1", "CC3"}  # as the published chart prints it
    assert chart["AU"].columns == {"CB1"}
    assert {"NS2", "RS2", "CB3", "NP2"} <= chart["CN"].columns
    assert chart["IR"].columns == frozenset() and "part 746" in chart["IR"].note


@pytest.mark.parametrize(
    ("code", "columns", "note"),
    [
        # Rows as the eCFR prints them (editions 2026-01-01 and 2026-09-24 agree on every row).
        ("CN", "CB1 CB2 CB3 NP1 NP2 NS1 NS2 MT1 RS1 RS2 CC1 CC3", ""),
        ("RU", "CB1 CB2 CB3 NP1 NP2 NS1 NS2 MT1 RS1 RS2 CC1 CC2", "746.8"),
        ("BY", "CB1 CB2 CB3 NP1 NP2 NS1 NS2 MT1 RS1 RS2 CC1 CC2", "746.8"),
        ("CA", "CB1 FC1", ""),
        ("GB", "CB1", "fn 10"),
        ("AU", "CB1", "fn 10"),
        ("UA", "CB1 NS1 NS2 MT1 RS1 RS2 CC1 CC2", "746.6"),
        ("IN", "CB1 NP1 NS1 MT1 RS1", "fn 7"),
        ("KR", "CB1 NS1 MT1 RS1", ""),
        ("VE", "CB1 CB2 CB3 NP1 NP2 NS1 NS2 MT1 RS1 RS2 FC1 CC1 CC3", ""),
        ("MT", "CB1 NS1 NS2 MT1 RS1 RS2 CC1 CC3", ""),
        ("RS", "CB1 CB2 NS1 NS2 MT1 RS1 RS2 CC1 CC2 CC3", ""),
        ("LI", "CB1 NS1 MT1 RS1", "Switzerland"),
        ("SY", "", "746.9"),
        ("KP", "", "746.4"),
    ],
)
def test_chart_rows_are_the_published_rows(code: str, columns: str, note: str) -> None:
    row = t.tables().chart[code]
    assert row.columns == frozenset(columns.split())
    assert note in row.note
    assert row.checked and {"ecfr-2026-01-01", "ecfr-2026-09-24"} <= set(row.compared_with)


def test_every_chart_row_was_compared_with_two_renderings() -> None:
    chart = t.tables().chart
    assert len(chart) == 200
    assert all(row.checked and len(row.compared_with) >= 2 for row in chart.values())
    assert not any({"AT1", "AT2"} & row.columns for row in chart.values())  # AT is only for the referral destinations


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("yes,,", "needs compared_with"),
        ("yes,ecfr-1999-01-01,", "unknown source"),
    ],
)
def test_a_chart_row_marked_checked_must_name_what_it_was_compared_with(cells: str, message: str) -> None:
    text = "code,country," + ",".join(t.CHART_COLUMNS) + ",checked,compared_with,note,citation\nXX,X," + "," * 16 + cells + ",15 CFR 738\n"
    with pytest.raises(t.TableError, match=message):
        t.parse_chart(text)


def test_supp_2_to_part_744_is_held_whole() -> None:
    items = t.tables().meu_items
    assert len(items) == 52  # every entry of the Supplement (eCFR as of 2026-09-24)
    assert {"1A290", "3A991", "4A994", "5A992", "9A012", "9E991"} <= set(items)
    assert "3A001" not in items and "9A610" not in items
    assert items["3A991"].scope == "all" and items["4A994"].scope == "part" and items["9A012"].paragraphs == ("a.1",)
    assert all("Supp. No. 2" in i.citation for i in items.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("eccn,scope,paragraphs,description,citation\n3A991,some,,x,15 CFR 744\n", "scope must be"),
        ("eccn,scope,paragraphs,description,citation\n3A991,all,a,x,15 CFR 744\n", "only make sense"),
        ("eccn,scope,paragraphs,description,citation\n4A994,part,,,15 CFR 744\n", "needs the paragraphs"),
        ("eccn,scope,paragraphs,description,citation\n3A991,all,,x,15 CFR 744\n3A991,all,,x,15 CFR 744\n", "twice"),
        ("eccn,scope,paragraphs,description,citation\n3A991.a,all,,x,15 CFR 744\n", "not an ECCN"),
    ],
)
def test_a_malformed_supp_2_table_is_refused(text: str, message: str) -> None:
    with pytest.raises(t.TableError, match=message):
        t.parse_meu_items(text)


def test_advanced_computing_rows_follow_the_paragraphs() -> None:
    data = t.tables()
    assert data.eccn_entry("3A090.a.1").eccn == "3A090.a" and data.eccn_entry("3A090").eccn == "3A090"
    assert data.eccn_entry("3A090.c").destinations == "@MO-D5" and data.eccn_entry("3A090.b").outside == "clear"
    assert data.eccn_entry("3A090.a").outside == "review" and data.eccn_entry("3A001.b.2").eccn == "3A001"
    # RS-AC: D:1, D:4 and D:5 minus A:5/A:6, plus the UAE named in the cell (Country Groups as of eCFR 2026-09-24).
    rs_ac = data.groups["RS-AC"].codes
    assert {"CN", "MO", "RU", "SA", "KH", "AE", "VN", "CU"} <= rs_ac and not {"IL", "IN", "SG", "DE", "TW"} & rs_ac
    assert "KH" not in data.groups["MO-D5"].codes and {"MO", "CN", "AF", "ZW"} <= data.groups["MO-D5"].codes
    with pytest.raises(t.TableError, match="outside must be"):
        t.parse_eccns(data.groups, "eccn,columns,partial,destinations,outside,note,citation\n3A090.a,AT1,,@RS-AC,block,,15 CFR 774\n")


def test_eccn_table_covers_the_advanced_computing_entries() -> None:
    eccns = t.tables().eccns
    for eccn in ("3A001", "3A090", "4A090", "3E001", "4A003", "5A002", "5A992"):
        assert eccn in eccns
    assert eccns["3A090"].destinations == "@RS-AC"
    assert "CN" in t.tables().groups["RS-AC"].codes and "DE" not in t.tables().groups["RS-AC"].codes


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (t.parse_list_consequences, "list,decision,scope,rule,citation,detail\nEL,prohibited,entry,x,15 CFR 744,y\n", "unknown decision 'prohibited'"),
        (t.parse_list_consequences, "list,decision,scope,rule,citation,detail\nEL,block,entry,x,,y\n", "citation"),
        (t.parse_embargoes, "code,destination,valid_from,valid_to,items,decision,rule,citation,detail\nIR,Iran,2020,,all,block,x,31 CFR 560,y\n", "not YYYY-MM-DD"),
        (t.parse_end_uses, "category,decision,rule,citation,detail\nnuclear,forbidden,x,15 CFR 744.2,y\n", "unknown decision"),
        (t.parse_chart, "code,country," + ",".join(t.CHART_COLUMNS) + ",checked,note,citation\nXX,X," + "Y," * 16 + ",,15 CFR 738\n", "X or empty"),
    ],
)
def test_a_malformed_table_is_refused_at_load(parse, text: str, message: str) -> None:
    with pytest.raises(t.TableError, match=message):
        parse(text)


def test_an_eccn_row_with_an_unknown_column_is_refused() -> None:
    text = "eccn,columns,partial,destinations,note,citation\n3A001,NS9,,,,15 CFR 774\n"
    with pytest.raises(t.TableError, match="NS9"):
        t.parse_eccns(t.parse_groups(), text)


@pytest.mark.parametrize(
    ("eccn", "columns", "partial", "destinations", "outside"),
    [
        # License Requirements of the CCL, eCFR edition 2026-01-01 (3B001 also eCFR as of 2026-09-24).
        ("3B001", "AT1", "NS2", "@MO-D5", "clear"),
        ("3B001.b", "NS2 AT1", "", "", "clear"),
        ("3B001.f.1", "AT1", "", "@MO-D5", "clear"),
        ("3B001.q", "AT1", "", "@ALL", "clear"),
        ("3B002.c", "AT1", "", "@MO-D5", "clear"),
        ("3A992", "AT1", "", "@RS-PK", "clear"),
        ("3D002", "NS1 AT1", "", "", "review"),
        ("3E001", "AT1", "NS1 MT1 NP1 RS2", "", "review"),
        ("4A003", "NS2 AT1", "NS1 CC1", "", "clear"),
        ("4E001", "AT1", "NS1 MT1 CC1", "@RS-AC", "review"),
        ("5A001", "AT1", "NS1 NS2", "", "clear"),
        ("5A001.f.1", "NS2 AT1", "", "@ALL", "clear"),
        ("5B001", "NS2 AT1", "", "", "clear"),
        ("5B002", "NS1 AT1", "", "", "clear"),
        ("5D001", "NS1 AT1", "", "", "review"),
        ("3A901", "AT1", "", "@ALL", "clear"),
        ("3D992", "AT1", "", "@MO-D5", "review"),
        ("5D002", "NS1 AT1", "", "", "clear"),
        ("5D002.c.1", "NS1 AT1", "", "@EI", "clear"),
    ],
)
def test_eccn_rows_follow_the_ccl_license_requirements(eccn: str, columns: str, partial: str, destinations: str, outside: str) -> None:
    row = t.tables().eccns[eccn]
    assert (" ".join(row.columns), " ".join(row.partial), row.destinations, row.outside) == (columns, partial, destinations, outside)
    assert "15 CFR Part 774" in row.citation and "2026-01-01" in row.citation


def test_paragraph_rows_below_an_entry_are_found() -> None:
    data = t.tables()
    assert {e.eccn for e in data.eccn_descendants("3B001.c")} == {"3B001.c.1.a", "3B001.c.1.c"}
    assert data.eccn_descendants("3B001.c.2") == () and data.eccn_entry("3B001.c.2").eccn == "3B001.c"
    assert "5A001.f.1" in {e.eccn for e in data.eccn_descendants("5A001")}
    assert data.groups["RS-PK"].codes == frozenset({"PK"})
    # A row may ask for review without a destination group (a worldwide requirement the chart columns do not show).
    parsed = t.parse_eccns(data.groups, "eccn,columns,partial,destinations,outside,note,citation\n5D001,NS1 AT1,,,review,,15 CFR 774\n")
    assert parsed["5D001"].outside == "review" and parsed["5D001"].destinations == ""
