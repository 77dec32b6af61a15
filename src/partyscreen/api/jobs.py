"""Batch screening jobs: an uploaded CSV screened in the background, with progress and a result file.

The job's state lives in the ``batch_job`` table (every worker of the server
sees it); its files in the jobs folder (``<id>/input.csv``, ``<id>/result.jsonl``
or ``.csv``).  The screening is :func:`partyscreen.match.batch.run_batch`
with the audit recorder, exactly as ``partyscreen batch`` runs it.
"""

from __future__ import annotations

import csv
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import insert, select, update

from partyscreen.api.service import Service
from partyscreen.match.batch import BatchError, check_header
from partyscreen.store import schema as t

OUTPUTS = ("jsonl", "csv")
#: How often progress is written while a job runs.
PROGRESS_SECONDS = 0.5
MAX_PROBLEMS = 1000


class JobError(ValueError):
    pass


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    filename: str
    state: str
    rows_total: int
    rows_done: int
    problems: list[str]
    decisions: dict[str, int]
    error: str
    created_at: datetime
    finished_at: datetime | None
    output: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "owner": self.owner, "filename": self.filename, "state": self.state,
            "rows_total": self.rows_total, "rows_done": self.rows_done,
            "percent": round(100 * self.rows_done / self.rows_total, 1) if self.rows_total else (100.0 if self.state == "done" else 0.0),
            "problems": self.problems, "decisions": self.decisions, "error": self.error, "output": self.output,
            "created_at": self.created_at.isoformat(), "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _job(row, folder: Path) -> Job:  # type: ignore[no-untyped-def]
    output = row.output or next((fmt for fmt in OUTPUTS if (folder / row.id / f"result.{fmt}").exists()), "")
    return Job(row.id, row.owner, row.filename, row.state, row.rows_total, row.rows_done, json.loads(row.problems),
               json.loads(row.decisions), row.error, _aware(row.created_at), _aware(row.finished_at), output)  # type: ignore[arg-type]


def get_job(service: Service, job_id: str) -> Job:
    if not (job_id.isalnum() and len(job_id) <= 32):
        raise JobError(f"no batch job {job_id[:40]!r}")
    with service.store.engine.connect() as conn:
        row = conn.execute(select(t.batch_job).where(t.batch_job.c.id == job_id)).first()
    if row is None:
        raise JobError(f"no batch job {job_id!r}")
    return _job(row, service.jobs_dir)


def list_jobs(service: Service, owner: str | None = None, limit: int = 50) -> list[Job]:
    query = select(t.batch_job).order_by(t.batch_job.c.created_at.desc()).limit(limit)
    if owner is not None:
        query = query.where(t.batch_job.c.owner == owner)
    with service.store.engine.connect() as conn:
        return [_job(row, service.jobs_dir) for row in conn.execute(query)]


def result_path(service: Service, job: Job) -> Path:
    return service.jobs_dir / job.id / f"result.{job.output}"


def _count_rows(path: Path) -> int:
    rows = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        while True:
            try:
                next(reader)
            except StopIteration:
                return max(0, rows - 1)
            except csv.Error:
                pass  # a row the csv module cannot read (a cell over its size limit): run_batch reports it
            rows += 1


def start_job(service: Service, owner: str, filename: str, data: BinaryIO, *, output: str = "jsonl", limit: int = 10,
              book: bool = False) -> Job:
    """Save the upload, check it is a CSV with a name column, and screen it in the background."""
    if output not in OUTPUTS:
        raise JobError(f"output: one of {', '.join(OUTPUTS)}")
    name = Path(filename or "upload.csv").name[-200:] or "upload.csv"
    if not name.isprintable():
        raise JobError("the file name has unprintable characters")
    job_id = secrets.token_hex(8)
    folder = service.jobs_dir / job_id
    folder.mkdir(parents=True)
    source = folder / "input.csv"
    with source.open("wb") as out:
        while chunk := data.read(1 << 20):
            out.write(chunk)
    try:
        with source.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
        total = _count_rows(source)
    except UnicodeDecodeError:
        raise JobError(f"{name}: not UTF-8 text; save the CSV as UTF-8") from None
    except csv.Error as exc:
        raise JobError(f"{name}: not a readable CSV ({exc})") from None
    try:
        check_header(Path(name), header[:200])  # as `partyscreen batch` checks it, before the job starts
    except BatchError as exc:
        raise JobError(str(exc)) from None
    now = datetime.now(UTC)
    with service.store.engine.begin() as conn:
        conn.execute(insert(t.batch_job).values(
            id=job_id, owner=owner, filename=name, state="queued", rows_total=total, rows_done=0, problems="[]",
            decisions="{}", error="", created_at=now, finished_at=None, output=output,
        ))
    threading.Thread(target=_run, args=(service, job_id, owner, name, output, limit, book), name=f"batch-{job_id}", daemon=True).start()
    return get_job(service, job_id)


class _Counting:
    """The screener, counting the rows it screens so progress can be shown."""

    def __init__(self, screener: Any, tick: Any) -> None:
        self._screener, self._tick = screener, tick

    def screen(self, query: Any, limit: int = 10) -> Any:
        result = self._screener.screen(query, limit=limit)
        self._tick()
        return result


def _run(service: Service, job_id: str, owner: str, name: str, output: str, limit: int, book: bool) -> None:
    from partyscreen.cases.recording import ScreeningRecorder
    from partyscreen.decide.check import parse_as_of
    from partyscreen.match.batch import BatchError, run_batch

    engine = service.store.engine
    folder = service.jobs_dir / job_id
    done = 0
    last = time.monotonic()

    def save(**values: Any) -> None:
        with engine.begin() as conn:
            conn.execute(update(t.batch_job).where(t.batch_job.c.id == job_id).values(**values))

    def tick() -> None:
        nonlocal done, last
        done += 1
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            save(rows_done=done)

    save(state="running")
    try:
        screener = service.screener_on(parse_as_of(None))
        recorder = ScreeningRecorder(service.store, screener, owner, book=book, source=f"api:batch:{name}")
        summary = run_batch(_Counting(screener, tick), folder / "input.csv", folder / f"result.{output}", limit=limit, record=recorder)  # type: ignore[arg-type]
    except (BatchError, ValueError, OSError, UnicodeDecodeError) as exc:
        save(state="failed", rows_done=done, error=str(exc)[:2000], finished_at=datetime.now(UTC))
        return
    except Exception as exc:  # noqa: BLE001 - the job must end in a state a person can see
        save(state="failed", rows_done=done, error=f"internal error: {type(exc).__name__}", finished_at=datetime.now(UTC))
        raise
    save(state="done", rows_done=summary.rows, rows_total=max(summary.rows + len(summary.problems), done),
         problems=json.dumps(summary.problems[:MAX_PROBLEMS], ensure_ascii=False), decisions=json.dumps(dict(summary.decisions)),
         finished_at=datetime.now(UTC))
