"""Synthetic counterparty files of any size, seeded with a known share of true list variants.

    python bench/gen_parties.py --db all.db --rows 200000 --share 0.02 --out parties.csv
    python bench/gen_parties.py --db all.db --rows 100000000 --out big.csv     # streams: memory stays flat

Writes ``parties.csv`` (the ``batch`` columns: id, name, schema, country,
birth_date, address) and ``parties.truth.csv`` (id, kind, entity_id, list,
original_name, ops), so a run's results can be checked:

* **variants** (exactly ``round(share * rows)`` of them, at seeded positions):
  a name of an entry in force in the store given by ``--db`` (its primary name,
  or one of its aliases), unchanged or changed the way counterparty data
  differs from a list: case and punctuation, one or two typing errors (the
  typo generator of ``screening_data.py``), person name parts swapped.  Half
  carry the entry's country, half of the people its birth date.  The truth
  file names the entry (``entity_id``) a screening must find.
* **negatives**: people made of first and last names of the 50,000 synthetic
  US persons (``screening_data.read_negatives``), recombined so any number of
  rows differ, and companies made of those last names, a trade and a legal
  form.  No negative is meant to be listed; a hit on one is a false alert.

The same ``--seed``, store and arguments give the same files.  The "all lists"
store is the recipe in ``screening_data.py`` (``run_imports``).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from screening_data import PersonRecord, read_negatives, typo_name  # noqa: E402

PARTY_COLUMNS = ("id", "name", "schema", "country", "birth_date", "address")
TRUTH_COLUMNS = ("id", "kind", "entity_id", "list", "original_name", "ops")
SCREENED_SCHEMATA = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft")

# Words for synthetic company names: trades and legal forms common in trade data.
TRADES = (
    "Logistics", "Trading", "Foods", "Software", "Textiles", "Machinery", "Consulting", "Packaging", "Freight",
    "Plastics", "Furniture", "Electrical", "Hardware", "Farms", "Printing", "Marine Supply", "Tools", "Paper",
)
LEGAL_FORMS = ("LLC", "Inc.", "Ltd", "GmbH", "S.A.", "Co.", "Corporation", "B.V.", "PLC", "S.r.l.")
# What a variant does to the listed name (weights sum to 1).
VARIANT_OPS = (("exact", 0.2), ("case", 0.2), ("typo1", 0.3), ("typo2", 0.15), ("swap", 0.15))


@dataclass(frozen=True)
class Listed:
    """What a variant is made from: one entry in force."""

    id: str
    list_code: str
    schema: str
    names: tuple[str, ...]  # primary first
    country: str
    birth_date: str


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    schema: str = ""
    country: str = ""
    birth_date: str = ""
    address: str = ""
    kind: str = "negative"
    entity_id: str = ""
    list_code: str = ""
    original_name: str = ""
    ops: str = ""


def listed_entries(db: str, today: str | None = None) -> list[Listed]:
    """Entries in force (listed, not ended) of the screenable schemata, in id order."""
    from partyscreen.store import Store

    on = today or date.today().isoformat()
    out = []
    for e in Store.open(db).entities():
        if e.schema not in SCREENED_SCHEMATA or not e.name:
            continue
        if (e.listed_on and e.listed_on[:10] > on) or (e.end_date and e.end_date[:10] < on):
            continue
        names = tuple(dict.fromkeys([e.name, *e.aliases]))
        country = next(iter([*e.countries, *e.nationalities]), "")
        out.append(Listed(e.id, e.list_code, e.schema, names, country, e.birth_dates[0] if e.birth_dates else ""))
    out.sort(key=lambda entry: entry.id)
    return out


def _pick_op(rng: random.Random, person: bool) -> str:
    roll, total = rng.random(), 0.0
    for op, weight in VARIANT_OPS:
        total += weight
        if roll < total:
            return "exact" if op == "swap" and not person else op
    return "exact"


def _case_change(name: str, rng: random.Random) -> str:
    stripped = "".join(ch for ch in name if ch.isalnum() or ch.isspace())
    return rng.choice((str.upper, str.lower, str.title))(" ".join(stripped.split()) or name)


def variant(entry: Listed, number: str, rng: random.Random) -> Party:
    """A counterparty that is this listed entry, written differently."""
    person = entry.schema == "Person"
    original = entry.names[0] if len(entry.names) == 1 or rng.random() < 0.7 else rng.choice(entry.names[1:])
    op = _pick_op(rng, person)
    name, ops = original, [op]
    if op == "case":
        name = _case_change(original, rng)
    elif op in ("typo1", "typo2"):
        name, edits = typo_name(original, rng, 1 if op == "typo1" else 2)
        ops += edits
    elif op == "swap":
        words = original.replace(",", " ").split()
        if len(words) >= 2:
            words[0], words[-1] = words[-1], words[0]
        name = " ".join(words)
    country = entry.country if entry.country and rng.random() < 0.5 else ""
    birth = entry.birth_date if person and entry.birth_date and rng.random() < 0.5 else ""
    schema = entry.schema if rng.random() < 0.7 else ""
    return Party(number, name, schema, country, birth, "", "variant", entry.id, entry.list_code, original, " ".join(ops))


def negative(people: Sequence[PersonRecord], number: str, rng: random.Random) -> Party:
    """A made-up counterparty: a person (70%) or a company (30%)."""
    first, last, other = rng.choice(people), rng.choice(people), rng.choice(people)
    if rng.random() < 0.7:
        return Party(number, f"{first.first_name or first.full_name.split()[0]} {last.last_name or last.full_name.split()[-1]}",
                     "Person", other.nationality, other.date_of_birth, "")
    surname = last.last_name or last.full_name.split()[-1]
    name = f"{surname} {rng.choice(TRADES)} {rng.choice(LEGAL_FORMS)}"
    return Party(number, name, rng.choice(("Company", "")), "US", "", other.place_of_birth)


def parties(entries: Sequence[Listed], people: Sequence[PersonRecord], rows: int, share: float, seed: int) -> Iterator[Party]:
    """``rows`` parties, exactly ``round(share * rows)`` of them variants, streamed."""
    if not 0.0 <= share <= 1.0:
        raise ValueError("--share must be between 0 and 1")
    if share and not entries:
        raise ValueError("the store has no entries in force to make variants of: import lists first")
    rng = random.Random(seed)
    wanted = round(share * rows)
    width = max(7, len(str(rows)))
    for i in range(rows):
        number = f"p{i + 1:0{width}d}"
        # Selection sampling: each row is a variant with the probability that leaves
        # exactly ``wanted`` variants by the end, at positions spread over the file.
        if wanted and rng.random() * (rows - i) < wanted:
            wanted -= 1
            yield variant(rng.choice(entries), number, rng)
        else:
            yield negative(people, number, rng)


def write(out: Path, truth: Path, items: Iterator[Party]) -> tuple[int, int]:
    count = variants = 0
    with out.open("w", encoding="utf-8", newline="") as fh, truth.open("w", encoding="utf-8", newline="") as th:
        pw, tw = csv.writer(fh), csv.writer(th)
        pw.writerow(PARTY_COLUMNS)
        tw.writerow(TRUTH_COLUMNS)
        for p in items:
            pw.writerow([p.id, p.name, p.schema, p.country, p.birth_date, p.address])
            tw.writerow([p.id, p.kind, p.entity_id, p.list_code, p.original_name, p.ops])
            count += 1
            variants += p.kind == "variant"
    return count, variants


def truth_path(out: Path) -> Path:
    return out.with_name(out.stem + ".truth.csv")


def generate(db: str, out: Path, rows: int, share: float = 0.02, seed: int = 20260227) -> tuple[Path, Path, int]:
    """Write the parties and the truth file; returns their paths and the number of variants."""
    truth = truth_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _, variants = write(out, truth, parties(listed_entries(db), read_negatives(), rows, share, seed))
    return out, truth, variants


def read_truth(path: Path) -> dict[str, dict[str, str]]:
    """Variant rows of a truth file by party id."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh) if row["kind"] == "variant"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Synthetic counterparties with seeded true list variants (see module doc).")
    ap.add_argument("--db", required=True, help="the store whose entries in force the variants come from")
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--share", type=float, default=0.02, help="share of rows that are list variants (default 0.02)")
    ap.add_argument("--seed", type=int, default=20260227)
    ap.add_argument("--out", type=Path, required=True, help="OUT.csv; the truth goes to OUT.truth.csv")
    args = ap.parse_args(argv)
    out, truth, variants = generate(args.db, args.out, args.rows, args.share, args.seed)
    print(f"written: {out} ({args.rows:,} parties, {variants:,} list variants) and {truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
