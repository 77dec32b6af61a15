"""``lists update``: fetch the official files from their publishers and import them strictly.

Per source: every file is fetched with a conditional request (``fetch``); when
all come back ``304 Not Modified`` the source is unchanged after one round
trip per file.  Otherwise the files (new bodies, plus the kept copy of any file
that did not change) are imported as one new version with
``import_files(strict=True)``: one malformed row, a failed parse, or an entry
count below the source's floor refuses the whole download and nothing changes.
Only a download that was imported (or found identical to the version in force)
has its validators and content kept for the next conditional request.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from partyscreen.cases.audit import Clock, appending, utc_now
from partyscreen.model import Entity
from partyscreen.sources.base import ImportError_, ImportOptions, ParseResult
from partyscreen.sources.fetch import FetchError, Fetched, check_url, fetch
from partyscreen.store import Store
from partyscreen.store import schema as t
from partyscreen.store.importing import import_files
from partyscreen.store.versions import VersionInfo

_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_CSL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Refuse a new version with fewer than this share of the entries of the version in force.
DEFAULT_MAX_DROP = 0.2


@dataclass(frozen=True)
class Source:
    name: str
    feed: str
    format: str
    files: tuple[tuple[str, str], ...]  # (file name the importer reads, URL)
    min_entries: int  # fewer entries than this: a truncated or partial file
    max_drop: float = DEFAULT_MAX_DROP
    enabled: bool = True  # updated when `lists update` names no source


#: The publishers' files.  Each can be changed or replaced in ``[lists.sources.NAME]``.
DEFAULT_SOURCES: dict[str, Source] = {
    "csl": Source("csl", "csl", "csl-csv", (("consolidated.csv", _CSL + "consolidated.csv"),), 3000),
    "csl-json": Source("csl-json", "csl", "csl-json", (("consolidated.json", _CSL + "consolidated.json"),), 3000, enabled=False),
    "ofac-sdn": Source("ofac-sdn", "ofac-sdn", "ofac-sdn", (
        ("sdn.csv", _OFAC + "SDN.CSV"), ("add.csv", _OFAC + "ADD.CSV"),
        ("alt.csv", _OFAC + "ALT.CSV"), ("sdn_comments.csv", _OFAC + "SDN_COMMENTS.CSV"),
    ), 5000),
    "ofac-cons": Source("ofac-cons", "ofac-cons", "ofac-cons", (
        ("cons_prim.csv", _OFAC + "CONS_PRIM.CSV"), ("cons_add.csv", _OFAC + "CONS_ADD.CSV"),
        ("cons_alt.csv", _OFAC + "CONS_ALT.CSV"), ("cons_comments.csv", _OFAC + "CONS_COMMENTS.CSV"),
    ), 100),
    "un-sc": Source("un-sc", "un-sc", "un", (("consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),), 500),
}


class UpdateError(ValueError):
    """A source definition or a request that cannot be carried out."""


class RefusedError(Exception):
    """A download that looks truncated or partial; nothing is imported."""


def sources(configured: dict[str, dict[str, Any]]) -> dict[str, Source]:
    """The default sources with the settings file's ``[lists.sources.NAME]`` tables applied."""
    out = dict(DEFAULT_SOURCES)
    for name, table in configured.items():
        if not isinstance(table, dict):
            raise UpdateError(f"[lists.sources.{name}] must be a table")
        base = out.get(name)
        files = table.get("files")
        if files is None and base is None:
            raise UpdateError(f"[lists.sources.{name}]: a new source needs files = {{\"NAME\" = \"URL\"}}, format and min_entries")
        if files is not None:
            if not isinstance(files, dict) or not files:
                raise UpdateError(f"[lists.sources.{name}] files: a table of file name = URL")
            for file, url in files.items():
                if not _FILE_NAME.match(str(file)):
                    raise UpdateError(f"[lists.sources.{name}] files: {file!r} is not a plain file name")
                try:
                    check_url(str(url))
                except FetchError as exc:
                    raise UpdateError(f"[lists.sources.{name}] files: {exc}") from None
        try:
            fmt = str(table.get("format", base.format if base else ""))
            out[name] = Source(
                name=name,
                feed=str(table.get("feed", base.feed if base else name)),
                format=fmt,
                files=tuple((str(f), str(u)) for f, u in files.items()) if files is not None else base.files,  # type: ignore[union-attr]
                min_entries=int(table.get("min_entries", base.min_entries if base else -1)),
                max_drop=float(table.get("max_drop", base.max_drop if base else DEFAULT_MAX_DROP)),
                enabled=bool(table.get("enabled", base.enabled if base else True)),
            )
        except (TypeError, ValueError) as exc:
            raise UpdateError(f"[lists.sources.{name}]: {exc}") from None
        source = out[name]
        if not source.format:
            raise UpdateError(f"[lists.sources.{name}]: give the format")
        if source.min_entries < 1:
            raise UpdateError(f"[lists.sources.{name}]: min_entries must be at least 1 (the floor that refuses a truncated file)")
        if not 0 <= source.max_drop < 1:
            raise UpdateError(f"[lists.sources.{name}]: max_drop is a share between 0 and 1")
    return out


def choose(all_sources: dict[str, Source], names: Sequence[str]) -> list[Source]:
    if not names:
        return [s for s in all_sources.values() if s.enabled]
    unknown = [n for n in names if n not in all_sources]
    if unknown:
        raise UpdateError(f"unknown source {', '.join(unknown)}; known: {', '.join(all_sources)}")
    return [all_sources[n] for n in dict.fromkeys(names)]


@dataclass
class UpdateOutcome:
    source: str
    feed: str
    status: str  # updated, unchanged, failed
    message: str
    version: int | None = None
    entities: int | None = None
    requests: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "feed": self.feed, "status": self.status, "message": self.message,
            "version": self.version, "entities": self.entities, "requests": self.requests, "files": self.files,
        }


def update_source(store: Store, source: Source, actor: str, *, timeout: float = 120.0, clock: Clock = utc_now) -> UpdateOutcome:
    """Fetch, check and import one source; never raises for a bad download (the outcome says why)."""
    outcome = UpdateOutcome(source.name, source.feed, "failed", "")
    held = _held(store, source.name)
    fetched: dict[str, Fetched] = {}
    try:
        for file, url in source.files:
            kept = held.get(file)
            valid = kept is not None and kept["url"] == url
            outcome.requests += 1
            fetched[file] = fetch(
                url, etag=kept["etag"] if valid else None, last_modified=kept["last_modified"] if valid else None, timeout=timeout,
            )
            if fetched[file].not_modified and not valid:
                raise FetchError(f"{url}: the server answered 304 Not Modified to a request without validators")
        outcome.files = [_file_json(f, fetched[f], held.get(f)) for f, _ in source.files]
        if all(f.not_modified for f in fetched.values()):
            _save(store, source, fetched, held, clock(), changed=False)
            current = store.current_version(source.feed)
            outcome.status, outcome.message = "unchanged", "not modified at the publisher"
            outcome.version, outcome.entities = (current.seq, current.entity_count) if current else (None, None)
        else:
            _import(store, source, fetched, held, outcome)
            _save(store, source, fetched, held, clock(), changed=outcome.status == "updated")
    except (FetchError, RefusedError, ImportError_, OSError) as exc:
        outcome.status, outcome.message = "failed", f"{exc}; nothing was changed"
    _record(store, actor, outcome, clock)
    return outcome


def _import(store: Store, source: Source, fetched: dict[str, Fetched], held: dict[str, dict[str, Any]], outcome: UpdateOutcome) -> None:
    with tempfile.TemporaryDirectory(prefix="partyscreen-update-") as tmp:
        paths = []
        for file, _ in source.files:
            got = fetched[file]
            body = gzip.decompress(held[file]["content"]) if got.not_modified else got.body
            path = Path(tmp) / file
            path.write_bytes(body)
            paths.append(path)

        def floor(result: ParseResult, current: VersionInfo | None) -> None:
            count = sum(1 for r in result.records if isinstance(r, Entity))
            if count < source.min_entries:
                raise RefusedError(f"{source.name}: {count:,} entries, below the floor of {source.min_entries:,}: a truncated or partial file is refused")
            if current is not None and count < current.entity_count * (1 - source.max_drop):
                raise RefusedError(
                    f"{source.name}: {count:,} entries where version {current.seq} in force has {current.entity_count:,}: "
                    f"a drop of more than {source.max_drop:.0%} looks like a partial file and is refused"
                )

        imported = import_files(store, paths, format=source.format, options=ImportOptions(feed=source.feed), strict=True, accept=floor)
    outcome.version, outcome.entities = imported.version.seq, imported.version.entity_count
    if imported.unchanged:
        outcome.status, outcome.message = "unchanged", f"the same content as version {imported.version.seq} in force"
    else:
        outcome.status, outcome.message = "updated", f"imported version {imported.version.seq} ({imported.version.entity_count:,} entities)"


def _held(store: Store, source: str) -> dict[str, dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.list_fetch).where(t.list_fetch.c.source == source))
        return {row.file: dict(row._mapping) for row in rows}


def _save(store: Store, source: Source, fetched: dict[str, Fetched], held: dict[str, dict[str, Any]], now: datetime, changed: bool) -> None:
    rows = []
    for file, url in source.files:
        got, kept = fetched[file], held.get(file)
        if got.not_modified and kept is not None:
            rows.append({**kept, "etag": got.etag, "last_modified": got.last_modified, "checked_at": now})
            continue
        rows.append({
            "source": source.name, "file": file, "feed": source.feed, "url": url, "etag": got.etag,
            "last_modified": got.last_modified, "sha256": hashlib.sha256(got.body).hexdigest(), "size": len(got.body),
            "content": gzip.compress(got.body, compresslevel=6), "fetched_at": now if changed or kept is None else kept["fetched_at"],
            "checked_at": now,
        })
    with store.engine.begin() as conn:
        conn.execute(delete(t.list_fetch).where(t.list_fetch.c.source == source.name))
        conn.execute(insert(t.list_fetch), rows)


def _file_json(file: str, got: Fetched, kept: dict[str, Any] | None) -> dict[str, Any]:
    if got.not_modified:
        return {"file": file, "url": got.url, "status": 304, "sha256": kept["sha256"] if kept else "", "etag": got.etag, "last_modified": got.last_modified}
    return {"file": file, "url": got.url, "status": 200, "sha256": hashlib.sha256(got.body).hexdigest(), "size": len(got.body),
            "etag": got.etag, "last_modified": got.last_modified}


def _record(store: Store, actor: str, outcome: UpdateOutcome, clock: Clock) -> None:
    with store.engine.begin() as conn, appending(conn, actor, clock) as chain:
        chain.append("list_update", outcome.to_json())
