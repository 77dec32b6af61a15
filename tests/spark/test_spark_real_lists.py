"""Spark against single-process batch on real lists: the same lines, hit for hit, for a couple of thousand parties.

The store holds the UN Security Council list and the BIS Entity List (flat) from
``../shared/data``; the parties come from the benchmark's generator
(``bench/gen_parties.py``), 5% of them true list variants.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from partyscreen.cases.audit import records_between
from partyscreen.decide.check import parse_as_of
from partyscreen.match.batch import run_batch, screener_for
from partyscreen.match.screener import Screener, index_key
from partyscreen.sources.base import ImportOptions
from partyscreen.spark import from_row, run_job
from partyscreen.spark._output import MANIFEST
from partyscreen.store import Store
from partyscreen.store.importing import import_files

PARTIES = 2000
SHARE = 0.05
SUBSET = 400  # parties of the Parquet round trip


@pytest.fixture(scope="module")
def real(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import gen_parties

    folder = tmp_path_factory.mktemp("real")
    store = Store.open(str(folder / "real.db"))
    import_files(store, [shared_data / "watchman" / "un_sc_consolidated_2026-02-27.xml.gz"], format="un")
    import_files(
        store,
        [shared_data / "restricted-parties-db" / "bis_entity_list_flat.csv"],
        format="csv",
        options=ImportOptions(feed="bis-el-flat", list_code="EL", mapping={"name": "name_english", "aliases": "aliases"}, alias_sep=" | "),
    )
    screener = screener_for(store)
    screener.as_of = parse_as_of(None)  # type: ignore[attr-defined]  # as the command line does
    parties, truth, variants = gen_parties.generate(str(folder / "real.db"), folder / "parties.csv", PARTIES, SHARE, seed=8)
    single = folder / "single.jsonl"
    summary = run_batch(screener, parties, single, limit=10)
    return {
        "store": store, "screener": screener, "parties": parties, "truth": gen_parties.read_truth(truth),
        "variants": variants, "single": single.read_text(encoding="utf-8").splitlines(), "summary": summary,
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_jsonl_output_has_exactly_the_single_process_lines(spark, real, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screener: Screener = real["screener"]  # type: ignore[assignment]
    store: Store = real["store"]  # type: ignore[assignment]
    out = tmp_path / "spark.jsonl"
    summary = run_job(spark, screener, store, str(real["parties"]), str(out), actor="tester")
    lines = out.read_text(encoding="utf-8").splitlines()
    single: list[str] = real["single"]  # type: ignore[assignment]
    assert len(lines) == len(single) == PARTIES
    assert sorted(lines) == sorted(single)  # hit for hit, byte for byte, in any order
    assert summary.rows == real["summary"].rows and summary.decisions == real["summary"].decisions  # type: ignore[attr-defined]
    assert any(json.loads(line)["hits"] for line in lines)

    # The job is one record in the audit trail, with the hash of the file it wrote.
    with store.engine.connect() as conn:
        jobs = [r for r in records_between(conn) if r.kind == "batch_job"]
    assert len(jobs) == 1 and jobs[0].actor == "tester"
    record = jobs[0].data()
    assert record["job_id"] == summary.job_id and record["output"]["sha256"] == _sha256(out) == summary.output_sha256
    assert record["input"]["sha256"] == _sha256(real["parties"])  # type: ignore[arg-type]
    assert record["rows"] == PARTIES and record["engine"] == "spark" and record["master"] == "local[2]"
    assert {v["feed"] for v in record["lists"]} == {"un-sc", "bis-el-flat"}
    assert record["screener"]["index_key"] == index_key(screener.versions)
    assert record["screener"]["bytes"] > 1_000_000 and len(record["screener"]["sha256"]) == 64


def test_seeded_variants_are_found(real) -> None:  # type: ignore[no-untyped-def]
    truth: dict[str, dict[str, str]] = real["truth"]  # type: ignore[assignment]
    assert len(truth) == real["variants"] == PARTIES * SHARE
    found = 0
    for line in real["single"]:  # type: ignore[attr-defined]
        result = json.loads(line)
        if result["id"] in truth:
            found += any(h["entity_id"] == truth[result["id"]]["entity_id"] for h in result["hits"])
    assert found / len(truth) >= 0.8


def test_parquet_in_parquet_out_holds_the_same_results(spark, real, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Parquet input (the first parties of the CSV) gives a Parquet dataset with the same results, field for field."""
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    table = pa_csv.read_csv(real["parties"], convert_options=pa_csv.ConvertOptions(strings_can_be_null=False,  # type: ignore[arg-type]
                            column_types={c: "string" for c in ("id", "name", "schema", "country", "birth_date", "address")}))
    subset = table.slice(0, SUBSET)
    pq.write_table(subset, tmp_path / "parties.parquet")
    out = tmp_path / "results.parquet"
    summary = run_job(spark, real["screener"], real["store"], str(tmp_path / "parties.parquet"), str(out), actor="tester")  # type: ignore[arg-type]
    assert out.is_dir() and (out / "_SUCCESS").exists()
    rows = spark.read.parquet(str(out)).collect()
    as_lines = sorted(json.dumps(from_row(r.asDict(recursive=True)), ensure_ascii=False) for r in rows)
    ids = set(subset.column("id").to_pylist())
    assert len(as_lines) == SUBSET
    assert as_lines == sorted(line for line in real["single"] if json.loads(line)["id"] in ids)  # type: ignore[attr-defined]

    # The manifest lists every part file with its SHA-256; its own hash is the recorded one.
    manifest = (out / MANIFEST).read_text()
    listed = dict(reversed(line.split("  ", 1)) for line in manifest.splitlines())
    parts = sorted(p.name for p in out.iterdir() if p.name.startswith("part-"))
    assert sorted(listed) == parts and all(_sha256(out / name) == digest for name, digest in listed.items())
    assert summary.output_sha256 == hashlib.sha256(manifest.encode()).hexdigest()
