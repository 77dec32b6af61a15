"""The reviewer's pages: the alert queue, an alert with its decision buttons, batch jobs with live progress."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from partyscreen.api.routers.cases import Refused, decide_alert, find_alerts, second_review
from partyscreen.cases import alerts as alert_flow
from partyscreen.cases import book
from partyscreen.web._pages import posted, render, who

router = APIRouter(prefix="/ui", include_in_schema=False)
PAGE = 50


@router.get("/alerts", response_class=HTMLResponse)
def queue(
    request: Request,
    state: Annotated[str, Query(max_length=30)] = "open",
    list_code: Annotated[str, Query(alias="list", max_length=40)] = "",
    party: Annotated[str, Query(max_length=200)] = "",
    min_score: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    user, csrf = who(request)
    chosen = state if state in alert_flow.STATES else None  # "all" or anything else: every state
    try:
        floor = float(min_score) if min_score else None
    except ValueError:
        floor = None
    if floor is not None and not 0 <= floor <= 1:
        floor = None
    total, found = find_alerts(request.app.state.service.store.engine, chosen, list_code or None, party or None, floor, PAGE, (page - 1) * PAGE)
    filters = {"state": state, "list": list_code, "party": party, "min_score": min_score}
    return render(request, "alerts.html", user, csrf, alerts=found, total=total, page=page, pages=max(1, -(-total // PAGE)),
                  filters=filters, states=alert_flow.STATES, query="&".join(f"{k}={quote(str(v))}" for k, v in filters.items() if v))


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(request: Request, alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
               done: Annotated[str, Query(max_length=200)] = "", error: str = "", status: int = 200) -> Response:
    from partyscreen.api.entities import entity_detail

    user, csrf = who(request)
    service = request.app.state.service
    engine = service.store.engine
    try:
        with engine.connect() as conn:
            alert, steps = alert_flow.get(conn, alert_id), alert_flow.events(conn, alert_id)
            party = book.get(conn, alert.party_id)
    except alert_flow.AlertError as exc:
        return render(request, "error.html", user, csrf, status=404, message=str(exc))
    entry = entity_detail(service, alert.entity_id)
    four_eyes = service.workflow.alerts.needs_second_reviewer(alert.list_code)
    return render(request, "alert.html", user, csrf, status=status, alert=alert, events=steps, party=party, entry=entry,
                  four_eyes=four_eyes, done=done[:200], error=error, may_decide=user.may("reviewer"))


@router.post("/alerts/{alert_id}", response_class=HTMLResponse)
async def decide(request: Request, alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    user, _, form = await posted(request, "reviewer")
    service = request.app.state.service
    action = str(form.get("decision") or "")
    reason = str(form.get("reason") or "")[:5000]
    expected = str(form.get("expected_state") or "") or None
    try:
        if action in ("approve", "reject"):
            second_review(service, user, alert_id, action, reason.strip() or None, expected)
        else:
            decide_alert(service, user, alert_id, action, reason, expected)
    except Refused as exc:
        return alert_page(request, alert_id, error=exc.detail, status=exc.status)
    with service.store.engine.connect() as conn:
        state = alert_flow.get(conn, alert_id).state
    return RedirectResponse(f"/ui/alerts/{alert_id}?done={quote('Recorded: the alert is now ' + state.replace('_', ' '))}", status_code=303)


# -- batch jobs --------------------------------------------------------------------------


@router.get("/batches", response_class=HTMLResponse)
def batches(request: Request, error: str = "", status: int = 200) -> Response:
    from partyscreen.api.jobs import list_jobs

    user, csrf = who(request)
    jobs = list_jobs(request.app.state.service, None if user.may("admin") else user.name)
    return render(request, "batches.html", user, csrf, status=status, jobs=jobs, error=error)


@router.post("/batches", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    from partyscreen.api.jobs import JobError, start_job

    user, _, form = await posted(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return batches(request, error="Choose a CSV file to screen.", status=400)
    output = str(form.get("output") or "csv")
    try:
        job = start_job(request.app.state.service, user.name, upload.filename, upload.file, output=output,
                        book=form.get("book") == "on")
    except JobError as exc:
        return batches(request, error=str(exc), status=400)
    return RedirectResponse(f"/ui/batches/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> Any:
    from partyscreen.api.jobs import JobError, get_job

    user, csrf = who(request)
    try:
        job = get_job(request.app.state.service, job_id)
    except JobError:
        return user, csrf, None
    if job.owner != user.name and not user.may("admin"):
        return user, csrf, None
    return user, csrf, job


@router.get("/batches/{job_id}", response_class=HTMLResponse)
def batch_page(request: Request, job_id: Annotated[str, Path(max_length=32)]) -> Response:
    user, csrf, job = _job(request, job_id)
    if job is None:
        return render(request, "error.html", user, csrf, status=404, message=f"No batch job {job_id[:32]!r}.")
    return render(request, "batch.html", user, csrf, job=job)


@router.get("/batches/{job_id}/status")
def batch_status(request: Request, job_id: Annotated[str, Path(max_length=32)]) -> Response:
    """The job's progress for the page's script (same-origin, session cookie)."""
    _, _, job = _job(request, job_id)
    if job is None:
        return JSONResponse({"detail": "no such job"}, status_code=404)
    return JSONResponse(job.to_json())


@router.get("/batches/{job_id}/download")
def batch_download(request: Request, job_id: Annotated[str, Path(max_length=32)]) -> Response:
    from partyscreen.api.jobs import result_path

    user, csrf, job = _job(request, job_id)
    if job is None or job.state != "done":
        return render(request, "error.html", user, csrf, status=404, message="The result is there once the job is done.")
    stem = job.filename.rsplit(".", 1)[0][:80] or "batch"
    return FileResponse(result_path(request.app.state.service, job), filename=f"{stem}-results.{job.output}",
                        media_type="text/csv" if job.output == "csv" else "application/x-ndjson")
