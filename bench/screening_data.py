"""Data for the screening benchmark (runs once partyscreen's screening API exists).

Nothing here is copied into the repository: every file is read from the shared
data folder (``../shared/data`` or ``$BENCH_DATA_DIR``) and whatever must be
arranged on disk (the OFAC folder) is made of symlinks in a temporary folder.

(a) :func:`all_lists_imports` — the "all lists" loading recipe, as argument
    lists for ``partyscreen --db URL lists import ...``: BIS Entity List (flat,
    mapped CSV), the trade.gov CSL partial extract, OFAC SDN 2024-05 (sdn.csv)
    with the 2025-12 aliases (alt.csv), and the UN SC consolidated list 2026-02.
(b) :func:`read_un_individuals`, :func:`map_un_positives` — the yente UN
    positives (683 person queries) and, for each, the UN reference number of
    the right person: the UN individual whose name or alias equals the
    untreated ``full_name`` (case-insensitive, whitespace-normalised).  3 of the
    683 were delisted before the 2026-02 list and are left out: 680 mapped.
(c) :func:`typo_record`, :func:`typo_positives` — a seeded typo generator: one
    or two character edits, swapped name parts, birth year +-1.
(d) :func:`read_negatives` — the 50,000 synthetic non-sanctioned US persons.
(e) :func:`write_batch_input` — a 30,000-row batch input CSV (id, name,
    schema, country, birth_date, address) mixing negatives and positives, plus
    a truth file saying which rows should hit which UN reference.

    python bench/screening_data.py --check          # (b) must print 680 mapped
    python bench/screening_data.py --print-imports  # (a) the commands
    python bench/screening_data.py --write-batch /tmp/batch.csv [--typos]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import re
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import defusedxml.ElementTree as DET

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import data_dir  # noqa: E402

# ----------------------------------------------------------------------------- files

BIS_EL_FLAT = "restricted-parties-db/bis_entity_list_flat.csv"
CSL_PARTIAL = "watchman/csl_2023-11-30_partial_clean.csv.gz"
OFAC_SDN = "ofac-sdn-gitscrape/sdn_2024-05-03.csv.gz"
OFAC_ALT = "watchman/ofac_sdn_2025-12_aliases_addresses/alt.csv.gz"
UN_XML = "watchman/un_sc_consolidated_2026-02-27.xml.gz"
UN_POSITIVES = "matching-benchmarks/yente/candidate_generation/positives_un_untreated.csv"
NEGATIVES = "matching-benchmarks/yente/candidate_generation/negatives_us.csv.gz"

EXPECTED_UN_POSITIVES = 683
EXPECTED_UN_MAPPED = 680  # 3 were delisted before the 2026-02 list

# partyscreen's format names (src/partyscreen/sources): given explicitly so that
# the recipe does not depend on format detection.
FORMAT_MAPPED_CSV = "csv"
FORMAT_CSL = "csl-csv"
FORMAT_OFAC_SDN = "ofac-sdn"
FORMAT_UN = "un"


# ------------------------------------------------------------------- (a) all lists


def make_ofac_folder(root: Path | None = None, workdir: Path | None = None) -> Path:
    """A folder with ``sdn.csv`` (OFAC SDN 2024-05-03) and ``alt.csv`` (SDN aliases
    2025-12) as symlinks to the gzipped shared files (partyscreen reads gzip by its
    magic bytes, whatever the name).  Made under ``workdir`` or a new temp folder."""
    root = root or data_dir()
    base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="partyscreen-bench-"))
    folder = base / "ofac-sdn"
    folder.mkdir(parents=True, exist_ok=True)
    for name, rel in (("sdn.csv", OFAC_SDN), ("alt.csv", OFAC_ALT)):
        link = folder / name
        target = (root / rel).resolve()
        if not target.exists():
            raise FileNotFoundError(target)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
    return folder


def all_lists_imports(root: Path | None = None, workdir: Path | None = None) -> list[list[str]]:
    """The "all lists" recipe: one argument list per ``partyscreen lists import`` call
    (what follows ``lists import``).  Creates the OFAC folder (see
    :func:`make_ofac_folder`); the caller removes ``workdir`` when done."""
    root = root or data_dir()
    ofac = make_ofac_folder(root, workdir)
    return [
        [
            str(root / BIS_EL_FLAT),
            "--format", FORMAT_MAPPED_CSV,
            "--feed", "bis-el-flat",
            "--map", "name=name_english",
            "--map", "aliases=aliases",
            "--alias-sep", " | ",
            "--list", "EL",
        ],
        [str(root / CSL_PARTIAL), "--format", FORMAT_CSL],
        [str(ofac), "--format", FORMAT_OFAC_SDN],
        [str(root / UN_XML), "--format", FORMAT_UN],
    ]  # fmt: skip


def import_commands(db_url: str, partyscreen: str = "partyscreen", **kw) -> list[list[str]]:
    """Full argv lists: ``partyscreen --db URL lists import ...`` for each list."""
    return [[partyscreen, "--db", db_url, "lists", "import", *args] for args in all_lists_imports(**kw)]


def run_imports(db_url: str, partyscreen: str = "partyscreen", root: Path | None = None) -> None:
    """Import all lists into ``db_url`` (raises CalledProcessError on the first failure)."""
    with tempfile.TemporaryDirectory(prefix="partyscreen-bench-") as tmp:
        for cmd in import_commands(db_url, partyscreen, root=root, workdir=Path(tmp)):
            subprocess.run(cmd, check=True)


# ------------------------------------------------------------------ (b) UN positives


@dataclass(frozen=True)
class UNIndividual:
    reference_number: str
    dataid: str
    name: str
    aliases: tuple[str, ...]
    birth_years: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases) if self.name else self.aliases


def _text(el) -> str:
    return (el.text or "").strip() if el is not None else ""


def read_un_individuals(path: Path | None = None) -> list[UNIndividual]:
    """INDIVIDUAL records of the UN SC consolidated list XML (plain or gzipped): the
    name is FIRST_NAME..FOURTH_NAME joined by a space; aliases are the non-empty
    INDIVIDUAL_ALIAS/ALIAS_NAME values."""
    path = path or data_dir() / UN_XML
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rb") as fh:
        tree = DET.parse(fh)
    out: list[UNIndividual] = []
    for ind in tree.getroot().iter("INDIVIDUAL"):
        parts = [_text(ind.find(tag)) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        aliases = tuple(
            a for a in (_text(al.find("ALIAS_NAME")) for al in ind.findall("INDIVIDUAL_ALIAS")) if a
        )
        years = tuple(
            y
            for y in (_text(d.find("YEAR")) or _text(d.find("DATE"))[:4] for d in ind.findall("INDIVIDUAL_DATE_OF_BIRTH"))
            if y
        )
        out.append(
            UNIndividual(
                reference_number=_text(ind.find("REFERENCE_NUMBER")),
                dataid=_text(ind.find("DATAID")),
                name=name,
                aliases=aliases,
                birth_years=years,
            )
        )
    return out


def norm_name(name: str) -> str:
    """Case-insensitive, whitespace-normalised comparison key."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class PersonRecord:
    """One row of the yente candidate-generation fixtures (positives or negatives)."""

    full_name: str
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    gender: str = ""
    date_of_birth: str = ""
    place_of_birth: str = ""
    nationality: str = ""
    row: int = 0  # 1-based data row in its file


def _read_people(path: Path) -> Iterator[PersonRecord]:
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            yield PersonRecord(
                full_name=row["full_name"],
                first_name=row.get("first_name") or "",
                middle_name=row.get("middle_name") or "",
                last_name=row.get("last_name") or "",
                gender=row.get("gender") or "",
                date_of_birth=row.get("date_of_birth") or "",
                place_of_birth=row.get("place_of_birth") or "",
                nationality=row.get("nationality") or "",
                row=i,
            )


def read_un_positives(path: Path | None = None) -> list[PersonRecord]:
    return list(_read_people(path or data_dir() / UN_POSITIVES))


@dataclass
class UNMapping:
    # (positive, UN reference numbers of every individual carrying the name; nearly
    # always one, see ``ambiguous``)
    mapped: list[tuple[PersonRecord, tuple[str, ...]]]
    unmapped: list[PersonRecord]
    ambiguous: list[tuple[PersonRecord, tuple[str, ...]]] = field(default_factory=list)  # also in mapped


def map_un_positives(
    positives: Sequence[PersonRecord], individuals: Sequence[UNIndividual]
) -> UNMapping:
    """The right UN person for each positive: the individual whose name or alias
    equals the untreated ``full_name`` (case-insensitive, whitespace-normalised).
    Positives with no such individual (delisted) are ``unmapped``.  Where several
    individuals carry the name (one person listed under two regimes, or two
    namesakes) all their references are kept, in list order, and the case is also
    listed in ``ambiguous``: a hit on any of them counts as finding the positive."""
    index: dict[str, list[str]] = {}
    for ind in individuals:
        for n in ind.names:
            refs = index.setdefault(norm_name(n), [])
            if ind.reference_number not in refs:
                refs.append(ind.reference_number)
    result = UNMapping(mapped=[], unmapped=[])
    for p in positives:
        refs = index.get(norm_name(p.full_name), [])
        if not refs:
            result.unmapped.append(p)
            continue
        result.mapped.append((p, tuple(refs)))
        if len(refs) > 1:
            result.ambiguous.append((p, tuple(refs)))
    return result


def un_positives_mapped(root: Path | None = None) -> UNMapping:
    root = root or data_dir()
    return map_un_positives(read_un_positives(root / UN_POSITIVES), read_un_individuals(root / UN_XML))


# ------------------------------------------------------------------ (c) typos


@dataclass(frozen=True)
class TypoRecord:
    record: PersonRecord  # the typo'd record
    original: PersonRecord
    ops: tuple[str, ...]  # what was done, e.g. ("sub:2:A>E", "swap:0-2", "year:-1")


def _edit_word(word: str, rng: random.Random) -> tuple[str, str]:
    """One character edit of a word: substitute, delete, insert or transpose."""
    letters = string.ascii_uppercase if word.isupper() else string.ascii_lowercase
    ops = ["sub", "ins"]
    if len(word) >= 4:
        ops += ["del", "swap"]
    op = rng.choice(ops)
    i = rng.randrange(len(word))
    if op == "sub":
        old = word[i]
        new = rng.choice([c for c in letters if c != old.upper() and c != old.lower()])
        return word[:i] + new + word[i + 1 :], f"sub:{i}:{old}>{new}"
    if op == "ins":
        new = rng.choice(letters)
        return word[:i] + new + word[i:], f"ins:{i}:{new}"
    if op == "del":
        return word[:i] + word[i + 1 :], f"del:{i}:{word[i]}"
    i = rng.randrange(len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :], f"transpose:{i}"


def typo_name(name: str, rng: random.Random, edits: int) -> tuple[str, list[str]]:
    """``edits`` character edits in the name's words of 3+ letters (different words
    where there are enough)."""
    words = name.split()
    ops: list[str] = []
    eligible = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()] or [
        i for i, w in enumerate(words) if w
    ]
    if not eligible:
        return name, ops
    picks = rng.sample(eligible, min(edits, len(eligible)))
    while len(picks) < edits:
        picks.append(rng.choice(eligible))
    for i in picks:
        words[i], op = _edit_word(words[i], rng)
        ops.append(f"w{i}:{op}")
    return " ".join(words), ops


def typo_record(
    rec: PersonRecord,
    rng: random.Random,
    *,
    p_two_edits: float = 0.5,
    p_swap: float = 0.3,
    p_year: float = 0.3,
) -> TypoRecord:
    """A typo'd copy of a person: always one or two character edits in the name;
    with ``p_swap`` two name parts swapped (first and last); with ``p_year`` the
    birth year moved by one (when there is a birth date)."""
    edits = 2 if rng.random() < p_two_edits else 1
    name, ops = typo_name(rec.full_name, rng, edits)
    words = name.split()
    if len(words) >= 2 and rng.random() < p_swap:
        words[0], words[-1] = words[-1], words[0]
        name = " ".join(words)
        ops.append(f"swap:0-{len(words) - 1}")
    dob = rec.date_of_birth
    m = re.match(r"^(\d{4})(.*)$", dob)
    if m and rng.random() < p_year:
        delta = rng.choice((-1, 1))
        new_year = int(m.group(1)) + delta
        dob = f"{new_year:04d}{m.group(2)}"
        if dob.endswith("-02-29"):
            dob = dob[:-2] + "28"
        ops.append(f"year:{delta:+d}")
    return TypoRecord(record=replace(rec, full_name=name, date_of_birth=dob), original=rec, ops=tuple(ops))


def typo_positives(records: Iterable[PersonRecord], seed: int = 20260227, **kw) -> list[TypoRecord]:
    """The typo'd version of every record, reproducible for a given seed."""
    rng = random.Random(seed)
    return [typo_record(r, rng, **kw) for r in records]


# ------------------------------------------------------------------ (d) negatives


def read_negatives(path: Path | None = None) -> list[PersonRecord]:
    """The 50,000 synthetic non-sanctioned persons (no true match expected)."""
    return list(_read_people(path or data_dir() / NEGATIVES))


# ------------------------------------------------------------------ (e) batch input

BATCH_COLUMNS = ("id", "name", "schema", "country", "birth_date", "address")
TRUTH_COLUMNS = ("id", "kind", "expected_refs", "source_row", "original_name", "ops")


@dataclass(frozen=True)
class BatchRow:
    id: str
    record: PersonRecord
    kind: str  # "positive", "positive-typo" or "negative"
    expected_refs: tuple[str, ...] = ()  # UN reference number(s) for positives
    original_name: str = ""
    ops: tuple[str, ...] = ()


def batch_rows(
    positives: Sequence[tuple[PersonRecord, tuple[str, ...]]],
    negatives: Sequence[PersonRecord],
    total: int = 30_000,
    *,
    seed: int = 20260227,
    typos: bool = False,
) -> list[BatchRow]:
    """``total`` rows: every mapped positive (typo'd when ``typos``) and negatives
    sampled without replacement to fill up, shuffled; ids ``q000001``... carry no label."""
    rng = random.Random(seed)
    n_neg = total - len(positives)
    if n_neg < 0 or n_neg > len(negatives):
        raise ValueError(f"cannot make {total} rows from {len(positives)} positives and {len(negatives)} negatives")
    items: list[tuple[PersonRecord, str, tuple[str, ...], str, tuple[str, ...]]] = []
    if typos:
        typo_rng = random.Random(seed + 1)
        for rec, refs in positives:
            t = typo_record(rec, typo_rng)
            items.append((t.record, "positive-typo", refs, rec.full_name, t.ops))
    else:
        items += [(rec, "positive", refs, rec.full_name, ()) for rec, refs in positives]
    items += [(rec, "negative", (), rec.full_name, ()) for rec in rng.sample(list(negatives), n_neg)]
    rng.shuffle(items)
    return [
        BatchRow(id=f"q{i:06d}", record=rec, kind=kind, expected_refs=refs, original_name=orig, ops=ops)
        for i, (rec, kind, refs, orig, ops) in enumerate(items, start=1)
    ]


def write_batch_input(
    out: Path,
    rows: Sequence[BatchRow],
    truth: Path | None = None,
) -> tuple[Path, Path]:
    """Write the batch CSV (``id,name,schema,country,birth_date,address``) and, beside it,
    the truth CSV (``<out stem>.truth.csv`` unless given: id, kind, expected_refs
    (``;``-separated UN reference numbers, empty for negatives), source_row,
    original_name, ops)."""
    out = Path(out)
    truth = Path(truth) if truth else out.with_name(out.stem + ".truth.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(BATCH_COLUMNS)
        for r in rows:
            # place_of_birth is not an address: the address column stays empty.
            w.writerow([r.id, r.record.full_name, "Person", r.record.nationality, r.record.date_of_birth, ""])
    with open(truth, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TRUTH_COLUMNS)
        for r in rows:
            w.writerow([r.id, r.kind, ";".join(r.expected_refs), r.record.row, r.original_name, " ".join(r.ops)])
    return out, truth


def make_batch_input(out: Path, total: int = 30_000, *, typos: bool = False, seed: int = 20260227) -> tuple[Path, Path]:
    mapping = un_positives_mapped()
    rows = batch_rows(mapping.mapped, read_negatives(), total, seed=seed, typos=typos)
    return write_batch_input(out, rows)


# ------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Screening benchmark data (see module doc).")
    ap.add_argument("--check", action="store_true", help="map the UN positives; fail unless 680 map")
    ap.add_argument("--print-imports", metavar="DB_URL", nargs="?", const="sqlite:///bench.db")
    ap.add_argument("--write-batch", type=Path, metavar="OUT.csv")
    ap.add_argument("--rows", type=int, default=30_000)
    ap.add_argument("--typos", action="store_true", help="with --write-batch: typo'd positives")
    ap.add_argument("--seed", type=int, default=20260227)
    args = ap.parse_args(argv)
    if not (args.check or args.print_imports or args.write_batch):
        args.check = True
    status = 0
    if args.check:
        positives = read_un_positives()
        individuals = read_un_individuals()
        m = map_un_positives(positives, individuals)
        print(
            f"UN list: {len(individuals)} individuals; positives: {len(positives)}; "
            f"mapped {len(m.mapped)}, unmapped {len(m.unmapped)}, ambiguous {len(m.ambiguous)}"
        )
        for p in m.unmapped:
            print(f"  unmapped (delisted?): row {p.row}: {p.full_name!r}")
        for p, refs in m.ambiguous:
            print(f"  ambiguous: row {p.row}: {p.full_name!r} -> {', '.join(refs)}")
        if len(positives) != EXPECTED_UN_POSITIVES or len(m.mapped) != EXPECTED_UN_MAPPED:
            print(f"FAILED: expected {EXPECTED_UN_POSITIVES} positives and {EXPECTED_UN_MAPPED} mapped")
            status = 1
        negatives = read_negatives()
        print(f"negatives: {len(negatives)}")
        sample = typo_positives([p for p, _ in m.mapped[:5]], seed=args.seed)
        for t in sample:
            print(f"  typo: {t.original.full_name!r} {t.original.date_of_birth} -> "
                  f"{t.record.full_name!r} {t.record.date_of_birth}  [{' '.join(t.ops)}]")
    if args.print_imports:
        workdir = Path(tempfile.mkdtemp(prefix="partyscreen-bench-"))
        for cmd in import_commands(args.print_imports, workdir=workdir):
            print(" ".join(_shell_quote(c) for c in cmd))
        print(f"# OFAC folder (symlinks): {workdir / 'ofac-sdn'}")
    if args.write_batch:
        out, truth = make_batch_input(args.write_batch, args.rows, typos=args.typos, seed=args.seed)
        print(f"written: {out} and {truth}")
    return status


def _shell_quote(s: str) -> str:
    import shlex

    return shlex.quote(s)


if __name__ == "__main__":
    sys.exit(main())
