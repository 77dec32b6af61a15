"""Path search: from a party in the graph to the listed parties it leads to.

Breadth first, so the path reported for each listed party is a shortest one;
every node is visited once, so cycles cannot loop; the depth and the number of
nodes visited are bounded (``max_depth`` is configurable), and a search cut
short says so.  Only relations in force on the day asked for are followed
(a rename always holds: it is the same entity).

A shared address or a shared director is a link worth reporting only when the
party at the far end is listed, so a path never goes on through one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from partyscreen.graph.structure import Graph
from partyscreen.graph.relations import ADDRESS, BY_KIND, DIRECTOR

DEFAULT_DEPTH = 6
DEFAULT_MAX_NODES = 20_000


@dataclass(frozen=True)
class Step:
    entity: int  # node the step leaves
    target: int  # node it reaches
    edge: int
    label: str  # owned_by, renamed_from, ... (see relations.KINDS)


@dataclass(frozen=True)
class Path:
    target: int  # the listed node reached
    steps: tuple[Step, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.steps)


@dataclass
class SearchResult:
    paths: list[Path]
    truncated: bool  # the depth or node bound stopped the search with nodes left to visit
    visited: int


def search(graph: Graph, start: int, on: int, max_depth: int = DEFAULT_DEPTH, max_nodes: int = DEFAULT_MAX_NODES) -> SearchResult:
    """Shortest paths from ``start`` to every listed node within ``max_depth`` steps, on day ``on``."""
    if max_depth < 1:
        raise ValueError("the depth must be at least 1")
    came: dict[int, tuple[int, int, int] | None] = {start: None}  # node -> (from node, edge, label index)
    via_director: set[int] = set()
    terminal: set[int] = set()  # reached through a shared address or "director of": not expanded
    listings = graph.listings
    queue: deque[tuple[int, int]] = deque([(start, 0)])
    found: list[Path] = []
    truncated = False
    while queue:
        node, depth = queue.popleft()
        if node != start and node in listings:
            found.append(Path(node, _trace(came, node)))
            continue  # the first listed party on a path is where it ends
        if node in terminal:
            continue  # reported only when the far end is listed (handled above)
        edges, reverse, targets, kinds, starts, ends = graph.step_lists(node)
        if depth >= max_depth:
            truncated = truncated or bool(edges)
            continue
        director = node in via_director
        for edge, back, target, kind, begin, end in zip(edges, reverse, targets, kinds, starts, ends):
            if kind == DIRECTOR:
                if back != director:
                    continue  # "has director" first, then only "director of"
            elif director:
                continue
            if (begin and begin > on) or (end and on > end) or target in came:
                continue
            if len(came) >= max_nodes:
                truncated = True
                break
            came[target] = (node, edge, kind + _BACK if back else kind)
            if kind == DIRECTOR and not back:
                via_director.add(target)
            elif kind == ADDRESS or kind == DIRECTOR:
                terminal.add(target)
            queue.append((target, depth + 1))
    return SearchResult(found, truncated, len(came))


_BACK = 100  # label index offset of a step taken against the edge's direction


def _label(index: int) -> str:
    return BY_KIND[index - _BACK].down if index >= _BACK else BY_KIND[index].up


def _trace(came: dict[int, tuple[int, int, int] | None], node: int) -> tuple[Step, ...]:
    steps = []
    link = came[node]
    while link is not None:
        previous, edge, label = link
        steps.append(Step(previous, node, edge, _label(label)))
        node = previous
        link = came[node]
    return tuple(reversed(steps))


def step_json(graph: Graph, step: Step, listing: dict[int, str] | None = None) -> dict[str, object]:
    """One step in the shape of the ``path`` array: names, ids (None for a name-only party), percent, dates, source."""
    start, end = graph.dates(step.edge)
    listing = listing or {}
    return {
        "entity": graph.names[step.entity],
        "entity_id": listing.get(step.entity) or graph.entity_ids[step.entity],
        "relation": step.label,
        "target": graph.names[step.target],
        "target_id": listing.get(step.target) or graph.entity_ids[step.target],
        "percent": graph.percent(step.edge),
        "start_date": start or None,
        "end_date": end or None,
        "source": graph.sources[int(graph.edge_source[step.edge])],
    }
