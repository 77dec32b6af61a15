"""The command line end to end, through a subprocess, as a user or a script runs it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "partyscreen.cli"]


def run(*args: str, db: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*CLI, "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=300,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "ps.db"
    run("lists", "import", "--sample", db=db)
    return db


def test_sample_import_is_a_version_and_reimport_changes_nothing(sample_db: Path) -> None:
    listing = json.loads(run("lists", "--json", db=sample_db).stdout)
    # The sample's relationships and products are feeds of their own (issue #5).
    assert [(v["feed"], v["version"], v["current"]) for v in listing] == [
        ("sample", 1, True), ("sample-products", 1, True), ("sample-relations", 1, True)]
    listing = [v for v in listing if v["feed"] == "sample"]
    assert listing[0]["entities"] >= 28
    again = run("lists", "import", "--sample", db=sample_db)
    assert "unchanged" in again.stdout
    assert len(json.loads(run("lists", "--json", db=sample_db).stdout)) == 3


def test_screen_json_has_the_batch_line_shape(sample_db: Path) -> None:
    result = json.loads(run("screen", "Inspur Group", "--json", db=sample_db).stdout)
    assert set(result) >= {"id", "input", "decision", "hits"}
    top = result["hits"][0]
    assert set(top) >= {"entity_id", "list", "name", "matched_name", "score", "match", "decision", "explanation"}
    assert top["list"] == "EL" and "Inspur Group" in top["name"] and top["match"] is True
    assert 0 <= top["score"] <= 1
    assert result["decision"] != "clear"
    scores = [h["score"] for h in result["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_screen_of_an_unlisted_party_is_clear(sample_db: Path) -> None:
    result = json.loads(run("screen", "Acme Widgets LLC", "--json", db=sample_db).stdout)
    assert result["decision"] == "clear"
    assert not any(h["match"] for h in result["hits"])


def test_screen_table_for_people(sample_db: Path) -> None:
    proc = run("screen", "Huawei", db=sample_db)
    assert "Huawei" in proc.stdout and "EL" in proc.stdout


def test_fail_on_exits_3_and_usage_errors_exit_2(sample_db: Path) -> None:
    assert run("screen", "Inspur Group", "--fail-on", "review", db=sample_db, check=False).returncode == 3
    assert run("screen", "Acme Widgets LLC", "--fail-on", "review", db=sample_db, check=False).returncode == 0
    assert run("screen", "x", "--fail-on", "bogus", db=sample_db, check=False).returncode == 2
    assert run("screen", db=sample_db, check=False).returncode == 2


def _write_batch(path: Path) -> None:
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "schema", "country", "note"])
        writer.writerow(["c1", "Inspur Group", "Company", "CN", "=HYPERLINK(\"x\")"])
        writer.writerow(["c2", "Acme Widgets LLC", "", "US", "keep me"])
        writer.writerow(["c3", "", "", "", "no name"])
        writer.writerow(["c4", "Huawei Technologies", "", "", ""])


def test_batch_jsonl_and_csv(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _write_batch(src)
    out = tmp_path / "out.jsonl"
    proc = run("batch", str(src), "--output", str(out), db=sample_db)
    assert "in.csv:4" in proc.stderr  # the row without a name is reported with its line
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2", "c4"]
    assert lines[1]["input"] == {"id": "c2", "name": "Acme Widgets LLC", "schema": "", "country": "US", "note": "keep me"}
    assert lines[0]["decision"] == "licence_required" and lines[1]["decision"] == "clear"  # Inspur Group is on the Entity List
    one = json.loads(run("screen", "Inspur Group", "--schema", "Company", "--country", "CN", "--json", db=sample_db).stdout)
    assert one["hits"] == lines[0]["hits"]

    out_csv = tmp_path / "out.csv"
    run("batch", str(src), "--output", str(out_csv), db=sample_db)
    rows = list(csv.reader(out_csv.open()))
    assert rows[0] == ["id", "name", "schema", "country", "note", "decision", "entity_id", "list", "name", "matched_name", "score", "match", "explanation", "disposition", "alert_id"]
    acme = [r for r in rows[1:] if r[0] == "c2"]
    assert len(acme) == 1 and acme[0][5] == "clear" and acme[0][6:] == [""] * 9
    inspur = [r for r in rows[1:] if r[0] == "c1"]
    assert len(inspur) == len(lines[0]["hits"])
    assert inspur[0][4] == "'=HYPERLINK(\"x\")"  # no formula reaches a spreadsheet


def test_batch_fail_on(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    _write_batch(src)
    proc = run("batch", str(src), "--output", str(tmp_path / "o.jsonl"), "--fail-on", "review", db=sample_db, check=False)
    assert proc.returncode == 3


def test_pairs(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        json.dumps({"id": "1", "schema": "Person", "query": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}, "candidate": {"name": ["PUTIN, Vladimir Vladimirovich"]}}) + "\n"
        + json.dumps({"id": "2", "schema": "Company", "query": {"name": ["Siemens AG"]}, "candidate": {"name": ["Volkswagen AG"]}}) + "\n"
        + "not json\n"
    )
    out = tmp_path / "scores.jsonl"
    proc = run("pairs", str(src), "--output", str(out), db=sample_db)
    assert "pairs.jsonl:3" in proc.stderr
    scores = {line["id"]: line for line in map(json.loads, out.read_text().splitlines())}
    assert scores["1"]["match"] is True and scores["2"]["match"] is False


def test_refused_file_exits_1_and_changes_nothing(sample_db: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notalist.txt"
    bogus.write_text("hello\nworld\n")
    before = run("lists", "--json", db=sample_db).stdout
    proc = run("lists", "import", str(bogus), db=sample_db, check=False)
    assert proc.returncode == 1 and "error" in proc.stderr
    assert run("lists", "--json", db=sample_db).stdout == before


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    proc = subprocess.run([*CLI, "lists", "import", "--sample"], capture_output=True, text=True, env={**os.environ, "PARTYSCREEN_DB": str(db)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert db.exists()


def test_import_says_what_it_left_out(tmp_path: Path) -> None:
    # A FollowTheMoney file holds more than list entries: what the format does not read is
    # named, not dropped without a word; a bad line is named with its line number.
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Jane [Roe]"]}},
        {"id": "pay1", "schema": "Payment", "properties": {"payer": ["p1"], "amount": ["10"]}},
        {"id": 7, "schema": "Person", "properties": {"name": ["Bad Id"]}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    proc = run("lists", "import", str(path), "--format", "ftm", "--feed", "custom", "--list", "CUSTOM", db=tmp_path / "ps.db")
    assert "not imported (not read by the ftm format): Payment 1" in proc.stderr
    assert "skipped entities.ftm.json:3:" in proc.stderr


def test_pairs_reports_damaged_lines_and_scores_the_rest(sample_db: Path, tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "schema": "Person", "query": {"name": ["Vladimir Putin"]}, "candidate": {"name": ["PUTIN, Vladimir"]}})
    lines = [
        good,
        json.dumps({"id": "str", "query": {"name": "Vladimir Putin"}, "candidate": {"name": ["Vladimir Putin"]}}),  # a lone string: one name
        json.dumps({"id": "num", "query": {"name": 42}, "candidate": {"name": ["x"]}}),
        json.dumps({"id": "schema", "schema": 5, "query": {"name": ["a"]}, "candidate": {"name": ["a"]}}),
        '{"id": "deep", "query": ' + "[" * 100_000 + "]" * 100_000 + ', "candidate": {}}',
        '{"id": NaN, "query": {"name": ["a"]}, "candidate": {"name": ["a"]}}',
        "[1, 2]",
    ]
    src = tmp_path / "pairs.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n\xff\xfe not utf-8\n" + good.encode() + b"\n")
    out = tmp_path / "scores.jsonl"
    proc = run("pairs", str(src), "--output", str(out), db=sample_db)
    scored = [json.loads(line) for line in out.read_text().splitlines()]
    assert [s["id"] for s in scored] == ["ok", "str", "ok"]  # the byte-order mark does not cost line 1
    assert scored[1]["score"] == 1.0
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped")]
    assert [line.split(":")[1] for line in skipped] == ["3", "4", "5", "6", "7", "8"]
    assert "query.name must be a string or a list of strings, not a number" in skipped[0]
    assert "JSON nested too deeply" in skipped[2] and "not UTF-8" in skipped[5]


def test_pairs_refuses_to_overwrite_its_input(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text(json.dumps({"id": "1", "query": {"name": ["a"]}, "candidate": {"name": ["a"]}}) + "\n")
    proc = run("pairs", str(src), "--output", str(src), db=sample_db, check=False)
    assert proc.returncode == 1 and "would overwrite the input" in proc.stderr
    assert json.loads(src.read_text())["id"] == "1"


def test_check_parties_file_with_an_unreadable_row_is_refused_with_its_line(sample_db: Path, tmp_path: Path) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text(f"role,name,address\nend-user,Acme Ltd,{'x' * 140_000}\n", encoding="utf-8")
    proc = run("check", "--parties", str(parties), "--item", "EAR99", "--destination", "DE", db=sample_db, check=False)
    assert proc.returncode == 1 and "parties.csv:2: row cannot be read as CSV" in proc.stderr
    parties.write_bytes("role,name\nend-user,M\u00fcller GmbH\n".encode("latin-1"))
    proc = run("check", "--parties", str(parties), "--item", "EAR99", "--destination", "DE", db=sample_db, check=False)
    assert proc.returncode == 1 and "parties.csv: not UTF-8 text; save the CSV as UTF-8" in proc.stderr
