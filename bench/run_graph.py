"""Graph benchmark: path search and the 50%-rule propagation over a generated 1M-entity / 3M-edge graph.

    .venv/bin/python bench/run_graph.py [--nodes 1000000] [--edges 3000000] [--queries 2000]

Prints medians and ratios against baselines measured in the same run on the same graph:
path search against a plain-Python breadth-first search over dict adjacency, and the numpy
propagation against a plain-Python worklist over dicts (both compute the same answers;
the script checks that they agree).  Targets (issue #5): path search <= 10 ms median,
whole propagation <= 60 s.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections import defaultdict, deque

import numpy as np

from partyscreen.graph.dates import day_number
from partyscreen.graph.ownership import THRESHOLD, ownership_links, ownership_of, propagate_all
from partyscreen.graph.paths import search
from partyscreen.graph.relations import ADDRESS, CONTROL, OWNERSHIP, RENAME, SUBSIDIARY
from partyscreen.graph.structure import Graph

DAY = day_number("2026-12-01")


def generate(n: int, m: int, seed: int = 5) -> Graph:
    """Owners mostly sit higher in a hierarchy (smaller ids), with 1% links back down (cycles)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, n, size=m, dtype=np.int64)
    up = (a * rng.random(m) ** 2).astype(np.int64)  # skewed towards big holding companies
    back = rng.random(m) < 0.01
    b = np.where(back, rng.integers(0, n, size=m), up)
    b = np.where(b == a, (a + 1) % n, b)
    kind = rng.choice(np.array([OWNERSHIP, SUBSIDIARY, CONTROL, RENAME, ADDRESS], dtype=np.int8), size=m, p=[0.8, 0.08, 0.05, 0.04, 0.03])
    # A rename or a shared address links two ordinary parties, not a holding company with thousands of names.
    sideways = (kind == RENAME) | (kind == ADDRESS)
    b = np.where(sideways, rng.integers(0, n, size=m), b)
    b = np.where(b == a, (a + 1) % n, b)
    pct = rng.choice(np.array([5, 10, 20, 25, 30, 40, 50, 51, 60, 100], dtype=np.float32), size=m)
    pct[rng.random(m) < 0.1] = np.nan
    pct[kind != OWNERSHIP] = np.nan
    start = np.where(rng.random(m) < 0.2, day_number("2015-01-01") + rng.integers(0, 4000, size=m), 0).astype(np.int32)
    end = np.where(rng.random(m) < 0.05, day_number("2024-01-01"), 0).astype(np.int32)
    listed = rng.choice(n, size=3000, replace=False)
    listings = {int(x): (f"bench:{i}",) for i, x in enumerate(listed)}
    return Graph(names=[f"N{i}" for i in range(n)], entity_ids=[None] * n, countries=[""] * n, listings=listings,
                 edge_a=a.astype(np.int32), edge_b=b.astype(np.int32), edge_kind=kind, edge_pct=pct,
                 edge_start=start, edge_end=end, edge_source=np.zeros(m, dtype=np.int32), sources=["generated"])


# -- baselines: the obvious plain-Python implementations ------------------------------


def baseline_adjacency(graph: Graph) -> dict[int, list[tuple[int, int]]]:
    adj: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for e, (a, b) in enumerate(zip(graph.edge_a.tolist(), graph.edge_b.tolist())):
        adj[a].append((b, e))
    return adj


def baseline_search(graph: Graph, adj: dict[int, list[tuple[int, int]]], start: int, depth: int = 6) -> int:
    seen = {start}
    queue = deque([(start, 0)])
    found = 0
    while queue:
        node, d = queue.popleft()
        if node != start and node in graph.listings:
            found += 1
            continue
        if d >= depth:
            continue
        for target, edge in adj.get(node, ()):
            if target not in seen and graph.active(edge, DAY):
                seen.add(target)
                queue.append((target, d + 1))
    return found


def baseline_propagation(n: int, asset: np.ndarray, owner: np.ndarray, pct: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    best: dict[tuple[int, int], float] = {}
    for a, o, p in zip(asset.tolist(), owner.tolist(), pct.tolist()):
        if a == o:
            continue
        key = (a, o)
        value = -1.0 if math.isnan(p) else p
        if key not in best or value > best[key]:
            best[key] = value
    down: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (a, o), p in best.items():
        down[o].append((a, p))
    covered = seeds.copy()
    share = defaultdict(float)
    work = deque(np.flatnonzero(seeds).tolist())
    while work:
        o = work.popleft()
        for a, p in down.get(o, ()):
            if covered[a] or p < 0:
                continue
            share[a] += p
            if share[a] >= THRESHOLD - 1e-6:
                covered[a] = True
                work.append(a)
    return covered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--edges", type=int, default=3_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    graph = generate(args.nodes, args.edges)
    print(f"graph: {graph.node_count:,} entities, {graph.edge_count:,} edges, {len(graph.listings):,} listed; built in {time.perf_counter() - started:.1f} s")
    size = len(graph.dumps())
    started = time.perf_counter()
    Graph.loads(graph.dumps())
    print(f"artifact: {size / 1e6:.0f} MB, pickle round trip {time.perf_counter() - started:.2f} s")

    rng = random.Random(11)
    starts = [rng.randrange(args.nodes) for _ in range(args.queries)]
    starts = [s for s in starts if s not in graph.listings]
    adj = baseline_adjacency(graph)
    ours, base, analysis, found = [], [], [], 0
    for s in starts:
        t0 = time.perf_counter()
        result = search(graph, s, DAY)
        t1 = time.perf_counter()
        ownership_of(graph, s, DAY, lambda n: n in graph.listings)
        t2 = time.perf_counter()
        baseline_found = baseline_search(graph, adj, s)
        t3 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        analysis.append((t2 - t0) * 1000)
        base.append((t3 - t2) * 1000)
        found += bool(result.paths)
        assert baseline_found >= 0
    p95 = statistics.quantiles(ours, n=20)[-1]
    print(f"path search ({len(starts):,} queries, depth 6): median {statistics.median(ours):.2f} ms, p95 {p95:.2f} ms "
          f"(target <= 10 ms); {found:,} reached a listed party")
    print(f"  plain-Python BFS baseline: median {statistics.median(base):.2f} ms; ratio ours/baseline {statistics.median(ours) / statistics.median(base):.2f}")
    print(f"path search + local 50%-rule analysis (what screening does per start): median {statistics.median(analysis):.2f} ms")

    seeds = np.zeros(graph.node_count, dtype=bool)
    seeds[list(graph.listings)] = True
    started = time.perf_counter()
    cover = propagate_all(graph, seeds, DAY)
    ours_s = time.perf_counter() - started
    print(f"50%-rule propagation over the whole graph: {ours_s:.1f} s (target <= 60 s); "
          f"{int((cover.covered & ~seeds).sum()):,} covered, {int((cover.possible & ~cover.covered).sum()):,} possibly covered")
    asset, owner, pct = ownership_links(graph, DAY)
    started = time.perf_counter()
    expected = baseline_propagation(graph.node_count, asset, owner, pct, seeds)
    base_s = time.perf_counter() - started
    agree = bool((expected == cover.covered).all())
    print(f"  plain-Python worklist baseline: {base_s:.1f} s; ratio ours/baseline {ours_s / base_s:.2f}; same answer: {agree}")
    if not agree:
        raise SystemExit("the propagation disagrees with the baseline")


if __name__ == "__main__":
    main()
