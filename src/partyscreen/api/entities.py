"""One list entry in full: its data, the list version it is in, its relationships and evasion paths.

Relationships and paths come from the relationship graph (:mod:`partyscreen.graph`):
every relation touching the entry, read as a reviewer reads it, and the
shortest paths from the entry to other listed parties (owned by, formerly,
successor of ...), each step with its percentage, dates and source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from partyscreen.api.service import Service
from partyscreen.api.yente import SCHEMA_OUT, version_json
from partyscreen.decide.rules import today
from partyscreen.graph.paths import search, step_json
from partyscreen.graph.relations import BY_KIND, describe_step


def entity_detail(service: Service, entity_id: str, as_of: str | None = None) -> dict[str, Any] | None:
    found = service.store.get_entities([entity_id]).get(entity_id)
    if found is None:
        return None
    screener = service.screener()
    version = service.versions_by_feed(screener).get(found.feed)
    data = found.to_dict()
    props: dict[str, list[str]] = {"name": [found.name]}
    for key, values in (("alias", found.aliases), ("weakAlias", found.weak_aliases), ("previousName", found.former_names),
                        ("country", found.countries), ("birthDate", found.birth_dates), ("birthPlace", found.birth_places),
                        ("nationality", found.nationalities), ("program", found.programs),
                        ("address", [a.text() for a in found.addresses]), ("notes", [found.remarks] if found.remarks else []),
                        ("sourceUrl", found.source_urls)):
        if values:
            props[key] = list(values)
    relationships, paths = _graph_view(service, screener, entity_id, as_of or today())
    return {
        "id": found.id, "caption": found.name, "schema": SCHEMA_OUT.get(found.schema, found.schema), "properties": props,
        "datasets": [found.feed], "referents": [], "target": True,
        # partyscreen's own fields
        "list": found.list_code, "list_version": version_json(version), "entry": data,
        "relationships": relationships, "evasion_paths": paths,
    }


def _graph_view(service: Service, screener: Any, entity_id: str, on: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    graph_screening = getattr(screener, "graph", None)
    if graph_screening is None:
        return [], []
    graph = graph_screening.bundle.graph
    nodes = [n for n, ids in graph.listings.items() if entity_id in ids]
    nodes += [n for n, e in enumerate(graph.entity_ids) if e == entity_id and n not in nodes]
    relationships: list[dict[str, Any]] = []
    paths: list[dict[str, Any]] = []
    day = date.fromisoformat(on).toordinal()
    cards = service.cards(screener)
    for node in nodes:
        touching = np.flatnonzero((graph.edge_a == node) | (graph.edge_b == node)).tolist()
        for edge in touching:
            kind = BY_KIND[int(graph.edge_kind[edge])]
            outgoing = int(graph.edge_a[edge]) == node
            other = int(graph.edge_b[edge] if outgoing else graph.edge_a[edge])
            label = kind.up if outgoing else (kind.down or f"{kind.up} (from)")
            start, end = graph.dates(edge)
            relationships.append({
                "relation": label, "direction": "out" if outgoing else "in",
                "other": graph.names[other], "other_id": (graph.listings.get(other) or (graph.entity_ids[other],))[0],
                "other_listed": graph.is_listed(other), "percent": graph.percent(edge),
                "start_date": start or None, "end_date": end or None,
                "source": graph.sources[int(graph.edge_source[edge])],
                "text": describe_step(label, graph.names[other], graph.percent(edge), start, end) if outgoing
                else f"{graph.names[other]}: {describe_step(kind.up, graph.names[node], graph.percent(edge), start, end)}",
            })
        found = search(graph, node, day)
        for path in found.paths:
            target_ids = [i for i in graph.listings.get(path.target, ()) if i != entity_id]
            if not target_ids:
                continue
            card = cards.get(target_ids[0])
            steps = [step_json(graph, step) for step in path.steps]
            paths.append({
                "target": graph.names[path.target], "target_id": target_ids[0],
                "list": getattr(card, "list_code", ""), "steps": steps,
                "text": "; ".join(describe_step(s["relation"], s["target"], s["percent"], s["start_date"] or "", s["end_date"] or "") for s in steps),
                "truncated": found.truncated,
            })
    return relationships, paths
