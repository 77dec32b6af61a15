"""Web sessions end: after their time, when the token is revoked or expires; the sign-in form has its own form token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from partyscreen.api.tokens import create_token, revoke_token
from partyscreen.store import schema as t

pytestmark = pytest.mark.parametrize("sample_db", ["sqlite"], indirect=True)


def _sign_in(app, secret: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, base_url="http://testserver")
    form = client.get("/ui/login")
    token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    signed = client.post("/ui/login", data={"csrf": token, "token": secret, "next": "/ui/alerts"}, follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/ui/alerts"
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("partyscreen_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/ui" in cookie
    assert 28790 <= int(cookie.split("Max-Age=", 1)[1].split(";", 1)[0]) <= 28800  # 8 hours by default
    return client


def test_session_ends_when_its_time_is_up(app, sample_db) -> None:
    engine = app.state.service.store.engine
    info, secret = create_token(engine, "reviewer", "session-time", "test")
    client = _sign_in(app, secret)
    assert client.get("/ui/alerts").status_code == 200
    with engine.begin() as conn:
        conn.execute(update(t.web_session).where(t.web_session.c.token_id == info.id).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    gone = client.get("/ui/alerts", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/ui/login")


def test_revoking_the_token_ends_its_sessions_and_a_short_token_shortens_the_session(app, sample_db) -> None:
    engine = app.state.service.store.engine
    _, secret = create_token(engine, "reviewer", "session-revoke", "test")
    client = _sign_in(app, secret)
    revoke_token(engine, "session-revoke", "test")
    assert client.get("/ui/alerts", follow_redirects=False).status_code == 303
    _, short = create_token(engine, "analyst", "session-short", "test", expires_in=timedelta(minutes=30))
    login = TestClient(app).get("/ui/login")
    token = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    signed = TestClient(app, cookies=login.cookies).post("/ui/login", data={"csrf": token, "token": short}, follow_redirects=False)
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("partyscreen_session="))
    max_age = int(cookie.split("Max-Age=", 1)[1].split(";", 1)[0])
    assert 1700 < max_age <= 1800  # never longer than the token lives


def test_sign_in_refuses_bad_tokens_and_forms_without_their_token(app, tokens, sample_db) -> None:
    client = TestClient(app)
    form = client.get("/ui/login")
    token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert client.post("/ui/login", data={"csrf": token, "token": tokens.expired}).status_code == 401
    assert "is expired" in client.post("/ui/login", data={"csrf": token, "token": tokens.expired}).text
    assert client.post("/ui/login", data={"csrf": token, "token": "psk_wrong"}).status_code == 401
    assert client.post("/ui/login", data={"csrf": "forged", "token": tokens.analyst}).status_code == 403
    assert client.get("/ui/login?next=https://evil.example/").text.count('value="/ui/screen"') == 1  # no open redirect
    page = client.get("/ui/login")
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in page.headers["content-security-policy"]
