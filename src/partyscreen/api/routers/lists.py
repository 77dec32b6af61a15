"""List versions, what changed between them, and (admins) importing a new version."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile

from partyscreen.api.auth import Admin, Analyst, Principal
from partyscreen.store import UnknownVersionError
from partyscreen.store.versions import VersionInfo

router = APIRouter(tags=["lists"])
Feed = Annotated[str, Path(max_length=100)]
MAX_FILES = 10


def version_json(v: VersionInfo) -> dict[str, Any]:
    """As `partyscreen lists --json` prints a version."""
    return {
        "feed": v.feed, "version": v.seq, "current": v.current, "format": v.format, "file_hash": v.file_hash,
        "files": v.files, "source_date": v.source_date, "imported_at": v.imported_at.isoformat(),
        "entities": v.entity_count, "relations": v.relation_count, "problems": v.problem_count, "counts": v.counts,
    }


def diff_json(diff, show: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """As `partyscreen lists diff --json` prints it (each kind of change cut at ``show`` entries; counts complete)."""
    return {
        "feed": diff.feed, "old": diff.old_seq, "new": diff.new_seq, "counts": diff.counts(),
        "added": [{"entity_id": e.id, "name": e.name, "list": e.list_code} for e in diff.added[:show]],
        "removed": [{"entity_id": e.id, "name": e.name, "list": e.list_code} for e in diff.removed[:show]],
        "changed": [{"entity_id": c.entity_id, "name": c.name, "old_name": c.old_name, "changes": list(c.kinds), "details": c.details}
                    for c in diff.changed[:show]],
    }


@router.get("/lists")
def lists(request: Request, caller: Principal = Analyst) -> list[dict[str, Any]]:
    """Every feed's versions, counts and dates."""
    return [version_json(v) for v in request.app.state.service.store.versions()]


@router.get("/lists/{feed}/diff")
def lists_diff(
    request: Request, feed: Feed,
    old: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    new: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    show: Annotated[int, Query(ge=1, le=10000)] = 200,
    caller: Principal = Analyst,
) -> dict[str, Any]:
    """What changed in a feed between two versions (default: the last two)."""
    try:
        diff = request.app.state.service.store.diff(feed, old, new)
    except UnknownVersionError as exc:
        raise HTTPException(404, str(exc)) from None
    return diff_json(diff, show)


@router.post("/lists/import", status_code=201)
def lists_import(
    request: Request,
    files: Annotated[list[UploadFile], File(description="The files of one feed")],
    format: Annotated[str | None, Form(max_length=40)] = None,
    feed: Annotated[str | None, Form(max_length=100)] = None,
    list_code: Annotated[str | None, Form(max_length=40)] = None,
    caller: Principal = Admin,
) -> dict[str, Any]:
    """Import list files as a new version of their feed (as `partyscreen lists import`; admins only)."""
    from partyscreen.graph.build import build_graph
    from partyscreen.match.screener import build_index
    from partyscreen.sources.base import ImportError_, ImportOptions
    from partyscreen.store.importing import import_files

    if not files or len(files) > MAX_FILES:
        raise HTTPException(400, f"give 1 to {MAX_FILES} files")
    service = request.app.state.service
    with tempfile.TemporaryDirectory(prefix="partyscreen-import-") as folder:
        paths = []
        for number, upload in enumerate(files):
            # The client's file name is kept only as a name (format detection reads it), never as a path.
            name = FilePath(upload.filename or f"file{number}").name[-120:] or f"file{number}"
            if not name.isprintable() or name.startswith("."):
                raise HTTPException(400, f"file name {name[:40]!r} is not acceptable")
            target = FilePath(folder) / name
            with target.open("wb") as out:
                while chunk := upload.file.read(1 << 20):
                    out.write(chunk)
            paths.append(target)

        options = ImportOptions(feed=feed or "", list_code=list_code or "")
        try:
            outcome = import_files(service.store, paths, format=format, options=options)
        except (ImportError_, OSError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"{exc}; nothing was changed, the version in force stays") from None
    if not outcome.unchanged:
        build_index(service.store)
        build_graph(service.store)
        service.reload_now()
    from partyscreen.cases.audit import append

    append(service.store.engine, caller.name, "list_import", {"feed": outcome.feed, "version": outcome.version.seq,
                                                              "unchanged": outcome.unchanged, "files": [p.name for p in paths]})
    return {"feed": outcome.feed, "format": outcome.format, "unchanged": outcome.unchanged, "version": version_json(outcome.version),
            "problems": [str(p) for p in outcome.problems[:1000]], "skipped": outcome.skipped}
