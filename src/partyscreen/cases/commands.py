"""The workflow's command line: ``parties``, ``alerts``, ``audit``, ``monitor``, ``report``.

Registered on the main app in ``partyscreen.cli``.  Exit codes as everywhere:
0 it ran, 1 it failed (the message is on stderr), 2 wrong usage.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from partyscreen._csv import safe_row
from partyscreen.cases.settings import SettingsError, WorkflowSettings
from partyscreen.cases.users import acting_user
from partyscreen.store import Store

out = Console()
err = Console(stderr=True)
EXIT_FAILED = 1

DbOption = Annotated[Optional[str], typer.Option("--db", help="Database: a SQLite file path or a URL (default: $PARTYSCREEN_DB).")]
UserOption = Annotated[Optional[str], typer.Option("--user", help="The acting user (default: $PARTYSCREEN_USER, else the OS user).")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Settings file (TOML or JSON), else $PARTYSCREEN_CONFIG.")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


def fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(EXIT_FAILED)


def open_store(ctx: typer.Context, db: str | None) -> Store:
    """The store of ``--db`` here, else of ``--db`` given to a parent command, else the default."""
    chosen, context = db, ctx
    while chosen is None and context is not None:
        if isinstance(context.obj, dict) and context.obj.get("db"):
            chosen = context.obj["db"]
        context = context.parent
    return Store.open(chosen)


def load_settings(config: Path | None) -> WorkflowSettings:
    try:
        return WorkflowSettings.load(config)
    except SettingsError as exc:
        raise fail(str(exc)) from None


def settings_and_user(config: Path | None, user: str | None) -> tuple[WorkflowSettings, str]:
    settings = load_settings(config)
    try:
        return settings, acting_user(user)
    except ValueError as exc:
        raise fail(str(exc)) from None


def parse_moment(value: str, option: str, *, end: bool = False) -> datetime:
    """``YYYY-MM-DD`` (as an end: the whole day included) or an ISO date and time (UTC unless it says otherwise)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{value!r}: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", param_hint=option) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if end and len(value.strip()) == 10:
        moment += timedelta(days=1)
    return moment


# -- parties -------------------------------------------------------------------------

parties_app = typer.Typer(help="The counterparty book: list and export the parties.", invoke_without_command=True)


@parties_app.callback()
def parties_list(
    ctx: typer.Context, as_json: JsonOption = False, limit: Annotated[int, typer.Option("--limit", min=1)] = 200, db: DbOption = None,
) -> None:
    """List the parties in the book (`batch --book` adds and updates them)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {**(ctx.obj or {}), **({"db": db} if db else {})}
        return
    from sqlalchemy import func, select

    from partyscreen.cases import book
    from partyscreen.store import schema as t

    store = open_store(ctx, db)
    with store.engine.connect() as conn:
        total = book.count(conn)
        undecided = dict(conn.execute(
            select(t.alert.c.party_id, func.count()).where(t.alert.c.state.in_(("open", "pending_approval", "escalated"))).group_by(t.alert.c.party_id)
        ).all())
        parties = []
        for party in book.iter_parties(conn):
            parties.append(party)
            if len(parties) >= limit:
                break
    if as_json:
        print(json.dumps([{**p.to_json(), "undecided_alerts": undecided.get(p.id, 0)} for p in parties], ensure_ascii=False, indent=2))
        return
    if not parties:
        out.print("The book is empty. `partyscreen batch FILE.csv --book` adds the parties of a file.")
        return
    table = Table(title=f"{total:,} parties" + (f" (first {limit:,}; `parties export` writes all)" if total > limit else ""))
    for column in ("id", "name", "role", "type", "countries", "undecided alerts", "last screened", "changed"):
        table.add_column(column, overflow="fold")
    for p in parties:
        table.add_row(
            escape(p.id), escape(p.name), escape(p.role), p.schema, ", ".join(p.countries), str(undecided.get(p.id, 0) or ""),
            p.screened_at.strftime("%Y-%m-%d %H:%M") if p.screened_at else "never",
            f"{p.updated_at:%Y-%m-%d} {escape(p.updated_by)}" if p.updated_at else "",
        )
    out.print(table)


@parties_app.command("export")
def parties_export(
    ctx: typer.Context, output: Annotated[Path, typer.Option("--output", "-o", help="OUT.csv or OUT.jsonl")], db: DbOption = None,
) -> None:
    """Write every party of the book to a CSV (formula cells escaped) or JSON lines file."""
    from partyscreen.cases import book

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise typer.BadParameter("the output must end in .csv or .jsonl", param_hint="--output")
    store = open_store(ctx, db)
    count = 0
    try:
        with store.engine.connect() as conn, output.open("w", encoding="utf-8", newline="") as fh:
            if suffix == ".jsonl":
                for party in book.iter_parties(conn):
                    fh.write(json.dumps(party.to_json(), ensure_ascii=False) + "\n")
                    count += 1
            else:
                parties = list(book.iter_parties(conn))
                extra = sorted({k for p in parties for k in p.attributes})
                columns = ["id", "name", "schema", "country", "birth_date", "address", "role", *extra,
                           "content_hash", "created_at", "created_by", "updated_at", "updated_by", "screened_at"]
                writer = csv.writer(fh)
                writer.writerow(safe_row(columns))
                for party in parties:
                    data = party.to_json()
                    writer.writerow(safe_row([party.attributes.get(c, "") if c in extra else data[c] for c in columns]))
                    count += 1
    except OSError as exc:
        raise fail(str(exc)) from None
    err.print(f"wrote {count:,} parties to {escape(str(output))}", highlight=False)


# -- alerts --------------------------------------------------------------------------

alerts_app = typer.Typer(help="Alerts on book parties and the reviewers' decisions.", invoke_without_command=True)


@alerts_app.callback()
def alerts_list(
    ctx: typer.Context,
    state: Annotated[Optional[str], typer.Option("--state", help="open, pending_approval, true_match, false_positive, escalated, closed")] = None,
    party: Annotated[Optional[str], typer.Option("--party", help="Only this party's alerts.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List alerts (all, or those in one state)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {**(ctx.obj or {}), **({"db": db} if db else {})}
        return
    from partyscreen.cases.alerts import STATES, list_alerts

    if state is not None and state not in STATES:
        raise typer.BadParameter(f"one of {', '.join(STATES)}", param_hint="--state")
    store = open_store(ctx, db)
    with store.engine.connect() as conn:
        found = list_alerts(conn, state, party)
    if as_json:
        print(json.dumps([a.to_json() for a in found], ensure_ascii=False, indent=2))
        return
    if not found:
        out.print("No alerts" + (f" in state {state}." if state else "."))
        return
    table = Table(title=f"{len(found):,} alerts" + (f" ({state})" if state else ""))
    for column in ("id", "state", "party", "list", "listed name", "score", "opened (UTC)", "updated (UTC)"):
        table.add_column(column, overflow="fold")
    for a in found:
        pending = f" (by {a.pending_by})" if a.pending_by else ""
        table.add_row(str(a.id), escape(a.state + pending), escape(a.party_id), a.list_code, escape(a.entity_name), f"{a.score:.2f}",
                      f"{a.opened_at:%Y-%m-%d %H:%M}", f"{a.updated_at:%Y-%m-%d %H:%M}")
    out.print(table)


def _print_alert(alert: Any, events: list[Any]) -> None:
    out.print(f"alert {alert.id}: [bold]{escape(alert.state)}[/] — party {escape(alert.party_id)} ~ {alert.list_code} "
              f"{escape(alert.entity_name)} ({alert.score:.2f})", highlight=False)
    for e in events:
        out.print(f"  {e.at:%Y-%m-%d %H:%M:%S} {escape(e.actor)}: {e.action} {e.from_state or '—'} → {e.to_state}: {escape(e.reason)}",
                  highlight=False)


@alerts_app.command("show")
def alerts_show(ctx: typer.Context, alert_id: Annotated[int, typer.Argument(help="The alert's id.")], as_json: JsonOption = False,
                db: DbOption = None) -> None:
    """One alert with every step taken on it."""
    from partyscreen.cases.alerts import AlertError, events, get

    store = open_store(ctx, db)
    try:
        with store.engine.connect() as conn:
            alert, steps = get(conn, alert_id), events(conn, alert_id)
    except AlertError as exc:
        raise fail(str(exc)) from None
    if as_json:
        print(json.dumps({**alert.to_json(), "events": [e.to_json() for e in steps]}, ensure_ascii=False, indent=2))
    else:
        _print_alert(alert, steps)


@alerts_app.command("decide")
def alerts_decide(
    ctx: typer.Context,
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    decision: Annotated[str, typer.Option("--as", help="true_match, false_positive or escalate.")],
    reason: Annotated[str, typer.Option("--reason", help="Why: required.")],
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Decide an open alert (an escalated one: admins only).  A false positive on a four-eyes list waits for approval."""
    from partyscreen.cases.alerts import DECISIONS, AlertError, decide, events

    if decision not in DECISIONS:
        raise typer.BadParameter(f"one of {', '.join(DECISIONS)}", param_hint="--as")
    settings, actor = settings_and_user(config, user)
    store = open_store(ctx, db)
    try:
        alert = decide(store.engine, alert_id, decision, reason, actor, settings.alerts)
    except AlertError as exc:
        raise fail(str(exc)) from None
    with store.engine.connect() as conn:
        _print_alert(alert, events(conn, alert_id))
    if alert.state == "pending_approval":
        out.print(f"four-eyes on {alert.list_code}: another reviewer must `partyscreen alerts approve {alert.id}` or reject it.")


@alerts_app.command("approve")
def alerts_approve(
    ctx: typer.Context,
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (default: concurs with the proposal's reason).")] = None,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Approve a proposed false positive (four-eyes: never by the reviewer who proposed it)."""
    from partyscreen.cases.alerts import approve

    _second_review(ctx, approve, alert_id, reason, user, db)


@alerts_app.command("reject")
def alerts_reject(
    ctx: typer.Context,
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why: required.")],
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Reject a proposed false positive: the alert goes back to open (or escalated)."""
    from partyscreen.cases.alerts import reject

    _second_review(ctx, reject, alert_id, reason, user, db)


def _second_review(ctx: typer.Context, step: Any, alert_id: int, reason: str | None, user: str | None, db: str | None) -> None:
    """Approve or reject (``step``) as the acting user, and print the alert with its history."""
    from partyscreen.cases.alerts import AlertError, events

    _, actor = settings_and_user(None, user)
    store = open_store(ctx, db)
    try:
        alert = step(store.engine, alert_id, actor, reason)
    except AlertError as exc:
        raise fail(str(exc)) from None
    with store.engine.connect() as conn:
        _print_alert(alert, events(conn, alert_id))


# -- audit ---------------------------------------------------------------------------

audit_app = typer.Typer(help="The tamper-evident audit trail: verify, anchor, export, purge past retention.", no_args_is_help=True)


@audit_app.callback()
def audit_root(ctx: typer.Context, db: DbOption = None) -> None:
    ctx.obj = {**(ctx.obj or {}), **({"db": db} if db else {})}


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    anchor: Annotated[Optional[list[str]], typer.Option("--anchor", help="SEQ:HASH printed by `audit anchor`; repeatable.")] = None,
    anchor_file: Annotated[Optional[Path], typer.Option("--anchor-file", help="Check every anchor in this file.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Check every record's hash and link, and that the chain still holds the anchors; exit 1 at the first break."""
    from partyscreen.cases.audit import Anchor, read_anchor_file, verify

    try:
        anchors = [Anchor.parse(a) for a in anchor or []]
        if anchor_file is not None:
            anchors += read_anchor_file(anchor_file)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    result = verify(open_store(ctx, db).engine, anchors)
    if as_json:
        print(json.dumps({"ok": result.ok, "records": result.records, "first_seq": result.first_seq, "last_seq": result.last_seq,
                          "problem": result.problem, "problem_seq": result.problem_seq,
                          "anchors_checked": [str(a) for a in result.anchors_checked], "notes": result.notes}, indent=2))
    for note in result.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
    if not result.ok:
        if not as_json:
            err.print(f"[bold red]TAMPERED:[/] {escape(result.problem)}", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    if not as_json:
        span = f"records {result.first_seq}..{result.last_seq}" if result.records else "no records yet"
        checked = f"; {len(result.anchors_checked)} anchors hold" if result.anchors_checked else ""
        out.print(f"audit trail intact: {result.records:,} records ({span}){checked}", highlight=False)


@audit_app.command("anchor")
def audit_anchor(
    ctx: typer.Context,
    file: Annotated[Optional[Path], typer.Option("--file", help="Append the anchor to this file (default: [audit] anchor_file).")] = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Print the chain's head as SEQ:HASH, to keep outside the database (a ticket, a WORM bucket, an e-mail)."""
    from partyscreen.cases.audit import take_anchor

    target = file or load_settings(config).audit.anchor_file
    try:
        anchor = take_anchor(open_store(ctx, db).engine, target)
    except OSError as exc:
        raise fail(str(exc)) from None
    print(anchor)
    if target is not None:
        err.print(f"appended to {escape(str(target))}", highlight=False)


@audit_app.command("export")
def audit_export(
    ctx: typer.Context,
    start: Annotated[Optional[str], typer.Option("--from", help="First day (YYYY-MM-DD) or moment, UTC.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day (included) or moment (excluded), UTC.")] = None,
    jsonl: Annotated[Optional[Path], typer.Option("--jsonl", help="Every record in full, one JSON object a line.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="A readable, printable report.")] = None,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Write what an auditor needs for a period: the records as JSON lines and a readable HTML report."""
    from partyscreen.cases.report import export_audit

    if jsonl is None and html is None:
        raise typer.BadParameter("give --jsonl FILE and/or --html FILE", param_hint="--jsonl")
    first = parse_moment(start, "--from") if start else None
    last = parse_moment(end, "--to", end=True) if end else None
    if first and last and last <= first:
        raise typer.BadParameter("--to must come after --from", param_hint="--to")
    settings, actor = settings_and_user(config, user)
    try:
        count, verification = export_audit(open_store(ctx, db), first, last, actor, settings, datetime.now(UTC), jsonl=jsonl, html=html)
    except OSError as exc:
        raise fail(str(exc)) from None
    err.print(f"exported {count:,} records" + ("" if verification.ok else f"; WARNING the chain does not verify: {escape(verification.problem)}"),
              highlight=False)


@audit_app.command("purge")
def audit_purge(
    ctx: typer.Context,
    before: Annotated[str, typer.Option("--before", help="Delete records older than this (YYYY-MM-DD); refused within the retention.")],
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Delete audit records older than the retention (default 10 years); anything younger is refused."""
    from partyscreen.cases.audit import RetentionError, purge

    settings, actor = settings_and_user(config, user)
    moment = parse_moment(before, "--before")
    try:
        done = purge(open_store(ctx, db).engine, actor, moment, settings.audit.retention_years)
    except RetentionError as exc:
        raise fail(str(exc)) from None
    out.print(f"deleted {done.deleted:,} records (through {done.through_seq}); the purge itself is recorded in the chain")


# -- monitor and report --------------------------------------------------------------


def monitor(
    ctx: typer.Context,
    full: Annotated[bool, typer.Option("--full", help="Re-screen the whole book against every list, not only what changed.")] = False,
    baseline: Annotated[bool, typer.Option("--baseline", help="Record the versions in force as monitored, screening nothing (after `batch --book` screened the book).")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, max=64, help="Processes screening (default: the CPU count).")] = None,
    webhook: Annotated[Optional[str], typer.Option("--webhook", help="POST the summary as JSON here (default: [monitor] webhook_url).")] = None,
    mail_to: Annotated[Optional[list[str]], typer.Option("--mail-to", help="E-mail the summary (needs [monitor] smtp_host, mail_from).")] = None,
    as_json: JsonOption = False,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Re-screen the counterparty book against what changed in the lists since the last run; notify where configured."""
    from dataclasses import replace

    from partyscreen.cases.monitor import run_monitor
    from partyscreen.cases.notify import NotifyError, notify
    from partyscreen.match.thresholds import Thresholds

    settings, actor = settings_and_user(config, user)
    try:
        thresholds = Thresholds.load(config)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    target = settings.monitor
    if webhook:
        target = replace(target, webhook_url=webhook)
    if mail_to:
        target = replace(target, mail_to=tuple(mail_to))
    if full and baseline:
        raise typer.BadParameter("--full or --baseline, not both", param_hint="--baseline")
    summary = run_monitor(open_store(ctx, db), thresholds, actor, full=full, workers=workers, baseline=baseline)
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        out.print(escape(summary.text()), highlight=False)
    if summary.noteworthy and (target.webhook_url or target.smtp_host):
        subject = (f"partyscreen monitor: {len(summary.opened) + len(summary.reopened)} new alerts, "
                   f"{len(summary.affected_parties())} parties affected")
        try:
            for where in notify(target, subject, summary.text(), summary.to_json()):
                err.print(f"sent to {escape(where)}", highlight=False)
        except NotifyError as exc:
            raise fail(f"the re-screening is recorded, but the notification failed: {exc}") from None


def report(
    ctx: typer.Context,
    party: Annotated[str, typer.Argument(help="The party's id in the book.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="OUT.html")],
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Write a printable HTML screening record of one party: lists and versions, hits, decisions, reviewers, times."""
    from partyscreen.cases.report import ReportError, party_report

    settings, actor = settings_and_user(config, user)
    try:
        party_report(open_store(ctx, db), party, actor, settings, output, datetime.now(UTC))
    except (ReportError, OSError) as exc:
        raise fail(str(exc)) from None
    err.print(f"wrote {escape(str(output))}", highlight=False)


# -- what `screen` and `batch` add (called from partyscreen.cli) -----------------------

IdOption = Annotated[Optional[str], typer.Option("--id", help="The party's id in the counterparty book: alerts open for it, decisions apply.")]
BookOption = Annotated[bool, typer.Option("--book", help="Add the screened parties to the counterparty book, or update them (rows need an id).")]


def start_recording(store: Store, screener: Any, user: str | None, *, book: bool, source: str) -> Any:
    """The recorder every screening goes through: audit record, alerts, remembered decisions.

    Raises ValueError (no acting user) before anything is screened.
    """
    from partyscreen.cases.recording import ScreeningRecorder

    return ScreeningRecorder(store, screener, acting_user(user), book=book, source=source)


def finish_recording(recorder: Any, store: Store, config: Path | None) -> None:
    """What the recorder did, and how old the lists are, on stderr (stdout stays the results)."""
    stats = recorder.stats
    parts = [f"{stats[k]:,} {label}" for k, label in (
        ("parties_added", "parties added to the book"), ("parties_updated", "parties updated"),
        ("alerts_opened", "alerts opened"), ("alerts_reopened", "alerts reopened"),
        ("remembered", "remembered false positives"),
    ) if stats[k]]
    for problem in recorder.problems:
        err.print(f"[yellow]not in the book[/] {escape(problem)}", highlight=False)
    err.print(f"recorded {stats['recorded']:,} screenings in the audit trail" + (f"; {', '.join(parts)}" if parts else ""), highlight=False)
    ages = warn_stale(store, config)
    if ages:
        err.print("lists: " + ", ".join(
            f"{f.feed} version {f.version} ({f.age_days:.1f} days old{', STALE' if f.stale else ''})" for f in ages), highlight=False)


def warn_stale(store: Store, config: Path | None = None) -> list[Any]:
    """A warning on stderr for each feed not confirmed current within ``[lists] max_age_days``; returns every feed's age."""
    from partyscreen.sources.freshness import freshness

    ages = freshness(store, load_settings(config).max_age_days)
    for fresh in ages:
        if fresh.stale:
            err.print(f"[yellow]stale:[/] {escape(fresh.warning())}", highlight=False)
    return ages


def record_check(store: Store, screener: Any, user: str | None, result: Any) -> None:
    """A transaction check as one audit record: parties, hits, reasons, decision, with the lists and settings used."""
    from partyscreen.cases.audit import append
    from partyscreen.cases.recording import versions_json
    from partyscreen.match.algorithm import ALGORITHM

    append(store.engine, acting_user(user), "check", {
        "lists": versions_json(screener.versions), "algorithm": ALGORITHM, "settings": screener.thresholds.to_json(),
        **result.to_json(),
    })
