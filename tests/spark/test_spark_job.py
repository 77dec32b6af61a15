"""The Spark job on the bundled sample list, on SQLite and PostgreSQL: CSV read as ``batch`` reads it, rows
that cannot be screened, the audit record, outputs that must not be overwritten, the spark-submit entry."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from partyscreen.cases.audit import records_between
from partyscreen.graph.sample import import_sample_graph
from partyscreen.match.batch import run_batch, screener_for
from partyscreen.sources.base import ImportOptions
from partyscreen.spark import from_row, read_parties, row_problems, run_job
from partyscreen.spark._read import parties_frame
from partyscreen.spark import submit
from partyscreen.store import Store
from partyscreen.store.importing import import_files

# What Python's csv module and Spark's CSV reader could read differently: a byte-order mark, quoted
# commas, doubled quotes, a newline inside quotes, spaces kept, a missing and an extra field, non-ASCII.
TRICKY_CSV = (
    "\ufeffid,name,schema,country,note\r\n"
    'c1,Inspur Group,Company,CN,"=HYPERLINK(""x"")"\r\n'
    'c2,"Acme, Widgets LLC",,US,"two\r\nlines"\r\n'
    "c3,,,,no name\r\n"
    "c4,Huawei Technologies,,,\r\n"
    "c5,Ivan Petrov,Person,Narnia,unknown country\r\n"
    "c6,  Hikvision  ,,CN\r\n"
    "c7,Zhōngguó Hángkōng Gōngyè,,,x,extra value\r\n"
    ",Sberbank,,,no id\r\n"
    "c8,Aivres Systems,,US,renamed from a listed name (a hit through the relationship graph)\r\n"
)


def _sample(db: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = Store.open(db)
    sample_csv = Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv"))
    import_files(store, [sample_csv], format="csl-csv", options=ImportOptions(feed="sample"))
    import_sample_graph(store)  # renames and ownership: hits with a path
    src = tmp_path / "tricky.csv"
    src.write_bytes(TRICKY_CSV.encode("utf-8"))
    return store, screener_for(store), src


@pytest.fixture
def sample(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The sample list on SQLite and on PostgreSQL."""
    return _sample(db_url, tmp_path)


@pytest.fixture
def sample_sqlite(tmp_path: Path):  # type: ignore[no-untyped-def]
    return _sample(str(tmp_path / "sample.db"), tmp_path)


def test_csv_job_equals_batch_and_is_one_audit_record(spark, sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, screener, src = sample
    single = run_batch(screener, src, tmp_path / "single.jsonl")
    summary = run_job(spark, screener, store, str(src), str(tmp_path / "spark.jsonl"), actor="tester", partitions=3)
    lines = (tmp_path / "spark.jsonl").read_text(encoding="utf-8").splitlines()
    expected = (tmp_path / "single.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(expected) and len(lines) == single.rows == 6
    by_id = {json.loads(line)["id"]: json.loads(line) for line in lines}
    assert by_id["c2"]["input"] == {"id": "c2", "name": "Acme, Widgets LLC", "schema": "", "country": "US", "note": "two\r\nlines"}
    assert by_id["c6"]["input"]["name"] == "  Hikvision  " and by_id["c1"]["input"]["note"] == '=HYPERLINK("x")'
    assert by_id["c1"]["decision"] != "clear"
    assert any(h.get("path") for h in by_id["c8"]["hits"])  # the graph travelled to the executors too

    # The rows batch skips are skipped and named, not lost.
    assert summary.skipped == 3 and summary.problems == single.problems  # in batch's words: file, line, why
    assert "tricky.csv:5: the name is empty" in summary.problems
    assert "tricky.csv:9: the row has 6 cells and the header 5: a cell with a comma needs quotes; skipped" in summary.problems

    with store.engine.connect() as conn:
        records = list(records_between(conn))
    assert [r.kind for r in records] == ["batch_job"]  # one record for the whole job
    record = records[0].data()
    assert record["output"]["sha256"] == hashlib.sha256((tmp_path / "spark.jsonl").read_bytes()).hexdigest()
    assert record["rows"] == 6 and record["skipped"] == 3 and record["decisions"] == dict(single.decisions)
    assert record["lists"][0]["feed"] == "sample" and record["alerts"] == "not applied"


def test_parquet_output_replaces_only_an_earlier_dataset(spark, sample_sqlite, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, screener, src = sample_sqlite
    foreign = tmp_path / "foreign.parquet"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not a dataset")
    with pytest.raises(ValueError, match="not a dataset a Spark job wrote"):
        run_job(spark, screener, store, str(src), str(foreign), actor="tester")
    assert (foreign / "keep.txt").read_text() == "not a dataset"

    out = tmp_path / "out.parquet"
    first = run_job(spark, screener, store, str(src), str(out), actor="tester", partitions=2)
    # Again through the spark-submit entry, to the same output: the earlier dataset is replaced.
    code = submit.main([str(src), "--output", str(out), "--db", store.engine.url.render_as_string(hide_password=False),
                        "--user", "tester", "--fail-on", "review", "--partitions", "2"], spark=spark)
    assert code == 3  # --fail-on review: the sample list has hits
    rows = spark.read.parquet(str(out)).collect()
    assert len(rows) == first.rows == 6
    run_batch(screener, src, tmp_path / "single.jsonl")
    assert sorted(json.dumps(from_row(r.asDict(recursive=True)), ensure_ascii=False) for r in rows) == sorted(
        (tmp_path / "single.jsonl").read_text(encoding="utf-8").splitlines()
    )  # field for field, graph paths and reasons included
    with store.engine.connect() as conn:
        jobs = [r.data() for r in records_between(conn) if r.kind == "batch_job"]
    assert len(jobs) == 2 and jobs[0]["job_id"] != jobs[1]["job_id"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.parquet")]  # no staging left behind


def test_unscreenable_inputs_are_refused_with_a_reason(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "no_name.csv": ("id,title\n1,x\n", "no 'name' column"),
        "twice.csv": ("id,name,name\n1,a,b\n", "appears twice"),
        "unnamed.csv": ("id,name,\n1,a,b\n", "column 3 has no name"),
        "empty.csv": ("", "no 'name' column"),
    }
    for file, (text, message) in cases.items():
        (tmp_path / file).write_text(text)
        with pytest.raises(ValueError, match=message):  # read here, as batch reads it
            with parties_frame(spark, str(tmp_path / file)):
                pass
        with pytest.raises(ValueError, match=message):  # read by Spark, as from cluster storage
            read_parties(spark, str(tmp_path / file))
    with pytest.raises(ValueError, match="must end in .csv or .parquet"):
        read_parties(spark, str(tmp_path / "parties.txt"))
    given = spark.createDataFrame([("1", ""), ("2", "Acme"), ("3", "Ivan Petrov")], "id string, name string")
    assert [tuple(r) for r in row_problems(given).collect()] == [("1", "", "the name is empty")]
    nested = spark.createDataFrame([("1", "Acme", {"k": "v"})], "id string, name string, extra map<string,string>")
    nested.write.parquet(str(tmp_path / "nested.parquet"))
    with pytest.raises(ValueError, match="'extra' is map<string,string>"):
        read_parties(spark, str(tmp_path / "nested.parquet"))


def test_executors_refuse_another_engine_or_a_damaged_screener(spark, sample_sqlite) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from partyscreen.match.batch import row_to_query
    from partyscreen.spark._ship import _unpacked, executor_screener, ship

    _, screener, _ = sample_sqlite
    shipped = ship(spark, screener)
    try:
        _unpacked.clear()
        with pytest.raises(RuntimeError, match="install the same version everywhere"):
            executor_screener(replace(shipped, engine=("0.0.0", "partyscreen-match/0")))
        with pytest.raises(RuntimeError, match="does not have the hash"):
            executor_screener(replace(shipped, sha256="0" * 64))
        unpacked = executor_screener(shipped)
        query = row_to_query({"id": "1", "name": "Inspur Group"})
        assert unpacked.screen(query).to_json() == screener.screen(query).to_json()
    finally:
        _unpacked.clear()
        shipped.release()
