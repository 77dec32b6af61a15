"""``partyscreen products import`` and ``partyscreen product "Aivres 5280M6"``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from partyscreen.graph.commands import DbOption, _store
from partyscreen.sources.base import ImportError_, ImportOptions

products_app = typer.Typer(help="The product catalogue.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@products_app.command("import")
def products_import(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="CSV (maker,brand,model,source + spec columns) or JSON lines.")],
    feed: Annotated[Optional[str], typer.Option("--feed", help="Feed name (default: products).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the whole file on any bad row.")] = False,
    db: DbOption = None,
) -> None:
    """Import a product catalogue as a new version of its feed (atomic; the same files twice change nothing)."""
    from partyscreen.store.importing import import_files

    store = _store(ctx, db)
    try:
        outcome = import_files(store, paths, format="products", options=ImportOptions(feed=feed or ""), strict=strict)
    except (ImportError_, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        err.print("Nothing was changed; the version in force stays.", highlight=False)
        raise typer.Exit(1) from None
    v = outcome.version
    state = "unchanged, already" if outcome.unchanged else "imported"
    out.print(f"{outcome.feed}: {state} version {v.seq}: {v.counts.get('products', 0):,} products", highlight=False)
    for line in outcome.notes():
        err.print(line, highlight=False, markup=False)


def _parse_specs(values: list[str]) -> dict[str, str]:
    specs = {}
    for value in values:
        key, sep, spec = value.partition("=")
        if not sep or not key.strip() or not spec.strip():
            raise typer.BadParameter(f"{value!r}: write --spec KEY=VALUE", param_hint="--spec")
        specs[key.strip()] = spec.strip()
    return specs


def product(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Brand and model, e.g. "Aivres 5280M6".')],
    spec: Annotated[Optional[list[str]], typer.Option("--spec", help="A specification KEY=VALUE, repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="YYYY-MM-DD (default today).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings file (thresholds).")] = None,
    db: DbOption = None,
) -> None:
    """Trace a product to its maker: normalised model numbers, model families, specifications; the makers are screened."""
    from partyscreen.decide.check import parse_as_of
    from partyscreen.match.batch import screener_for
    from partyscreen.products.match import match_product, parse_query, summary

    specs = _parse_specs(spec or [])
    store = _store(ctx, db)
    try:
        on = parse_as_of(as_of)
        catalogue = list(store.products())
        parsed = parse_query(query, catalogue, specs)
        screener = screener_for(store, config)
        screener.as_of = on  # type: ignore[attr-defined]
        result = match_product(parsed, catalogue, screener)
    except ValueError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return
    if not result.matches:
        out.print(f"[bold]{query}[/]: no catalogued product with that model number or family.", highlight=False)
        return
    out.print(f"[bold]{query}[/] — decision: {result.decision}", highlight=False)
    table = Table(show_lines=True)
    for column in ("finding", "score", "evidence", "maker screening"):
        table.add_column(column, overflow="fold")
    for match in result.matches:
        makers = "\n".join(f"{h.decision}: {h.explanation}" for h in match.maker_hits) or "clear"
        table.add_row(summary(match), f"{match.score:.2f}", "\n".join(match.evidence), makers)
    out.print(table)
