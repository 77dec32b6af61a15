"""The workflow's commands end to end on the bundled sample list (in-process, as the CLI runs them)."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partyscreen.cli import app
from partyscreen.decide.levels import most_severe

PARTIES = [
    ["id", "name", "schema", "country", "role", "note"],
    ["c1", "Inspur Group", "Company", "CN", "customer", "=HYPERLINK(\"x\")"],
    ["c2", "Acme <b>Widgets</b> & Co", "", "US", "supplier", "plain"],
    ["c3", "Huawei Technologies", "", "", "end user", ""],
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workflow")
    assert CliRunner().invoke(app, ["--db", str(root / "w.db"), "lists", "import", "--sample"]).exit_code == 0
    with (root / "parties.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows(PARTIES)
    return root


def cli(workdir: Path, *args: str, user: str | None = None, code: int = 0):  # type: ignore[no-untyped-def]
    env = {"COLUMNS": "400", **({"PARTYSCREEN_USER": user} if user else {})}
    result = CliRunner().invoke(app, ["--db", str(workdir / "w.db"), *args], env=env)
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_workflow_from_batch_to_report(workdir: Path) -> None:
    out = workdir / "first.jsonl"
    run = cli(workdir, "batch", str(workdir / "parties.csv"), "-o", str(out), "--book", user="alice")
    assert "3 parties added to the book" in run.stderr and "alerts opened" in run.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    inspur = lines[0]
    el_hit = next(h for h in inspur["hits"] if h["list"] == "EL")
    assert el_hit["disposition"] == "open" and isinstance(el_hit["alert_id"], int)

    listed = json.loads(cli(workdir, "alerts", "--state", "open", "--json").stdout)
    assert el_hit["alert_id"] in [a["id"] for a in listed]
    parties = json.loads(cli(workdir, "parties", "--json").stdout)
    assert {p["id"]: p["role"] for p in parties} == {"c1": "customer", "c2": "supplier", "c3": "end user"}

    alert = str(el_hit["alert_id"])
    cli(workdir, "alerts", "decide", alert, "--as", "false_positive", code=2, user="alice")  # no --reason: usage
    decided = cli(workdir, "alerts", "decide", alert, "--as", "false_positive", "--reason", "different Inspur entity", user="alice")
    assert "pending_approval" in decided.stdout and "four-eyes" in decided.stdout
    refused = cli(workdir, "alerts", "approve", alert, code=1, user="alice")
    assert "four-eyes" in refused.stderr
    cli(workdir, "alerts", "approve", alert, "--user", "bob")  # --user wins over the environment
    shown = json.loads(cli(workdir, "alerts", "show", alert, "--json").stdout)
    assert [(e["action"], e["actor"]) for e in shown["events"]] == [("opened", "alice"), ("decided", "alice"), ("approved", "bob")]

    # Screened again: the remembered false positive is marked and no longer raises the row.
    again = workdir / "again.jsonl"
    cli(workdir, "batch", str(workdir / "parties.csv"), "-o", str(again), user="carol")
    line = json.loads(again.read_text().splitlines()[0])
    hit = next(h for h in line["hits"] if h["entity_id"] == el_hit["entity_id"])
    assert (hit["disposition"], hit["alert_id"]) == ("false_positive", el_hit["alert_id"])
    raised = [h["decision"] for h in line["hits"] if h.get("disposition") != "false_positive"]
    assert line["decision"] == most_severe(raised)
    as_csv = workdir / "again.csv"
    cli(workdir, "batch", str(workdir / "parties.csv"), "-o", str(as_csv), user="carol")
    marked = [r for r in csv.DictReader(as_csv.open()) if r["entity_id"] == el_hit["entity_id"]]
    assert marked and marked[0]["disposition"] == "false_positive" and marked[0]["alert_id"] == alert
    one = json.loads(cli(workdir, "screen", "Inspur Group", "--schema", "Company", "--country", "CN", "--id", "c1", "--json", user="dave").stdout)
    assert next(h for h in one["hits"] if h["entity_id"] == el_hit["entity_id"])["disposition"] == "false_positive"

    exported = workdir / "parties-out.csv"
    cli(workdir, "parties", "export", "-o", str(exported))
    rows = list(csv.DictReader(exported.open()))
    assert next(r for r in rows if r["id"] == "c1")["note"] == "'=HYPERLINK(\"x\")"

    report = workdir / "c1.html"
    cli(workdir, "report", "c1", "-o", str(report), user="erin")
    html = report.read_text()
    assert "Inspur Group" in html and "different Inspur entity" in html and "bob" in html and "false positive" in html
    assert "sample version 1" in html
    report2 = workdir / "c2.html"
    cli(workdir, "report", "c2", "-o", str(report2), user="erin")
    assert "Acme &lt;b&gt;Widgets&lt;/b&gt; &amp; Co" in report2.read_text()
    assert "no party" in cli(workdir, "report", "nobody", "-o", str(workdir / "x.html"), code=1).stderr

    today = datetime.now(UTC).strftime("%Y-%m-%d")
    jsonl, page = workdir / "audit.jsonl", workdir / "audit.html"
    cli(workdir, "audit", "export", "--from", today, "--to", today, "--jsonl", str(jsonl), "--html", str(page), user="auditor")
    records = [json.loads(r) for r in jsonl.read_text().splitlines()]
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert {"screening", "party", "alert"} <= {r["kind"] for r in records}
    assert "The whole chain verifies" in page.read_text() and "Acme &lt;b&gt;" in page.read_text()
    refused = cli(workdir, "audit", "purge", "--before", today, code=1, user="mallory")
    assert "retention" in refused.stderr


def test_audit_verify_and_anchor_catch_direct_edits(workdir: Path) -> None:
    cli(workdir, "screen", "Acme Widgets LLC", user="alice")
    assert "intact" in cli(workdir, "audit", "verify").stdout
    anchor = cli(workdir, "audit", "anchor", "--file", str(workdir / "anchors.txt")).stdout.strip()
    seq = int(anchor.split(":")[0])
    assert (workdir / "anchors.txt").read_text().strip().endswith(anchor)
    cli(workdir, "audit", "verify", "--anchor", anchor)
    with sqlite3.connect(workdir / "w.db") as conn:
        conn.execute("UPDATE audit_record SET payload = replace(payload, 'Acme', 'Acne') WHERE seq = ?", (seq,))
    broken = cli(workdir, "audit", "verify", code=1)
    assert f"record {seq} was altered" in broken.stderr
    with sqlite3.connect(workdir / "w.db") as conn:
        conn.execute("DELETE FROM audit_record WHERE seq = ?", (seq,))
        prev = conn.execute("SELECT seq, hash FROM audit_record WHERE seq = ?", (seq - 1,)).fetchone()
        conn.execute("UPDATE audit_head SET seq = ?, hash = ?", prev)
    assert "intact" in cli(workdir, "audit", "verify").stdout  # the cut is invisible inside the database...
    cut = cli(workdir, "audit", "verify", "--anchor-file", str(workdir / "anchors.txt"), code=1)
    assert "cut off" in cut.stderr  # ...but not against the anchor kept outside
    assert cli(workdir, "audit", "verify", "--anchor", "12:zz", code=1).stderr
