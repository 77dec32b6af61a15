"""Screening benchmark: what the matching issue requires of partyscreen, in one run.

    python bench/run_screening.py                    # everything: table + bench/out/screening.json
    python bench/run_screening.py --quick            # smaller samples (a few minutes)
    python bench/run_screening.py --only un,negatives
    python bench/run_screening.py --only scaling --scaling-sizes 10000,100000,1000000

Sections (``--only``, comma-separated; default all, in this order):

build       "all lists" (bench/screening_data.py recipe) into a fresh SQLite DB under
            bench/out/ through the CLI (each ``lists import`` builds the index); then
            ``partyscreen.match.build_index(store)`` timed in-process, with a breakdown
            (read entities, CandidateIndex.build, pickle, store).  Names indexed,
            stored index size.  Requirement: index build <= 30 s.
startup     ``partyscreen --db DB screen "X" --json`` as a subprocess (median of 5) and
            in-process ``Screener.open(store)`` (median of 5, with a breakdown: read
            the blob, unpickle).  Requirement: <= 1 s each.
un          The 680 mapped UN positives screened as Person (birth date, nationality)
            against a DB holding only the UN list: share with the right UN reference in
            the top 5 hits, untreated and typo'd (seeded generator); retrieval recall
            (the right entry among the candidates Screener.screen scores: CANDIDATES, 15, plus
            entries tied with the last, at MIN_SHARE; stricter than the issue's top 50).  Requirements:
            >= 99 % top 5, >= 99.5 % retrieval.  Misses -> bench/out/screening-misses.txt.
negatives   The 50,000 synthetic US persons (birth date, nationality) against all lists:
            share with at least one hit at the match threshold.  Requirement <= 0.2 %.
            False hits -> bench/out/false-alerts.txt.  Quality only: the queries are
            spread over ``--workers`` forked processes, in a seeded random order, and
            stopped at ``--negatives-budget`` s (300; 0 = none): what was done by then is a
            random sample, said so in the table with its 95 % interval.  Then a cProfile
            of Screener.screen over 500 fresh negatives -> bench/out/screening-profile.txt.
throughput  ``partyscreen batch`` over the 30,000-row file (screening_data.make_batch_input)
            against all lists, one subprocess: wall clock, CPU time (os.wait4), peak RSS (VmHWM).
            queries/s with start-up included and excluded (start-up from ``startup``,
            else measured here), by wall clock and per CPU second.  Stopped at
            ``--batch-timeout`` s (300): the rate is then of the rows written.  Then a
            cProfile of run_batch over 2,000 rows -> bench/out/screening-batch-profile.txt.
            Requirements: >= 1,000 queries/s, <= 1 GB.
latency     Screener.screen in-process, warm, over 2,000 mixed queries (persons with and
            without birth date/nationality, UN names clean and typo'd, organisation
            names from the lists clean and typo'd, schema given or not): median, p95.
            Then the same queries with the audit trail on, as ``partyscreen screen`` runs
            one (ScreeningRecorder, one transaction a query, on a copy of the database;
            the chain verified after).  Requirement: median <= 5 ms, both ways.
scaling     CandidateIndex over synthetic names (persons and companies made of real list
            words at their real frequencies, seeded) at 10k, 100k, 1M: build time, peak
            memory, median query time (Screener(index).screen).  Each size in its own
            subprocess with a time limit; a size predicted not to fit is skipped and
            the reason recorded (``--scaling-budget``, 420 s; ``--scaling-force``).

The table judges each requirement on the figure as required (wall clock for times)
and, in its last column, on CPU time where that is measured: the machine is shared.
``--table`` prints the table of the last run again from the JSON.

Every section records the load average before and after, the git revision and a hash
of the uncommitted changes in src/ (others edit src/ while this runs: a changed hash
between start and end is flagged).  bench/out/screening.json keeps the last result of
each section (running one section updates only that one).

Data are read from ../shared/data (or $BENCH_DATA_DIR), never copied here.  Outputs and the
benchmark databases go to bench/out/ (or $BENCH_OUT_DIR, so that two people measuring at once
do not rebuild each other's databases).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import screening_data as sd  # noqa: E402

OUT = Path(os.environ.get("BENCH_OUT_DIR") or HERE / "out")
ALL_DB = OUT / "screening-all.db"
UN_DB = OUT / "screening-un.db"
JSON_OUT = OUT / "screening.json"
MISSES_OUT = OUT / "screening-misses.txt"
FALSE_ALERTS_OUT = OUT / "false-alerts.txt"
PROFILE_OUT = OUT / "screening-profile.txt"
BATCH_PROFILE_OUT = OUT / "screening-batch-profile.txt"
BATCH_IN = OUT / "screening-batch.csv"
BATCH_OUT = OUT / "screening-batch-out.jsonl"
TOKENS_OUT = OUT / "screening-tokens.json"

SECTIONS = ("build", "startup", "un", "negatives", "throughput", "latency", "scaling")
SEED = 20260227
MB = 1024 * 1024

# Requirements of the matching issue: (comparison, bound).
REQ = {
    "index_build_s": ("<=", 30.0),
    "startup_cli_s": ("<=", 1.0),
    "startup_open_s": ("<=", 1.0),
    "un_top5": (">=", 0.99),
    "un_top5_typo": (">=", 0.99),
    "un_retrieval": (">=", 0.995),
    "un_retrieval_typo": (">=", 0.995),
    "false_alert_rate": ("<=", 0.002),
    "qps_incl_startup": (">=", 1000.0),
    "qps_excl_startup": (">=", 1000.0),
    "batch_peak_rss_mb": ("<=", 1024.0),
    "latency_median_ms": ("<=", 5.0),
    "latency_audited_median_ms": ("<=", 5.0),
}


# =============================================================================== helpers


@functools.lru_cache(maxsize=None)
def negatives() -> list:
    return sd.read_negatives()


@functools.lru_cache(maxsize=None)
def un_mapping():
    return sd.un_positives_mapped()


def partyscreen_exe() -> list[str]:
    exe = Path(sys.executable).parent / "partyscreen"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("partyscreen")
    if found:
        return [found]
    return [sys.executable, "-c", "from partyscreen.cli import main; main()"]


def loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


def src_state() -> dict[str, Any]:
    """Revision and a hash of the uncommitted changes under src/ (others edit it concurrently)."""
    diff = git("diff", "HEAD", "--", "src")
    untracked = git("ls-files", "--others", "--exclude-standard", "--", "src").split()
    h = hashlib.sha256(diff.encode())
    for path in sorted(untracked):
        try:
            h.update(path.encode() + (REPO / path).read_bytes())
        except OSError:
            pass
    return {
        "revision": git("rev-parse", "--short", "HEAD").strip(),
        "src_dirty_files": len(git("status", "--porcelain", "--", "src").splitlines()),
        "src_diff_sha": h.hexdigest()[:12],
    }


def rel(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def median(xs: Sequence[float]) -> float | None:
    return statistics.median(xs) if xs else None


def percentile(xs: Sequence[float], p: float) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    k = (len(s) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def rnd(x: float | None, n: int = 4) -> float | None:
    return None if x is None else round(x, n)


def log(msg: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass
class ProcResult:
    cmd: list[str]
    rc: int
    wall_s: float
    user_s: float
    sys_s: float
    maxrss_mb: float  # peak RSS: VmHWM polled while it ran (else ru_maxrss)
    stdout: str
    stderr: str
    timed_out: bool = False
    ru_maxrss_mb: float = 0.0  # os.wait4's, an upper bound (see peak_rss_mb)

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    def brief(self) -> dict[str, Any]:
        return {
            "rc": self.rc,
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "user_s": round(self.user_s, 3),
            "sys_s": round(self.sys_s, 3),
            "maxrss_mb": round(self.maxrss_mb, 1),
            "ru_maxrss_mb": round(self.ru_maxrss_mb, 1),
            **({"timed_out": True} if self.timed_out else {}),
        }


def run_proc(cmd: list[str], *, timeout: float | None = None, keep_stdout: bool = True) -> ProcResult:
    """Run ``cmd``; wall clock, and the CPU time and peak RSS of that child alone (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out if keep_stdout else subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        killed = threading.Event()
        timer = None
        if timeout:

            def _kill() -> None:
                killed.set()
                proc.kill()

            timer = threading.Timer(timeout, _kill)
            timer.start()
        hwm = [0.0]
        done = threading.Event()

        def _poll() -> None:
            while not done.is_set():
                value = peak_rss_mb(proc.pid)
                if value:
                    hwm[0] = max(hwm[0], value)
                done.wait(0.05)

        poller = threading.Thread(target=_poll, daemon=True)
        poller.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        poller.join()
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcResult(
            cmd=cmd,
            rc=proc.returncode,
            wall_s=wall,
            user_s=ru.ru_utime,
            sys_s=ru.ru_stime,
            maxrss_mb=hwm[0] or ru.ru_maxrss / 1024,
            ru_maxrss_mb=ru.ru_maxrss / 1024,  # KiB on Linux
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=killed.is_set(),
        )


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """VmHWM: the peak RSS of the process's own memory since its exec (unlike ru_maxrss,
    which for a child started from a big parent includes the parent's RSS at fork)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def current_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def make_query(name: str, schema: str, country: str = "", birth_date: str = "", qid: str = ""):
    """A Query the way ``partyscreen batch`` makes it from a row (country names/codes -> ISO
    via country_code, birth dates YYYY[-MM[-DD]]).  A field the batch would refuse is
    dropped (and named in the second value) rather than losing the query."""
    from partyscreen.match.batch import row_to_query

    row = {"id": qid, "name": name, "schema": schema, "country": country, "birth_date": birth_date, "address": ""}
    dropped: list[str] = []
    for _ in range(3):
        try:
            return row_to_query(row), dropped
        except ValueError as exc:
            msg = str(exc)
            if "country" in msg and row["country"]:
                dropped.append(f"country {row['country']!r}")
                row["country"] = ""
            elif "birth date" in msg and row["birth_date"]:
                dropped.append(f"birth_date {row['birth_date']!r}")
                row["birth_date"] = ""
            else:
                raise
    return row_to_query(row), dropped


def retrieve(index, forms) -> list[int]:
    """Card indexes retrieval hands to scoring, best first, called as Screener.screen calls
    it (``CANDIDATES`` and, where the screener has one, its ``MIN_SHARE``).  Works with
    candidates() returning ``(card, score)`` pairs or objects with ``.card``."""
    from partyscreen.match import screener as screener_mod

    limit = getattr(screener_mod, "CANDIDATES", 50)
    min_share = getattr(screener_mod, "MIN_SHARE", None)
    found = index.candidates(forms, limit) if min_share is None else index.candidates(forms, limit, min_share)
    return [c.card if hasattr(c, "card") else c[0] for c in found]


def index_stats(index) -> dict[str, int]:
    """Sizes of a CandidateIndex, whatever its internal layout (it is being reworked)."""
    out = {"entities": len(index.cards), "names_indexed": int(len(index.row_card))}
    for attr in ("doc_freq", "postings"):
        if hasattr(index, attr):
            out["distinct_tokens"] = len(getattr(index, attr))
            break
    for attr in ("deletions", "deletion_ids", "deletion_keys"):
        if hasattr(index, attr):
            out["deletion_entries"] = len(getattr(index, attr))
            break
    return out


def open_store(path: Path):
    from partyscreen.store import Store

    return Store.open(f"sqlite:///{path}")


def db_ready(path: Path, feeds: set[str]) -> bool:
    if not path.exists():
        return False
    try:
        store = open_store(path)
        return {v.feed for v in store.current_versions()} >= feeds
    except Exception:  # noqa: BLE001 - any failure: rebuild
        return False


ALL_FEEDS = {"bis-el-flat", "csl", "ofac-sdn", "un-sc"}


def import_all_lists(db: Path, *, fresh: bool) -> list[dict[str, Any]]:
    """Run the "all lists" recipe through the CLI; returns the timing of each import."""
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    steps = []
    with tempfile.TemporaryDirectory(prefix="partyscreen-bench-") as tmp:
        for cmd in sd.import_commands(str(db), partyscreen_exe()[0], workdir=Path(tmp)):
            cmd = partyscreen_exe() + cmd[1:]
            r = run_proc(cmd)
            if r.rc != 0:
                raise RuntimeError(f"import failed ({r.rc}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
            label = next((a for a in cmd if a.startswith("--format")), "")
            fmt = cmd[cmd.index("--format") + 1] if "--format" in cmd else label
            steps.append({"format": fmt, "output": r.stdout.strip().splitlines()[-1:] or [""], **r.brief()})
            log(f"  import {fmt}: {r.wall_s:.1f} s wall, {r.maxrss_mb:.0f} MB")
    return steps


def ensure_all_db() -> Path:
    if not db_ready(ALL_DB, ALL_FEEDS):
        log(f"making the all-lists DB {ALL_DB} (the build section was not run)")
        import_all_lists(ALL_DB, fresh=True)
    return ALL_DB


def ensure_un_db(fresh: bool = False) -> tuple[Path, dict[str, Any] | None]:
    if not fresh and db_ready(UN_DB, {"un-sc"}):
        return UN_DB, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{UN_DB}{suffix}").unlink(missing_ok=True)
    cmd = partyscreen_exe() + ["--db", str(UN_DB), "lists", "import", str(sd.data_dir() / sd.UN_XML), "--format", sd.FORMAT_UN]
    r = run_proc(cmd)
    if r.rc != 0:
        raise RuntimeError(f"UN import failed: {r.stderr[-3000:]}")
    return UN_DB, r.brief()


def open_screener(db: Path):
    """A warm-able Screener over the DB's stored index (built and stored when stale)."""
    from partyscreen.match import Screener

    return Screener.open(open_store(db))


# =============================================================================== build


def section_build(args: argparse.Namespace) -> dict[str, Any]:
    from partyscreen.match import build_index
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import index_key

    log("build: importing all lists through the CLI into a fresh DB")
    steps = import_all_lists(ALL_DB, fresh=True)
    store = open_store(ALL_DB)
    versions = store.current_versions()
    entity_counts = {v.feed: v.entity_count for v in versions}

    log("build: build_index(store) in-process")
    runs, cpu_runs = [], []
    index = None
    for _ in range(args.build_runs):
        t, c = time.perf_counter(), time.process_time()
        index = build_index(store)
        runs.append(time.perf_counter() - t)
        cpu_runs.append(time.process_time() - c)
    assert index is not None

    # Breakdown of one build: read entities / cards+index / pickle / store.
    t = time.perf_counter()
    entities = list(store.entities(versions))
    t_read = time.perf_counter() - t
    rss_before = current_rss_mb()
    t = time.perf_counter()
    idx2 = CandidateIndex.build(entities)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    blob = idx2.dumps()
    t_dump = time.perf_counter() - t
    t = time.perf_counter()
    store.save_artifact(index_key(versions), blob, keep_prefix="match-index:")
    t_save = time.perf_counter() - t
    rss_after = current_rss_mb()
    stored = store.load_artifact(index_key(versions)) or b""
    del idx2, entities

    kinds = Counter(kind for card in index.cards for kind, _ in card.names)
    return {
        "imports": steps,
        "import_total_wall_s": round(sum(s["wall_s"] for s in steps), 2),
        "import_last_wall_s": steps[-1]["wall_s"],
        "import_peak_rss_mb": max(s["maxrss_mb"] for s in steps),
        "build_index_s_runs": [round(x, 3) for x in runs],
        "build_index_s": round(min(runs), 3),
        "build_index_cpu_s": round(min(cpu_runs), 3),
        "breakdown_s": {
            "read_entities": round(t_read, 3),
            "CandidateIndex.build": round(t_build, 3),
            "pickle_dumps": round(t_dump, 3),
            "save_artifact": round(t_save, 3),
        },
        "index_rss_growth_mb": rnd((rss_after or 0) - (rss_before or 0), 1) if rss_before else None,
        **index_stats(index),
        "entities_by_feed": entity_counts,
        "names_by_kind": dict(kinds),
        "stored_index_bytes": len(stored),
        "db_file_bytes": ALL_DB.stat().st_size,
        "db": rel(ALL_DB),
    }


# =============================================================================== startup


def section_startup(args: argparse.Namespace) -> dict[str, Any]:
    from partyscreen.match import Screener
    from partyscreen.match.index import CandidateIndex
    from partyscreen.match.screener import index_key, load_index

    db = ensure_all_db()
    store = open_store(db)
    load_index(store)  # make sure the stored index is current (rebuilt if the algorithm changed)

    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # Then partyscreen's own modules compile from source at every start (an installed
        # package has its bytecode): start-up reads about 0.1-0.2 s slower than deployed.
        log("startup: PYTHONDONTWRITEBYTECODE is set: the CLI compiles its modules at every start; unset it for deployed figures")
    log(f"startup: CLI screen x{args.startup_runs}")
    cli_runs = []
    last_out = ""
    for _ in range(args.startup_runs):
        r = run_proc(partyscreen_exe() + ["--db", str(db), "screen", "X", "--json"])
        if r.rc != 0:
            raise RuntimeError(f"screen failed: {r.stderr[-2000:]}")
        cli_runs.append(r)
        last_out = r.stdout
    json.loads(last_out)  # it printed one JSON object
    help_runs = [run_proc(partyscreen_exe() + ["--help"]) for _ in range(3)]

    log(f"startup: Screener.open x{args.startup_runs}")
    opens, open_cpu, reads, unpickles = [], [], [], []
    first_query = []
    for _ in range(args.startup_runs):
        store = open_store(db)
        t, c = time.perf_counter(), time.process_time()
        sc = Screener.open(store)
        opens.append(time.perf_counter() - t)
        open_cpu.append(time.process_time() - c)
        # the first query after opening (lazy caches, first numpy calls)
        from partyscreen.match import Query

        t = time.perf_counter()
        sc.screen(Query("Mohammed Al Rahman", schema="Person"))
        first_query.append(time.perf_counter() - t)
        del sc
        t = time.perf_counter()
        blob = store.load_artifact(index_key(store.current_versions())) or b""
        reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        CandidateIndex.loads(blob)
        unpickles.append(time.perf_counter() - t)

    # Where unpickling goes (one run, cProfile).
    pr = cProfile.Profile()
    pr.enable()
    CandidateIndex.loads(blob)
    pr.disable()
    top = profile_top(pr, 6, key="tottime")

    cli_wall = [r.wall_s for r in cli_runs]
    return {
        "cli_screen_s": round(median(cli_wall), 3),
        "cli_screen_s_runs": [round(x, 3) for x in cli_wall],
        "cli_screen_cpu_s": round(median([r.cpu_s for r in cli_runs]), 3),
        "cli_screen_maxrss_mb": round(max(r.maxrss_mb for r in cli_runs), 1),
        "cli_help_s": round(median([r.wall_s for r in help_runs]), 3),
        "open_s": round(median(opens), 3),
        "open_s_runs": [round(x, 3) for x in opens],
        "open_cpu_s": round(median(open_cpu), 3),
        "open_breakdown_s": {
            "read_blob": round(median(reads), 3),
            "unpickle": round(median(unpickles), 3),
        },
        "first_query_after_open_ms": round(1000 * median(first_query), 1),
        "unpickle_profile_top": top,
        "stored_index_bytes": len(blob),
    }


# =============================================================================== UN positives


def section_un(args: argparse.Namespace) -> dict[str, Any]:
    from partyscreen.match.forms import query_forms

    db, import_run = ensure_un_db(fresh=True)
    sc = open_screener(db)
    index = sc.index
    card_of = {c.id: i for i, c in enumerate(index.cards)}
    un_names = {c.id: c.name for c in index.cards}

    mapping = un_mapping()
    mapped = mapping.mapped
    if args.quick:
        mapped = random.Random(SEED).sample(mapped, min(args.un_limit, len(mapped)))
    typos = sd.typo_positives([p for p, _ in mapped], seed=SEED)

    variants = {
        "untreated": [(p, refs, p, ()) for p, refs in mapped],
        "typo": [(t.record, refs, t.original, t.ops) for t, (_, refs) in zip(typos, mapped)],
    }
    result: dict[str, Any] = {"positives": len(mapped), "unmapped": len(mapping.unmapped), "ambiguous": len(mapping.ambiguous)}
    if import_run:
        result["un_import"] = import_run
    miss_lines: list[str] = []
    dropped_fields: Counter[str] = Counter()
    for label, rows in variants.items():
        top5 = top1 = retrieved = 0
        ranks: list[int] = []
        misses = []
        times = []
        for rec, refs, original, ops in rows:
            expected = {f"un-sc:{r}" for r in refs}
            q, dropped = make_query(rec.full_name, "Person", rec.nationality, rec.date_of_birth)
            for d in dropped:
                dropped_fields[d.split()[0]] += 1
            t = time.perf_counter()
            res = sc.screen(q, limit=5)
            times.append(time.perf_counter() - t)
            hit_ids = [h.entity_id for h in res.hits]
            ok5 = bool(expected & set(hit_ids[:5]))
            top5 += ok5
            top1 += bool(hit_ids and hit_ids[0] in expected)
            forms = [form for _, form in query_forms(q.names(), q.schema)]
            cand_ids = [index.cards[i].id for i in retrieve(index, forms)]
            rank = next((k + 1 for k, cid in enumerate(cand_ids) if cid in expected), None)
            if rank:
                retrieved += 1
                ranks.append(rank)
            if not ok5 or not rank:
                # What the right entry scores when compared directly.
                side = sc.side(q)
                direct = []
                for eid in sorted(expected):
                    if eid in card_of and side.names:
                        s = sc.score_card(side, index.cards[card_of[eid]])
                        direct.append((eid, round(s.score, 3), s.explanation()))
                misses.append(
                    {
                        "name": rec.full_name,
                        "original": original.full_name if original is not rec else "",
                        "ops": list(ops),
                        "birth_date": rec.date_of_birth,
                        "nationality": rec.nationality,
                        "expected": sorted(expected),
                        "expected_names": [un_names.get(e, "?") for e in sorted(expected)],
                        "top5_ok": ok5,
                        "retrieval_rank": rank,
                        "top": [(h.entity_id, h.name, round(h.score, 3)) for h in res.hits[:3]],
                        "direct_score": direct,
                        "dropped": dropped,
                    }
                )
        n = len(rows)
        suffix = "" if label == "untreated" else "_typo"
        result[f"top5{suffix}"] = rnd(top5 / n)
        result[f"top1{suffix}"] = rnd(top1 / n)
        result[f"retrieval{suffix}"] = rnd(retrieved / n)
        result[f"top5_misses{suffix}"] = n - top5
        result[f"retrieval_misses{suffix}"] = n - retrieved
        result[f"retrieval_rank_median{suffix}"] = median(ranks)
        result[f"retrieval_rank_p99{suffix}"] = rnd(percentile(ranks, 0.99), 1)
        result[f"median_ms{suffix}"] = rnd(1000 * median(times), 2)
        result[f"misses{suffix}"] = misses
        miss_lines += format_un_misses(label, misses, n)
    result["dropped_query_fields"] = dict(dropped_fields)
    MISSES_OUT.write_text("\n".join(miss_lines) + "\n", encoding="utf-8")
    result["misses_file"] = rel(MISSES_OUT)
    return result


def format_un_misses(label: str, misses: list[dict], n: int) -> list[str]:
    lines = [f"== {label}: {len(misses)} of {n} positives missed in the top 5 or in retrieval (the candidates scored) =="]
    for m in misses:
        what = []
        if not m["top5_ok"]:
            what.append("NOT IN TOP 5")
        what.append(f"retrieval rank {m['retrieval_rank']}" if m["retrieval_rank"] else "NOT RETRIEVED")
        lines.append(f"- {m['name']!r}  dob={m['birth_date'] or '-'} nat={m['nationality'] or '-'}  [{'; '.join(what)}]")
        if m["original"]:
            lines.append(f"    original: {m['original']!r}  edits: {' '.join(m['ops'])}")
        lines.append(f"    expected: {', '.join(m['expected'])}  {' | '.join(m['expected_names'])}")
        for eid, score, expl in m["direct_score"]:
            lines.append(f"    scored directly: {eid} {score}  {expl}")
        if m["top"]:
            for eid, name, score in m["top"]:
                lines.append(f"    top: {eid} {score}  {name}")
        else:
            lines.append("    top: (no hit at or above the review threshold)")
        if m["dropped"]:
            lines.append(f"    query fields dropped: {', '.join(m['dropped'])}")
    return lines + [""]


# =============================================================================== negatives

_WORKER: dict[str, Any] = {}


def _negatives_chunk(rows: list[tuple[int, str, str, str]]) -> list[tuple]:
    sc = _WORKER["screener"]
    out = []
    for i, name, nat, dob in rows:
        q, dropped = make_query(name, "Person", nat, dob, qid=str(i))
        t = time.perf_counter()
        res = sc.screen(q, limit=10)
        elapsed = time.perf_counter() - t
        matches = [(h.entity_id, h.list, h.name, h.matched_name, round(h.score, 4), h.explanation) for h in res.hits if h.match]
        out.append((i, elapsed, len(res.hits), matches, bool(dropped)))
    return out


def section_negatives(args: argparse.Namespace) -> dict[str, Any]:
    import multiprocessing as mp

    db = ensure_all_db()
    sc = open_screener(db)
    negs = negatives()
    if args.quick:
        negs = negs[: args.negatives_limit]
    rows = [(i, r.full_name, r.nationality, r.date_of_birth) for i, r in enumerate(negs)]
    # Screened in a seeded random order, so that stopping at the time budget leaves a
    # random sample (reported as such, with its confidence interval).
    random.Random(SEED + 3).shuffle(rows)
    chunks = [rows[k : k + 250] for k in range(0, len(rows), 250)]
    _WORKER["screener"] = sc
    budget = args.negatives_budget or None
    log(f"negatives: {len(rows):,} queries in {args.workers} worker(s)" + (f", at most {budget:.0f} s" if budget else ""))
    started = time.perf_counter()
    results: list[tuple] = []
    stopped = False
    if args.workers > 1:
        with mp.get_context("fork").Pool(args.workers) as pool:
            for k, part in enumerate(pool.imap(_negatives_chunk, chunks)):
                results += part
                if k % 40 == 39:
                    log(f"  {len(results):,} / {len(rows):,}")
                if budget and time.perf_counter() - started > budget and len(results) < len(rows):
                    stopped = True
                    pool.terminate()
                    break
    else:
        for part in map(_negatives_chunk, chunks):
            results += part
            if budget and time.perf_counter() - started > budget and len(results) < len(rows):
                stopped = True
                break
    if stopped:
        log(f"negatives: time budget of {budget:.0f} s spent after {len(results):,} queries: a random sample of {len(rows):,}")
    wall = time.perf_counter() - started
    results.sort()
    alerted = [r for r in results if r[3]]
    any_hit = sum(1 for r in results if r[2])
    times = [r[1] for r in results]
    by_list: Counter[str] = Counter()
    hit_names: Counter[str] = Counter()
    lines = [f"# {len(alerted)} of {len(results)} negatives with a hit at the match threshold (all lists)", ""]
    for i, _, _, matches, _ in alerted:
        rec = negs[i]
        lines.append(f"- {rec.full_name!r}  dob={rec.date_of_birth} nat={rec.nationality}  (negatives row {rec.row})")
        for eid, lst, name, matched, score, expl in matches:
            by_list[lst] += 1
            hit_names[name] += 1
            lines.append(f"    {score:.3f} {lst:5} {eid}  {name!r} (matched {matched!r})")
            lines.append(f"          {expl}")
    FALSE_ALERTS_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = len(results)
    lo, hi = wilson(len(alerted), n)
    out = {
        "queries": n,
        "of": len(rows),
        "sampled_by_time_budget": stopped,
        "with_match": len(alerted),
        "false_alert_rate": rnd(len(alerted) / n, 5),
        "false_alert_rate_ci95": [rnd(lo, 5), rnd(hi, 5)],
        "with_any_hit_review_or_match": any_hit,
        "review_rate": rnd(any_hit / n, 5),
        "match_hits_by_list": dict(by_list.most_common()),
        "most_hit_entries": hit_names.most_common(10),
        "queries_with_dropped_fields": sum(1 for r in results if r[4]),
        "workers": args.workers,
        "wall_s": round(wall, 2),
        "per_query_ms_median": rnd(1000 * median(times), 2),
        "per_query_ms_p95": rnd(1000 * percentile(times, 0.95), 2),
        "per_query_ms_mean": rnd(1000 * statistics.fmean(times), 2),
        "false_alerts_file": rel(FALSE_ALERTS_OUT),
        "false_alerts": [
            {
                "query": negs[i].full_name,
                "birth_date": negs[i].date_of_birth,
                "nationality": negs[i].nationality,
                "hits": [{"entity_id": m[0], "list": m[1], "name": m[2], "matched_name": m[3], "score": m[4], "explanation": m[5]} for m in matches],
            }
            for i, _, _, matches, _ in alerted
        ],
    }
    if args.profile_queries:
        out["profile"] = profile_negatives(sc, negs, args.profile_queries)
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval of a proportion k/n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, centre - half), min(1.0, centre + half)


def profile_top(pr: cProfile.Profile, n: int, key: str = "tottime") -> list[dict[str, Any]]:
    st = pstats.Stats(pr)
    total = st.total_tt or 1.0  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{short_path(file)}:{line}({func})", "ncalls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3), "tottime_share": round(tt / total, 3), "cumtime_share": round(ct / total, 3)})
    rows.sort(key=lambda r: -r["tottime_s" if key == "tottime" else "cumtime_s"])
    return rows[:n]


def short_path(file: str) -> str:
    for marker in ("/src/partyscreen/", "/site-packages/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1] if marker != "/src/partyscreen/" else "partyscreen/" + file.split(marker, 1)[1]
    return file


def profile_negatives(sc, negatives, n: int) -> dict[str, Any]:
    """cProfile of Screener.screen over ``n`` negatives (after a warm-up on others)."""
    log(f"negatives: cProfile over {n} queries")
    rng = random.Random(SEED + 7)
    picks = rng.sample(range(len(negatives)), min(len(negatives), 2 * n + 300))
    queries = [make_query(negatives[i].full_name, "Person", negatives[i].nationality, negatives[i].date_of_birth)[0] for i in picks]
    warm, plain_set, profiled = queries[2 * n :], queries[:n], queries[n : 2 * n]
    for q in warm:
        sc.screen(q)
    # Two disjoint sets of queries the screener has not seen: one timed plainly, one profiled.
    t = time.perf_counter()
    for q in plain_set:
        sc.screen(q)
    plain = time.perf_counter() - t
    queries = profiled
    pr = cProfile.Profile()
    pr.enable()
    for q in queries:
        sc.screen(q)
    pr.disable()
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    buf.write(f"cProfile of Screener.screen over {len(queries)} negatives (all lists), warm.\n")
    buf.write(f"Without the profiler: {plain:.2f} s ({1000 * plain / len(queries):.2f} ms/query)\n\n")
    st.sort_stats("cumulative").print_stats(40)
    st.sort_stats("tottime").print_stats(30)
    PROFILE_OUT.write_text(buf.getvalue(), encoding="utf-8")
    return {
        "queries": len(queries),
        "ms_per_query_unprofiled": round(1000 * plain / len(queries), 2),
        **profile_summary(st, len(queries)),
        "profile_file": rel(PROFILE_OUT),
    }


def profile_summary(st: pstats.Stats, n_queries: int) -> dict[str, Any]:
    """Where screening time goes: cumulative time of the main phases, and the top functions."""
    stats = st.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())

    def cum(func: str, file_part: str) -> float:
        return sum(v[3] for (f, _, fn), v in stats.items() if fn == func and file_part in f)

    def calls(func: str, file_part: str) -> int:
        return sum(v[1] for (f, _, fn), v in stats.items() if fn == func and file_part in f)

    phases = {
        "screen (total)": cum("screen", "match/screener.py"),
        "retrieval: CandidateIndex.candidates": cum("candidates", "match/index.py"),
        "  of which token expansion (_expand_uncached)": cum("_expand_uncached", "match/index.py"),
        "scoring: Screener.score_card": cum("score_card", "match/screener.py"),
        "  of which features.align_tokens": cum("align_tokens", "match/features.py"),
        "query analysis: Screener.side": cum("side", "match/screener.py"),
        "explanations: Score.explanation": cum("explanation", "match/algorithm.py"),
        "decisions: party_consequence": cum("party_consequence", "decide/"),
        "batch: row_to_query": cum("row_to_query", "match/batch.py"),
        "batch: output (_JsonlOut.write)": cum("write", "match/batch.py"),
    }
    # Direct callees of Screener.screen and the time spent in each (whatever screen calls
    # today: retrieval, scoring, graph following, ...).
    children: Counter[str] = Counter()
    screen_keys = [k for k in stats if k[2] == "screen" and "match/screener.py" in k[0]]
    for key, (_, _, _, _, callers) in stats.items():
        for sk in screen_keys:
            if sk in callers:
                children[f"{short_path(key[0])}:{key[2]}"] += callers[sk][3]
    pr_top = []
    for (file, line, func), (_, nc, tt, ct, _) in stats.items():
        pr_top.append({"function": f"{short_path(file)}:{line}({func})", "ncalls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3), "tottime_share": round(tt / (total or 1), 3)})
    pr_top.sort(key=lambda r: -r["tottime_s"])
    return {
        "profiled_total_s": round(total, 3),
        "phases_cumtime_s": {k: round(v, 3) for k, v in phases.items() if v},
        "screen_callees_s": {k: round(v, 3) for k, v in children.most_common(8)},
        "candidates_scored_per_query": round(calls("score_card", "match/screener.py") / n_queries, 1),
        "name_pairs_compared_per_query": round(calls("name_similarity", "match/features.py") / n_queries, 1),
        "top_tottime": pr_top[:15],
    }


def profile_batch(db: Path, batch_in: Path, rows: int) -> dict[str, Any]:
    """cProfile of run_batch (what ``partyscreen batch`` runs) over the first ``rows`` rows,
    in-process with a freshly opened screener (cold caches, as in the subprocess)."""
    from partyscreen.match.batch import run_batch

    log(f"throughput: cProfile of run_batch over {rows:,} rows")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        part = Path(tmp) / "part.csv"
        with open(batch_in, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k > rows:
                    break
                dst.write(line)
        sc = open_screener(db)
        pr = cProfile.Profile()
        t = time.perf_counter()
        pr.enable()
        run_batch(sc, part, Path(tmp) / "out.jsonl")
        pr.disable()
        wall = time.perf_counter() - t
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    buf.write(f"cProfile of run_batch over the first {rows:,} rows of {batch_in.name}, fresh screener; {wall:.1f} s profiled\n\n")
    st.sort_stats("cumulative").print_stats(45)
    st.sort_stats("tottime").print_stats(30)
    BATCH_PROFILE_OUT.write_text(buf.getvalue(), encoding="utf-8")
    return {"rows": rows, "profiled_wall_s": round(wall, 2), **profile_summary(st, rows), "profile_file": rel(BATCH_PROFILE_OUT)}


# =============================================================================== throughput


def section_throughput(args: argparse.Namespace, startup: dict[str, Any] | None) -> dict[str, Any]:
    db = ensure_all_db()
    from partyscreen.match.screener import load_index

    load_index(open_store(db))  # stored index current
    rows = args.batch_rows
    log(f"throughput: writing the {rows:,}-row batch input")
    batch_in, truth = sd.make_batch_input(BATCH_IN, rows)
    if startup is None or "cli_screen_s" not in startup:
        log("throughput: measuring start-up (CLI screen x3)")
        runs = [run_proc(partyscreen_exe() + ["--db", str(db), "screen", "X", "--json"]) for _ in range(3)]
        startup_s = median([x.wall_s for x in runs])
        startup_cpu = median([x.cpu_s for x in runs])
        startup_src = "measured here (median of 3)"
    else:
        startup_s = startup["cli_screen_s"]
        startup_cpu = startup.get("cli_screen_cpu_s", 0.0)
        startup_src = "startup section"
    log(f"throughput: partyscreen batch over {rows:,} rows (one process)")
    r = run_proc(partyscreen_exe() + ["--db", str(db), "batch", str(batch_in), "--output", str(BATCH_OUT)], timeout=args.batch_timeout)
    if r.rc != 0 and not r.timed_out:
        raise RuntimeError(f"batch failed ({r.rc}): {r.stderr[-2000:]}")
    if r.timed_out:
        log(f"throughput: batch stopped at the time limit ({args.batch_timeout:.0f} s): rates from the rows written by then")
    # Quality of the batch run itself, from the truth file.
    kinds = {}
    with open(truth, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kinds[row["id"]] = (row["kind"], {f"un-sc:{x}" for x in row["expected_refs"].split(";") if x})
    screened = found = pos = neg = neg_alert = 0
    with open(BATCH_OUT, encoding="utf-8") as fh:
        for line in fh:
            try:
                item = json.loads(line)
            except ValueError:
                break  # the last line of a run stopped at the time limit
            screened += 1
            kind, refs = kinds.get(item["id"], ("?", set()))
            ids = [h["entity_id"] for h in item["hits"]]
            if kind.startswith("positive"):
                pos += 1
                found += bool(refs & set(ids[:5]))
            elif kind == "negative":
                neg += 1
                neg_alert += any(h["match"] for h in item["hits"])
    excl = max(r.wall_s - startup_s, 1e-9)
    profile = profile_batch(db, batch_in, min(args.profile_batch, rows)) if args.profile_batch else None
    return {
        **({"profile": profile} if profile else {}),
        "rows": rows,
        "screened": screened,
        "stopped_at_time_limit": r.timed_out,
        "wall_s": round(r.wall_s, 2),
        "cpu_s": round(r.cpu_s, 2),
        "cpu_per_wall": round(r.cpu_s / r.wall_s, 2),
        "startup_s": round(startup_s, 3),
        "startup_from": startup_src,
        "qps_incl_startup": round(screened / r.wall_s, 1),
        "qps_excl_startup": round(screened / excl, 1),
        "qps_per_cpu_s": round(screened / r.cpu_s, 1),
        "startup_cpu_s": round(startup_cpu, 3),
        "qps_per_cpu_s_excl_startup": round(screened / max(r.cpu_s - startup_cpu, 1e-9), 1),
        "peak_rss_mb": round(r.maxrss_mb, 1),
        "batch_positives_top5": rnd(found / pos) if pos else None,
        "batch_negative_alert_rate": rnd(neg_alert / neg, 5) if neg else None,
        "stderr_tail": r.stderr.strip().splitlines()[-2:],
        "input": rel(batch_in),
    }


# =============================================================================== latency


def latency_queries(sc, n: int, seed: int) -> list[tuple[str, Any]]:
    """``n`` mixed queries: (kind, Query)."""
    from partyscreen.match import Query

    rng = random.Random(seed)
    negs = negatives()
    mapping = un_mapping()
    orgs = [c.name for c in sc.index.cards if c.schema in ("Company", "Organization", "LegalEntity") and c.name]
    mix = [("person+dob+nat", 0.35), ("person name only", 0.10), ("name, no schema", 0.10), ("UN positive", 0.15), ("UN positive typo", 0.10), ("org", 0.10), ("org typo", 0.10)]
    out: list[tuple[str, Any]] = []
    for kind, share in mix:
        k = round(n * share)
        for _ in range(k):
            if kind in ("person+dob+nat", "person name only", "name, no schema"):
                r = rng.choice(negs)
                if kind == "person+dob+nat":
                    q = make_query(r.full_name, "Person", r.nationality, r.date_of_birth)[0]
                else:
                    q = Query(r.full_name, schema="Person" if kind == "person name only" else "")
            elif kind.startswith("UN"):
                p, _ = rng.choice(mapping.mapped)
                if kind.endswith("typo"):
                    p = sd.typo_record(p, rng).record
                q = make_query(p.full_name, "Person", p.nationality, p.date_of_birth)[0]
            else:
                name = rng.choice(orgs)
                if kind.endswith("typo"):
                    name = sd.typo_name(name, rng, rng.choice((1, 2)))[0]
                q = Query(name, schema=rng.choice(("Company", "")))
            out.append((kind, q))
    rng.shuffle(out)
    return out[:n]


def section_latency(args: argparse.Namespace) -> dict[str, Any]:
    db = ensure_all_db()
    sc = open_screener(db)
    warm = latency_queries(sc, args.latency_warmup, SEED + 100)
    queries = latency_queries(sc, args.latency_queries, SEED + 200)
    log(f"latency: warm-up {len(warm)}, then {len(queries)} queries")
    for _, q in warm:
        sc.screen(q)
    times: list[float] = []
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {}
    clock, cpu_clock = time.perf_counter, time.process_time
    for kind, q in queries:
        c = cpu_clock()
        t = clock()
        sc.screen(q)
        e = clock() - t
        cpu.append(cpu_clock() - c)
        times.append(e)
        by_kind.setdefault(kind, []).append(e)
    # retrieval alone, for the same queries
    from partyscreen.match.forms import query_forms

    rtimes = []
    for _, q in queries:
        forms = [f for _, f in query_forms(q.names(), q.schema)]
        t = clock()
        retrieve(sc.index, forms)
        rtimes.append(clock() - t)
    ms = [1000 * x for x in times]
    audited = audited_latency(db, warm, queries)
    return {
        **audited,
        "queries": len(queries),
        "warmup": len(warm),
        "median_ms": rnd(median(ms), 3),
        "p95_ms": rnd(percentile(ms, 0.95), 3),
        "p99_ms": rnd(percentile(ms, 0.99), 3),
        "mean_ms": rnd(statistics.fmean(ms), 3),
        "cpu_median_ms": rnd(1000 * median(cpu), 3),
        "cpu_p95_ms": rnd(1000 * percentile(cpu, 0.95), 3),
        "max_ms": rnd(max(ms), 2),
        "retrieval_median_ms": rnd(1000 * median(rtimes), 3),
        "retrieval_p95_ms": rnd(1000 * percentile(rtimes, 0.95), 3),
        "by_kind": {k: {"n": len(v), "median_ms": rnd(1000 * median(v), 3), "p95_ms": rnd(1000 * percentile(v, 0.95), 3)} for k, v in sorted(by_kind.items())},
    }


def audited_latency(db: Path, warm: list[tuple[str, Any]], queries: list[tuple[str, Any]]) -> dict[str, Any]:
    """The same queries as ``partyscreen screen`` runs one: screened, then recorded in the audit
    trail in a transaction of its own (ScreeningRecorder, what the CLI's screen and batch use),
    on a copy of the database so that the benchmark's own stays as it was.  The chain is
    verified afterwards and must have grown by one record a query."""
    import sqlite3

    from partyscreen.cases.audit import head, verify
    from partyscreen.cases.recording import ScreeningRecorder
    from partyscreen.match import Screener

    with tempfile.TemporaryDirectory(prefix="partyscreen-bench-") as tmp:
        copy = Path(tmp) / "audited.db"
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        store = open_store(copy)
        sc = Screener.open(store)
        record = ScreeningRecorder(store, sc, "bench")
        for _, q in warm:
            record([(q, sc.screen(q))])
        with store.engine.connect() as conn:
            before = head(conn).seq
        clock = time.perf_counter
        times: list[float] = []
        for _, q in queries:
            t = clock()
            record([(q, sc.screen(q))])
            times.append(clock() - t)
        with store.engine.connect() as conn:
            grown = head(conn).seq - before
        check = verify(store.engine)
        store.engine.dispose()
    ms = [1000 * x for x in times]
    return {
        "audited_median_ms": rnd(median(ms), 3),
        "audited_p95_ms": rnd(percentile(ms, 0.95), 3),
        "audited_records": grown,
        "audited_chain_ok": check.ok,
    }


# =============================================================================== scaling

_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*$")


def token_pools(db: Path) -> dict[str, Any]:
    """Word pools by position from the loaded lists (Latin-script names only): first,
    middle and last words of person names (OFAC's "LAST, First" put in reading order)
    and of organisation names, each with its real frequency, plus the word counts."""
    store = open_store(db)
    pools: dict[str, dict[str, Counter[str]]] = {
        "person": {"first": Counter(), "middle": Counter(), "last": Counter(), "len": Counter()},
        "org": {"first": Counter(), "middle": Counter(), "last": Counter(), "len": Counter()},
    }
    for e in store.entities():
        if e.schema == "Person":
            kind = "person"
        elif e.schema in ("Company", "Organization", "LegalEntity"):
            kind = "org"
        else:
            continue
        for _, name in e.all_names():
            if kind == "person" and name.count(",") == 1:
                last, first = name.split(",")
                name = f"{first} {last}"
            words = [w.strip(".,;:()\"") for w in name.split()]
            words = [w for w in words if w]
            if not words or len(words) > 8 or not all(_WORD.match(w) for w in words):
                continue
            if kind == "person" and len(words) < 2:
                continue
            p = pools[kind]
            p["len"][str(len(words))] += 1
            p["first"][words[0]] += 1
            p["last"][words[-1]] += 1
            for w in words[1:-1]:
                p["middle"][w] += 1
    return {k: {pos: dict(c) for pos, c in v.items()} for k, v in pools.items()}


class NameMaker:
    """Seeded synthetic names from the word pools, at the words' real frequencies."""

    def __init__(self, pools: dict[str, Any], seed: int) -> None:
        self.rng = random.Random(seed)
        self.p = {}
        for kind, pos in pools.items():
            self.p[kind] = {}
            for k, counts in pos.items():
                items = list(counts.items())
                words = [w for w, _ in items]
                cum = []
                total = 0
                for _, c in items:
                    total += c
                    cum.append(total)
                self.p[kind][k] = (words, cum)

    def _pick(self, kind: str, pos: str) -> str:
        words, cum = self.p[kind][pos]
        return self.rng.choices(words, cum_weights=cum, k=1)[0]

    def name(self, kind: str) -> str:
        n = int(self._pick(kind, "len"))
        if n == 1:
            return self._pick(kind, "first")
        words = [self._pick(kind, "first")] + [self._pick(kind, "middle") for _ in range(n - 2)] + [self._pick(kind, "last")]
        return " ".join(words)


COUNTRIES = ("RU", "IR", "CN", "KP", "SY", "AF", "IQ", "LB", "AE", "TR", "VE", "BY", "PK", "YE", "US")


def synthetic_rows(pools: dict[str, Any], size: int, seed: int = SEED) -> list[tuple[str, str, str, str]]:
    """(schema, name, birth date, country) rows; row k is the same whatever ``size``."""
    mk = NameMaker(pools, seed)
    rng = random.Random(seed + 1)
    rows = []
    for _ in range(size):
        if rng.random() < 0.6:
            name = mk.name("person")
            dob = str(rng.randint(1940, 2000)) if rng.random() < 0.5 else ""
            rows.append(("Person", name, dob, rng.choice(COUNTRIES) if rng.random() < 0.5 else ""))
        else:
            rows.append(("Company", mk.name("org"), "", rng.choice(COUNTRIES) if rng.random() < 0.5 else ""))
    return rows


def scaling_worker(size: int, pools_path: Path, out_path: Path, n_queries: int, pickle_max: int) -> int:
    """One size of the scaling run, in its own process (``--scaling-worker``)."""
    from partyscreen.match import Query, Screener
    from partyscreen.match.forms import query_forms
    from partyscreen.match.index import CandidateIndex
    from partyscreen.model import Entity

    res: dict[str, Any] = {"size": size}
    pools = json.loads(pools_path.read_text(encoding="utf-8"))
    rss0 = current_rss_mb()
    t = time.perf_counter()
    rows = synthetic_rows(pools, size)
    res["generate_s"] = round(time.perf_counter() - t, 2)
    rss1 = current_rss_mb()

    def entities() -> Iterable[Entity]:
        for k, (schema, name, dob, country) in enumerate(rows):
            yield Entity(
                id=f"syn:{k}",
                schema=schema,
                list_code="SYN",
                name=name,
                birth_dates=[dob] if dob else [],
                countries=[country] if country else [],
            )

    t, c = time.perf_counter(), time.process_time()
    index = CandidateIndex.build(entities())
    res["build_s"] = round(time.perf_counter() - t, 2)
    res["build_cpu_s"] = round(time.process_time() - c, 2)
    rss2 = current_rss_mb()
    res.update(index_stats(index))
    res["rss_after_generate_mb"] = rnd(rss1, 1)
    res["rss_after_build_mb"] = rnd(rss2, 1)
    res["index_rss_mb"] = rnd((rss2 or 0) - (rss1 or 0), 1)
    res["rss_at_start_mb"] = rnd(rss0, 1)
    if size <= pickle_max:
        t = time.perf_counter()
        blob = index.dumps()
        res["pickle_dumps_s"] = round(time.perf_counter() - t, 2)
        res["pickle_bytes"] = len(blob)
        t = time.perf_counter()
        CandidateIndex.loads(blob)
        res["pickle_loads_s"] = round(time.perf_counter() - t, 2)
        del blob
    sc = Screener(index)

    # Queries: typo'd synthetic names that are in the index (the right one should be
    # found) and the US negatives (nothing should be).
    rng = random.Random(SEED + size)
    negs = negatives()
    picks = rng.sample(range(size), min(size, n_queries // 2))
    queries: list[tuple[str, Any, str]] = []
    for k in picks:
        schema, name, dob, country = rows[k]
        typo = sd.typo_name(name, rng, 1)[0]
        queries.append(("in-index typo", Query(typo, schema=schema, birth_dates=(dob,) if dob else (), countries=(country,) if country else ()), f"syn:{k}"))
    for r in rng.sample(negs, n_queries - len(picks)):
        q = make_query(r.full_name, "Person", r.nationality, r.date_of_birth)[0]
        queries.append(("negative", q, ""))
    rng.shuffle(queries)
    warm = queries[:50]
    for _, q, _ in warm:
        sc.screen(q)
    times, rtimes, found, n_pos = [], [], 0, 0
    clock = time.perf_counter
    for kind, q, expected in queries:
        t = clock()
        result = sc.screen(q, limit=5)
        times.append(clock() - t)
        forms = [f for _, f in query_forms(q.names(), q.schema)]
        t = clock()
        retrieve(index, forms)
        rtimes.append(clock() - t)
        if expected:
            n_pos += 1
            found += any(h.entity_id == expected for h in result.hits)
    res["queries"] = len(queries)
    res["median_ms"] = rnd(1000 * median(times), 3)
    res["p95_ms"] = rnd(1000 * percentile(times, 0.95), 3)
    res["retrieval_median_ms"] = rnd(1000 * median(rtimes), 3)
    res["retrieval_p95_ms"] = rnd(1000 * percentile(rtimes, 0.95), 3)
    res["in_index_typo_top5"] = rnd(found / n_pos) if n_pos else None
    res["peak_rss_mb"] = rnd(peak_rss_mb(), 1)
    out_path.write_text(json.dumps(res), encoding="utf-8")
    return 0


def section_scaling(args: argparse.Namespace, deadline: float | None) -> dict[str, Any]:
    db = ensure_all_db()
    log("scaling: word pools from the loaded lists")
    pools = token_pools(db)
    TOKENS_OUT.write_text(json.dumps(pools), encoding="utf-8")
    sizes = [int(s) for s in args.scaling_sizes.split(",") if s.strip()]
    res: dict[str, Any] = {
        "pool_words": {k: {pos: len(v[pos]) for pos in ("first", "middle", "last")} for k, v in pools.items()},
        "sizes": {},
        "skipped": {},
    }
    sample = NameMaker(pools, SEED)
    res["sample_names"] = [sample.name("person") for _ in range(4)] + [sample.name("org") for _ in range(4)]
    per_item: float | None = None  # seconds per name of build, from the last size
    for size in sizes:
        timeout = min(args.scaling_timeout, max(deadline - time.time(), 1.0))
        if per_item is not None:
            predicted = per_item * size * 1.5 + 30  # build + queries + generation, with margin
            if predicted > timeout and not args.scaling_force:
                reason = (
                    f"predicted {predicted:.0f} s (build {per_item * 1000:.3f} ms/name x {size:,}, x1.5 + 30 s) "
                    f"> the time left for it ({timeout:.0f} s); --scaling-force runs it anyway"
                )
                log(f"scaling: {size:,} skipped: {reason}")
                res["skipped"][str(size)] = reason
                continue
        log(f"scaling: {size:,} names (time limit {timeout:.0f} s)")
        with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
            out = Path(tmp) / "r.json"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--scaling-worker", str(size), "--worker-out", str(out), "--worker-pools", str(TOKENS_OUT), "--worker-queries", str(args.scaling_queries)]
            r = run_proc(cmd, timeout=timeout)
            if r.rc == 0 and out.exists():
                item = json.loads(out.read_text(encoding="utf-8"))
                item["process"] = r.brief()
                res["sizes"][str(size)] = item
                per_item = item["build_s"] / size
                log(f"  build {item['build_s']} s, peak {r.maxrss_mb:.0f} MB, median query {item['median_ms']} ms")
            else:
                why = "timed out" if r.timed_out else f"exit {r.rc}"
                res["skipped"][str(size)] = f"{why} after {r.wall_s:.0f} s (peak RSS {r.maxrss_mb:.0f} MB): {r.stderr.strip().splitlines()[-1:] }"
                log(f"  {size:,}: {res['skipped'][str(size)]}")
    return res


# =============================================================================== report


def status(key: str, value: float | None) -> str:
    if value is None or key not in REQ:
        return ""
    op, bound = REQ[key]
    ok = value <= bound if op == "<=" else value >= bound
    return "PASS" if ok else "FAIL"


def req_text(key: str) -> str:
    if key not in REQ:
        return ""
    op, bound = REQ[key]
    unit = {"index_build_s": " s", "startup_cli_s": " s", "startup_open_s": " s", "qps_incl_startup": " q/s", "qps_excl_startup": " q/s", "batch_peak_rss_mb": " MB", "latency_median_ms": " ms", "latency_audited_median_ms": " ms"}.get(key, "")
    if key.startswith("un_") or key == "false_alert_rate":
        return f"{op} {bound * 100:g} %"
    return f"{op} {bound:g}{unit}"


def pct(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{100 * x:.{digits}f} %"


NOTES: list[str] = []


Row = tuple[str, str, str, str, str, str]
COLUMNS = ("section", "figure", "value", "requirement", "status", "on CPU time")


def rows_for(report: dict[str, Any], ran: Sequence[str]) -> list[Row]:
    """(section, figure, value, requirement, status, status on CPU time) for the table.
    The status is judged on the figure as required (wall clock for times); the last
    column judges the same requirement on CPU time, where measured (the machine is shared)."""
    s = report.get("sections", {})
    rows: list[Row] = []

    def add(section: str, label: str, value: str, key: str = "", raw: float | None = None, cpu: float | None = None) -> None:
        rows.append((section, label, value, req_text(key), status(key, raw) if key else "", status(key, cpu) if key and cpu is not None else ""))

    if "build" in ran and "build" in s:
        b = s["build"]
        add("build", "index build: build_index(store), in-process", f"{b['build_index_s']:.1f} s (CPU {b['build_index_cpu_s']:.1f} s)", "index_build_s", b["build_index_s"], b.get("build_index_cpu_s"))
        br = b["breakdown_s"]
        add("build", "  read entities / CandidateIndex.build / pickle / store", f"{br['read_entities']:.1f} / {br['CandidateIndex.build']:.1f} / {br['pickle_dumps']:.1f} / {br['save_artifact']:.1f} s")
        add("build", "import of all lists via CLI (4 commands, each rebuilds the index)", f"{b['import_total_wall_s']:.1f} s (last: {b['import_last_wall_s']:.1f} s)")
        add("build", "entities / names indexed / distinct words", f"{b['entities']:,} / {b['names_indexed']:,} / {b['distinct_tokens']:,}")
        add("build", "stored index size / DB file", f"{b['stored_index_bytes'] / MB:.1f} MB / {b['db_file_bytes'] / MB:.1f} MB")
        add("build", "import peak RSS", f"{b['import_peak_rss_mb']:.0f} MB")
    if "startup" in ran and "startup" in s:
        st = s["startup"]
        add("startup", 'CLI `screen "X" --json` (median of runs)', f"{st['cli_screen_s']:.2f} s (CPU {st['cli_screen_cpu_s']:.2f} s)", "startup_cli_s", st["cli_screen_s"], st.get("cli_screen_cpu_s"))
        add("startup", "  of which `partyscreen --help` (interpreter + imports)", f"{st['cli_help_s']:.2f} s")
        add("startup", "Screener.open(store) in-process (median)", f"{st['open_s']:.2f} s (CPU {st['open_cpu_s']:.2f} s)", "startup_open_s", st["open_s"], st.get("open_cpu_s"))
        ob = st["open_breakdown_s"]
        rest = st["open_s"] - ob["read_blob"] - ob["unpickle"]
        add("startup", "  read blob / unpickle / rest (versions, graph, ...)", f"{ob['read_blob']:.2f} / {ob['unpickle']:.2f} / {rest:.2f} s")
        add("startup", "first query after open", f"{st['first_query_after_open_ms']:.0f} ms")
    if "un" in ran and "un" in s:
        u = s["un"]
        n = u["positives"]
        add("un", f"top 5 has the right UN entry, untreated (n={n})", f"{pct(u['top5'])} ({u['top5_misses']} missed)", "un_top5", u["top5"])
        add("un", "top 5, typo'd", f"{pct(u['top5_typo'])} ({u['top5_misses_typo']} missed)", "un_top5_typo", u["top5_typo"])
        add("un", "retrieval recall (candidates scored, <= top 50), untreated", f"{pct(u['retrieval'])} ({u['retrieval_misses']} missed)", "un_retrieval", u["retrieval"])
        add("un", "retrieval recall, typo'd", f"{pct(u['retrieval_typo'])} ({u['retrieval_misses_typo']} missed)", "un_retrieval_typo", u["retrieval_typo"])
        add("un", "top 1 untreated / typo'd", f"{pct(u['top1'])} / {pct(u['top1_typo'])}")
    if "negatives" in ran and "negatives" in s:
        ng = s["negatives"]
        sample = f" (random sample of {ng['of']:,}: time budget)" if ng.get("sampled_by_time_budget") else ""
        ci = ng.get("false_alert_rate_ci95") or [None, None]
        add("negatives", f"false alerts (hit.match) over {ng['queries']:,} negatives{sample}", f"{pct(ng['false_alert_rate'], 3)} ({ng['with_match']}; 95% CI {pct(ci[0], 2)}–{pct(ci[1], 2)})", "false_alert_rate", ng["false_alert_rate"])
        add("negatives", "with any hit (review threshold)", f"{pct(ng['review_rate'], 2)} ({ng['with_any_hit_review_or_match']})")
        add("negatives", f"time per query (median / p95, {ng['workers']} workers)", f"{ng['per_query_ms_median']:.1f} / {ng['per_query_ms_p95']:.1f} ms")
        if "profile" in ng:
            add("negatives", f"where screen() time goes (cProfile; {ng['profile']['ms_per_query_unprofiled']:.1f} ms/query unprofiled)", profile_phases_text(ng["profile"]))
            add("negatives", "  candidates scored / name pairs compared per query", f"{ng['profile']['candidates_scored_per_query']} / {ng['profile']['name_pairs_compared_per_query']}")
    if "throughput" in ran and "throughput" in s:
        tp = s["throughput"]
        stop = f" (stopped at the {tp['wall_s']:.0f} s limit, of {tp['rows']:,})" if tp.get("stopped_at_time_limit") else ""
        add("throughput", f"batch {tp['screened']:,} rows{stop}: q/s, start-up included", f"{tp['qps_incl_startup']:,.0f} q/s ({tp['wall_s']:.1f} s wall; per CPU s {tp['qps_per_cpu_s']:,.0f})", "qps_incl_startup", tp["qps_incl_startup"], tp.get("qps_per_cpu_s"))
        add("throughput", "q/s, start-up excluded", f"{tp['qps_excl_startup']:,.0f} q/s (start-up {tp['startup_s']:.2f} s; per CPU s {tp.get('qps_per_cpu_s_excl_startup', 0):,.0f})", "qps_excl_startup", tp["qps_excl_startup"], tp.get("qps_per_cpu_s_excl_startup"))
        add("throughput", "CPU time / wall time of the batch process", f"{tp['cpu_s']:.1f} / {tp['wall_s']:.1f} s ({tp['cpu_per_wall']:.2f})")
        add("throughput", "peak memory (RSS) of the batch process", f"{tp['peak_rss_mb']:.0f} MB", "batch_peak_rss_mb", tp["peak_rss_mb"])
        if "profile" in tp:
            add("throughput", f"where batch screen() time goes (cProfile, {tp['profile']['rows']:,} rows)", profile_phases_text(tp["profile"]))
        add("throughput", "in the batch: positives top 5 / negatives alerted", f"{pct(tp['batch_positives_top5'])} / {pct(tp['batch_negative_alert_rate'], 3)}")
    if "latency" in ran and "latency" in s:
        la = s["latency"]
        add("latency", f"Screener.screen median, warm ({la['queries']:,} mixed)", f"{la['median_ms']:.2f} ms (CPU {la['cpu_median_ms']:.2f} ms)", "latency_median_ms", la["median_ms"], la.get("cpu_median_ms"))
        add("latency", "p95 / p99 / max", f"{la['p95_ms']:.1f} / {la['p99_ms']:.1f} / {la['max_ms']:.0f} ms")
        add("latency", "retrieval alone median / p95", f"{la['retrieval_median_ms']:.2f} / {la['retrieval_p95_ms']:.2f} ms")
        if "audited_median_ms" in la:
            add("latency", "with the audit trail on: screen + record, one transaction a query, median", f"{la['audited_median_ms']:.2f} ms (p95 {la['audited_p95_ms']:.1f} ms)", "latency_audited_median_ms", la["audited_median_ms"])
            add("latency", "  audit records written / chain verified", f"{la['audited_records']:,} / {'yes' if la['audited_chain_ok'] else 'NO'}")
    if "scaling" in ran and "scaling" in s:
        sc = s["scaling"]
        for size, item in sc["sizes"].items():
            earlier = f" [earlier run {item['from_earlier_run']}]" if item.get("from_earlier_run") else ""
            add("scaling", f"{int(size):,} names{earlier}: build / peak RSS", f"{item['build_s']:.1f} s (CPU {item['build_cpu_s']:.1f} s) / {item.get('peak_rss_mb') or item['process']['maxrss_mb']:,.0f} MB")
            add("scaling", f"{int(size):,} names: query median / p95 (retrieval median)", f"{item['median_ms']:.2f} / {item['p95_ms']:.1f} ms ({item['retrieval_median_ms']:.2f} ms)")
        for size, why in sc["skipped"].items():
            add("scaling", f"{int(size):,} names", "not measured (see below)")
            NOTES.append(f"scaling {int(size):,}: not measured: {why}")
    return rows


def profile_phases_text(profile: dict[str, Any]) -> str:
    """Shares of Screener.screen's time by what it calls (cProfile)."""
    callees = profile.get("screen_callees_s") or {}
    total = profile["phases_cumtime_s"].get("screen (total)") or 1
    names = {
        "candidates": "retrieval",
        "score_card": "scoring",
        "side": "query analysis",
        "hits": "graph",
        "party_consequence": "decisions",
        "explanation": "explanations",
    }
    parts = []
    for key, sec in list(callees.items())[:6]:
        func = key.rsplit(":", 1)[-1]
        label = names.get(func, key.split("/")[-1])
        if sec / total >= 0.01:
            parts.append(f"{label} {100 * sec / total:.0f}%")
    return ", ".join(parts)


def render_table(rows: list[Row], meta: dict[str, Any]) -> str:
    head = COLUMNS
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    widths[2] = min(widths[2], 60)
    line = "  ".join("-" * w for w in widths)
    out = [line, "  ".join(str(h).ljust(w) for h, w in zip(head, widths)), line]
    last = None
    for r in rows:
        sec = r[0] if r[0] != last else ""
        last = r[0]
        out.append("  ".join(str(v).ljust(w) for v, w in zip((sec, *r[1:]), widths)).rstrip())
    out.append(line)
    la = meta.get("loadavg_before"), meta.get("loadavg_after")
    out.append(f"machine: {meta['cpu_count']} cores, load average before/after {la[0]} / {la[1]}; python {meta['python']}; rev {meta['src']['revision']} (src: {meta['src']['src_dirty_files']} uncommitted files, diff {meta['src']['src_diff_sha']})")
    if meta.get("src_changed_during_run"):
        out.append("WARNING: src/ changed while the benchmark ran (diff hash differs at start and end): figures may mix code versions")
    if la[0] and la[0][0] > 0.5 * (meta["cpu_count"] or 1):
        out.append("WARNING: the machine was busy when the run started: the timings are pessimistic")
    for name, ctx in meta.get("section_contexts", {}).items():
        src = ctx.get("src") or {}
        out.append(f"  {name}: finished {ctx.get('finished', '?')}, {ctx.get('seconds', '?')} s, load {ctx.get('loadavg_before')} -> {ctx.get('loadavg_after')}, rev {src.get('revision', '?')} (src diff {src.get('src_diff_sha', '?')})")
    out += NOTES
    fails = [r for r in rows if r[4] == "FAIL"]
    out.append(f"{sum(r[4] == 'PASS' for r in rows)} PASS, {len(fails)} FAIL (on CPU time: {sum(r[5] == 'PASS' for r in rows)} PASS, {sum(r[5] == 'FAIL' for r in rows)} FAIL of the timed figures)")
    return "\n".join(out)


# =============================================================================== main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections ({','.join(SECTIONS)})")
    ap.add_argument("--quick", action="store_true", help="smaller samples (a few minutes in all)")
    ap.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)), help="processes for the negatives (quality only)")
    ap.add_argument("--build-runs", type=int, default=1)
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--un-limit", type=int, default=300, help="--quick: UN positives sampled")
    ap.add_argument("--negatives-limit", type=int, default=5000, help="--quick: negatives screened")
    ap.add_argument("--profile-queries", type=int, default=500, help="negatives profiled with cProfile (0: no profile)")
    ap.add_argument("--batch-rows", type=int, default=30_000)
    ap.add_argument("--profile-batch", type=int, default=2000, help="batch rows profiled in-process after the timed run (0: none)")
    ap.add_argument("--batch-timeout", type=float, default=300, help="stop the batch after this many s and rate the rows written by then")
    ap.add_argument("--negatives-budget", type=float, default=300, help="s for the negatives; past it the rows done so far (random order) are the sample (0: no limit)")
    ap.add_argument("--latency-queries", type=int, default=2000)
    ap.add_argument("--latency-warmup", type=int, default=300)
    ap.add_argument("--scaling-sizes", default="10000,100000,1000000")
    ap.add_argument("--scaling-queries", type=int, default=300)
    ap.add_argument("--scaling-timeout", type=float, default=900, help="time limit of one size, s")
    ap.add_argument("--scaling-force", action="store_true", help="run a size even when predicted not to fit")
    ap.add_argument("--scaling-budget", type=float, default=None, help="s for the scaling section (default 420, --quick 150); a size predicted not to fit is skipped")
    ap.add_argument("--json", type=Path, default=JSON_OUT)
    ap.add_argument("--table", action="store_true", help="only print the table of the last run from the JSON")
    # internal: one size of the scaling run
    ap.add_argument("--scaling-worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--worker-pools", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--worker-queries", type=int, default=300, help=argparse.SUPPRESS)
    ap.add_argument("--worker-pickle-max", type=int, default=100_000, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.quick:
        if "--batch-rows" not in (argv or sys.argv):
            args.batch_rows = 3000
        if "--latency-queries" not in (argv or sys.argv):
            args.latency_queries = 500
        if "--startup-runs" not in (argv or sys.argv):
            args.startup_runs = 3
        if "--scaling-sizes" not in (argv or sys.argv):
            args.scaling_sizes = "10000,100000"
        if "--profile-queries" not in (argv or sys.argv):
            args.profile_queries = 300
        if "--profile-batch" not in (argv or sys.argv):
            args.profile_batch = 500
    if args.scaling_budget is None:
        args.scaling_budget = 150 if args.quick else 420
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.scaling_worker:
        return scaling_worker(args.scaling_worker, args.worker_pools, args.worker_out, args.worker_queries, args.worker_pickle_max)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    ran = [s for s in SECTIONS if s in only]
    if args.json.resolve() != JSON_OUT.resolve():
        # The text outputs go beside the JSON named, not over the default run's.
        global MISSES_OUT, FALSE_ALERTS_OUT, PROFILE_OUT, BATCH_PROFILE_OUT
        folder = args.json.resolve().parent
        MISSES_OUT, FALSE_ALERTS_OUT = folder / MISSES_OUT.name, folder / FALSE_ALERTS_OUT.name
        PROFILE_OUT, BATCH_PROFILE_OUT = folder / PROFILE_OUT.name, folder / BATCH_PROFILE_OUT.name
    if args.table:
        report = json.loads(args.json.read_text(encoding="utf-8"))
        meta = report["last_run"]
        sections = [s for s in SECTIONS if s in report["sections"] and (s in ran or args.only == ",".join(SECTIONS))]
        meta = {**meta, "section_contexts": {n: report["sections"][n].get("context", {}) for n in sections}}
        print(render_table(rows_for(report, sections), meta))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        report = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
    except ValueError:
        report = {}
    report.setdefault("sections", {})
    started = time.time()
    src0 = src_state()
    from partyscreen.match import ALGORITHM

    meta: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "algorithm": ALGORITHM,
        "loadavg_before": loadavg(),
        "src": src0,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if not k.startswith("worker") and k != "scaling_worker"},
        "sections_run": ran,
    }
    failed: dict[str, str] = {}
    for name in ran:
        log(f"== {name} (load {loadavg()})")
        before = loadavg()
        t = time.perf_counter()
        try:
            if name == "build":
                res = section_build(args)
            elif name == "startup":
                res = section_startup(args)
            elif name == "un":
                res = section_un(args)
            elif name == "negatives":
                res = section_negatives(args)
            elif name == "throughput":
                prior = report["sections"].get("startup") if "startup" in ran else None
                res = section_throughput(args, prior)
            elif name == "latency":
                res = section_latency(args)
            else:
                res = section_scaling(args, time.time() + args.scaling_budget)
                # Sizes not measured in this run keep their earlier figures (marked so).
                earlier = report["sections"].get("scaling") or {}
                for size, item in (earlier.get("sizes") or {}).items():
                    if size not in res["sizes"] and size not in res["skipped"]:
                        item.setdefault("from_earlier_run", (earlier.get("context") or {}).get("finished", "?"))
                        res["sizes"][size] = item
                res["sizes"] = dict(sorted(res["sizes"].items(), key=lambda kv: int(kv[0])))
        except Exception as exc:  # noqa: BLE001 - one failing section must not lose the others
            import traceback

            failed[name] = f"{type(exc).__name__}: {exc}"
            log(f"section {name} FAILED: {exc}")
            traceback.print_exc()
            continue
        res["context"] = {
            "seconds": round(time.perf_counter() - t, 1),
            "loadavg_before": before,
            "loadavg_after": loadavg(),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
            "src": src_state(),
        }
        report["sections"][name] = res
        meta_now = {**meta, "loadavg_after": loadavg()}
        report["last_run"] = meta_now
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        log(f"   {name}: {res['context']['seconds']} s")
    src1 = src_state()
    meta["loadavg_after"] = loadavg()
    meta["seconds"] = round(time.time() - started, 1)
    meta["src_changed_during_run"] = src1["src_diff_sha"] != src0["src_diff_sha"] or src1["revision"] != src0["revision"]
    meta["failed_sections"] = failed
    report["last_run"] = meta
    meta["section_contexts"] = {n: report["sections"][n].get("context", {}) for n in ran if n not in failed and n in report["sections"]}
    rows = rows_for(report, [s for s in ran if s not in failed])
    report["last_run"]["table"] = [dict(zip(COLUMNS, r)) for r in rows]
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print()
    print(render_table(rows, meta))
    for name, why in failed.items():
        print(f"section {name} failed: {why}")
    print(f"total {meta['seconds']:.0f} s; figures in {rel(args.json)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
