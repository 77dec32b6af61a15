"""The pages: sign in and out, screening, lists and what changed, the audit trail (alerts and batches: ``review``)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from partyscreen.api.auth import Principal
from partyscreen.api.tokens import authenticate
from partyscreen.web import session
from partyscreen.web._pages import Forbidden, SignIn, posted, render, sign_in_redirect, who

router = APIRouter(prefix="/ui", include_in_schema=False)


def install(app: FastAPI) -> None:
    from partyscreen.web import review

    app.include_router(router)
    app.include_router(review.router)
    app.mount("/ui/static", StaticFiles(directory=str(Path(__file__).with_name("static"))), name="static")

    @app.exception_handler(SignIn)
    async def _sign_in(request: Request, exc: SignIn) -> Response:
        return sign_in_redirect(request)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        found = session.current(request)
        return render(request, "error.html", found[0] if found else None, found[1] if found else "", status=403, message=exc.message)

    app.add_middleware(PageHeaders)


#: No framing (clickjacking), no inline or foreign scripts, no caching of reviewed data.
PAGE_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class PageHeaders:
    """Security headers on the pages under /ui (plain ASGI: the API's requests pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/ui"):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in PAGE_HEADERS if k not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def _safe_next(value: str | None) -> str:
    # Only a path on this site: never an open redirect.
    if value and value.startswith("/ui") and not value.startswith("//") and "\\" not in value:
        return value
    return "/ui/screen"


@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return RedirectResponse("/ui/screen", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    form_token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, form_token, next=_safe_next(next))
    response.set_cookie(session.LOGIN_COOKIE, form_token, max_age=900, path=session.PATH, httponly=True, samesite="strict",
                        secure=request.app.state.service.config.secure_cookies)
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form()
    expected = request.cookies.get(session.LOGIN_COOKIE, "")
    target = _safe_next(str(form.get("next") or ""))
    if not session.same_origin(request) or not expected or not session.form_token_ok(expected, str(form.get("csrf") or "")):
        return render(request, "login.html", None, expected, status=403, next=target, error="The sign-in form was too old. Try again.")
    service = request.app.state.service
    secret = str(form.get("token") or "").strip()
    token, state = authenticate(service.store.engine, secret) if secret else (None, "unknown")
    if token is None or state != "active":
        message = "Unknown token." if token is None else f"This token is {state}."
        return render(request, "login.html", None, expected, status=401, next=target, error=message)
    value, ends = session.open_session(service.store.engine, token, service.config.session_hours)
    response = RedirectResponse(target, status_code=303)
    session.set_cookie(response, value, ends, service.config.secure_cookies)
    response.delete_cookie(session.LOGIN_COOKIE, path=session.PATH)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await posted(request)
    session.close_session(request.app.state.service.store.engine, request.cookies.get(session.COOKIE, ""))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(session.COOKIE, path=session.PATH)
    return response


# -- screening -------------------------------------------------------------------------


@router.get("/screen", response_class=HTMLResponse)
def screen_form(request: Request) -> Response:
    user, csrf = who(request)
    return render(request, "screen.html", user, csrf, form={}, result=None)


@router.post("/screen", response_class=HTMLResponse)
async def screen(request: Request) -> Response:
    from partyscreen.api.screening import screen_and_record_async
    from partyscreen.match.batch import row_to_query

    user, csrf, form = await posted(request)
    fields = {k: str(form.get(k) or "").strip() for k in ("name", "schema", "country", "birth_date", "address", "as_of")}
    service = request.app.state.service
    try:
        if any(len(v) > 1000 for v in fields.values()):
            raise ValueError("a field is longer than 1000 characters")
        query = row_to_query({k: fields[k] for k in ("name", "schema", "country", "birth_date", "address")})
        screener, (result,) = await screen_and_record_async(service, user.name, [query], limit=10, source="web:/ui/screen",
                                                            as_of=fields["as_of"] or None)
    except ValueError as exc:
        return render(request, "screen.html", user, csrf, status=400, form=fields, result=None, error=str(exc))
    cards, versions = service.cards(screener), service.versions_by_feed(screener)
    listed = {h.entity_id: _listed(cards.get(h.entity_id), versions) for h in result.hits}
    return render(request, "screen.html", user, csrf, form=fields, result=result, listed=listed)


def _listed(card: Any, versions: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a listed entry beside the screened party."""
    if card is None:
        return {}
    aliases = list(dict.fromkeys(form.original for kind, form in card.names if form.original != card.name))
    version = versions.get(card.id.split(":", 1)[0])
    return {"aliases": aliases[:12], "more_aliases": max(0, len(aliases) - 12), "countries": card.countries, "birth_dates": card.birth_dates,
            "programs": card.programs, "listed_on": card.listed_on, "version": version}


# -- lists -----------------------------------------------------------------------------


@router.get("/lists", response_class=HTMLResponse)
def lists(request: Request) -> Response:
    user, csrf = who(request)
    versions = request.app.state.service.store.versions()
    feeds: dict[str, list[Any]] = {}
    for v in versions:
        feeds.setdefault(v.feed, []).append(v)
    return render(request, "lists.html", user, csrf, feeds=feeds)


@router.get("/lists/{feed}/diff", response_class=HTMLResponse)
def diff(request: Request, feed: str, old: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None, new: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> Response:
    from partyscreen.store import UnknownVersionError

    user, csrf = who(request)
    try:
        changes = request.app.state.service.store.diff(feed[:100], old, new)
    except UnknownVersionError as exc:
        return render(request, "error.html", user, csrf, status=404, message=str(exc))
    return render(request, "diff.html", user, csrf, diff=changes, counts=changes.counts(), show=200)


# -- audit trail -----------------------------------------------------------------------


@router.get("/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    party: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    before_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    from partyscreen.api.routers.cases import find_records
    from partyscreen.cases.audit import verify

    user, csrf = who(request)
    engine = request.app.state.service.store.engine
    records = find_records(engine, party_id=party or None, kind=kind or None, before_seq=before_seq, limit=50)
    check = verify(engine) if before_seq is None else None
    return render(request, "audit.html", user, csrf, records=records, party=party or "", kind=kind or "", check=check,
                  next_before=records[-1].seq if len(records) == 50 else None)


