"""`screen`, `batch`, `check`, `graph` and `product` end to end: one run through a subprocess as a user runs it,
the rest in-process through the same Typer app (faster, same code path)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from graph_helpers import HEADER
from typer.testing import CliRunner

from partyscreen.cli import app

CLI = [sys.executable, "-m", "partyscreen.cli"]


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    proc = subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def run_process(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=300, check=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graphcli") / "ps.db"
    out = run("lists", "import", "--sample", db=path).stdout
    assert "sample-relations: imported version 1: 7 relations" in out
    return path


def test_screen_shows_the_path_and_takes_as_of(db: Path) -> None:
    table = run("screen", "Aivres Systems", db=db).stdout
    assert "formerly Inspur Systems, Inc." in table and "Inspur Group" in table
    result = json.loads(run_process("screen", "Aivres Systems", "--json", "--as-of", "2026-12-01", db=db).stdout)
    hit = next(h for h in result["hits"] if "path" in h)
    assert hit["decision"] == "red_flag" and hit["path"][0]["relation"] == "renamed_from"
    plain = json.loads(run("screen", "Inspur Group", "--json", db=db).stdout)
    assert all("path" not in h for h in plain["hits"] if h["match"])  # `path` only when the graph found the hit
    assert run("screen", "Aivres Systems", "--as-of", "yesterday", db=db, check=False).returncode == 1


def test_kaytus_singapore_depends_on_nothing_but_unknown_percentages(db: Path) -> None:
    for on in ("2026-01-15", "2026-12-01"):
        result = json.loads(run("screen", "KAYTUS Singapore", "--json", "--as-of", on, db=db).stdout)
        assert result["decision"] == "red_flag"
        assert result["hits"][0]["reasons"][0]["rule"] == "BIS Affiliates rule: ownership percentage unknown"


def test_batch_and_check_follow_the_graph(db: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "country"])
        writer.writerow(["1", "Aivres Systems Inc.", "US"])
        writer.writerow(["2", "Acme Widgets LLC", "US"])
    out = tmp_path / "out.jsonl"
    run("batch", str(src), "--output", str(out), "--as-of", "2026-12-01", db=db)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["decision"] == "red_flag" and any("path" in h for h in lines[0]["hits"])
    assert lines[1]["decision"] == "clear"
    checked = json.loads(run("check", "--party", "Aivres Systems", "--item", "EAR99", "--destination", "US", "--as-of", "2026-12-01", "--json", db=db).stdout)
    assert checked["decision"] == "red_flag"  # a U.S.-located affiliate: not the listed parent's licence requirement


def test_graph_import_covered_and_diff(db: Path, tmp_path: Path) -> None:
    rel = tmp_path / "rel.csv"
    rel.write_text(HEADER + "Sber Leasing Cyprus Ltd,owned_by,PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA,100,2022-01-01,,registry extract,CY,RU\n")
    out = run("graph", "import", str(rel), db=db).stdout
    assert "relations: imported version 1 (relations-csv): 1 relations" in out
    covered = json.loads(run("graph", "covered", "--rule", "ofac", "--json", db=db).stdout)
    assert [p["party"] for p in covered["parties"] if p["status"] == "covered"] == ["Sber Leasing Cyprus Ltd"]
    result = json.loads(run("screen", "Sber Leasing Cyprus", "--json", db=db).stdout)
    assert result["decision"] == "block"
    rel.write_text(HEADER + "Sber Leasing Cyprus Ltd,owned_by,PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA,49,2022-01-01,,registry extract,CY,RU\n")
    run("graph", "import", str(rel), db=db)
    diff = json.loads(run("graph", "diff", "relations", "--json", db=db).stdout)
    assert len(diff["relations"]["added"]) == 1 and len(diff["relations"]["removed"]) == 1 or len(diff["relations"]["changed"]) == 1
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n")
    proc = run("graph", "import", str(bad), db=db, check=False)
    assert proc.returncode == 1 and "error" in proc.stderr


def test_product_rebrand(db: Path) -> None:
    text = run("product", "Aivres 5280M6", db=db).stdout
    assert "likely rebrand of Inspur IR5280M6 (maker on the Entity List)" in " ".join(text.split())
    result = json.loads(run("product", "Aivres 5280M6", "--json", db=db).stdout)
    assert set(result) == {"query", "decision", "matches"} and result["decision"] == "red_flag"
    top = result["matches"][0]
    assert top["product"] == {"maker": "Inspur Group Co., Ltd.", "brand": "Inspur", "model": "IR5280M6"} and top["rebrand"] is True
    assert any(h["list"] == "EL" and h["match"] for h in top["maker_hits"])
    assert any("prefix 'IR'" in e for e in top["evidence"])
    assert run("product", "Aivres 5280M6", "--spec", "nonsense", db=db, check=False).returncode == 2
