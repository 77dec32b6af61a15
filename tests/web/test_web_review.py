"""The reviewer page in headless Chromium (Debian's, driven by Playwright): a reviewer clears a false
positive (approved by a second reviewer, four-eyes) and confirms a true match, end to end; screening with
the evasion path, a batch with live progress and download, lists, the audit trail.  Screenshots of the
main pages go to tests/web/screenshots/."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).with_name("screenshots")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
    pytest.mark.parametrize("sample_db", ["sqlite"], indirect=True),  # the browser flow once; the API tests cover both databases
]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        # Debian's Chromium, never a browser Playwright would download.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


def sign_in(browser, base: str, token: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 768})  # a laptop screen
    page = context.new_page()
    page.goto("/ui/alerts")
    assert page.url.endswith("/ui/login?next=/ui/alerts")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/ui/alerts")
    return context, page


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_reviewers_clear_a_false_positive_and_confirm_a_true_match(browser, live_server: str, tokens, sample_db) -> None:
    api = httpx.Client(base_url=live_server, headers=tokens.header("analyst"), timeout=30)
    party_id = f"W-{uuid.uuid4().hex[:6]}"
    assert api.post("/screen", json={"name": "Inspur Group", "id": party_id, "country": ["CN"], "book": True}).status_code == 200
    found = {a["entity_name"]: a for a in api.get(f"/alerts?party={party_id}").json()["alerts"]}
    true_match = found["Inspur Group Co., Ltd."]
    look_alike = found["Inspur Electronic Information Industry Co., Ltd."]  # a possible match only: another company

    first_context, page = sign_in(browser, live_server, tokens.reviewer)
    login_page = browser.new_page(base_url=live_server, viewport={"width": 1366, "height": 768})
    login_page.goto("/ui/login")
    shot(login_page, "01-sign-in")
    login_page.close()

    # The queue, filtered to the party.
    page.get_by_label("Party id").fill(party_id)
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("link", name=f"Alert {look_alike['id']}").is_visible()
    shot(page, "02-alert-queue")

    # The look-alike: side by side, then proposed as a false positive (EL: four-eyes).
    page.get_by_role("link", name=f"Alert {look_alike['id']}").click()
    assert page.get_by_role("heading", name="Our party").is_visible() and page.get_by_role("heading", name="Listed entry").is_visible()
    shot(page, "03-alert")
    page.get_by_role("button", name="False positive").click()
    assert page.get_by_label("Reason").evaluate("e => e.validity.valueMissing")  # a reason is required
    page.get_by_label("Reason").fill("Our party is the group parent, not the listed server maker; different company")
    page.get_by_role("button", name="False positive").click()
    assert "pending approval" in page.get_by_role("status").inner_text()

    # The true match, decided with the keyboard only.
    page.goto(f"/ui/alerts/{true_match['id']}")
    page.get_by_label("Reason").focus()
    page.keyboard.type("Same name, country and address as the Entity List entry")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Confirm true match"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ui/alerts/{true_match['id']}?done=*")
    assert "true match" in page.get_by_role("status").inner_text()
    shot(page, "04-alert-decided")

    # The same reviewer may not approve their own proposal; a second reviewer does.
    page.goto(f"/ui/alerts/{look_alike['id']}")
    page.get_by_role("button", name="Approve false positive").click()
    assert "four-eyes" in page.get_by_role("alert").inner_text()
    second_context, second = sign_in(browser, live_server, tokens.reviewer2)
    second.goto(f"/ui/alerts/{look_alike['id']}")
    second.get_by_role("button", name="Approve false positive").click()
    assert "false positive" in second.get_by_role("status").inner_text()
    shot(second, "05-false-positive-approved")

    states = {a["id"]: a["state"] for a in api.get(f"/alerts?party={party_id}").json()["alerts"]}
    assert states[true_match["id"]] == "true_match" and states[look_alike["id"]] == "false_positive"
    events = api.get(f"/alerts/{look_alike['id']}").json()["events"]
    assert [(e["action"], e["actor"]) for e in events[1:]] == [("decided", tokens.name("reviewer")), ("approved", tokens.name("reviewer2"))]
    first_context.close()
    second_context.close()


def test_screen_batch_lists_and_audit_pages(browser, live_server: str, tokens, tmp_path: Path, sample_db) -> None:
    context, page = sign_in(browser, live_server, tokens.analyst)
    page.goto("/ui/screen")
    page.get_by_label("Name (required)").fill("Aivres Systems")
    page.get_by_role("button", name="Screen").click()
    result = page.locator("article.hit").first
    assert "Inspur Group Co., Ltd." in result.inner_text()
    assert result.get_by_role("heading", name="Evasion path").is_visible()
    assert "renamed from" in result.locator("ol.path").inner_text()
    assert result.locator(".decision").first.inner_text() in ("RED FLAG", "LICENCE REQUIRED", "BLOCK", "REVIEW")  # words, not colour
    shot(page, "06-screen-evasion-path")

    rows = "id,name,country\n" + "".join(f"R{i},{name},CN\n" for i, name in enumerate(["Inspur Group", "Huawei", "Dahua Technology", "Acme Widgets"] * 50))
    source = tmp_path / "parties.csv"
    source.write_text(rows, encoding="utf-8")
    page.goto("/ui/batches")
    page.get_by_label("CSV file").set_input_files(str(source))
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_url("**/ui/batches/*")
    assert page.locator("#job").get_attribute("data-state") in ("queued", "running")  # what follows is the page's script at work
    try:
        page.get_by_role("link", name="Download results (CSV)").wait_for(timeout=60000)
    except Exception:  # say what the job did (a CI run once timed out here and could not be reproduced)
        status = page.request.get(page.url.rstrip("/") + "/status").text()
        raise AssertionError(f"the batch did not finish in 60 s; page: {page.locator('#job').inner_text()!r}; status: {status}") from None
    assert "done: 200 of 200 rows" in page.locator("#progress-text").inner_text()
    assert page.locator("#progress").evaluate("e => e.value") == 200
    shot(page, "07-batch-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download results (CSV)").click()
    downloaded = Path(download.value.path()).read_text(encoding="utf-8")
    assert downloaded.startswith("id,name,country,decision") and downloaded.count("\nR1,Huawei,CN,") >= 1

    page.goto("/ui/lists")
    assert page.get_by_role("heading", name="sample", exact=True).is_visible()
    shot(page, "08-lists")
    page.goto("/ui/audit")
    assert "Chain intact" in page.get_by_role("status").inner_text()
    shot(page, "09-audit-trail")
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    context.close()


def test_session_cookie_and_form_tokens(browser, live_server: str, tokens, sample_db) -> None:
    context, page = sign_in(browser, live_server, tokens.reviewer)
    cookie = next(c for c in context.cookies() if c["name"] == "partyscreen_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] > 0 and cookie["path"] == "/ui"
    assert page.evaluate("document.cookie") == ""  # no script can read it
    with httpx.Client(base_url=live_server, cookies={"partyscreen_session": cookie["value"]}) as forged:
        # A form without this session's form token, or from another site, is refused.
        assert forged.post("/ui/alerts/1", data={"decision": "true_match", "reason": "x"}).status_code == 403
        page.goto("/ui/screen")
        token = page.locator("input[name=csrf]").first.get_attribute("value")
        other_site = forged.post("/ui/screen", data={"csrf": token, "name": "Acme"}, headers={"Origin": "https://evil.example"})
        assert other_site.status_code == 403
        assert forged.post("/ui/screen", data={"csrf": token, "name": "Acme"}, headers={"Origin": live_server}).status_code == 200
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/ui/login")
    page.goto("/ui/alerts")
    assert "/ui/login" in page.url
    context.close()
