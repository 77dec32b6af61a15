"""People's names as counterparty files write them, screened against all lists.

    python bench/run_people_variants.py              # 3,000 of each, seeded; prints a table
    python bench/run_people_variants.py --n 10000

Two samples of variants (``gen_parties.variant``: case and punctuation dropped, one or two
typing errors, first and last word swapped), three in ten with an English given name written
the familiar way (William -> Bill, Anthony -> Tony; the table below, written for this
benchmark and independent of partyscreen's own):

* **typed people**: entries their list calls a person (SDN and UN individuals);
* **untyped people**: entries of the Denied Persons and ITAR Debarred lists, which do not say
  who is a person (``LegalEntity``), leaving out names with a company word.

Figures: the entry among the hits (review threshold) and flagged ``match``.  The queries are
typed Person or left untyped, half each.  False alerts on made-up people are
``run_screening.py``'s negatives.  Quality only: no timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_parties as gp  # noqa: E402
from run_screening import ensure_all_db, make_query  # noqa: E402

SEED = 20261130
FAMILIAR = {
    "William": "Bill", "Robert": "Bob", "Richard": "Rick", "James": "Jim", "Michael": "Mike", "Joseph": "Joe",
    "Thomas": "Tom", "Alexander": "Alex", "Anthony": "Tony", "Daniel": "Dan", "David": "Dave", "Christopher": "Chris",
    "Stephen": "Steve", "Steven": "Steve", "Edward": "Ed", "Charles": "Charlie", "Jonathan": "Jon", "Nicholas": "Nick",
}
COMPANY_WORDS = ("LTD", "INC", "CORP", "LLC", "CO.", "COMPANY", "GMBH", "S.A", "LIMITED", "INTERNATIONAL", "TRADING",
                 "GROUP", "TECH", "SYSTEMS", "ENTERPRISE", "INDUSTR", "AB", "SERVICES", "AVIATION")


def familiar(name: str) -> str:
    return " ".join(FAMILIAR.get(word.strip(",").title(), word) for word in name.split())


def sample(screener, entries: list[gp.Listed], n: int, rng: random.Random, misses: list[str]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    found = matched = 0
    for _ in range(n):
        entry = rng.choice(entries)
        party = gp.variant(dataclasses.replace(entry, schema="Person"), "v", rng)
        name = familiar(party.name) if rng.random() < 0.3 else party.name
        query, _ = make_query(name, "Person" if rng.random() < 0.5 else "", party.country, party.birth_date)
        hit = next((h for h in screener.screen(query, limit=10).hits if h.entity_id == entry.id), None)
        found += hit is not None
        matched += hit is not None and hit.match
        if hit is None or not hit.match:
            score = f"{hit.score:.3f}" if hit else "not in hits"
            misses.append(f"{party.ops}\t{query.name!r}\t{query.schema or '-'}\t{entry.names[0]!r}\t{score}")
    return found / n, matched / n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="queries in each sample")
    ap.add_argument("--misses", type=Path, help="write the variants not flagged match here")
    args = ap.parse_args(argv)

    from partyscreen.match import Screener
    from partyscreen.store import Store

    db = ensure_all_db()
    screener = Screener.open(Store.open(f"sqlite:///{db}"))
    entries = gp.listed_entries(f"sqlite:///{db}")
    typed = [e for e in entries if e.schema == "Person"]
    untyped = [
        e for e in entries
        if e.schema == "LegalEntity" and e.list_code in ("DPL", "DTC") and not any(w in e.names[0].upper() for w in COMPANY_WORDS)
    ]
    misses: list[str] = []
    for label, pool, seed in (("typed people", typed, SEED), ("untyped people (DPL, DTC)", untyped, SEED + 1)):
        hits, match = sample(screener, pool, args.n, random.Random(seed), misses)
        print(f"{label} (n={args.n}, {len(pool):,} entries): entry among the hits {hits:.2%}, flagged match {match:.2%}")
    if args.misses:
        args.misses.parent.mkdir(parents=True, exist_ok=True)
        args.misses.write_text("ops\tquery\tschema\tlisted name\tscore\n" + "\n".join(misses) + "\n", encoding="utf-8")
        print(f"variants not flagged match: {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
