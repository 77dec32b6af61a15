"""Organisation names as counterparty files write them, screened against all lists.

    python bench/run_org_variants.py                # 3,000 of each, seeded; prints a table
    python bench/run_org_variants.py --n 10000 --misses bench/out/org-misses.txt

Two samples, both made by ``gen_parties.py``'s generators (seeded):

* **variants**: a name or alias of a listed organisation (any schema but Person)
  written the way counterparty data differs from a list: case and punctuation
  dropped (``AFM-Servers`` -> ``AFMSERVERS``), one or two typing errors anywhere,
  legal forms included (``STAN OLLC``), half with the entry's country.  Figures:
  the entry among the hits (review threshold) and flagged ``match``.
* **made-up companies**: a surname from the 50,000 synthetic US persons, a trade
  and a legal form ("Davis Marine Supply Inc."), none listed.  Figure: the share
  with a ``match`` hit (red flags are not matches and do not count).

The store is the "all lists" database of ``run_screening.py`` (made when missing).
Quality only: no timing.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_parties as gp  # noqa: E402
from run_screening import ensure_all_db, make_query, wilson  # noqa: E402
from screening_data import read_negatives  # noqa: E402

SEED = 20261129


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="queries in each sample")
    ap.add_argument("--misses", type=Path, help="write the variants not flagged match here")
    args = ap.parse_args(argv)

    from partyscreen.match import Screener
    from partyscreen.store import Store

    db = ensure_all_db()
    screener = Screener.open(Store.open(f"sqlite:///{db}"))
    entries = [e for e in gp.listed_entries(f"sqlite:///{db}") if e.schema != "Person"]

    rng = random.Random(SEED)
    found = matched = 0
    misses: list[str] = []
    for _ in range(args.n):
        party = gp.variant(rng.choice(entries), "v", rng)
        result = screener.screen(make_query(party.name, party.schema, party.country, "")[0], limit=10)
        hit = next((h for h in result.hits if h.entity_id == party.entity_id), None)
        found += hit is not None
        matched += hit is not None and hit.match
        if hit is None or not hit.match:
            score = f"{hit.score:.3f}" if hit else "not in hits"
            misses.append(f"{party.ops}\t{party.name!r}\t{party.original_name!r}\t{score}")

    people = read_negatives()
    rng = random.Random(SEED + 1)
    made_up = alerted = 0
    false_alerts: list[str] = []
    while made_up < args.n:
        party = gp.negative(people, "x", rng)
        if party.schema == "Person":
            continue
        made_up += 1
        result = screener.screen(make_query(party.name, party.schema, party.country, "")[0], limit=5)
        top = next((h for h in result.hits if h.match), None)
        if top is not None:
            alerted += 1
            false_alerts.append(f"false alert\t{party.name!r}\t{top.matched_name!r}\t{top.score:.3f}")

    n = args.n
    lo, hi = wilson(alerted, made_up)
    print(f"organisation variants of listed entries (n={n}): entry among the hits {found / n:.2%}, flagged match {matched / n:.2%}")
    print(f"made-up companies (n={made_up}): with a match hit {alerted / made_up:.2%} ({alerted}; 95% CI {lo:.2%}-{hi:.2%})")
    if args.misses:
        args.misses.parent.mkdir(parents=True, exist_ok=True)
        lines = sorted(misses) + sorted(false_alerts)
        args.misses.write_text("ops\tquery\tlisted name\tscore\n" + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"variants not flagged match, and made-up companies with a match hit: {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
