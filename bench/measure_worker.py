"""Measure one system on cases.csv in a fresh process; write the result as JSON.

    python bench/measure_worker.py --system logic-v2 --out result.json

run_matching.py starts this once per system and run, so that each "cold" pass
starts from a fresh interpreter: no memo cache holds any name of the cases.

Steps, all in this process:

1. ``load``: import the system (time reported, not counted in pairs/s);
2. warm-up: score a fixed set of made-up pairs, none of whose names occurs in
   cases.csv, covering every schema and script in the cases, so that reference
   data, transliterators and lazy imports are loaded before timing;
3. cold pass: every case once, in file order (timed; gives the verdicts; a pair
   whose scoring raises counts as a non-match and is listed in ``error_indices``);
4. cached pass: the whole set again, repeated until ``--min-cached-seconds``
   have passed; pairs/s over all repetitions.

Timing is process CPU time by default (``--clock cpu``), which other processes
on a shared machine disturb less than elapsed time (``--clock wall``).

The result (also on failure) is one JSON object written to ``--out``; nothing
is printed on stdout so that a chatty library cannot corrupt it.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import Case, load_cases  # noqa: E402
from systems import Props, Unavailable, registry  # noqa: E402

# Made-up or historical names, none in cases.csv (checked at run time: a pair any of
# whose names occurs in the cases is skipped).  One pair per script seen in the cases.
WARMUP_PAIRS: list[tuple[str, Props, Props]] = [
    ("Person", {"name": ["Bartholomew Quincey"]}, {"name": ["Bartolomew Quincy"]}),
    ("Person", {"name": ["Cornelius Vandermeer"]}, {"name": ["Hieronymus Oakenfold"]}),
    (
        "Person",
        {"name": ["Ottilie Brandstaetter"], "birthDate": ["1961-03-02"], "nationality": ["at"]},
        {"name": ["Ottilie Brandstätter"], "birthDate": ["1961"], "nationality": ["de"]},
    ),
    ("Person", {"name": ["Григорий Сковорода"]}, {"name": ["Grigory Skovoroda"]}),
    ("Person", {"name": ["عبد الرحمن الداخل"]}, {"name": ["Abd al-Rahman al-Dakhil"]}),
    ("Person", {"name": ["Αλέξανδρος Παπαδιαμάντης"]}, {"name": ["Alexandros Papadiamantis"]}),
    ("Person", {"name": ["שמואל יוסף עגנון"]}, {"name": ["Shmuel Yosef Agnon"]}),
    ("Person", {"name": ["রবীন্দ্রনাথ ঠাকুর"]}, {"name": ["Rabindranath Tagore"]}),
    ("Person", {"name": ["鲁迅"]}, {"name": ["Lu Xun"]}),
    ("Person", {"name": ["สุนทรภู่"]}, {"name": ["Sunthorn Phu"]}),
    ("Person", {"name": ["ተክለ ሃይማኖት"]}, {"name": ["Tekle Haymanot"]}),
    ("Person", {"name": ["ជួន ណាត"]}, {"name": ["Chuon Nath"]}),
    ("Person", {"name": ["प्रेमचंद"]}, {"name": ["Premchand"]}),
    ("Person", {"name": ["김소월"]}, {"name": ["Kim Sowol"]}),
    ("Person", {"name": ["Հովհաննես Թումանյան"]}, {"name": ["Hovhannes Tumanyan"]}),
    ("Person", {"name": ["შოთა რუსთაველი"]}, {"name": ["Shota Rustaveli"]}),
    ("Person", {"name": ["ナツメ ソウセキ"]}, {"name": ["Natsume Soseki"]}),
    (
        "Company",
        {"name": ["Quillfeather Logistics GmbH"]},
        {"name": ["Quillfeather Logistik Gesellschaft mit beschränkter Haftung"]},
    ),
    ("Company", {"name": ["ООО Ромашка-Трейд"]}, {"name": ["Romashka-Treid LLC"]}),
    ("Company", {"name": ["Zephyrine Holdings Ltd"]}, {"name": ["Zephyrine Holding Limited 2"]}),
    ("Organization", {"name": ["Friends of the Lowland Moors"]}, {"name": ["Lowland Moors Friends Association"]}),
    ("LegalEntity", {"name": ["Kestrel Trading FZE"]}, {"name": ["Kestrel Trading Free Zone Establishment"]}),
    ("Vessel", {"name": ["MV Northern Gannet"]}, {"name": ["NORTHERN GANNET"]}),
]


def warmup_pairs(cases: list[Case]) -> list[tuple[str, Props, Props]]:
    names = {c.name1.casefold() for c in cases} | {c.name2.casefold() for c in cases}
    out = []
    for schema, q, c in WARMUP_PAIRS:
        used = {n.casefold() for n in q.get("name", []) + c.get("name", [])}
        if not used & names:
            out.append((schema, q, c))
    return out


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def measure(
    system_name: str,
    cases_file: Path | None,
    min_cached_seconds: float,
    speed: bool,
    clock_name: str = "cpu",
) -> dict:
    clock = CLOCKS[clock_name]
    result: dict = {
        "system": system_name,
        "available": False,
        "python": sys.executable,
        "clock": clock_name,
    }
    cls = registry().get(system_name)
    if cls is None:
        result["reason"] = f"unknown system {system_name!r}"
        return result
    system = cls()
    result["description"] = system.description
    cases = load_cases(cases_file)

    t0 = time.perf_counter()
    try:
        system.load()
    except Unavailable as exc:
        result["reason"] = str(exc)
        return result
    result["load_seconds"] = time.perf_counter() - t0
    result["version"] = system.version()
    result["available"] = True

    try:
        warm = warmup_pairs(cases)
        t0 = time.perf_counter()
        for schema, q, c in warm:
            system.score(schema, q, c)
        result["warmup_pairs"] = len(warm)
        result["warmup_seconds"] = time.perf_counter() - t0

        inputs = [(c.schema, c.query, c.candidate) for c in cases]
        gc.collect()
        scores: list[float] = []
        verdicts: list[bool] = []
        errors: list[int] = []
        t0 = clock()
        for i, (schema, q, c) in enumerate(inputs):
            try:
                s, m = system.score(schema, q, c)
            except Exception:  # one bad pair must not hide the other 825
                if not errors:
                    result["first_error_traceback"] = traceback.format_exc()
                errors.append(i)
                s, m = 0.0, False
            scores.append(s)
            verdicts.append(m)
        cold = clock() - t0
        result["error_indices"] = errors
        result["scores"] = [round(s, 6) for s in scores]
        result["verdicts"] = verdicts
        result["n"] = len(inputs)
        result["cold_seconds"] = cold
        result["cold_pairs_per_s"] = len(inputs) / cold if cold > 0 else None

        if speed:
            gc.collect()
            passes = 0
            same = True
            t0 = clock()
            while True:
                for i, (schema, q, c) in enumerate(inputs):
                    try:
                        s, m = system.score(schema, q, c)
                    except Exception:
                        s, m = 0.0, False
                    if m != verdicts[i]:
                        same = False
                passes += 1
                elapsed = clock() - t0
                if elapsed >= min_cached_seconds:
                    break
            result["cached_passes"] = passes
            result["cached_seconds"] = elapsed
            result["cached_pairs_per_s"] = passes * len(inputs) / elapsed
            result["cached_verdicts_same"] = same
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        result["traceback"] = traceback.format_exc()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--system", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cases", type=Path, default=None)
    ap.add_argument("--min-cached-seconds", type=float, default=1.0)
    ap.add_argument("--no-speed", action="store_true", help="cold pass only (for --failures)")
    ap.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="cpu: process CPU time (default; less disturbed by other processes on a "
        "shared machine); wall: elapsed time",
    )
    args = ap.parse_args(argv)
    result = measure(
        args.system, args.cases, args.min_cached_seconds, not args.no_speed, args.clock
    )
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
