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
