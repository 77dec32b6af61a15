"""Matching benchmark: partyscreen against the open anchors, in the same run.

    python bench/run_matching.py                      # table + bench/out/matching.json
    python bench/run_matching.py --failures partyscreen   # FN/FP of one system, for tuning
    python bench/run_matching.py --systems logic-v2,rapidfuzz --runs 5

Systems (columns): partyscreen (``partyscreen.match.score_pair``), logic-v2 and
logic-v1 (nomenklatura), rapidfuzz (token_sort_ratio >= 85).  A system that
cannot be imported is reported as "not available" and the others still run.

Data: nomenklatura's name_bench ``cases.csv`` (826 labelled name pairs) from
``../shared/data`` (or ``$BENCH_DATA_DIR``).

Quality: precision, recall and F1 over all cases, people (Person) and
organisations (Company, Organization, LegalEntity), from the verdicts of the
first run (the verdicts of every run are checked to be the same).

Speed: every system is measured ``--runs`` times (default 3), each run in a
fresh process (``bench/measure_worker.py``): load, warm-up on made-up pairs not
in the cases, then a cold first pass over all pairs (no memo cache holds any
of their names) and a cached second pass over the same pairs (repeated for at
least ``--min-cached-seconds``).  pairs/s is the median over the runs, by
process CPU time unless ``--clock wall``; the systems run one after the other,
never side by side, in rounds (each system once a round), and each system's cold
pairs/s over logic-v2's is also given round by round, with its median: on a shared
machine a busy spell then slows both sides of a ratio alike.

nomenklatura runs in this interpreter by default; ``--anchor-python PATH`` (or
``$BENCH_ANCHOR_PYTHON``, or a ``.venv-anchor`` beside the repo when
nomenklatura is missing here) runs the anchors under another interpreter, for
when its pins cannot live with partyscreen's.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import (  # noqa: E402
    REPO,
    Case,
    case_stats,
    cases_path,
    failures,
    load_cases,
    quality_figures,
)
from systems import ANCHOR_SYSTEMS, registry  # noqa: E402

WORKER = HERE / "measure_worker.py"
DEFAULT_OUT = HERE / "out" / "matching.json"

# The figures quoted in the issue that asked for this harness, to check the anchors
# against: F1 all/people/orgs and pairs/s cold/cached.
ISSUE_FIGURES = {
    "logic-v2": {"f1": (0.796, 0.747, 0.872), "pairs_per_s": (2800, 5700)},
    "logic-v1": {"f1": (0.751, 0.651, 0.867), "pairs_per_s": (3900, 13100)},
    "rapidfuzz": {"f1": (0.670, 0.661, 0.669), "pairs_per_s": (69000, 196000)},
}


# --------------------------------------------------------------------------- running


def anchor_python(explicit: str | None) -> str:
    if explicit:
        return explicit
    env = os.environ.get("BENCH_ANCHOR_PYTHON")
    if env:
        return env
    if importlib.util.find_spec("nomenklatura") is None:
        fallback = REPO / ".venv-anchor" / "bin" / "python"
        if fallback.exists():
            return str(fallback)
    return sys.executable


def run_worker(
    python: str,
    system: str,
    cases_file: Path,
    *,
    speed: bool = True,
    clock: str = "cpu",
    min_cached_seconds: float = 1.0,
) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [
            python,
            str(WORKER),
            "--system",
            system,
            "--out",
            str(out),
            "--cases",
            str(cases_file),
            "--clock",
            clock,
            "--min-cached-seconds",
            str(min_cached_seconds),
        ]
        if not speed:
            cmd.append("--no-speed")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if out.exists():
            result = json.loads(out.read_text(encoding="utf-8"))
        else:
            result = {
                "system": system,
                "available": False,
                "reason": f"worker failed (exit {proc.returncode}): "
                + (proc.stderr.strip().splitlines() or ["no output"])[-1],
            }
        if proc.returncode != 0 and "error" not in result:
            result["worker_stderr"] = proc.stderr[-4000:]
        return result


def loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def summarise(system: str, runs: list[dict], cases: list[Case]) -> dict:
    first = runs[0]
    summary: dict = {
        "available": bool(first.get("available")) and "error" not in first,
        "description": first.get("description", ""),
        "version": first.get("version", ""),
        "python": first.get("python", ""),
    }
    if not first.get("available"):
        summary["reason"] = first.get("reason", "not available")
        return summary
    if "error" in first:
        summary["reason"] = f"failed: {first['error']}"
        summary["traceback"] = first.get("traceback", "")
        return summary
    verdicts = first["verdicts"]
    summary["quality"] = quality_figures(cases, verdicts)
    if first.get("error_indices"):
        summary["errors"] = {
            "pairs": len(first["error_indices"]),
            "case_lines": [i + 2 for i in first["error_indices"]],  # line in cases.csv
            "first_traceback": first.get("first_error_traceback", ""),
        }
    summary["verdicts_same_in_all_runs"] = all(
        r.get("verdicts") == verdicts and r.get("cached_verdicts_same", True) for r in runs
    )
    cold = [r["cold_pairs_per_s"] for r in runs if r.get("cold_pairs_per_s")]
    cached = [r["cached_pairs_per_s"] for r in runs if r.get("cached_pairs_per_s")]
    summary["speed"] = {
        "clock": first.get("clock"),
        "runs": len(runs),
        "cold_pairs_per_s": round(statistics.median(cold)) if cold else None,
        "cached_pairs_per_s": round(statistics.median(cached)) if cached else None,
        "cold_pairs_per_s_runs": [round(x) for x in cold],
        "cached_pairs_per_s_runs": [round(x) for x in cached],
        "load_seconds_runs": [round(r.get("load_seconds", 0.0), 3) for r in runs],
        "warmup_seconds_runs": [round(r.get("warmup_seconds", 0.0), 3) for r in runs],
        "cached_passes_runs": [r.get("cached_passes") for r in runs],
    }
    if any("error" in r for r in runs[1:]):
        summary["later_run_errors"] = [r["error"] for r in runs[1:] if "error" in r]
    return summary


# --------------------------------------------------------------------------- report


def ratio_by_round(system: list[dict], baseline: list[dict]) -> dict | None:
    """Cold pairs/s of ``system`` over the baseline's, round by round (the two measured minutes
    apart at most), and the median of those ratios; None without both."""
    ratios = [
        s["cold_pairs_per_s"] / b["cold_pairs_per_s"]
        for s, b in zip(system, baseline)
        if s.get("cold_pairs_per_s") and b.get("cold_pairs_per_s")
    ]
    if not ratios:
        return None
    return {"median": round(statistics.median(ratios), 2), "rounds": [round(r, 2) for r in ratios]}


def _fmt_f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _fmt_ratio(ratio: dict | None) -> str:
    return "-" if not ratio else f"{ratio['median']:.1f}x"


def _fmt_int(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def render_table(report: dict) -> str:
    systems = report["systems"]
    names = list(systems)
    rows: list[tuple[str, list[str]]] = []

    def q(name: str, slice_: str, key: str) -> float | None:
        s = systems[name]
        return s["quality"][slice_][key] if s.get("quality") else None

    def sp(name: str, key: str) -> float | None:
        s = systems[name]
        return s["speed"][key] if s.get("speed") else None

    def na(name: str, value: str) -> str:
        return value if systems[name]["available"] else "n/a"

    rows.append(("F1 all", [na(n, _fmt_f(q(n, "all", "f1"))) for n in names]))
    rows.append(("F1 people", [na(n, _fmt_f(q(n, "people", "f1"))) for n in names]))
    rows.append(("F1 orgs", [na(n, _fmt_f(q(n, "orgs", "f1"))) for n in names]))
    rows.append(("precision (all)", [na(n, _fmt_f(q(n, "all", "precision"))) for n in names]))
    rows.append(("recall (all)", [na(n, _fmt_f(q(n, "all", "recall"))) for n in names]))
    runs = report["meta"]["runs"]
    rows.append(
        (f"pairs/s cold (median of {runs})", [na(n, _fmt_int(sp(n, "cold_pairs_per_s"))) for n in names])
    )
    rows.append(
        (
            "cold x logic-v2 (median of rounds)",
            [na(n, _fmt_ratio(report["systems"][n].get("speed", {}).get("cold_ratio_to_logic_v2"))) for n in names],
        )
    )
    rows.append(
        (f"pairs/s cached (median of {runs})", [na(n, _fmt_int(sp(n, "cached_pairs_per_s"))) for n in names])
    )
    rows.append(
        ("FN / FP", [na(n, f"{q(n, 'all', 'fn')} / {q(n, 'all', 'fp')}") for n in names])
    )

    label_w = max(len(r[0]) for r in rows)
    col_w = [max(len(n), *(len(r[1][i]) for r in rows)) for i, n in enumerate(names)]
    lines = []
    meta = report["meta"]
    st = meta["cases"]
    lines.append(
        f"Matching benchmark: {st['n']} labelled pairs from nomenklatura name_bench cases.csv "
        f"({st['by_schema'].get('Person', 0)} Person, "
        f"{sum(v for k, v in st['by_schema'].items() if k in ('Company', 'Organization', 'LegalEntity'))} orgs, "
        f"{st['by_schema'].get('Vessel', 0)} Vessel)"
    )
    lines.append("")
    header = " " * label_w + "  " + "  ".join(n.rjust(w) for n, w in zip(names, col_w))
    lines.append(header)
    lines.append("-" * len(header))
    for label, vals in rows:
        lines.append(label.ljust(label_w) + "  " + "  ".join(v.rjust(w) for v, w in zip(vals, col_w)))
    lines.append("")
    for n in names:
        s = systems[n]
        if not s["available"]:
            lines.append(f"{n}: not available — {s.get('reason', '')}")
        if s.get("errors"):
            err = s["errors"]
            last = err["first_traceback"].strip().splitlines()[-1:] or [""]
            lines.append(
                f"{n}: WARNING {err['pairs']} of {meta['cases']['n']} pairs raised an error "
                f"(counted as non-matches; see --failures {n}): {last[0]}"
            )
        elif not s.get("verdicts_same_in_all_runs", True):
            lines.append(f"{n}: WARNING verdicts differ between runs/passes")
    lines.append(
        f"speed clock: {meta['clock']} time; load average before/after: "
        f"{meta['loadavg_before']} / {meta['loadavg_after']} on {meta['cpu_count']} cores"
    )
    if meta["loadavg_before"] and meta["loadavg_before"][0] > 0.5 * (meta["cpu_count"] or 1):
        lines.append("  (other processes were busy on this machine: pairs/s figures are low and noisy)")
    ref = [n for n in names if n in ISSUE_FIGURES and systems[n]["available"]]
    if ref:
        lines.append("")
        lines.append("anchors against the figures quoted in the issue (measured | issue):")
        for n in ref:
            exp = ISSUE_FIGURES[n]
            got_f1 = tuple(q(n, s, "f1") for s in ("all", "people", "orgs"))
            got_sp = (sp(n, "cold_pairs_per_s"), sp(n, "cached_pairs_per_s"))
            lines.append(
                f"  {n:<10} F1 {'/'.join(_fmt_f(x) for x in got_f1)} | "
                f"{'/'.join(f'{x:.3f}' for x in exp['f1'])}    "
                f"pairs/s {'/'.join(_fmt_int(x) for x in got_sp)} | "
                f"{'/'.join(f'{x:,}' for x in exp['pairs_per_s'])}"
            )
    return "\n".join(lines)


# --------------------------------------------------------------------------- modes


def run_benchmark(args: argparse.Namespace, cases: list[Case], systems: list[str]) -> int:
    anchors_py = anchor_python(args.anchor_python)
    before = loadavg()
    results: dict[str, dict] = {}
    # Rounds: each system once a round, so that a busy spell of a shared machine slows every
    # system alike and the ratios between systems, measured round by round, hold.
    runs: dict[str, list[dict]] = {name: [] for name in systems}
    broken: set[str] = set()
    for i in range(args.runs):
        for name in systems:
            if name in broken:
                continue
            print(f"  round {i + 1}/{args.runs}: {name} ...", file=sys.stderr, flush=True)
            r = run_worker(
                anchors_py if name in ANCHOR_SYSTEMS else sys.executable,
                name,
                args.cases,
                clock=args.clock,
                min_cached_seconds=args.min_cached_seconds,
            )
            runs[name].append(r)
            if not r.get("available") or "error" in r:
                broken.add(name)  # no point in timing an unavailable or broken system again
    for name in systems:
        results[name] = summarise(name, runs[name], cases)
    for name in systems:
        if "speed" in results[name]:
            results[name]["speed"]["cold_ratio_to_logic_v2"] = ratio_by_round(runs[name], runs.get("logic-v2", []))
    st = case_stats(cases)
    report = {
        "meta": {
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "cases_file": str(args.cases),
            "cases": {
                "n": st.n,
                "distinct_pairs": st.distinct_pairs,
                "distinct_names": st.distinct_names,
                "by_schema": st.by_schema,
            },
            "slices": {
                "people": ["Person"],
                "orgs": ["Company", "Organization", "LegalEntity"],
            },
            "runs": args.runs,
            "clock": args.clock,
            "min_cached_seconds": args.min_cached_seconds,
            "bench_python": sys.executable,
            "anchor_python": anchors_py,
            "platform": platform.platform(),
            "python_version": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "loadavg_before": before,
            "loadavg_after": loadavg(),
            "git_revision": git_revision(),
            "issue_figures": ISSUE_FIGURES,
        },
        "systems": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render_table(report))
    print(f"\nwritten: {args.out}")
    return 0


def run_failures(args: argparse.Namespace, cases: list[Case]) -> int:
    name = args.failures
    python = anchor_python(args.anchor_python) if name in ANCHOR_SYSTEMS else sys.executable
    r = run_worker(python, name, args.cases, speed=False)
    if not r.get("available") or "error" in r:
        print(f"{name}: not available — {r.get('reason') or r.get('error')}", file=sys.stderr)
        if r.get("traceback"):
            print(r["traceback"], file=sys.stderr)
        return 2
    from cases import SLICES

    keep = SLICES[args.slice]
    fails = [
        f
        for f in failures(cases, r["scores"], r["verdicts"])
        if keep(f.case.schema) and (args.only is None or f.outcome == args.only)
    ]
    errors = set(r.get("error_indices") or [])
    q = quality_figures(cases, r["verdicts"])[args.slice]
    print(
        f"{name} on {args.slice}: {q['n']} cases, F1 {q['f1']:.3f} "
        f"P {q['precision']:.3f} R {q['recall']:.3f}; FN {q['fn']}, FP {q['fp']}"
        + (f" (showing {args.only} only)" if args.only else "")
    )
    w_schema = max([len(f.case.schema) for f in fails] + [6])
    for f in fails:
        c = f.case
        tag = "/".join(x for x in (c.quality, c.category) if x)
        outcome = f.outcome + ("!" if c.index in errors else "")
        print(
            f"{outcome:<3} {f.score:6.3f}  {c.schema:<{w_schema}}  {c.name1!r} ~ {c.name2!r}"
            f"   [{c.case_group}#{c.index + 2}{' ' + tag if tag else ''}]"
        )
    out = args.failures_csv or (args.out.parent / f"failures-{name}.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["outcome", "score", "schema", "name1", "name2", "case_group", "csv_line", "quality", "category", "notes"]
        )
        for f in fails:
            c = f.case
            w.writerow(
                [f.outcome, f"{f.score:.4f}", c.schema, c.name1, c.name2, c.case_group, c.index + 2, c.quality, c.category, c.notes]
            )
    if errors:
        print(
            f"\n{len(errors)} pairs raised an error and count as non-matches (marked '!'); first:\n"
            + r.get("first_error_traceback", "")
        )
    print(f"\n{len(fails)} failures written: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    known = list(registry())
    ap = argparse.ArgumentParser(
        description=__doc__.strip().splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="systems: " + ", ".join(known),
    )
    ap.add_argument("--systems", default=",".join(known), help="comma-separated, default all")
    ap.add_argument("--runs", type=int, default=3, help="speed runs per system; median reported")
    ap.add_argument("--cases", type=Path, default=cases_path())
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    ap.add_argument("--min-cached-seconds", type=float, default=1.0)
    ap.add_argument("--anchor-python", default=None, help="interpreter for nomenklatura and the baseline")
    ap.add_argument("--failures", metavar="SYSTEM", choices=known, help="print the FN/FP of one system")
    ap.add_argument("--only", choices=("FN", "FP"), help="with --failures: one kind only")
    ap.add_argument("--slice", choices=("all", "people", "orgs"), default="all", help="with --failures")
    ap.add_argument("--failures-csv", type=Path, default=None, help="default bench/out/failures-SYSTEM.csv")
    args = ap.parse_args(argv)

    if not args.cases.exists():
        print(f"cases file not found: {args.cases} (set BENCH_DATA_DIR)", file=sys.stderr)
        return 2
    cases = load_cases(args.cases)
    if args.failures:
        return run_failures(args, cases)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in known]
    if unknown:
        ap.error(f"unknown system(s): {', '.join(unknown)}; known: {', '.join(known)}")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return run_benchmark(args, cases, systems)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
