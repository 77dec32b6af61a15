"""Batch jobs (upload, progress, download) and lists (versions, diff, import by admins) over HTTP."""

from __future__ import annotations

import csv
import io
import json
import time
from importlib import resources
from pathlib import Path

from fastapi.testclient import TestClient

from partyscreen.api.app import create_app
from partyscreen.api.service import ServiceConfig
from partyscreen.api.tokens import create_token
from partyscreen.match.batch import run_batch, screener_for
from partyscreen.store import Store

ROWS = "id,name,country\nB1,Inspur Group,CN\nB2,Jonathan Q. Smallwood,US\nB3,=HYPERLINK(\"http://x\"),\nB4,,\n"


def _wait(client, job_id: str, headers) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"/batches/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the batch job did not finish")


def test_batch_upload_progress_and_download(client, tokens, sample_db: str, tmp_path: Path) -> None:
    analyst = tokens.header("analyst")
    started = client.post("/batches", files={"file": ("parties.csv", ROWS, "text/csv")}, data={"output": "jsonl"}, headers=analyst)
    assert started.status_code == 202 and started.json()["rows_total"] == 4
    assert started.json()["output"] == "jsonl"  # known from the start: the page offers its download by it
    job = _wait(client, started.json()["id"], analyst)
    assert job["state"] == "done" and job["rows_done"] == 3 and job["percent"] == 75.0
    assert len(job["problems"]) == 1 and "name is empty" in job["problems"][0]
    lines = [json.loads(line) for line in client.get(f"/batches/{job['id']}/result", headers=analyst).text.splitlines()]
    # The same lines as `partyscreen batch` (run_batch) gives for the file.
    source = tmp_path / "parties.csv"
    source.write_text(ROWS, encoding="utf-8")
    run_batch(screener_for(Store.open(sample_db)), source, tmp_path / "out.jsonl")
    expected = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["id"], r["decision"], [h["entity_id"] for h in r["hits"]]) for r in lines] == \
           [(r["id"], r["decision"], [h["entity_id"] for h in r["hits"]]) for r in expected]
    # Another analyst does not see the job; an admin does.
    assert client.get(f"/batches/{job['id']}", headers=tokens.header("reviewer")).status_code == 404
    assert client.get(f"/batches/{job['id']}", headers=tokens.header("admin")).status_code == 200


def test_batch_csv_output_escapes_formulas_and_bad_files_are_refused(client, tokens) -> None:
    analyst = tokens.header("analyst")
    job = _wait(client, client.post("/batches", files={"file": ("p.csv", ROWS, "text/csv")}, data={"output": "csv"}, headers=analyst).json()["id"], analyst)
    rows = list(csv.reader(io.StringIO(client.get(f"/batches/{job['id']}/result", headers=analyst).text)))
    assert rows[0][:4] == ["id", "name", "country", "decision"]
    assert any(r[1].startswith("'=HYPERLINK") for r in rows[1:])
    no_name = client.post("/batches", files={"file": ("x.csv", "company\nAcme\n", "text/csv")}, headers=analyst)
    assert no_name.status_code == 400 and "no 'name' column" in no_name.json()["detail"]
    latin1 = client.post("/batches", files={"file": ("x.csv", "name\nM\xfcller GmbH\n".encode("latin-1"), "text/csv")}, headers=analyst)
    assert latin1.status_code == 400 and "UTF-8" in latin1.json()["detail"]
    assert client.get("/batches/ffffffffffffffff/result", headers=analyst).status_code == 404


def test_lists_versions_diff_and_import_by_admin(tmp_path: Path) -> None:
    """On a store of its own: an admin imports two versions of a feed; the diff shows the change; /match sees the new version."""
    app = create_app(ServiceConfig(db=str(tmp_path / "own.db"), jobs_dir=tmp_path / "jobs", refresh_seconds=0))
    engine = app.state.service.store.engine
    admin = {"Authorization": f"Bearer {create_token(engine, 'admin', 'lists-admin', 'test')[1]}"}
    analyst = {"Authorization": f"Bearer {create_token(engine, 'analyst', 'lists-analyst', 'test')[1]}"}
    sample = Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv")).read_text(encoding="utf-8").splitlines()
    header, rows = sample[0], {line.split(",", 1)[0].strip('"'): line for line in sample[1:]}
    first = "\n".join([header, rows["sample-019"], rows["sample-020"]]) + "\n"
    second = "\n".join([header, rows["sample-019"]]) + "\n"
    with TestClient(app) as client:
        upload = lambda text: client.post("/lists/import", files=[("files", ("consolidated.csv", text, "text/csv"))],  # noqa: E731
                                          data={"feed": "dpl-test"}, headers=admin)
        assert upload(first).status_code == 201
        assert client.post("/lists/import", files=[("files", ("c.csv", first, "text/csv"))], headers=analyst).status_code == 403
        assert upload(first).json()["unchanged"] is True  # the same files again change nothing
        query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Alexander Brazhnikov"]}}}}
        assert client.post("/match/dpl-test", json=query, headers=analyst).json()["responses"]["q"]["results"][0]["list"] == "DPL"
        made = upload(second)
        assert made.status_code == 201 and made.json()["version"]["version"] == 2
        versions = client.get("/lists", headers=analyst).json()
        assert [(v["feed"], v["version"], v["current"]) for v in versions] == [("dpl-test", 1, False), ("dpl-test", 2, True)]
        diff = client.get("/lists/dpl-test/diff", headers=analyst).json()
        assert diff["counts"]["removed"] == 1 and diff["removed"][0]["name"] == "ALEXANDER BRAZHNIKOV JR"
        assert client.post("/match/dpl-test", json=query, headers=analyst).json()["responses"]["q"]["results"] == []
        assert client.get("/lists/nothing/diff", headers=analyst).status_code == 404
        refused = client.post("/lists/import", files=[("files", ("notes.txt", "hello", "text/plain"))], headers=admin)
        assert refused.status_code == 400 and "nothing was changed" in refused.json()["detail"]
        # The reviewer page shows the same change.
        form = client.get("/ui/login")
        token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/ui/login", data={"csrf": token, "token": admin["Authorization"].split()[1]})
        page = client.get("/ui/lists/dpl-test/diff?old=1&new=2")
        assert page.status_code == 200 and "version 1 → 2" in page.text and "ALEXANDER BRAZHNIKOV JR" in page.text
        assert "what changed since 1" in client.get("/ui/lists").text


def test_batch_upload_with_a_damaged_row_screens_the_rest_and_a_name_column_twice_is_refused(client, tokens) -> None:
    analyst = tokens.header("analyst")
    huge = f"id,name,address\nH1,Inspur Group,\nH2,Acme Ltd,{'x' * 140_000}\nH3,Huawei Technologies,\n"
    started = client.post("/batches", files={"file": ("big.csv", huge, "text/csv")}, headers=analyst)
    assert started.status_code == 202  # one cell over the csv module's limit does not refuse the file
    job = _wait(client, started.json()["id"], analyst)
    assert job["state"] == "done" and job["rows_done"] == 2
    assert [p[:40] for p in job["problems"]] == ["input.csv:3: row cannot be read as CSV ("]
    twice = client.post("/batches", files={"file": ("t.csv", "id,name,name\n1,Acme,Other\n", "text/csv")}, headers=analyst)
    assert twice.status_code == 400 and "column 'name' appears twice" in twice.json()["detail"]
