"""Helpers of the workflow tests: small lists written from public facts, and screening through the recorder.

A module of its own (not conftest) so that tests import it by a name no other test folder uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partyscreen.cases.recording import ScreeningRecorder
from partyscreen.match.batch import row_to_query
from partyscreen.match.result import ScreenResult
from partyscreen.match.screener import Screener, build_index
from partyscreen.model import Address, Entity
from partyscreen.store import Store


def entity(native: str, name: str, list_code: str = "EL", schema: str = "Company", **kw: Any) -> Entity:
    return Entity(id=f"test:{native}", schema=schema, list_code=list_code, name=name, **kw)


#: Entries as the lists published them (names, countries, addresses, programs from the public lists).
BASE_ENTRIES = [
    entity("el1", "Inspur Group Co., Ltd.", "EL", countries=["CN"], programs=["EAR"],
           addresses=[Address(full="No. 1036, Langchao Road, Jinan, Shandong, CN", country="CN")]),
    entity("el2", "Sugon Information Industry Co., Ltd.", "EL", countries=["CN"], programs=["EAR"]),
    entity("sdn1", "Rosoboronexport", "SDN", countries=["RU"], programs=["UKRAINE-EO13662", "RUSSIA-EO14024"]),
    entity("uvl1", "Shanghai Micro Electronics Equipment Co., Ltd.", "UVL", countries=["CN"]),
    entity("dpl1", "Technopark Technology", "DPL", countries=["RU"]),
]


def add_version(store: Store, entries: Sequence[Entity], tag: str, feed: str = "test") -> None:
    store.add_version(feed=feed, format="csl-csv", file_hash=tag, files=["x.csv"], source_date="2024-05-03",
                      records=list(entries), problems=[])
    build_index(store)


def screen_rows(store: Store, rows: Sequence[dict[str, str]], *, actor: str = "alice", book: bool = False) -> list[ScreenResult]:
    """Screen rows as `batch` does, through the recorder; returns the results as written."""
    screener = Screener.open(store)
    recorder = ScreeningRecorder(store, screener, actor, book=book, source="test")
    items = []
    for row in rows:
        query = row_to_query(row)
        items.append((query, screener.screen(query)))
    recorder(items)
    return [result for _, result in items]


def hit_on(result: ScreenResult, entity_id: str):  # type: ignore[no-untyped-def]
    return next(h for h in result.hits if h.entity_id == entity_id)
