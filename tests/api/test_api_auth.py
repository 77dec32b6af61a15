"""Every endpoint but /healthz needs a token; roles analyst < reviewer < admin; expired and revoked tokens fail."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from sqlalchemy import select

from partyscreen.api.auth import CACHE_SECONDS
from partyscreen.store import Store
from partyscreen.store import schema as t

# One call per area with the role it needs (the body need not be valid: authorisation comes first).
CALLS = [
    ("POST", "/match/default", {"queries": {"q": {"schema": "Company", "properties": {"name": ["Acme"]}}}}, "analyst"),
    ("GET", "/search/default?q=Acme", None, "analyst"),
    ("POST", "/screen", {"name": "Acme Widgets"}, "analyst"),
    ("GET", "/lists", None, "analyst"),
    ("GET", "/alerts", None, "analyst"),
    ("GET", "/audit", None, "analyst"),
    ("GET", "/batches", None, "analyst"),
    ("POST", "/alerts/999999/decision", {"decision": "true_match", "reason": "x"}, "reviewer"),
    ("POST", "/alerts/999999/approve", {}, "reviewer"),
    ("GET", "/tokens", None, "admin"),
    ("GET", "/settings", None, "admin"),
    ("DELETE", "/tokens/nobody", None, "admin"),
]
RANK = {"analyst": 1, "reviewer": 2, "admin": 3}


def _fill(path: str) -> str:
    # Path parameters get harmless values; authentication is checked before anything else.
    return (path.replace("{dataset}", "default").replace("{entity_id}", "x").replace("{alert_id}", "1")
            .replace("{party_id}", "x").replace("{feed}", "x").replace("{job_id}", "abc").replace("{ref}", "x"))


def test_health_needs_no_token(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_every_endpoint_but_health_refuses_a_request_without_token(client, app) -> None:
    checked = 0
    for path, operations in app.openapi()["paths"].items():  # every published endpoint
        if path == "/healthz":
            continue
        for method in operations:
            response = client.request(method.upper(), _fill(path))
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert "detail" in response.json()
            checked += 1
    assert checked >= 25


@pytest.mark.parametrize("role", ["analyst", "reviewer", "admin"])
def test_each_role_gets_403_below_its_rank_and_through_at_or_above(client, tokens, role: str) -> None:
    for method, path, body, needed in CALLS:
        response = client.request(method, path, json=body, headers=tokens.header(role))
        if RANK[role] < RANK[needed]:
            assert response.status_code == 403, (role, method, path, response.text)
            assert f"needs the {needed} role" in response.json()["detail"]
        else:
            assert response.status_code not in (401, 403), (role, method, path, response.text)


@pytest.mark.parametrize("which", ["expired", "revoked"])
def test_expired_and_revoked_tokens_are_refused(client, tokens, which: str) -> None:
    for method, path, body, _ in CALLS:
        response = client.request(method, path, json=body, headers=tokens.header(which))
        assert response.status_code == 401, (which, path)
        assert response.json()["detail"].endswith(f"is {which}")


def test_apikey_scheme_as_yente_clients_send_it(client, tokens) -> None:
    assert client.get("/lists", headers={"Authorization": f"ApiKey {tokens.analyst}"}).status_code == 200
    assert client.get("/lists", headers={"Authorization": f"Basic {tokens.analyst}"}).status_code == 401
    assert client.get("/lists", headers={"Authorization": "Bearer psk_not-a-real-token"}).json()["detail"] == "unknown token"


def test_tokens_are_stored_as_sha256_only(client, tokens, sample_db: str) -> None:
    with Store.open(sample_db).engine.connect() as conn:
        rows = conn.execute(select(t.api_token)).mappings().all()
    stored = json.dumps([dict(r) for r in rows], default=str)
    assert tokens.analyst not in stored
    assert hashlib.sha256(tokens.analyst.encode()).hexdigest() in stored


def test_admin_creates_and_revokes_a_token_over_http(client, tokens) -> None:
    made = client.post("/tokens", json={"role": "analyst", "name": "erp-connector", "expires_in_days": 30}, headers=tokens.header("admin"))
    assert made.status_code == 201 and made.json()["state"] == "active" and made.json()["expires_at"]
    secret = made.json()["token"]
    assert client.get("/lists", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert all("token" not in row for row in client.get("/tokens", headers=tokens.header("admin")).json())
    assert client.delete("/tokens/erp-connector", headers=tokens.header("admin")).json()["state"] == "revoked"
    assert client.get("/lists", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.delete("/tokens/erp-connector", headers=tokens.header("admin")).status_code == 409


def test_token_commands_create_prints_once_and_revoke_takes_effect(client, sample_db: str, monkeypatch) -> None:
    from typer.testing import CliRunner

    from partyscreen.cli import app as cli

    monkeypatch.setenv("PARTYSCREEN_USER", "ops")
    runner = CliRunner()
    run = lambda *args: runner.invoke(cli, ["--db", sample_db, "token", *args])  # noqa: E731
    made = run("create", "--role", "reviewer", "--name", "cli-reviewer", "--expires-days", "1")
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("psk_") and "shown once" in made.stderr
    assert client.get("/alerts", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listed = run("list", "--json")
    assert secret not in listed.stdout
    assert any(row["name"] == "cli-reviewer" and row["role"] == "reviewer" and row["state"] == "active" for row in json.loads(listed.stdout))
    assert run("revoke", "cli-reviewer").exit_code == 0
    time.sleep(CACHE_SECONDS)  # a worker trusts a token it found active for at most this long
    assert client.get("/alerts", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert run("create", "--role", "boss").exit_code == 2
    again = run("revoke", "cli-reviewer")
    assert again.exit_code == 1 and "revoked already" in again.stderr


def test_a_token_reference_that_only_looks_like_a_number_is_a_name(client, tokens) -> None:  # type: ignore[no-untyped-def]
    # "¹" is a digit to str.isdigit but no number to int(): it must be looked up as a name, not crash.
    response = client.delete("/tokens/¹", headers=tokens.header("admin"))
    assert response.status_code == 404
