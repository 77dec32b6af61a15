"""Alerts over HTTP: reviewer decisions, four-eyes, 409 when someone decided first, nothing lost under a race."""

from __future__ import annotations

import threading
import uuid

import httpx


def _book_party(client, tokens, name: str) -> tuple[str, list[dict]]:
    """Screen a party into the book; returns its id and its alerts."""
    party_id = f"P-{uuid.uuid4().hex[:8]}"
    screened = client.post("/screen", json={"name": name, "id": party_id, "book": True}, headers=tokens.header("analyst"))
    assert screened.status_code == 200, screened.text
    found = client.get(f"/alerts?party={party_id}", headers=tokens.header("analyst")).json()["alerts"]
    return party_id, found


def test_reviewer_decides_and_a_second_decision_gets_409(client, tokens) -> None:
    party_id, found = _book_party(client, tokens, "Inspur Group")
    alert = next(a for a in found if a["list"] == "EL")
    url = f"/alerts/{alert['id']}/decision"
    body = {"decision": "true_match", "reason": "same name, same country, same address as the Entity List entry", "expected_state": "open"}
    assert client.post(url, json=body, headers=tokens.header("analyst")).status_code == 403
    assert client.post(url, json={**body, "reason": "  "}, headers=tokens.header("reviewer")).status_code == 400
    decided = client.post(url, json=body, headers=tokens.header("reviewer"))
    assert decided.status_code == 200 and decided.json()["state"] == "true_match"
    assert decided.json()["events"][-1]["actor"].startswith("reviewer-")
    again = client.post(url, json=body, headers=tokens.header("reviewer2"))
    assert again.status_code == 409 and "true_match" in again.json()["detail"]
    assert client.post("/alerts/999999/decision", json=body, headers=tokens.header("reviewer")).status_code == 404
    detail = client.get(f"/parties/{party_id}", headers=tokens.header("analyst")).json()
    assert detail["name"] == "Inspur Group" and any(a["state"] == "true_match" for a in detail["alerts"])


def test_four_eyes_false_positive_needs_another_reviewer_then_is_remembered(client, tokens) -> None:
    party_id, found = _book_party(client, tokens, "Inspur Group")
    alert = next(a for a in found if a["list"] == "EL")  # EL: four-eyes by default
    url = f"/alerts/{alert['id']}"
    proposed = client.post(f"{url}/decision", json={"decision": "false_positive", "reason": "different company of the same name"},
                           headers=tokens.header("reviewer"))
    assert proposed.json()["state"] == "pending_approval"
    own = client.post(f"{url}/approve", json={}, headers=tokens.header("reviewer"))
    assert own.status_code == 403 and "four-eyes" in own.json()["detail"]
    approved = client.post(f"{url}/approve", json={"expected_state": "pending_approval"}, headers=tokens.header("reviewer2"))
    assert approved.status_code == 200 and approved.json()["state"] == "false_positive"
    again = client.post("/screen", json={"name": "Inspur Group", "id": party_id}, headers=tokens.header("analyst")).json()
    marked = next(h for h in again["hits"] if h["entity_id"] == alert["entity_id"])
    assert marked["disposition"] == "false_positive"


def test_two_reviewers_at_once_one_wins_the_other_gets_409(live_server: str, client, tokens) -> None:
    """Real concurrent requests against the server (run on PostgreSQL too): exactly one decision per alert."""
    alerts = []
    for _ in range(8):
        _, found = _book_party(client, tokens, "Huawei Technologies")
        alerts += [a for a in found if a["state"] == "open"][:1]
    assert len(alerts) == 8
    outcomes: dict[int, list[int]] = {}
    for alert in alerts:
        barrier = threading.Barrier(2)
        codes: list[int] = []

        def decide(role: str, decision: str, alert_id: int = alert["id"]) -> None:
            with httpx.Client(base_url=live_server, headers=tokens.header(role), timeout=30) as http:
                barrier.wait()
                codes.append(http.post(f"/alerts/{alert_id}/decision", json={"decision": decision, "reason": f"{role} says {decision}"}).status_code)

        threads = [threading.Thread(target=decide, args=("reviewer", "true_match")), threading.Thread(target=decide, args=("reviewer2", "escalate"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes[alert["id"]] = sorted(codes)
    assert all(codes == [200, 409] for codes in outcomes.values()), outcomes
    for alert_id in outcomes:
        events = client.get(f"/alerts/{alert_id}", headers=tokens.header("analyst")).json()["events"]
        assert [e["action"] for e in events] == ["opened", "decided"]  # one decision, none lost, none doubled
    assert client.get("/audit/verify", headers=tokens.header("analyst")).json()["ok"] is True
