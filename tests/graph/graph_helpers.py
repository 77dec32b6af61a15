"""Helpers for the graph tests: small graphs written as relationship CSV rows, screened without a database."""

from __future__ import annotations

from pathlib import Path

from partyscreen.graph.build import GraphBundle, build_bundle
from partyscreen.graph.follow import GraphScreening
from partyscreen.match.index import CandidateIndex
from partyscreen.match.query import Query
from partyscreen.match.screener import Screener
from partyscreen.model import Entity, Relation
from partyscreen.sources import relations_csv
from partyscreen.sources.base import ImportOptions, Problems

HEADER = "subject,relation,object,percent,start_date,end_date,source,subject_country,object_country\n"


def listed(entity_id: str, name: str, list_code: str, country: str = "CN", **extra: object) -> Entity:
    return Entity(id=entity_id, schema="Company", list_code=list_code, name=name, countries=[country], **extra)  # type: ignore[arg-type]


def relations(tmp_path: Path, *rows: str, name: str = "rel.csv") -> list[Relation]:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    problems = Problems(strict=True)
    return relations_csv.read([path], ImportOptions(), problems).records  # type: ignore[return-value]


class World:
    """A list, a graph and a screener over them, as `partyscreen screen` would have."""

    def __init__(self, entities: list[Entity], rels: list[Relation], depth: int = 6) -> None:
        self.entities = entities
        self.bundle: GraphBundle = build_bundle(entities, rels)
        index = CandidateIndex.build(e for e in entities if e.properties.get("target") != ["false"])
        self.screener = Screener(index)
        self.screener.graph = GraphScreening(self.bundle, depth=depth)

    def screen(self, name: str, as_of: str = "2026-01-15", **query: object):  # type: ignore[no-untyped-def]
        self.screener.as_of = as_of  # type: ignore[attr-defined]
        return self.screener.screen(Query(name=name, **query), limit=20)  # type: ignore[arg-type]

    def graph_hits(self, name: str, as_of: str = "2026-01-15", **query: object) -> list:  # type: ignore[type-arg]
        return [h for h in self.screen(name, as_of, **query).hits if h.path]

    def node(self, name: str) -> int:
        return self.bundle.graph.names.index(name)


