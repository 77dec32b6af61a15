"""yente compatibility (the published yente-client against a live server), the same answers as the CLI, errors."""

from __future__ import annotations

import json

import pytest

EXAMPLE = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["Inspur Group"], "country": ["cn"]}}}}


def test_yente_client_gets_partyscreen_results(live_server: str, tokens, client) -> None:
    from yente_client import Client
    from yente_client.entities import Company, Person

    with Client(api_key=tokens.analyst, base_url=live_server) as yc:
        found = yc.match(Company(name=["Inspur Group"], country=["cn"]), threshold=0.7, limit=5)
        nobody = yc.match(Person(name=["Jonathan Q. Smallwood"], birthDate=["1971-04-02"]))
        search = yc.search("Huawei", limit=3)
        assert yc.healthz().status == "ok"
    assert found.top is not None and found.top.caption == "Inspur Group Co., Ltd." and found.top.match
    assert found.top.schema_ == "LegalEntity" and found.top.datasets == ["sample"] and found.top.score == 1.0
    assert found.top.explanations["name"].score == 1.0
    assert found.total.relation == "eq" and found.total.value == len(found.results) and found.limit == 5
    assert found.query["properties"]["name"] == ["Inspur Group"]
    assert nobody.results == [] and nobody.top is None
    assert search.results and search.results[0].caption.startswith("Huawei")
    # The same answer as partyscreen's own /screen (which is the CLI's `screen --json`).
    own = client.post("/screen", json={"name": "Inspur Group", "country": ["CN"], "schema": "Company"}, headers=tokens.header("analyst")).json()
    assert [r.id for r in found.results] == [h["entity_id"] for h in own["hits"][:5]]


def test_match_response_keeps_yente_shape_and_adds_partyscreen_fields(client, tokens) -> None:
    body = client.post("/match/default?limit=3", json=EXAMPLE, headers=tokens.header("analyst")).json()
    assert set(body) >= {"responses", "limit"} and body["limit"] == 3
    response = body["responses"]["q1"]
    assert set(response) >= {"status", "results", "total", "query"} and response["status"] == 200
    top = response["results"][0]
    assert set(top) >= {"id", "caption", "schema", "properties", "datasets", "score", "match", "explanations", "features"}
    assert top["decision"] == "licence_required" and top["list"] == "EL"
    assert top["list_version"]["feed"] == "sample" and top["list_version"]["version"] == 1
    assert isinstance(top["path"], list) and top["reasons"][0]["citation"]
    assert "Inspur" in top["explanation"]


def test_evasion_path_travels_in_the_result(client, tokens) -> None:
    query = {"queries": {"a": {"schema": "Company", "properties": {"name": ["Aivres Systems"]}}}}
    results = client.post("/match/default", json=query, headers=tokens.header("analyst")).json()["responses"]["a"]["results"]
    via = [r for r in results if r["path"]]
    assert via and via[0]["caption"] == "Inspur Group Co., Ltd."
    assert [step["relation"] for step in via[0]["path"]][:2] == ["renamed_from", "subsidiary_of"]


def test_datasets_threshold_cutoff_and_several_queries(client, tokens) -> None:
    queries = {"queries": {"a": {"schema": "Company", "properties": {"name": ["Inspur Group"]}},
                           "b": {"schema": "Person", "properties": {"firstName": ["Jonathan"], "lastName": ["Smallwood"]}}}}
    analyst = tokens.header("analyst")
    everything = client.post("/match/default", json=queries, headers=analyst).json()["responses"]
    assert set(everything) == {"a", "b"} and everything["b"]["results"] == []
    lists = {r["list"] for r in everything["a"]["results"]}
    assert {"EL", "CMIC"} <= lists
    only_cmic = client.post("/match/CMIC", json=queries, headers=analyst).json()["responses"]["a"]["results"]
    assert only_cmic and {r["list"] for r in only_cmic} == {"CMIC"}
    without = client.post("/match/default?exclude_dataset=CMIC", json=queries, headers=analyst).json()["responses"]["a"]["results"]
    assert "CMIC" not in {r["list"] for r in without}
    strict = client.post("/match/default?threshold=0.999&cutoff=0.9", json=queries, headers=analyst).json()["responses"]["a"]["results"]
    assert all(r["score"] >= 0.9 for r in strict) and all(r["match"] == (r["score"] >= 0.999) for r in strict)
    assert client.post("/match/nowhere", json=queries, headers=analyst).status_code == 404
    assert client.post("/match/default?algorithm=logic-v2", json=queries, headers=analyst).status_code == 400
    assert client.post("/match/default?algorithm=best", json=queries, headers=analyst).status_code == 200


def test_same_answer_as_the_cli(client, tokens, sample_db: str, monkeypatch) -> None:
    from typer.testing import CliRunner

    from partyscreen.cli import app as cli

    monkeypatch.setenv("PARTYSCREEN_USER", "cli-user")
    for name in ("Aivres Systems", "Sberbank", "Vladimir Putin"):
        screened = CliRunner().invoke(cli, ["--db", sample_db, "screen", name, "--json"])
        assert screened.exit_code == 0, screened.output
        api = client.post("/screen", json={"name": name}, headers=tokens.header("analyst")).json()
        assert api == json.loads(screened.stdout) and api["hits"]


def test_screenings_are_in_the_audit_trail_with_the_token_name(client, tokens) -> None:
    client.post("/match/default", json={"queries": {"z": {"schema": "Person", "properties": {"name": ["Audit Trail Probe"]}}}},
                headers=tokens.header("analyst"))
    records = client.get("/audit?kind=screening&limit=20", headers=tokens.header("analyst")).json()["records"]
    mine = [r for r in records if r["payload"]["input"]["name"] == "Audit Trail Probe"]
    assert mine and mine[0]["actor"].startswith("analyst-") and mine[0]["payload"]["source"] == "api:/match/default"
    assert mine[0]["payload"]["lists"][0]["feed"] == "sample"
    assert client.get("/audit/verify", headers=tokens.header("analyst")).json()["ok"] is True


def test_entity_with_relationships_and_evasion_paths(client, tokens) -> None:
    hits = client.post("/screen", json={"name": "Inspur Electronic Information Industry"}, headers=tokens.header("analyst")).json()["hits"]
    entry = client.get(f"/entities/{hits[0]['entity_id']}", headers=tokens.header("analyst")).json()
    assert entry["caption"].startswith("Inspur Electronic") and entry["list"] == "EL"
    assert any(r["relation"] == "owned_by" and r["other"].startswith("Inspur Group") and r["percent"] == 36.0 for r in entry["relationships"])
    assert any(p["target"].startswith("Inspur Group") and p["steps"] for p in entry["evasion_paths"])
    assert client.get("/entities/sample:nothing-here", headers=tokens.header("analyst")).status_code == 404


@pytest.mark.parametrize("body, status, words", [
    ({"queries": {"q": {"schema": "Document", "properties": {"name": ["x"]}}}}, 400, "cannot be screened"),
    ({"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme"], "country": ["Atlantis"]}}}}, 400, "unknown country"),
    ({"queries": {"q": {"schema": "Person", "properties": {"name": ["A"], "birthDate": ["last year"]}}}}, 400, "birthDate"),
    ({"queries": {"q": {"schema": "Company", "properties": {"country": ["DE"]}}}}, 400, "no name"),
    ({"queries": {}}, 422, "at least 1"),
    ({"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme\x00Corp"]}}}}, 422, "control characters"),
])
def test_bad_queries_get_clear_json_errors(client, tokens, body, status: int, words: str) -> None:
    response = client.post("/match/default", json=body, headers=tokens.header("analyst"))
    assert response.status_code == status
    assert words in json.dumps(response.json())
    assert "Traceback" not in response.text


def test_request_size_limit_and_malformed_json(client, tokens) -> None:
    huge = {"queries": {"q": {"schema": "Company", "properties": {"name": ["x" * 900] * 40}}} for _ in range(1)}
    big = json.dumps({"queries": {f"q{i}": huge["queries"]["q"] for i in range(60)}})
    response = client.post("/match/default", content=big, headers={**tokens.header("analyst"), "Content-Type": "application/json"})
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    broken = client.post("/match/default", content=b'{"queries": ', headers={**tokens.header("analyst"), "Content-Type": "application/json"})
    assert broken.status_code == 422 and "Traceback" not in broken.text
    assert client.post("/screen", json={"name": "Acme", "schema": "Spaceship"}, headers=tokens.header("analyst")).json()["detail"].startswith("unknown schema")


@pytest.mark.parametrize("url, headers, loc", [
    ("/match/default?limit=0", {}, ["query", "limit"]),
    ("/match/default?limit=many", {}, ["query", "limit"]),
    ("/match/default?threshold=1.5", {}, ["query", "threshold"]),
    ("/match/default?" + "&".join(["exclude_schema=Person"] * 51), {}, ["query", "exclude_schema"]),
    ("/match/" + "d" * 101, {}, ["path", "dataset"]),
    ("/match/default", {"Content-Type": "text/plain"}, ["body"]),
])
def test_match_parameters_are_validated_with_field_locations(client, tokens, url: str, headers: dict[str, str], loc: list[str]) -> None:
    body = json.dumps({"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme"]}}}})
    response = client.post(url, content=body, headers={**tokens.header("analyst"), "Content-Type": "application/json", **headers})
    assert response.status_code == 422
    assert [problem["loc"][: len(loc)] for problem in response.json()["detail"]] == [loc]


def test_match_parameters_are_read_as_yente_sends_them(client, tokens) -> None:
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Inspur"]}}}}
    analyst = tokens.header("analyst")
    wide = client.post("/match/default?limit=3&threshold=0.5", json=body, headers=analyst).json()
    assert wide["limit"] == 3 and len(wide["responses"]["q"]["results"]) <= 3
    assert all(r["match"] == (r["score"] >= 0.5) for r in wide["responses"]["q"]["results"])
    kinds = {r["schema"] for r in wide["responses"]["q"]["results"]}
    assert kinds, "the sample has Inspur entries"
    narrowed = client.post("/match/default?" + "&".join(f"exclude_schema={k}" for k in kinds), json=body, headers=analyst).json()
    assert not {r["schema"] for r in narrowed["responses"]["q"]["results"]} & kinds


def test_match_checks_the_token_before_the_request(client, tokens) -> None:
    assert client.post("/match/default?limit=0", content=b"not json").status_code == 401
    assert client.post("/match/default?limit=0", content=b"not json", headers={"Authorization": f"Bearer {tokens.revoked}"}).status_code == 401


def test_check_gives_the_cli_answer(client, tokens, sample_db: str, monkeypatch) -> None:
    from typer.testing import CliRunner

    from partyscreen.cli import app as cli

    checked = CliRunner().invoke(cli, ["--db", sample_db, "check", "--party", "end-user=Inspur Group", "--party", "purchaser=Acme Widgets",
                                       "--item", "3A090", "--destination", "CN", "--json"])
    assert checked.exit_code == 0, checked.output
    body = {"parties": [{"name": "Inspur Group", "role": "end-user"}, {"name": "Acme Widgets", "role": "purchaser"}], "item": "3A090", "destination": "CN"}
    api = client.post("/check", json=body, headers=tokens.header("analyst"))
    assert api.status_code == 200 and api.json() == json.loads(checked.stdout)
    assert api.json()["decision"] == "licence_required"
    bad = client.post("/check", json={**body, "destination": "Atlantis"}, headers=tokens.header("analyst"))
    assert bad.status_code == 400 and "unknown destination" in bad.json()["detail"]


def test_a_server_error_is_json_without_a_stack_trace(app, tokens, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    def broken() -> None:
        raise RuntimeError("secret internals: /etc/partyscreen/settings.toml")

    monkeypatch.setattr(app.state.service, "screener", broken)
    failing = TestClient(app, raise_server_exceptions=False)  # not entered: the app is started already
    response = failing.post("/match/default", json=EXAMPLE, headers=tokens.header("analyst"))
    assert response.status_code == 500
    assert response.json()["detail"].startswith("internal error ") and "secret" not in response.text and "Traceback" not in response.text


def test_partyscreen_serve_starts_the_service(sample_db: str, tokens, tmp_path) -> None:
    """The `serve` command as a user runs it: a free port on 127.0.0.1, /healthz open, /match with a token."""
    if "://" in sample_db:
        pytest.skip("once is enough: on SQLite")
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from _service_fixtures import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "partyscreen.cli", "serve", "--db", sample_db, "--port", str(port), "--workers", "1",
                               "--jobs-dir", str(tmp_path), "--log-level", "warning"], start_new_session=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.2)
        assert httpx.post(f"{base}/match/default", json=EXAMPLE).status_code == 401
        answer = httpx.post(f"{base}/match/default", json=EXAMPLE, headers=tokens.header("analyst"), timeout=30)
        assert answer.status_code == 200 and answer.json()["responses"]["q1"]["results"][0]["caption"] == "Inspur Group Co., Ltd."
        assert "openapi" in httpx.get(f"{base}/openapi.json").json()
    finally:
        import os

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_date_that_is_not_in_the_calendar_is_refused(client, tokens) -> None:
    analyst = tokens.header("analyst")
    for path, body in (("/screen", {"name": "Inspur Group", "as_of": "2020-13-45"}),
                       ("/screen", {"name": "Ivan Petrov", "schema": "Person", "birth_date": ["1965-02-30"]}),
                       ("/check", {"parties": [{"name": "Inspur Group"}], "item": "EAR99", "destination": "CN", "as_of": "2023-02-29"})):
        answer = client.post(path, json=body, headers=analyst)
        assert answer.status_code in (400, 422), (path, answer.text)
