"""Re-screening benchmark: a book of 100,000 parties, a list delta of 1,000 entries, and batch with the audit trail.

    .venv/bin/python bench/run_rescreen.py                 # everything (about 10 minutes on 2 cores)
    .venv/bin/python bench/run_rescreen.py --parties 20000 # smaller book, for a quick look

What it builds (a fresh SQLite database under bench/out/rescreen/, git-ignored):

* lists: OFAC SDN as published on 2021-08-18 (``ofac-sdn``), the BIS Entity List
  flat file and the UN list of 2026-02 (feeds that do not change here);
* version 2 of ``ofac-sdn``: the 2021-08-18 entries with the first 1,000 changes of
  the published change log applied in date order (entries added, removed, renamed,
  program changed, as in the 2024-05-03 file): a real delta of 1,000 entries;
* a book of ``--parties`` (100,000) parties: the 50,000 synthetic US persons of
  yente's candidate-generation set (birth date, nationality), the 5,600 targets of
  OpenSanctions' Ukraine war data set and the 3,300 Entity List names (so there are
  real hits), and the rest made by recombining those names (seeded).

What it measures, one after the other (wall clock; the load average is printed,
the machine may be shared):

1. ``monitor`` the first time: every feed is new, the whole book is re-screened
   in full (``--workers``, default 2) = the **full re-screen** figure (with
   ``--baseline``: ``monitor --baseline``, which records the versions and screens nothing);
2. version 2 imported, ``monitor`` again: the **delta re-screen** against the
   1,000 changed entries, ``--delta-runs`` times (3) from the same copy of the
   database: median wall and CPU time.  Requirement: <= 60 s.  Step 1 leaves the
   book's analysed words cached (``cases/book_words``) as any monitor run does,
   ``--baseline`` included;
3. ``monitor --full`` with the same versions, for the full figure with alerts in place;
4. ``batch`` over ``--batch-rows`` rows of the book on one core, with the audit
   trail on (``record=`` a ScreeningRecorder) and off, alternately ``--runs`` times:
   median queries/s and the ratio.  Requirement: >= 1,000 queries/s with the trail on.

Data are read from ../shared/data (or $BENCH_DATA_DIR); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("BENCH_DATA_DIR", REPO.parent / "shared" / "data"))
OUT = HERE / "out" / "rescreen"


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the monitor's workers)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def full_sample(store, parties: int, sample: int) -> dict:  # type: ignore[no-untyped-def]
    """Full screening of ``sample`` book parties in this process: the rate, and the book's time extrapolated."""
    from partyscreen.cases import book, monitor
    from partyscreen.cases.book_words import BookWords
    from partyscreen.match.screener import Screener

    screener = Screener.open(store)
    with store.engine.connect() as conn:
        chosen = []
        for party in book.iter_parties(conn):
            chosen.append(party)
            if len(chosen) >= sample:
                break
    monitor._WORKER.update(screener=screener, target=set(), full=True, changed=None, routes=None, cache=BookWords(), words_only=False)
    monitor._screen_slice(chosen[:200])  # warm
    cpu, started = time.process_time(), time.perf_counter()
    monitor._screen_slice(chosen)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    figures = {"sample": len(chosen), "cpu_ms_per_party": round(cpu / len(chosen) * 1000, 3),
               "wall_ms_per_party": round(wall / len(chosen) * 1000, 3),
               "extrapolated_cpu_seconds_for_book": round(cpu / len(chosen) * parties, 1)}
    _say(f"full screening of {len(chosen):,} parties: {figures['cpu_ms_per_party']} ms CPU each; "
         f"the book of {parties:,} extrapolated: {figures['extrapolated_cpu_seconds_for_book']} CPU seconds")
    return figures


def _sdn_rows(path: Path) -> dict[str, list[str]]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return {r[0]: r for r in csv.reader(io.StringIO(text)) if r and r[0].strip().isdigit()}


def make_versions(work: Path, delta: int) -> tuple[Path, Path, dict[str, int]]:
    """``sdn.csv`` of 2021-08-18 and the same with the first ``delta`` changes of the change log applied."""
    folder = DATA / "ofac-sdn-gitscrape"
    old, new = _sdn_rows(folder / "sdn_2021-08-18.csv.gz"), _sdn_rows(folder / "sdn_2024-05-03.csv.gz")
    with (folder / "sdn_changes_2021-08_to_2024-05.csv").open(encoding="utf-8") as fh:
        changes = sorted(csv.DictReader(fh), key=lambda c: c["date_seen"])
    v2 = dict(old)
    applied: dict[str, int] = {}
    seen: set[str] = set()
    for change in changes:
        ent, kind = change["ent_num"], change["change"]
        if ent in seen:
            continue
        if kind == "removed" and ent in v2:
            del v2[ent]
        elif kind in ("added", "renamed", "program_changed") and ent in new and v2.get(ent) != new[ent]:
            v2[ent] = new[ent]
        else:
            continue
        seen.add(ent)
        applied[kind] = applied.get(kind, 0) + 1
        if len(seen) >= delta:
            break
    paths = []
    for name, rows in (("v1", old), ("v2", v2)):
        (work / name).mkdir(parents=True, exist_ok=True)
        path = work / name / "sdn.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows.values())
        paths.append(path)
    return paths[0], paths[1], applied


def make_book(count: int, seed: int = 20260227) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    with gzip.open(DATA / "matching-benchmarks/yente/candidate_generation/negatives_us.csv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({"name": r["full_name"], "schema": "Person", "birth_date": r["date_of_birth"], "country": r["nationality"]})
    with gzip.open(DATA / "opensanctions-ua-war-sanctions/targets.simple.csv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            schema = r["schema"] if r["schema"] in ("Person", "Company", "Organization", "LegalEntity", "Vessel") else ""
            rows.append({"name": r["name"], "schema": schema, "birth_date": "", "country": ""})
    with (DATA / "restricted-parties-db/bis_entity_list_flat.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({"name": r["name_english"], "schema": "", "birth_date": "", "country": ""})
    rng = random.Random(seed)
    people = [r["name"].split() for r in rows if r["schema"] == "Person" and len(r["name"].split()) >= 2]
    firms = [r["name"].split() for r in rows if r["schema"] != "Person" and len(r["name"].split()) >= 2]
    while len(rows) < count:
        if rng.random() < 0.6:
            a, b = rng.choice(people), rng.choice(people)
            rows.append({"name": f"{a[0]} {b[-1]}", "schema": "Person", "birth_date": "", "country": ""})
        else:
            a, b = rng.choice(firms), rng.choice(firms)
            rows.append({"name": " ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :]), "schema": "", "birth_date": "", "country": ""})
    rows = rows[:count]
    for i, row in enumerate(rows):
        row["id"] = f"P{i:06d}"
    return rows


def build(db: Path, parties: int, delta: int) -> dict:
    from partyscreen.cases import book
    from partyscreen.cases.audit import appending, utc_now
    from partyscreen.match.batch import row_to_query
    from partyscreen.graph.build import build_graph
    from partyscreen.match.screener import build_index
    from partyscreen.sources.base import ImportOptions
    from partyscreen.store import Store
    from partyscreen.store.importing import import_files

    work = db.parent / "files"
    v1, v2, applied = make_versions(work, delta)
    store = Store.open(str(db))
    started = time.perf_counter()
    import_files(store, [v1], format="ofac-sdn")
    import_files(store, [DATA / "watchman/un_sc_consolidated_2026-02-27.xml.gz"], format="un")
    import_files(store, [DATA / "restricted-parties-db/bis_entity_list_flat.csv"], format="csv", options=ImportOptions(
        feed="bis-el-flat", list_code="EL", mapping={"name": "name_english", "aliases": "aliases"}, alias_sep=" | "))
    build_index(store)
    build_graph(store)
    _say(f"lists imported and indexed in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rows = make_book(parties)
    added = 0
    for start in range(0, len(rows), 5000):
        chunk = []
        for row in rows[start : start + 5000]:
            try:
                chunk.append(book.party_from_query(row_to_query(row)))
            except ValueError:
                continue
        with store.engine.begin() as conn, appending(conn, "bench") as chain:
            added += sum(1 for o in book.upsert(conn, chunk, chain, utc_now()).values() if o == "added")
    _say(f"book of {added:,} parties written in {time.perf_counter() - started:.1f} s")
    return {"v2": v2, "delta_applied": applied, "parties": added, "rows": rows}


def timed_monitor(store, label: str, *, full: bool, workers: int, baseline: bool = False) -> dict:  # type: ignore[no-untyped-def]
    from partyscreen.cases.monitor import run_monitor
    from partyscreen.match.thresholds import Thresholds

    _say(f"{label}: {_load()}")
    load_before = os.getloadavg()[0]
    cpu = _cpu()
    started = time.perf_counter()
    summary = run_monitor(store, Thresholds(), "bench", full=full, workers=workers, baseline=baseline)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    figures = {
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "parties": summary.parties, "screened_in_full": summary.rescreened,
        "alerts_opened": len(summary.opened), "alerts_reopened": len(summary.reopened), "alerts_closed": len(summary.closed),
        "feeds": [f.to_json() for f in summary.feeds], "workers": workers,
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    _say(f"{label}: {seconds:.1f} s wall, {cpu:.1f} s CPU (all processes), {summary.rescreened:,} of {summary.parties:,} parties screened in full, "
         f"{len(summary.opened):,} alerts opened, {len(summary.reopened):,} reopened, {len(summary.closed):,} closed")
    return figures


def _checkpoint(store, db: Path) -> None:  # type: ignore[no-untyped-def]
    """Everything written into the main database file, so a copy of the file is the whole database."""
    import sqlite3

    store.engine.dispose()
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def delta_runs(store, db: Path, args: argparse.Namespace) -> dict:  # type: ignore[no-untyped-def]
    """``monitor`` after the delta, ``--delta-runs`` times from the same copy of the database: the median."""
    from partyscreen.cases.book_words import PREFIX, fingerprint
    from partyscreen.store import Store

    cached = store.load_artifact(PREFIX + fingerprint()) is not None
    _checkpoint(store, db)
    snapshot = db.with_name("before-delta.db")
    shutil.copy(db, snapshot)
    runs = []
    for run in range(args.delta_runs):
        if run:
            for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                path.unlink(missing_ok=True)
            shutil.copy(snapshot, db)
        store = Store.open(str(db))
        runs.append(timed_monitor(store, f"monitor after a delta of {args.delta:,} entries, run {run + 1}", full=False, workers=args.workers))
        store.engine.dispose()
    figures = dict(runs[len(runs) // 2])
    figures.update({
        "runs": len(runs), "book_words_cached": cached,
        "seconds": round(statistics.median(r["seconds"] for r in runs), 2),
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
        "all_seconds": [r["seconds"] for r in runs], "all_cpu_seconds": [r["cpu_seconds"] for r in runs],
        "load_averages": [r["load_average_1min"] for r in runs],
    })
    return figures


def batch_throughput(store, rows: list[dict[str, str]], n: int, runs: int, work: Path) -> dict:  # type: ignore[no-untyped-def]
    from partyscreen.cases.recording import ScreeningRecorder
    from partyscreen.match.batch import run_batch
    from partyscreen.match.screener import Screener

    source = work / "batch.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "name", "schema", "country", "birth_date"])
        writer.writeheader()
        for row in rows[:n]:
            writer.writerow({k: row.get(k, "") for k in writer.fieldnames})
    screener = Screener.open(store)
    run_batch(screener, source, work / "warm.jsonl", limit=10)  # warm caches: both modes then see the same state
    speeds: dict[str, list[float]] = {"audit off": [], "audit on": []}
    cpu_speeds: dict[str, list[float]] = {"audit off": [], "audit on": []}
    for run in range(runs):
        for mode in ("audit off", "audit on"):
            recorder = ScreeningRecorder(store, screener, "bench", source="batch:bench") if mode == "audit on" else None
            started = time.perf_counter()
            cpu = time.process_time()
            summary = run_batch(screener, source, work / "out.jsonl", limit=10, record=recorder)
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
            speeds[mode].append(summary.rows / wall)
            cpu_speeds[mode].append(summary.rows / cpu)
            _say(f"batch run {run + 1}, {mode}: {summary.rows:,} rows in {wall:.1f} s wall ({cpu:.1f} s CPU): {summary.rows / wall:,.0f} queries/s")
    off, on = statistics.median(speeds["audit off"]), statistics.median(speeds["audit on"])
    cpu_off, cpu_on = statistics.median(cpu_speeds["audit off"]), statistics.median(cpu_speeds["audit on"])
    return {
        "rows": n, "runs": runs, "queries_per_s_audit_off": round(off), "queries_per_s_audit_on": round(on),
        "ratio_on_to_off": round(on / off, 3), "audit_cost_us_per_row": round((1 / on - 1 / off) * 1e6, 1),
        # By CPU time of this one process: what one core gives when the machine is not shared.
        "cpu_queries_per_s_audit_off": round(cpu_off), "cpu_queries_per_s_audit_on": round(cpu_on),
        "cpu_ratio_on_to_off": round(cpu_on / cpu_off, 3), "audit_cpu_cost_us_per_row": round((1 / cpu_on - 1 / cpu_off) * 1e6, 1),
        "all_runs": {k: [round(v) for v in vals] for k, vals in speeds.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--delta", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--delta-runs", type=int, default=3, help="step 2 this many times from the same database copy (median)")
    parser.add_argument("--batch-rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-full-again", action="store_true", help="skip step 3 (monitor --full after the delta)")
    parser.add_argument("--full-sample", type=int, default=0, help="step 3 on this many parties in one process, extrapolated to the book")
    parser.add_argument("--baseline", action="store_true", help="step 1 as `monitor --baseline` (records the versions, screens nothing)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(REPO / "src"))
    from partyscreen.cases import audit
    from partyscreen.store import Store
    from partyscreen.store.importing import import_files

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    db = OUT / "rescreen.db"
    _say(f"building in {OUT} ({_load()})")
    setup = build(db, args.parties, args.delta)
    store = Store.open(str(db))
    result: dict = {"parties": setup["parties"], "delta_applied": setup["delta_applied"], "cpu_count": os.cpu_count()}
    if args.baseline:
        result["baseline"] = timed_monitor(store, "monitor --baseline", full=False, workers=args.workers, baseline=True)
    else:
        result["full_first_run"] = timed_monitor(store, "monitor, first run (full re-screen)", full=False, workers=args.workers)
    started = time.perf_counter()
    import_files(store, [setup["v2"]], format="ofac-sdn")
    from partyscreen.graph.build import build_graph
    from partyscreen.match.screener import build_index

    build_index(store)
    build_graph(store)  # as `partyscreen import` does: the monitor finds both ready
    _say(f"version 2 imported and indexed in {time.perf_counter() - started:.1f} s: {store.diff('ofac-sdn').counts()}")
    result["delta"] = delta_runs(store, db, args)
    store = Store.open(str(db))
    if args.full_sample:
        result["full_sample"] = full_sample(store, result["parties"], args.full_sample)
    elif not args.skip_full_again:
        result["full_again"] = timed_monitor(store, "monitor --full (same versions)", full=True, workers=args.workers)
    result["batch"] = batch_throughput(store, setup["rows"], args.batch_rows, args.runs, OUT)
    started = time.perf_counter()
    verification = audit.verify(store.engine)
    result["audit_verify"] = {"records": verification.records, "ok": verification.ok, "seconds": round(time.perf_counter() - started, 2)}
    _say(f"audit trail: {verification.records:,} records verified in {result['audit_verify']['seconds']} s, ok={verification.ok}")

    delta_s = result["delta"]["seconds"]
    full_s = (result.get("full_again") or result.get("full_first_run") or {}).get("seconds")
    b = result["batch"]
    print()
    print(f"book: {result['parties']:,} parties; delta: {args.delta:,} entries {result['delta_applied']}")
    if "full_first_run" in result:
        f1 = result["full_first_run"]
        print(f"full re-screen (first monitor run)   {f1['seconds']:8.1f} s wall, {f1['cpu_seconds']:.1f} CPU s (load {f1['load_average_1min']})")
    if "full_again" in result:
        f2 = result["full_again"]
        print(f"full re-screen (monitor --full)      {f2['seconds']:8.1f} s wall, {f2['cpu_seconds']:.1f} CPU s (load {f2['load_average_1min']})")
    if "full_sample" in result:
        fs = result["full_sample"]
        print(f"full re-screen, extrapolated from {fs['sample']:,}: {fs['extrapolated_cpu_seconds_for_book']:8.1f} CPU s "
              f"({fs['cpu_ms_per_party']} ms CPU per party)")
    delta_cpu = result["delta"]["cpu_seconds"]
    full_cpu = (result.get("full_again") or result.get("full_first_run") or {}).get("cpu_seconds") or (result.get("full_sample") or {}).get("extrapolated_cpu_seconds_for_book")
    ratio = f"CPU ratio to full {delta_cpu / full_cpu:.3f}" if full_cpu else ""
    print(f"delta re-screen ({args.delta:,} entries)      {delta_s:8.1f} s wall, {delta_cpu:.1f} CPU s over {args.workers} workers "
          f"(median of {result['delta']['runs']}: {result['delta']['all_seconds']} s, load {result['delta']['load_averages']}; "
          f"{result['delta']['screened_in_full']:,} parties screened in full; book words cached: {result['delta']['book_words_cached']}) "
          f"(on an idle machine about {delta_cpu / args.workers:.1f} s)   {ratio}   requirement <= 60 s wall: {'met' if delta_s <= 60 else 'NOT met'}")
    print(f"batch, one core, audit off           {b['queries_per_s_audit_off']:8,} queries/s wall, {b['cpu_queries_per_s_audit_off']:,} by CPU time (median of {b['runs']})")
    print(f"batch, one core, audit on            {b['queries_per_s_audit_on']:8,} queries/s wall, {b['cpu_queries_per_s_audit_on']:,} by CPU time; "
          f"CPU ratio {b['cpu_ratio_on_to_off']:.3f}, audit cost {b['audit_cpu_cost_us_per_row']} µs CPU/row   "
          f"requirement >= 1,000 (by CPU time): {'met' if b['cpu_queries_per_s_audit_on'] >= 1000 else 'NOT met'}")
    print(_load())
    (HERE / "out" / "rescreen.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
