"""Batch jobs over HTTP: upload a CSV, follow its progress, download the results."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Request, UploadFile
from fastapi.responses import FileResponse

from partyscreen.api.auth import Analyst, Principal
from partyscreen.api.jobs import JobError, Job, get_job, list_jobs, result_path, start_job

router = APIRouter(tags=["batches"])
JobId = Annotated[str, Path(max_length=32, pattern=r"^[0-9a-f]+$")]


def visible_job(request: Request, job_id: str, caller: Principal) -> Job:
    """A job its owner (or an admin) may see; others get 404, as if it did not exist."""
    try:
        job = get_job(request.app.state.service, job_id)
    except JobError as exc:
        raise HTTPException(404, str(exc)) from None
    if job.owner != caller.name and not caller.may("admin"):
        raise HTTPException(404, f"no batch job {job_id!r}")
    return job


@router.post("/batches", status_code=202)
def create_batch(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV with a name column (id, schema, country, birth_date, address optional)")],
    output: Annotated[str, Form(pattern="^(jsonl|csv)$")] = "jsonl",
    limit: Annotated[int, Form(ge=1, le=100)] = 10,
    book: Annotated[bool, Form()] = False,
    caller: Principal = Analyst,
) -> dict[str, Any]:
    """Start screening a CSV (as `partyscreen batch`); poll the job for progress."""
    try:
        job = start_job(request.app.state.service, caller.name, file.filename or "upload.csv", file.file, output=output, limit=limit, book=book)
    except JobError as exc:
        raise HTTPException(400, str(exc)) from None
    return job.to_json()


@router.get("/batches")
def batches(request: Request, caller: Principal = Analyst) -> list[dict[str, Any]]:
    """Your batch jobs, newest first (an admin sees everyone's)."""
    owner = None if caller.may("admin") else caller.name
    return [job.to_json() for job in list_jobs(request.app.state.service, owner)]


@router.get("/batches/{job_id}")
def batch(request: Request, job_id: JobId, caller: Principal = Analyst) -> dict[str, Any]:
    return visible_job(request, job_id, caller).to_json()


@router.get("/batches/{job_id}/result", response_class=FileResponse)
def batch_result(request: Request, job_id: JobId, caller: Principal = Analyst) -> FileResponse:
    """The result file (JSON lines or CSV with formula cells escaped), once the job is done."""
    job = visible_job(request, job_id, caller)
    if job.state != "done":
        raise HTTPException(409, f"batch job {job_id} is {job.state}; the result is there when it is done")
    media = "application/x-ndjson" if job.output == "jsonl" else "text/csv"
    stem = job.filename.rsplit(".", 1)[0][:80] or "batch"
    return FileResponse(result_path(request.app.state.service, job), media_type=media, filename=f"{stem}-results.{job.output}")
