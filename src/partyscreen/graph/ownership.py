"""The 50% rules: aggregate ownership by listed parties, cascading through owned entities.

OFAC blocks an entity owned 50% or more, directly or indirectly, in aggregate,
by blocked persons; the BIS Affiliates rule uses the same standard for owners
on the Entity List, the MEU List and SDNs under 15 CFR 744.8.  Both cascade:
an entity covered by the rule counts as a covered owner of what it owns
(OFAC's guidance works through indirect holdings this way, not by multiplying
percentages down a chain).

Percentages that are not known are never read as zero: an owner with an
unknown share makes the owned entity *possibly* covered (the upper bound
reaches 50%), which the caller reports as a red flag to resolve.

One core, :func:`propagate`, runs level by level in numpy over any edge list:
the whole graph (:func:`propagate_all`, seconds for millions of edges) or the
owners above one party (:func:`ownership_of`, what screening uses).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from partyscreen.graph.relations import BRANCH, OWNERSHIP_KINDS, RENAME
from partyscreen.graph.structure import Graph

THRESHOLD = 50.0
_EPS = 1e-6
_OWNERSHIP = np.array(sorted(OWNERSHIP_KINDS), dtype=np.int8)


@dataclass
class Coverage:
    covered: np.ndarray  # bool: 50% or more in aggregate by covered owners
    possible: np.ndarray  # bool: could reach 50% given the unknown percentages
    share: np.ndarray  # float: known aggregate held by covered owners


def _ranges(ptr: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Positions ptr[n]..ptr[n+1] for every n in ``nodes``, concatenated."""
    starts, ends = ptr[nodes], ptr[nodes + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return np.arange(total, dtype=np.int64) + offsets


def propagate(n: int, asset: np.ndarray, owner: np.ndarray, pct: np.ndarray, seeds: np.ndarray) -> Coverage:
    """Coverage of ``n`` nodes given links ``owner`` holds ``pct`` of ``asset`` (NaN = unknown) and the covered ``seeds``."""
    # One link per (asset, owner): the highest known percentage, else unknown.
    if len(asset):
        key = asset.astype(np.int64) * n + owner.astype(np.int64)
        filled = np.where(np.isnan(pct), -1.0, pct)
        order = np.lexsort((-filled, key))
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        keep = order[first]
        asset, owner, pct = asset[keep], owner[keep], pct[keep]
        keep = asset != owner
        asset, owner, pct = asset[keep], owner[keep], pct[keep]
    order = np.argsort(owner, kind="stable")
    down_asset, down_pct = asset[order].astype(np.int64), pct[order].astype(np.float64)
    ptr = np.concatenate([[0], np.cumsum(np.bincount(owner.astype(np.int64), minlength=n))]).astype(np.int64)

    covered = seeds.copy()
    share = np.zeros(n, dtype=np.float64)
    unknown = np.zeros(n, dtype=bool)
    frontier = np.flatnonzero(seeds)
    while len(frontier):
        idx = _ranges(ptr, frontier)
        targets, amounts = down_asset[idx], down_pct[idx]
        known = ~np.isnan(amounts)
        np.add.at(share, targets[known], amounts[known])
        unknown[targets[~known]] = True
        candidates = np.unique(targets[known])
        frontier = candidates[(share[candidates] >= THRESHOLD - _EPS) & ~covered[candidates]]
        covered[frontier] = True

    upper = np.where(unknown, np.inf, share)
    possible = covered | (upper >= THRESHOLD - _EPS)
    frontier = np.flatnonzero(possible & ~covered)
    while len(frontier):
        idx = _ranges(ptr, frontier)
        targets, amounts = down_asset[idx], np.nan_to_num(down_pct[idx], nan=np.inf)
        np.add.at(upper, targets, amounts)
        candidates = np.unique(targets)
        frontier = candidates[(upper[candidates] >= THRESHOLD - _EPS) & ~possible[candidates]]
        possible[frontier] = True
    return Coverage(covered, possible, share)


def ownership_links(graph: Graph, on: int, edges: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(asset, owner, percent)`` of the ownership links in force on day ``on``.

    A branch belongs wholly to its head office and a renamed entity is its
    former self, so both count as 100% links (renames both ways).
    """
    ids = np.arange(graph.edge_count) if edges is None else edges
    kind = graph.edge_kind[ids]
    start, end = graph.edge_start[ids], graph.edge_end[ids]
    live = np.isin(kind, _OWNERSHIP) & (((start == 0) | (start <= on)) & ((end == 0) | (on <= end)) | (kind == RENAME))
    ids, kind = ids[live], kind[live]
    asset, owner = graph.edge_a[ids], graph.edge_b[ids]
    pct = graph.edge_pct[ids].astype(np.float64)
    pct = np.where((kind == BRANCH) | (kind == RENAME), 100.0, pct)
    renames = kind == RENAME
    return (np.concatenate([asset, owner[renames]]), np.concatenate([owner, asset[renames]]),
            np.concatenate([pct, np.full(int(renames.sum()), 100.0)]))


def propagate_all(graph: Graph, seeds: np.ndarray, on: int) -> Coverage:
    """The rule over the whole graph on day ``on``."""
    asset, owner, pct = ownership_links(graph, on)
    return propagate(graph.node_count, asset, owner, pct, seeds)


@dataclass
class Ownership:
    """How much of one party covered owners hold, and through whom."""

    status: str  # "covered", "possible", "minority" or "none"
    share: float  # the known aggregate held by covered owners
    owners: list[tuple[int, float | None, bool]] = field(default_factory=list)  # (direct owner, percent, covered?) of owners that count
    roots: list[int] = field(default_factory=list)  # the listed parties the coverage comes from
    truncated: bool = False  # owners beyond the depth bound were not followed


def ownership_of(graph: Graph, start: int, on: int, is_seed: Callable[[int], bool], max_depth: int = 6,
                 max_nodes: int = 20_000) -> Ownership:
    """Run the rule on the owners above ``start`` (all of them, up to ``max_depth`` links) and read off ``start``."""
    local = {start: 0}
    order = [start]
    edges: list[int] = []
    truncated = False
    queue: deque[tuple[int, int]] = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if node != start and is_seed(node):
            continue  # a listed owner's own owners change nothing
        for edge, back in zip(*(a.tolist() for a in graph.steps(node))):
            kind = int(graph.edge_kind[edge])
            if kind not in OWNERSHIP_KINDS or (back and kind != RENAME):
                continue
            edges.append(edge)
            target = int(graph.edge_a[edge] if back else graph.edge_b[edge])
            if target in local:
                continue
            if depth + 1 > max_depth or len(local) >= max_nodes:
                truncated = True
                continue
            local[target] = len(order)
            order.append(target)
            queue.append((target, depth + 1))
    # Renames seen from their former side are listed once per direction by ownership_links.
    ids = np.array(sorted(set(edges)), dtype=np.int64)
    asset, owner, pct = ownership_links(graph, on, ids) if len(ids) else (np.zeros(0, np.int32),) * 2 + (np.zeros(0),)
    inside = np.array([a in local and b in local for a, b in zip(asset.tolist(), owner.tolist())], dtype=bool)
    la = np.array([local[a] for a in asset[inside].tolist()], dtype=np.int64)
    lo = np.array([local[b] for b in owner[inside].tolist()], dtype=np.int64)
    seeds = np.array([n != start and is_seed(n) for n in order], dtype=bool)
    cover = propagate(len(order), la, lo, np.asarray(pct)[inside], seeds)

    def state(i: int) -> bool:
        return bool(cover.covered[i] or cover.possible[i])

    direct: dict[int, float | None] = {}
    for a, o, p in zip(la.tolist(), lo.tolist(), np.asarray(pct)[inside].tolist()):
        if a == 0 and o != 0 and state(o):
            value = None if math.isnan(p) else p
            if o not in direct or (value is not None and (direct[o] is None or value > direct[o])):  # type: ignore[operator]
                direct[o] = value
    owners = [(order[o], p, bool(cover.covered[o])) for o, p in direct.items()]
    owners_of: dict[int, list[int]] = {}
    for a, o in zip(la.tolist(), lo.tolist()):
        owners_of.setdefault(a, []).append(o)
    roots: list[int] = []
    seen = {0}
    walk = deque([0])
    while walk:
        i = walk.popleft()
        for o in owners_of.get(i, ()):
            if o not in seen and state(o):
                seen.add(o)
                if seeds[o]:
                    roots.append(order[o])
                else:
                    walk.append(o)
    if cover.covered[0]:
        status = "covered"
    elif cover.possible[0]:
        status = "possible"
    elif cover.share[0] > 0 or owners:
        status = "minority"
    else:
        status = "none"
    return Ownership(status, float(cover.share[0]), owners, roots, truncated)
