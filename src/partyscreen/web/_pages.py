"""What every page shares: the templates, the signed-in check, form checks, rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from partyscreen.api.auth import Principal
from partyscreen.decide.levels import DECISIONS
from partyscreen.web import session

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
#: Words shown beside every decision, so it never rests on colour alone.
DECISION_LABEL = {"block": "BLOCK", "licence_required": "LICENCE REQUIRED", "red_flag": "RED FLAG", "review": "REVIEW", "clear": "CLEAR"}
templates.env.globals.update(decisions=DECISIONS, decision_label=DECISION_LABEL)


class SignIn(Exception):
    """Not signed in: the page redirects to the sign-in form."""


class Forbidden(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def who(request: Request, role: str = "analyst") -> tuple[Principal, str]:
    """The signed-in user (holding ``role``) and the session's form token."""
    found = session.current(request)
    if found is None:
        raise SignIn
    if not found[0].may(role):
        raise Forbidden(f"This page needs the {role} role; you are signed in as {found[0].name} ({found[0].role}).")
    return found


async def posted(request: Request, role: str = "analyst") -> tuple[Principal, str, Any]:
    """A form POST from this site with the session's form token: the user, the form token and the form."""
    user, csrf = who(request, role)
    form = await request.form()
    if not session.same_origin(request) or not session.form_token_ok(csrf, form.get("csrf")):  # type: ignore[arg-type]
        raise Forbidden("The form was refused: it did not come from this site's page, or the page was too old. Reload the page and try again.")
    return user, csrf, form


def render(request: Request, name: str, user: Principal | None, csrf: str = "", status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"user": user, "csrf": csrf, "section": name.split(".")[0], **context}, status_code=status)


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/ui/login?next={quote(target)}", status_code=303)
