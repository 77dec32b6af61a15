"""``partyscreen lists update``: the command a scheduler runs.

Exit codes: 0 every source was updated or is unchanged; 1 at least one source
failed (refused download, server error, truncated file: that source is left as
it was, the others still ran).  A line per source says what happened; stale
feeds are warned about on stderr.
"""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.markup import escape

from partyscreen.cases.commands import ConfigOption, DbOption, JsonOption, UserOption, err, fail, open_store, out, settings_and_user

_STYLE = {"updated": "green", "unchanged": "dim", "failed": "bold red"}


def lists_update(
    ctx: typer.Context,
    names: Annotated[Optional[list[str]], typer.Argument(help="Sources to update (default: csl, ofac-sdn, ofac-cons, un-sc and any configured).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds to wait on the server per request.")] = 120.0,
    as_json: JsonOption = False,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Fetch the official lists from their publishers (conditional requests), check them, import them as new versions."""
    from partyscreen.match.screener import build_index
    from partyscreen.sources.freshness import freshness
    from partyscreen.sources.update import UpdateError, choose, sources, update_source

    settings, actor = settings_and_user(config, user)
    try:
        chosen = choose(sources(settings.sources), names or [])
    except UpdateError as exc:
        raise fail(str(exc)) from None
    store = open_store(ctx, db)
    outcomes = [update_source(store, source, actor, timeout=timeout) for source in chosen]
    if any(o.status == "updated" for o in outcomes):
        build_index(store)
    if as_json:
        print(json.dumps([o.to_json() for o in outcomes], ensure_ascii=False, indent=2))
    else:
        for o in outcomes:
            style = _STYLE[o.status]
            line = f"[{style}]{o.status:9}[/] {escape(o.source)} → {escape(o.feed)}: {escape(o.message)} ({o.requests} requests)"
            (err if o.status == "failed" else out).print(line, highlight=False)
    for fresh in freshness(store, settings.max_age_days):
        if fresh.stale:
            err.print(f"[yellow]stale:[/] {escape(fresh.warning())}", highlight=False)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


