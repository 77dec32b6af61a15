"""The relationship graph in memory: nodes, typed and dated edges, adjacency in arrays.

Nodes are parties (listed or not); an edge ``a -> b`` points from a party to
the one it leads to (owner, former name, maker ...; see :mod:`.relations`).
Adjacency is kept in CSR arrays so that a million nodes and a few million
edges load fast and a path search touches only the nodes it visits.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass, field

import numpy as np

from partyscreen.graph.dates import OPEN
from partyscreen.graph.relations import BY_KIND, RENAME

FORMAT_VERSION = 1


@dataclass
class Graph:
    names: list[str]  # display name per node
    entity_ids: list[str | None]  # the stored record behind a node, or None for a name-only party
    countries: list[str]  # ISO code per node, "" when unknown
    listings: dict[int, tuple[str, ...]]  # node -> ids of the list entries it is
    edge_a: np.ndarray  # int32
    edge_b: np.ndarray  # int32
    edge_kind: np.ndarray  # int8, see relations
    edge_pct: np.ndarray  # float32, NaN = unknown
    edge_start: np.ndarray  # int32 day number, 0 = open
    edge_end: np.ndarray  # int32 day number, 0 = open
    edge_source: np.ndarray  # int32 index into ``sources``
    sources: list[str]
    edge_dates: list[tuple[str, str]] | None = None  # the dates as given (partial dates kept), per edge
    format_version: int = FORMAT_VERSION
    # Derived adjacency (built by ``index``).
    up_ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    up_edge: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    up_reverse: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    up_target: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    up_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    up_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    up_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __post_init__(self) -> None:
        if len(self.up_ptr) != len(self.names) + 1:
            self.index()

    @property
    def node_count(self) -> int:
        return len(self.names)

    @property
    def edge_count(self) -> int:
        return len(self.edge_a)

    def index(self) -> None:
        """Build the adjacency: each node's outgoing steps, forward and (for two-way kinds) backward."""
        n = len(self.names)
        two_way = np.array([bool(BY_KIND[k].down) for k in range(len(BY_KIND))], dtype=np.bool_)
        back = np.flatnonzero(two_way[self.edge_kind]) if len(self.edge_kind) else np.zeros(0, dtype=np.int64)
        src = np.concatenate([self.edge_a, self.edge_b[back]]).astype(np.int64)
        edges = np.concatenate([np.arange(len(self.edge_a), dtype=np.int32), back.astype(np.int32)])
        reverse = np.concatenate([np.zeros(len(self.edge_a), dtype=np.bool_), np.ones(len(back), dtype=np.bool_)])
        order = np.argsort(src, kind="stable")
        self.up_edge = edges[order]
        self.up_reverse = reverse[order]
        # Per step, what a search reads, so it touches plain ints and no edge arrays.
        self.up_target = np.where(self.up_reverse, self.edge_a[self.up_edge], self.edge_b[self.up_edge]).astype(np.int32)
        kinds = self.edge_kind[self.up_edge]
        self.up_kind = kinds
        # A rename always holds (it is the same entity): open dates.
        self.up_start = np.where(kinds == RENAME, 0, self.edge_start[self.up_edge]).astype(np.int32)
        self.up_end = np.where(kinds == RENAME, 0, self.edge_end[self.up_edge]).astype(np.int32)
        counts = np.bincount(src, minlength=n) if len(src) else np.zeros(n, dtype=np.int64)
        self.up_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def step_lists(self, node: int) -> tuple[list[int], list[bool], list[int], list[int], list[int], list[int]]:
        """The steps leaving ``node`` as plain lists: edge, reversed?, target, kind, start, end."""
        lo, hi = int(self.up_ptr[node]), int(self.up_ptr[node + 1])
        return (self.up_edge[lo:hi].tolist(), self.up_reverse[lo:hi].tolist(), self.up_target[lo:hi].tolist(),
                self.up_kind[lo:hi].tolist(), self.up_start[lo:hi].tolist(), self.up_end[lo:hi].tolist())

    def steps(self, node: int) -> tuple[np.ndarray, np.ndarray]:
        """``(edge ids, reversed?)`` of the steps leaving ``node``."""
        lo, hi = self.up_ptr[node], self.up_ptr[node + 1]
        return self.up_edge[lo:hi], self.up_reverse[lo:hi]

    def active(self, edge: int, on: int) -> bool:
        """Whether the edge holds on day ``on``; a rename holds always (it is the same entity)."""
        if self.edge_kind[edge] == RENAME:
            return True
        start, end = int(self.edge_start[edge]), int(self.edge_end[edge])
        return (start == OPEN or start <= on) and (end == OPEN or on <= end)

    def percent(self, edge: int) -> float | None:
        value = float(self.edge_pct[edge])
        return None if math.isnan(value) else value

    def dates(self, edge: int) -> tuple[str, str]:
        if self.edge_dates is not None:
            return self.edge_dates[edge]
        from partyscreen.graph.dates import iso

        return iso(int(self.edge_start[edge])), iso(int(self.edge_end[edge]))

    def is_listed(self, node: int) -> bool:
        return node in self.listings

    # -- persistence ------------------------------------------------------
    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes) -> Graph:
        graph = pickle.loads(data)
        if not isinstance(graph, Graph) or graph.format_version != FORMAT_VERSION:
            raise ValueError("stored graph is of another format version")
        return graph


def empty_graph() -> Graph:
    z32 = np.zeros(0, dtype=np.int32)
    return Graph([], [], [], {}, z32, z32, np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.float32), z32, z32, z32, [])
