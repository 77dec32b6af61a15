"""``partyscreen graph ...``: import relationship files, show who the 50% rules cover, compare versions."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from partyscreen.sources.base import FormatError, ImportError_, ImportOptions

graph_app = typer.Typer(help="The relationship graph: ownership, control, renames, succession, shared addresses, makers.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
#: Formats `graph import` accepts (FtM brings entities too).
GRAPH_FORMATS = ("relations-csv", "gleif-l1", "gleif-l2", "ftm")
DbOption = Annotated[Optional[str], typer.Option("--db", help="Database: a SQLite file path or a URL.")]


def _store(ctx: typer.Context, db: str | None):  # type: ignore[no-untyped-def]
    from partyscreen.store import Store

    chosen = db
    node: typer.Context | None = ctx
    while chosen is None and node is not None:
        chosen = (node.obj or {}).get("db") if isinstance(node.obj, dict) else None
        node = node.parent
    return Store.open(chosen)


def import_graph_files(store, paths: list[Path], format: str | None = None, feed: str | None = None, strict: bool = False) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Import each file under its detected graph format (one version per format), then rebuild the index and the graph."""
    from partyscreen.graph.build import build_graph
    from partyscreen.match.screener import build_index
    from partyscreen.sources.registry import detect_format, get_format
    from partyscreen.store.importing import expand_paths, import_files

    groups: dict[str, list[Path]] = defaultdict(list)
    for path in expand_paths(paths):
        fmt = get_format(format) if format else detect_format([path])
        if fmt.name not in GRAPH_FORMATS:
            raise FormatError(f"{path.name}: {fmt.name} is not a relationship format ({', '.join(GRAPH_FORMATS)}); use `partyscreen lists import`")
        groups[fmt.name].append(path)
    outcomes = [import_files(store, files, format=name, options=ImportOptions(feed=feed or ""), strict=strict) for name, files in groups.items()]
    if any(o.format == "ftm" and not o.unchanged for o in outcomes):
        build_index(store)  # FtM files bring list entries too
    build_graph(store)
    return outcomes


@graph_app.command("import")
def graph_import(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Relationship CSV, GLEIF Level 1/2 (CSV or JSON) or FtM files.")],
    format: Annotated[Optional[str], typer.Option("--format", help=f"One of {', '.join(GRAPH_FORMATS)}; detected per file when omitted.")] = None,
    feed: Annotated[Optional[str], typer.Option("--feed", help="Feed name (default per format: relations, gleif-l1, gleif-l2, ftm).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse a whole file on any bad row.")] = False,
    db: DbOption = None,
) -> None:
    """Load relationship files as new versions of their feeds (atomic per feed; the same files twice change nothing)."""
    store = _store(ctx, db)
    try:
        outcomes = import_graph_files(store, paths, format, feed, strict)
    except (ImportError_, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        err.print("Nothing was changed for that feed; the version in force stays.", highlight=False)
        raise typer.Exit(1) from None
    for outcome in outcomes:
        v = outcome.version
        state = "unchanged, already" if outcome.unchanged else "imported"
        out.print(f"{outcome.feed}: {state} version {v.seq} ({outcome.format}): {v.relation_count:,} relations, {v.entity_count:,} parties", highlight=False)
        for line in outcome.notes():
            err.print(line, highlight=False, markup=False)


@graph_app.command("covered")
def graph_covered(
    ctx: typer.Context,
    rule: Annotated[str, typer.Option("--rule", help="ofac (owners on the SDN List) or affiliates (EL, MEU, SDN owners).")] = "ofac",
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="YYYY-MM-DD (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """Every party of the graph the 50% rule covers on the date (not listed itself), or may cover (percentages unknown)."""
    from datetime import date

    import numpy as np

    from partyscreen.decide.rules import in_force, today
    from partyscreen.graph.build import load_graph
    from partyscreen.graph.consequences import AFFILIATES_LISTS, OFAC_LISTS
    from partyscreen.graph.ownership import propagate_all
    from partyscreen.match.screener import load_index

    if rule not in ("ofac", "affiliates"):
        raise typer.BadParameter("ofac or affiliates", param_hint="--rule")
    on = as_of or today()
    try:
        day = date.fromisoformat(on).toordinal()
    except ValueError:
        raise typer.BadParameter(f"{on!r} is not YYYY-MM-DD", param_hint="--as-of") from None
    store = _store(ctx, db)
    graph = load_graph(store).graph
    cards = {c.id: c for c in load_index(store).cards}
    lists = OFAC_LISTS if rule == "ofac" else AFFILIATES_LISTS
    seeds = np.zeros(graph.node_count, dtype=bool)
    for node, ids in graph.listings.items():
        seeds[node] = any(i in cards and cards[i].list_code in lists and in_force(cards[i], on) for i in ids)
    cover = propagate_all(graph, seeds, day)
    rows = [{"party": graph.names[n], "entity_id": graph.entity_ids[n], "country": graph.countries[n],
             "status": "covered" if cover.covered[n] else "possible", "known_share": round(float(cover.share[n]), 4)}
            for n in np.flatnonzero(cover.possible & ~seeds).tolist()]
    if as_json:
        print(json.dumps({"rule": rule, "as_of": on, "parties": rows}, ensure_ascii=False))
        return
    out.print(f"{rule} 50% rule on {on}: {sum(r['status'] == 'covered' for r in rows):,} covered, {sum(r['status'] == 'possible' for r in rows):,} possibly covered (percentages unknown)")
    for row in rows:
        out.print(f"  {row['status']:8} {row['known_share']:6g}%  {row['party']}  {row['country']}", highlight=False)


@graph_app.command("diff")
def graph_diff(
    ctx: typer.Context,
    feed: Annotated[str, typer.Argument(help="A relationship or product feed, as `partyscreen lists` shows it.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """What changed between the last two versions of FEED: relations and products added, removed, changed."""
    from partyscreen.store.versions import load_blobs, version_hashes

    store = _store(ctx, db)
    versions = store.versions(feed)
    if len(versions) < 2:
        err.print(f"[bold red]error:[/] feed {feed!r} has fewer than two versions", highlight=False)
        raise typer.Exit(1)
    old, new = versions[-2], versions[-1]
    report: dict[str, dict[str, list[str]]] = {}
    with store.engine.connect() as conn:
        for kind in ("R", "P"):
            a, b = version_hashes(conn, old.id, kind), version_hashes(conn, new.id, kind)
            added, removed = sorted(set(b) - set(a)), sorted(set(a) - set(b))
            changed = sorted(i for i in set(a) & set(b) if a[i] != b[i])
            blobs = load_blobs(conn, [b[i] for i in added + changed] + [a[i] for i in removed])
            describe = lambda h: _describe(blobs[h])  # noqa: E731
            report[kind] = {"added": [describe(b[i]) for i in added], "removed": [describe(a[i]) for i in removed],
                            "changed": [describe(b[i]) for i in changed]}
    if as_json:
        print(json.dumps({"feed": feed, "old": old.seq, "new": new.seq, "relations": report["R"], "products": report["P"]}, ensure_ascii=False))
        return
    out.print(f"[bold]{feed}[/]: version {old.seq} → {new.seq}")
    for kind, label in (("R", "relations"), ("P", "products")):
        for change, items in report[kind].items():
            for item in items:
                out.print(f"  {change:8} {label[:-1]:8} {item}", highlight=False)


def _describe(record) -> str:  # type: ignore[no-untyped-def]
    from partyscreen.model import Product

    if isinstance(record, Product):
        return f"{record.maker}: {record.brand} {record.model}"
    subject = (record.properties.get("subject_name") or [record.subject_id])[0]
    obj = (record.properties.get("object_name") or [record.object_id])[0]
    pct = f" {record.percent:g}%" if record.percent is not None else ""
    return f"{subject} -{record.schema}{pct}-> {obj} ({record.start_date or '…'} to {record.end_date or '…'}; {record.source})"
