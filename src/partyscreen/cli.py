"""The ``partyscreen`` command line.

Exit codes, the same for every command: 0 it ran (whatever it found), 1 it
failed (bad input, refused file; the message is on stderr), 2 wrong usage,
3 ``--fail-on`` was met.
"""

from __future__ import annotations

import importlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from partyscreen.decide.levels import DECISIONS, severity

if TYPE_CHECKING:
    from partyscreen.store import Store

# Start-up is part of every `partyscreen screen` at the terminal and of every batch:
# only what the root needs is imported here.  The database layer (SQLAlchemy), rich's
# tables and the command groups of the other issues are imported when a command that
# uses them runs.


class _LazyGroup(TyperGroup):
    """A command group whose sub-commands, named in ``lazy`` as (module, attribute), are
    imported when invoked (or listed by --help), not when the CLI starts."""

    lazy: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        eager = super().list_commands(ctx)
        return [*eager, *(name for name in self.lazy if name not in eager)]

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.lazy:
            module, attribute = self.lazy[name]
            target = getattr(importlib.import_module(module), attribute)
            if isinstance(target, typer.Typer):
                command = typer.main.get_group(target)
            else:  # a command function: the command of an app of one
                single = typer.Typer()
                single.command(name=name)(target)
                command = typer.main.get_command(single)
            command.name = name
            self.add_command(command, name)
        return command


class _RootGroup(_LazyGroup):
    # Relationship graph and product catalogue (issue #5), compliance workflow (issue #6),
    # HTTP service and API tokens (issue #7).
    lazy = {
        "graph": ("partyscreen.graph.commands", "graph_app"),
        "products": ("partyscreen.products.commands", "products_app"),
        "product": ("partyscreen.products.commands", "product"),
        "parties": ("partyscreen.cases.commands", "parties_app"),
        "alerts": ("partyscreen.cases.commands", "alerts_app"),
        "audit": ("partyscreen.cases.commands", "audit_app"),
        "monitor": ("partyscreen.cases.commands", "monitor"),
        "report": ("partyscreen.cases.commands", "report"),
        "token": ("partyscreen.api.commands", "token_app"),
        "serve": ("partyscreen.api.commands", "serve"),
    }


class _ListsGroup(_LazyGroup):
    lazy = {"update": ("partyscreen.sources.commands", "lists_update")}


app = typer.Typer(
    name="partyscreen",
    help="Restricted-party screening for export-control and sanctions compliance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_RootGroup,
)
lists_app = typer.Typer(help="Import list files, show versions and what changed.", invoke_without_command=True, cls=_ListsGroup)
app.add_typer(lists_app, name="lists")


class _Console:
    """rich's Console, made when first printed to: a JSON answer needs none."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


out: Any = _Console()
err: Any = _Console(stderr=True)

EXIT_FAILED = 1
EXIT_FAIL_ON = 3

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Database: a SQLite file path or a URL (default: $PARTYSCREEN_DB, else the user data directory)."),
]
FailOnOption = Annotated[
    Optional[str],
    typer.Option("--fail-on", help=f"Exit 3 when any decision is at least this severe ({', '.join(DECISIONS)})."),
]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file (TOML or JSON), else $PARTYSCREEN_CONFIG.")
]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Judge as on this date, YYYY-MM-DD (default today): entries listed later or removed earlier do not apply."),
]
# As partyscreen.cases.commands declares them (screen, batch and check record in its audit trail);
# declared here so that the commands can be built without importing the workflow.
UserOption = Annotated[Optional[str], typer.Option("--user", help="The acting user (default: $PARTYSCREEN_USER, else the OS user).")]
IdOption = Annotated[Optional[str], typer.Option("--id", help="The party's id in the counterparty book: alerts open for it, decisions apply.")]
BookOption = Annotated[bool, typer.Option("--book", help="Add the screened parties to the counterparty book, or update them (rows need an id).")]


class Failure(Exception):
    """A failure to report on stderr with exit code 1."""


@app.callback()
def root(ctx: typer.Context, db: DbOption = None) -> None:
    ctx.obj = {"db": db}


def _store(ctx: typer.Context, db: str | None) -> Store:
    from partyscreen.store import Store

    chosen = db or (ctx.obj or {}).get("db")
    if chosen is None and ctx.parent is not None and ctx.parent.obj:
        chosen = ctx.parent.obj.get("db")
    return Store.open(chosen)


def _check_fail_on(fail_on: str | None) -> int | None:
    if fail_on is None:
        return None
    try:
        return severity(fail_on)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--fail-on") from None


# -- lists -----------------------------------------------------------------------


@lists_app.callback()
def lists_show(ctx: typer.Context, db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show each feed with its versions, counts and dates."""
    if ctx.obj is None:
        ctx.obj = {}
    if db:
        ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from partyscreen.cases.commands import warn_stale

    store = _store(ctx, db)
    versions = store.versions()
    if as_json:
        print(json.dumps([_version_json(v) for v in versions], indent=2))
        return
    if not versions:
        out.print("No lists imported yet. Try: partyscreen lists import --sample")
        return
    table = Table(title=f"Lists in {store.url}")
    for column in ("feed", "version", "in force", "format", "entities", "by list", "relations", "problems", "source date", "imported (UTC)", "files"):
        table.add_column(column)
    for v in versions:
        table.add_row(
            v.feed,
            str(v.seq),
            "yes" if v.current else "",
            v.format,
            f"{v.entity_count:,}",
            ", ".join(f"{k} {n:,}" for k, n in v.counts.items()),
            f"{v.relation_count:,}",
            f"{v.problem_count:,}",
            v.source_date,
            v.imported_at.strftime("%Y-%m-%d %H:%M"),
            ", ".join(v.files),
        )
    out.print(table)
    warn_stale(store)


def _version_json(v) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {
        "feed": v.feed,
        "version": v.seq,
        "current": v.current,
        "format": v.format,
        "file_hash": v.file_hash,
        "files": v.files,
        "source_date": v.source_date,
        "imported_at": v.imported_at.isoformat(),
        "entities": v.entity_count,
        "relations": v.relation_count,
        "problems": v.problem_count,
        "counts": v.counts,
        "age_days": round(v.age_days, 2),
    }


def _parse_map(values: list[str]) -> dict[str, str]:
    mapping = {}
    for value in values:
        target, sep, column = value.partition("=")
        if not sep or not target.strip() or not column.strip():
            raise typer.BadParameter(f"{value!r}: write --map FIELD=COLUMN", param_hint="--map")
        mapping[target.strip()] = column.strip()
    return mapping


@lists_app.command("import")
def lists_import(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders of one feed (.gz is read transparently).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Format; detected when omitted.")] = None,
    feed: Annotated[Optional[str], typer.Option("--feed", help="Feed name (default per format: csl, ofac-sdn, ...).")] = None,
    mapping: Annotated[Optional[list[str]], typer.Option("--map", help="For --format csv: FIELD=COLUMN, repeatable.")] = None,
    alias_sep: Annotated[str, typer.Option("--alias-sep", help="Separator of multi-valued cells in a mapped CSV.")] = ";",
    list_code: Annotated[Optional[str], typer.Option("--list", help="List code for formats that carry none (EL, SDN, ... or a custom name).")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Import the bundled sample list.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the whole file on any bad row.")] = False,
    db: DbOption = None,
) -> None:
    """Import list files as a new version of their feed (atomic; the same files twice change nothing)."""
    from partyscreen.match.screener import build_index
    from partyscreen.sources.base import ImportError_, ImportOptions
    from partyscreen.store.importing import import_files

    if sample:
        if paths:
            raise typer.BadParameter("give either files or --sample", param_hint="--sample")
        paths = [Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv"))]
        format = format or "csl-csv"
        feed = feed or "sample"
    if not paths:
        raise typer.BadParameter("give the files to import, or --sample", param_hint="PATHS")
    options = ImportOptions(feed=feed or "", list_code=list_code or "", mapping=_parse_map(mapping or []), alias_sep=alias_sep)
    store = _store(ctx, db)
    try:
        outcome = import_files(store, paths, format=format, options=options, strict=strict)
    except (ImportError_, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        err.print("Nothing was changed; the version in force stays.", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    if sample:
        from partyscreen.graph.sample import import_sample_graph

        import_sample_graph(store, out)  # the sample's relationships and products (renames, ownership, rebrands)
    v = outcome.version
    if outcome.unchanged:
        out.print(f"{outcome.feed}: unchanged, version {v.seq} is already these files ({v.entity_count:,} entities)")
        return
    counts = ", ".join(f"{k} {n:,}" for k, n in v.counts.items())
    out.print(f"{outcome.feed}: imported version {v.seq} ({outcome.format}): {v.entity_count:,} entities ({counts}), {v.relation_count:,} relations")
    for line in outcome.notes():
        err.print(line, highlight=False, markup=False)
    if outcome.problems:
        err.print(f"{len(outcome.problems)} rows skipped; the rest was imported.", highlight=False)
    build_index(store)
    from partyscreen.graph.build import build_graph

    build_graph(store)  # names in relationships resolve against the new list version


@lists_app.command("diff")
def lists_diff(
    ctx: typer.Context,
    feed: Annotated[str, typer.Argument(help="The feed, as `partyscreen lists` shows it.")],
    old: Annotated[Optional[int], typer.Argument(help="Older version number (default: the second newest).")] = None,
    new: Annotated[Optional[int], typer.Argument(help="Newer version number (default: the newest).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show: Annotated[int, typer.Option("--show", help="Entries listed per kind of change (counts are always complete).")] = 20,
    db: DbOption = None,
) -> None:
    """What changed in FEED between two versions: added, removed and changed entries."""
    from partyscreen.store import UnknownVersionError

    store = _store(ctx, db)
    try:
        diff = store.diff(feed, old, new)
    except UnknownVersionError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    counts = diff.counts()
    if as_json:
        print(json.dumps({
            "feed": feed, "old": diff.old_seq, "new": diff.new_seq, "counts": counts,
            "added": [{"entity_id": e.id, "name": e.name, "list": e.list_code} for e in diff.added],
            "removed": [{"entity_id": e.id, "name": e.name, "list": e.list_code} for e in diff.removed],
            "changed": [{"entity_id": c.entity_id, "name": c.name, "old_name": c.old_name, "changes": list(c.kinds), "details": c.details} for c in diff.changed],
        }, indent=2, ensure_ascii=False))
        return
    out.print(f"[bold]{feed}[/]: version {diff.old_seq} → {diff.new_seq}")
    out.print(", ".join(f"{k.replace('_', ' ')} {n:,}" for k, n in counts.items()))
    for label, entities in (("added", diff.added), ("removed", diff.removed)):
        for e in entities[:show]:
            out.print(f"  {label:8} {e.list_code:5} {e.name}  [dim]{e.id}[/]", highlight=False)
        if len(entities) > show:
            out.print(f"  … and {len(entities) - show:,} more {label}")
    for c in diff.changed[:show]:
        what = ", ".join(c.kinds)
        name = f"{c.old_name} → {c.name}" if c.old_name else c.name
        out.print(f"  changed  {name} ({what})  [dim]{c.entity_id}[/]", highlight=False)
    if len(diff.changed) > show:
        out.print(f"  … and {len(diff.changed) - show:,} more changed")


# -- screening ---------------------------------------------------------------------


@app.command()
def screen(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The party's name.")],
    schema: Annotated[Optional[str], typer.Option("--schema", help="Person, Company, Organization, LegalEntity, Vessel, Aircraft.")] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", help="Country (ISO code or name), repeatable.")] = None,
    birth_date: Annotated[Optional[str], typer.Option("--birth-date", help="Date of birth, YYYY[-MM[-DD]].")] = None,
    address: Annotated[Optional[str], typer.Option("--address")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, shaped as a `batch` JSONL line.")] = False,
    fail_on: FailOnOption = None,
    as_of: AsOfOption = None,
    party_id: IdOption = None,
    book: BookOption = False,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Screen one party against every list in force (recorded in the audit trail)."""
    from partyscreen.cases.commands import finish_recording, start_recording
    from partyscreen.decide.check import parse_as_of
    from partyscreen.match.batch import row_to_query, screener_for

    fail_rank = _check_fail_on(fail_on)
    if book and not party_id:
        raise typer.BadParameter("--book needs the party's --id", param_hint="--book")
    row = {"id": party_id or "", "name": name, "schema": schema or "", "country": ";".join(country or []), "birth_date": birth_date or "", "address": address or ""}
    try:
        query = row_to_query(row)
        store = _store(ctx, db)
        screener = screener_for(store, config)
        screener.as_of = parse_as_of(as_of)  # type: ignore[attr-defined]
        recorder = start_recording(store, screener, user, book=book, source="screen")
        result = screener.screen(query, limit=limit)
        recorder([(query, result)])
        finish_recording(recorder, store, config)
    except ValueError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_result(result)
    if fail_rank is not None and severity(result.decision) >= fail_rank:
        raise typer.Exit(EXIT_FAIL_ON)


def _print_result(result) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    name = result.input.get("name", "")
    if not result.hits:
        out.print(f"[bold]{name}[/]: [green]clear[/] — no listed party scored at or above the review threshold.", highlight=False)
        return
    table = Table(title=f"{name} — decision: {result.decision}", show_lines=True)
    for column in ("score", "match", "decision", "list", "listed name", "matched name", "why"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        table.add_row(
            f"{hit.score:.2f}",
            "MATCH" if hit.match else "possible",
            hit.decision,
            hit.list,
            hit.name,
            hit.matched_name,
            hit.explanation,
        )
    out.print(table)


@app.command()
def batch(
    ctx: typer.Context,
    input: Annotated[Path, typer.Argument(help="CSV with columns id,name,schema,country,birth_date,address (only name required).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="OUT.jsonl or OUT.csv")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Hits kept per party.")] = 10,
    fail_on: FailOnOption = None,
    as_of: AsOfOption = None,
    book: BookOption = False,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
    engine: Annotated[str, typer.Option("--engine", help="single (this process, streaming) or spark (Apache Spark, needs Java: CSV or Parquet in, .jsonl or .parquet out, one audit record for the job).")] = "single",
    master: Annotated[Optional[str], typer.Option("--master", help="With --engine spark: the Spark master, e.g. local[2] (default local[*]).")] = None,
) -> None:
    """Screen every row of a CSV file; streams, so any file size works.

    Every row is recorded in the audit trail; rows whose id is in the counterparty
    book (with --book: every row with an id, added or updated) get alerts.
    """
    from partyscreen.cases.commands import finish_recording, start_recording
    from partyscreen.decide.check import parse_as_of
    from partyscreen.match.batch import BatchError, run_batch, screener_for

    fail_rank = _check_fail_on(fail_on)
    if engine != "single" or master:
        from partyscreen.spark.commands import spark_batch

        return spark_batch(lambda: _store(ctx, db), input, output, engine=engine, master=master, limit=limit, fail_rank=fail_rank,
                           as_of=as_of, book=book, user=user, config=config)
    if output.suffix.lower() not in (".jsonl", ".csv"):
        raise typer.BadParameter("the output must end in .jsonl or .csv", param_hint="--output")
    try:
        store = _store(ctx, db)
        screener = screener_for(store, config)
        screener.as_of = parse_as_of(as_of)  # type: ignore[attr-defined]
        recorder = start_recording(store, screener, user, book=book, source=f"batch:{input.name}")
        summary = run_batch(screener, input, output, limit=limit, progress=sys.stderr.isatty(), record=recorder)
    except (BatchError, ValueError, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    for problem in summary.problems:
        err.print(f"skipped {problem}", highlight=False, markup=False)  # (a row's text may hold "[...]")
    finish_recording(recorder, store, config)
    err.print(
        f"screened {summary.rows:,} parties: " + ", ".join(f"{d} {n:,}" for d, n in summary.decisions.items() if n),
        highlight=False,
    )
    if fail_rank is not None and summary.worst and severity(summary.worst) >= fail_rank:
        raise typer.Exit(EXIT_FAIL_ON)


@app.command()
def check(
    ctx: typer.Context,
    party: Annotated[Optional[list[str]], typer.Option("--party", help="A party, NAME or ROLE=NAME (purchaser, intermediate-consignee, ultimate-consignee, end-user); repeatable.")] = None,
    parties: Annotated[Optional[Path], typer.Option("--parties", help="CSV of parties: the batch columns plus role.")] = None,
    item: Annotated[str, typer.Option("--item", help="ECCN (e.g. 3A090), EAR99 or USML:CATEGORY (e.g. USML:XI).")] = "",
    destination: Annotated[str, typer.Option("--destination", help="Country of destination: ISO code or name (UA-CRIMEA, UA-DONETSK, UA-LUHANSK for the covered regions).")] = "",
    end_use: Annotated[Optional[str], typer.Option("--end-use", help="military, military-intelligence, nuclear, missile-uav, chemical-biological, supercomputer, advanced-semiconductor.")] = None,
    schema: Annotated[Optional[str], typer.Option("--schema", help="For a single party: Person, Company, Organization, LegalEntity, Vessel, Aircraft.")] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", help="For a single party: its country, repeatable.")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="For a single party: its address (address-only Entity List entries are matched on it).")] = None,
    birth_date: Annotated[Optional[str], typer.Option("--birth-date", help="For a single party: date of birth.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: decision, item, destination, as_of, reasons, parties.")] = False,
    fail_on: FailOnOption = None,
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Hits kept per party.")] = 10,
    user: UserOption = None,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Check a transaction: every party screened, item against destination, end use; the most severe decision wins."""
    from partyscreen.cases.commands import record_check
    from partyscreen.decide.check import Party, parse_party, parties_from_csv, run_check
    from partyscreen.match.batch import row_to_query, screener_for

    fail_rank = _check_fail_on(fail_on)
    if not item:
        raise typer.BadParameter("give the item: an ECCN, EAR99 or USML:CATEGORY", param_hint="--item")
    if not destination:
        raise typer.BadParameter("give the country of destination", param_hint="--destination")
    if not party and not parties:
        raise typer.BadParameter("give at least one --party or a --parties file", param_hint="--party")
    single = (party or []) if not parties else []
    if (schema or country or address or birth_date) and (len(single) != 1 or parties):
        raise typer.BadParameter("--schema, --country, --address and --birth-date apply to a single --party only", param_hint="--party")
    try:
        chosen: list[Party] = []
        for number, value in enumerate(party or [], start=1):
            role, name = parse_party(value)
            row = {"id": str(number), "name": name, "schema": schema or "", "country": ";".join(country or []),
                   "birth_date": birth_date or "", "address": address or ""}
            chosen.append(Party(role, row_to_query(row)))
        if parties:
            chosen += parties_from_csv(parties)
        store = _store(ctx, db)
        screener = screener_for(store, config)
        result = run_check(screener, chosen, item, destination, end_use, as_of, limit=limit)
        record_check(store, screener, user, result)  # the audit trail (issue #6)
    except (ValueError, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_check(result)
    if fail_rank is not None and severity(result.decision) >= fail_rank:
        raise typer.Exit(EXIT_FAIL_ON)


_DECISION_STYLE = {"block": "bold red", "licence_required": "bold yellow", "red_flag": "yellow", "review": "cyan", "clear": "green"}


def _print_check(result) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    style = _DECISION_STYLE.get(result.decision, "bold")
    out.print(f"[bold]{result.item}[/] to [bold]{result.destination}[/] as of {result.as_of}: [{style}]{result.decision}[/]", highlight=False)
    if not result.reasons:
        out.print("No list hit, no embargo, no licence requirement found.", highlight=False)
        return
    table = Table(show_lines=True)
    for column, ratio in (("decision", 1), ("party", 1), ("rule", 1), ("detail", 4), ("citation", 2)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for r in sorted(result.reasons, key=lambda r: -severity(r.decision)):
        table.add_row(f"[{_DECISION_STYLE.get(r.decision, '')}]{r.decision}[/]", r.party, r.rule, r.detail, r.citation)
    out.print(table)


@app.command()
def pairs(
    input: Annotated[Path, typer.Argument(help='JSON lines: {"id", "schema", "query": {FtM properties}, "candidate": {FtM properties}}')],
    output: Annotated[Path, typer.Option("--output", "-o", help="OUT.jsonl: {\"id\", \"score\", \"match\"} per line")],
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Score labelled name pairs (how the matcher is benchmarked)."""
    import os

    from partyscreen.match.batch import BatchError, check_output, check_utf8_start, partial_path
    from partyscreen.match.pairs import json_type, properties, score_pair
    from partyscreen.match.thresholds import Thresholds

    thresholds = Thresholds.load(config)
    problems = 0
    partial = partial_path(output)
    try:
        check_output(input, output)
        check_utf8_start(input)
        # Bytes that are not UTF-8 are kept as stand-ins, so that only the lines holding them are skipped.
        with input.open(encoding="utf-8-sig", errors="surrogateescape") as src, partial.open("w", encoding="utf-8") as dst:
            for number, line in enumerate(src, start=1):
                if not line.strip():
                    continue
                try:
                    if any("\udc80" <= c <= "\udcff" for c in line):
                        raise ValueError("bytes that are not UTF-8; save the file as UTF-8")
                    item = json.loads(line, parse_constant=_no_constant)
                    if not isinstance(item, dict):
                        raise TypeError(f"a line must be a JSON object, not {json_type(item)}")
                    props_q, props_c = properties(item["query"], "query"), properties(item["candidate"], "candidate")
                    schema = item.get("schema") or "LegalEntity"
                    if not isinstance(schema, str):
                        raise TypeError(f"schema must be a string, not {json_type(schema)}")
                    value, is_match = score_pair(schema, props_q, props_c, thresholds)
                except KeyError as exc:
                    err.print(f"skipped {input.name}:{number}: no {exc} property", highlight=False, markup=False)
                    problems += 1
                    continue
                except RecursionError:
                    err.print(f"skipped {input.name}:{number}: JSON nested too deeply", highlight=False, markup=False)
                    problems += 1
                    continue
                except (ValueError, TypeError) as exc:
                    err.print(f"skipped {input.name}:{number}: {exc}", highlight=False, markup=False)
                    problems += 1
                    continue
                dst.write(json.dumps({"id": item.get("id"), "score": round(value, 4), "match": is_match}) + "\n")
        os.replace(partial, output)  # put in place when complete: a failure leaves no half-written file
    except (BatchError, OSError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        partial.unlink(missing_ok=True)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
