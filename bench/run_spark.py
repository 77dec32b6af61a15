"""Spark benchmark: ``batch --engine spark --master local[2]`` against single-process ``batch``, same run, same machine.

    python bench/run_spark.py                          # 200,000 parties (≈ 25 min on 2 cores, + 2 min of imports once)
    python bench/run_spark.py --rows 20000 --runs 3    # quicker, medians of 3
    python bench/run_spark.py --db all.db              # a store that already holds the lists
    python bench/run_spark.py --baseline-rows 20000    # single-process timed on the first 20,000 only

1. The store: the "all lists" recipe of ``screening_data.py`` (BIS Entity List,
   CSL extract, OFAC SDN, UN SC), imported into ``bench/out/spark/all.db``
   unless it is there already or ``--db`` names one.
2. The parties: ``gen_parties.py`` (``--rows``, ``--share`` of true list
   variants, ``--seed``), with its truth file.
3. Each engine through the command line as a user runs it, timed from start
   to exit (Spark's start-up included): ``partyscreen batch`` (single process,
   which also writes one audit record per party) and ``partyscreen batch
   --engine spark --master local[2]`` (one audit record for the job).
4. Figures: parties/s of each (median over ``--runs``), the ratio Spark /
   single, Spark's parties/s per core, parties per CPU second of each process
   tree (CLI, JVM and Python workers, sampled from /proc: what a dedicated core
   does, whatever else the machine is running; the README's sizing arithmetic
   uses it), whether the two outputs hold the same lines, and recall on the seeded
   variants (the expected entry among the returned hits; and among the hits
   flagged ``match``), plus the share of negatives that raised an alert.

Results: a table on stdout and ``bench/out/spark/spark.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_parties import generate, read_truth, truth_path  # noqa: E402
from screening_data import run_imports  # noqa: E402

OUT = HERE / "out" / "spark"
PARTYSCREEN = str(Path(sys.executable).with_name("partyscreen"))


def ensure_store(db: Path) -> None:
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"importing the lists into {db} ...", flush=True)
    run_imports(str(db), PARTYSCREEN)


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of_tree(root: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds (user + system) of ``root`` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICKS
    for pid, cpu in times.items():
        walk = pid
        while walk in parents and walk != root and walk > 1:
            walk = parents[walk]
        if walk == root:
            seen[pid] = max(seen.get(pid, 0.0), cpu)


def timed_batch(db: Path, parties: Path, output: Path, extra: list[str]) -> tuple[float, float]:
    """Wall seconds of one ``partyscreen batch`` run, start to exit, and the CPU seconds of its process tree
    (the CLI, and for Spark the JVM and its Python workers), sampled twice a second."""
    cmd = [PARTYSCREEN, "--db", str(db), "batch", str(parties), "--output", str(output), *extra]
    seen: dict[int, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PARTYSCREEN_USER": "bench"})
    while proc.poll() is None:
        _cpu_of_tree(proc.pid, seen)
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return seconds, sum(seen.values())


def prefix(parties: Path, rows: int) -> Path:
    """The first ``rows`` parties of the file, for a shorter baseline."""
    out = parties.with_name(f"{parties.stem}.first-{rows}.csv")
    with parties.open(encoding="utf-8", newline="") as src, out.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        for number, row in enumerate(csv.reader(src)):
            if number > rows:  # the header is row 0
                break
            writer.writerow(row)
    return out


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def quality(lines: list[str], truth: dict[str, dict[str, str]]) -> dict[str, float | int]:
    """Recall on the seeded variants and the alert rate on the negatives."""
    returned = matched = negatives = alerts = 0
    for line in lines:
        result = json.loads(line)
        expected = truth.get(result["id"])
        if expected is None:
            negatives += 1
            alerts += result["decision"] != "clear"
            continue
        hits = [h for h in result["hits"] if h["entity_id"] == expected["entity_id"]]
        returned += bool(hits)
        matched += any(h["match"] for h in hits)
    n = len(truth)
    return {
        "variants": n,
        "recall_returned": returned / n if n else 0.0,
        "recall_match": matched / n if n else 0.0,
        "negatives": negatives,
        "negative_alert_rate": alerts / negatives if negatives else 0.0,
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Spark vs single-process batch (see module doc).")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--share", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=20260227)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--baseline-rows", type=int, help="time single-process batch on only the first N parties (default: all)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--db", type=Path, default=OUT / "all.db")
    ap.add_argument("--out", type=Path, default=OUT / "spark.json")
    args = ap.parse_args(argv)

    ensure_store(args.db)
    parties = OUT / f"parties-{args.rows}-{args.share}-{args.seed}.csv"
    if not parties.exists() or not truth_path(parties).exists():
        generate(str(args.db), parties, args.rows, args.share, args.seed)
    truth = read_truth(truth_path(parties))
    cores = int(args.master[len("local["):-1]) if args.master.startswith("local[") and args.master[6:-1].isdigit() else None

    figures: dict[str, object] = {
        "rows": args.rows, "share": args.share, "seed": args.seed, "runs": args.runs, "master": args.master,
        "cpu_count": os.cpu_count(), "python": platform.python_version(), "load_before": load_average(),
    }
    seconds: dict[str, list[float]] = {"single": [], "spark": []}
    cpu: dict[str, list[float]] = {"single": [], "spark": []}
    outputs = {engine: args.out.with_name(f"{engine}.jsonl") for engine in ("single", "spark")}  # beside --out
    rows = {"spark": args.rows, "single": min(args.baseline_rows or args.rows, args.rows)}
    baseline = parties if rows["single"] == args.rows else prefix(parties, rows["single"])
    for run in range(args.runs):
        # Spark first: the subject; the single-process baseline follows in the same run.
        for engine, source, extra in (("spark", parties, ["--engine", "spark", "--master", args.master]), ("single", baseline, [])):
            wall, used = timed_batch(args.db, source, outputs[engine], extra)
            seconds[engine].append(wall)
            cpu[engine].append(used)
            print(f"run {run + 1}: {engine} {wall:.1f} s, {used:.1f} CPU s", flush=True)
    figures["load_after"] = load_average()

    lines = {engine: read_lines(path) for engine, path in outputs.items()}
    # Compared on the parties both screened (all of them unless --baseline-rows).
    baseline_ids = {json.loads(line)["id"] for line in lines["single"]}
    compared = [line for line in lines["spark"] if json.loads(line)["id"] in baseline_ids]
    same = sorted(lines["single"]) == sorted(compared)
    differing = len(set(lines["single"]) ^ set(compared))
    figures["compared_lines"] = len(compared)
    for engine in ("single", "spark"):
        median = statistics.median(seconds[engine])
        subset = {k: v for k, v in truth.items() if k in baseline_ids} if engine == "single" else truth
        figures[engine] = {
            "rows": rows[engine], "seconds": seconds[engine], "median_seconds": median, "parties_per_s": rows[engine] / median,
            "cpu_seconds": cpu[engine], "parties_per_cpu_s": rows[engine] / statistics.median(cpu[engine]),
            "lines": len(lines[engine]), **quality(lines[engine], subset),
        }
    single, spark = figures["single"], figures["spark"]  # type: ignore[assignment]
    figures["ratio_spark_to_single"] = spark["parties_per_s"] / single["parties_per_s"]  # type: ignore[index]
    figures["spark_parties_per_s_per_core"] = spark["parties_per_s"] / cores if cores else None  # type: ignore[index]
    figures["cpu_efficiency_spark_to_single"] = spark["parties_per_cpu_s"] / single["parties_per_cpu_s"]  # type: ignore[index]
    figures["same_lines"] = same
    figures["differing_lines"] = differing

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2))
    print()
    print(f"{args.rows:,} parties ({len(truth):,} seeded list variants), {args.runs} run(s), load {figures['load_before']} -> {figures['load_after']}")
    print(f"{'':28}{'single':>14}{'spark ' + args.master:>20}")
    print(f"{'parties':28}{single['rows']:>14,}{spark['rows']:>20,}")  # type: ignore[index]
    print(f"{'median seconds':28}{single['median_seconds']:>14.1f}{spark['median_seconds']:>20.1f}")  # type: ignore[index]
    print(f"{'parties/s':28}{single['parties_per_s']:>14.1f}{spark['parties_per_s']:>20.1f}")  # type: ignore[index]
    print(f"{'parties per CPU second':28}{single['parties_per_cpu_s']:>14.1f}{spark['parties_per_cpu_s']:>20.1f}")  # type: ignore[index]
    print(f"{'recall (hit returned)':28}{single['recall_returned']:>14.4f}{spark['recall_returned']:>20.4f}")  # type: ignore[index]
    print(f"{'recall (hit is a match)':28}{single['recall_match']:>14.4f}{spark['recall_match']:>20.4f}")  # type: ignore[index]
    print(f"{'negatives alerted':28}{single['negative_alert_rate']:>14.4f}{spark['negative_alert_rate']:>20.4f}")  # type: ignore[index]
    print(f"spark / single throughput: {figures['ratio_spark_to_single']:.2f}x")
    if cores:
        print(f"spark parties/s per core (wall): {figures['spark_parties_per_s_per_core']:.1f}")
    print(f"spark / single parties per CPU second: {figures['cpu_efficiency_spark_to_single']:.2f}")
    print(f"same lines in both outputs: {same} ({len(compared):,} parties compared, {differing} lines differ)")
    print(f"written: {args.out}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
