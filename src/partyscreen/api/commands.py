"""``partyscreen serve`` and ``partyscreen token create|list|revoke``.

Exit codes as everywhere: 0 it ran, 1 it failed (message on stderr), 2 wrong usage.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from partyscreen.api.tokens import ROLES, TokenError

err = Console(stderr=True)
out = Console()
DbOption = Annotated[Optional[str], typer.Option("--db", help="Database: a SQLite file path or a URL (default: $PARTYSCREEN_DB).")]
UserOption = Annotated[Optional[str], typer.Option("--user", help="Who does this, for the audit trail (default: $PARTYSCREEN_USER, else the OS user).")]

token_app = typer.Typer(help="API tokens of the HTTP service: create (shown once), list, revoke.", no_args_is_help=True)


def _db(ctx: typer.Context, db: str | None) -> str | None:
    chosen, context = db, ctx
    while chosen is None and context is not None:
        if isinstance(context.obj, dict) and context.obj.get("db"):
            chosen = context.obj["db"]
        context = context.parent
    return chosen


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(1)


def _actor(user: str | None) -> str:
    from partyscreen.cases.users import acting_user

    try:
        return acting_user(user)
    except ValueError as exc:
        raise _fail(str(exc)) from None


@token_app.callback()
def token_root(ctx: typer.Context, db: DbOption = None) -> None:
    ctx.obj = {**(ctx.obj or {}), **({"db": db} if db else {})}


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    role: Annotated[str, typer.Option("--role", help="analyst (screen, read), reviewer (and decide alerts), admin (and lists, tokens, settings).")],
    name: Annotated[Optional[str], typer.Option("--name", help="Who uses it: the actor in the audit trail (default: ROLE-random).")] = None,
    expires_days: Annotated[Optional[float], typer.Option("--expires-days", min=0.0001, help="Expire after this many days (default: never).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON with the token and its record.")] = False,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Create a token and print it once: only its SHA-256 is stored."""
    from partyscreen.api.tokens import create_token
    from partyscreen.store import Store

    if role not in ROLES:
        raise typer.BadParameter(f"one of {', '.join(ROLES)}", param_hint="--role")
    actor = _actor(user)
    store = Store.open(_db(ctx, db))
    try:
        info, secret = create_token(store.engine, role, name, actor, expires_in=timedelta(days=expires_days) if expires_days else None)
    except TokenError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        print(json.dumps({**info.to_json(), "token": secret}))
        return
    print(secret)
    expiry = f", expires {info.expires_at:%Y-%m-%d %H:%M} UTC" if info.expires_at else ""
    err.print(f"token {info.id} {escape(info.name)!r} ({info.role}{expiry}); shown once, keep it secret", highlight=False)


@token_app.command("list")
def token_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = None) -> None:
    """Every token with its role and state (never the secret)."""
    from partyscreen.api.tokens import list_tokens
    from partyscreen.store import Store

    tokens = list_tokens(Store.open(_db(ctx, db)).engine)
    if as_json:
        print(json.dumps([tok.to_json() for tok in tokens], indent=2))
        return
    table = Table(title=f"{len(tokens)} tokens")
    for column in ("id", "name", "role", "state", "created (UTC)", "by", "expires (UTC)"):
        table.add_column(column)
    for tok in tokens:
        data = tok.to_json()
        table.add_row(str(tok.id), escape(tok.name), tok.role, data["state"], f"{tok.created_at:%Y-%m-%d %H:%M}", escape(tok.created_by),
                      f"{tok.expires_at:%Y-%m-%d %H:%M}" if tok.expires_at else "never")
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The token's id or name, as `partyscreen token list` shows it.")],
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Revoke a token: it stops working at once, and its web sessions end."""
    from partyscreen.api.tokens import revoke_token
    from partyscreen.store import Store

    actor = _actor(user)
    try:
        info = revoke_token(Store.open(_db(ctx, db)).engine, ref, actor)
    except TokenError as exc:
        raise _fail(str(exc)) from None
    err.print(f"revoked token {info.id} {escape(info.name)!r} ({info.role})", highlight=False)


def _prepare_index(store) -> None:  # type: ignore[no-untyped-def]
    """Build the stored screening index once, if the versions in force have none yet, before the workers start:
    each would otherwise build it (a minute of CPU each) and store it at the same moment."""
    from partyscreen.match.screener import build_index, index_key

    if store.load_artifact(index_key(store.current_versions())) is None:
        err.print("building the screening index for the lists in force (once, before the workers start) ...", highlight=False)
        build_index(store)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings file (TOML or JSON), else $PARTYSCREEN_CONFIG.")] = None,
    jobs_dir: Annotated[Optional[Path], typer.Option("--jobs-dir", help="Where batch job files are kept (default: the user data directory).")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="critical, error, warning, info, debug")] = "info",
    db: DbOption = None,
) -> None:
    """Run the HTTP service: yente-compatible /match, partyscreen's API, the reviewer page at /ui."""
    import uvicorn

    from partyscreen.store import Store
    from partyscreen.store.db import resolve_url

    chosen = _db(ctx, db)
    try:
        url = resolve_url(chosen)
        store = Store.open(chosen)  # create or migrate once here, before the workers start and race to do it
        if workers > 1:
            _prepare_index(store)
    except Exception as exc:  # noqa: BLE001 - any failure to open the store is the user's to fix
        raise _fail(f"cannot open the database: {exc}") from None
    # The workers are separate processes: they read their options from the environment.
    os.environ["PARTYSCREEN_DB"] = url
    if config is not None:
        os.environ["PARTYSCREEN_CONFIG"] = str(config.resolve())
    if jobs_dir is not None:
        os.environ["PARTYSCREEN_JOBS_DIR"] = str(jobs_dir.resolve())
    err.print(f"partyscreen serving on http://{host}:{port} ({workers} worker{'s' if workers > 1 else ''}); reviewer page at /ui, API schema at /docs", highlight=False)
    uvicorn.run("partyscreen.api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level=log_level,
                loop="uvloop", http="httptools", access_log=False, server_header=False, timeout_keep_alive=30)
