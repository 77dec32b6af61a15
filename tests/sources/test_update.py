"""`lists update` against a local HTTP server on loopback serving files from ../shared/data.

The server answers conditional requests (ETag / Last-Modified), and has routes
that cut a download off, answer 500, serve a file with a malformed row, and
serve a cut-down file that would be a truncated list.  No other network.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import update

from partyscreen.cases import audit
from partyscreen.sources.fetch import FetchError, fetch
from partyscreen.sources.freshness import freshness
from partyscreen.sources.update import Source, UpdateError, choose, sources, update_source
from partyscreen.store import Store
from partyscreen.store import schema as t

UN = "watchman/un_sc_consolidated_2026-02-27.xml.gz"
CSL_SMALL = "watchman/csl_sample_2025-06.csv"  # 13 entries: fast
CSL_TRUNCATED = "watchman/csl_2023-11-30_truncated_original.csv.gz"


def _plain(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


class Publisher:
    """What the server serves: path -> (body, etag or None, last-modified or None, behaviour)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, tuple[bytes, str | None, str | None, str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []

    def put(self, path: str, data: str | bytes, *, etag: bool = True, modified: bool = True, behaviour: str = "ok") -> None:
        body = _plain(self.root / data) if isinstance(data, str) else data
        tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"' if etag else None
        stamp = formatdate(1_700_000_000 + len(body) % 100_000, usegmt=True) if modified else None
        self.files[path] = (body, tag, stamp, behaviour)

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@pytest.fixture
def publisher(shared_data: Path) -> Iterator[tuple[Publisher, str]]:
    state = Publisher(shared_data)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            state.requests.append((self.path, dict(self.headers)))
            if self.path not in state.files:
                self.send_error(404)
                return
            body, tag, stamp, behaviour = state.files[self.path]
            if behaviour == "error":
                self.send_error(500, "Internal Server Error")
                return
            fresh = (tag and self.headers.get("If-None-Match") == tag) or (
                not tag and stamp and self.headers.get("If-Modified-Since") == stamp)
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            if tag:
                self.send_header("ETag", tag)
            if stamp:
                self.send_header("Last-Modified", stamp)
            self.end_headers()
            if behaviour == "cut":
                self.wfile.write(body[: len(body) // 2])  # then the connection closes
                self.close_connection = True
                return
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _source(base: str, path: str, *, fmt: str = "ofac-sdn", feed: str = "ofac-sdn", file: str = "sdn.csv", floor: int = 1000) -> Source:
    return Source(name=feed, feed=feed, format=fmt, files=((file, base + path),), min_entries=floor)


def _csl(base: str, path: str, floor: int = 10) -> Source:
    return _source(base, path, fmt="csl-csv", feed="csl", file="consolidated.csv", floor=floor)


def test_conditional_requests_make_an_unchanged_list_one_round_trip(db_url: str, publisher: tuple[Publisher, str]) -> None:
    server, base = publisher
    server.put("/consolidated.csv", CSL_SMALL)
    store = Store.open(db_url)
    first = update_source(store, _csl(base, "/consolidated.csv"), "cron")
    assert (first.status, first.version, first.requests) == ("updated", 1, 1)
    assert first.entities == store.current_version("csl").entity_count == 13
    again = update_source(store, _csl(base, "/consolidated.csv"), "cron")
    assert (again.status, again.requests, again.version) == ("unchanged", 1, 1)
    headers = server.requests[-1][1]
    assert headers.get("If-None-Match") == server.files["/consolidated.csv"][1]
    assert headers.get("If-Modified-Since") == server.files["/consolidated.csv"][2]
    assert [v.seq for v in store.versions("csl")] == [1]


def test_last_modified_alone_is_used_when_there_is_no_etag(db_url: str, publisher: tuple[Publisher, str]) -> None:
    server, base = publisher
    server.put("/consolidated.csv", CSL_SMALL, etag=False)
    store = Store.open(db_url)
    assert update_source(store, _csl(base, "/consolidated.csv"), "cron").status == "updated"
    again = update_source(store, _csl(base, "/consolidated.csv"), "cron")
    assert again.status == "unchanged" and again.files[0]["status"] == 304
    assert "If-None-Match" not in server.requests[-1][1]


def test_a_new_publication_becomes_a_new_version(db_url: str, publisher: tuple[Publisher, str]) -> None:
    server, base = publisher
    full = _plain(server.root / CSL_SMALL)
    lines = full.splitlines(keepends=True)
    server.put("/consolidated.csv", b"".join(lines[:-1]))  # the publication before: without its last entry
    store = Store.open(db_url)
    first = update_source(store, _csl(base, "/consolidated.csv"), "cron")
    assert first.version == 1, first.message
    server.put("/consolidated.csv", full)
    newer = update_source(store, _csl(base, "/consolidated.csv"), "cron")
    assert (newer.status, newer.version, newer.entities) == ("updated", 2, first.entities + 1)
    assert store.diff("csl").counts()["added"] == 1
    with store.engine.connect() as conn:
        updates = [r.data() for r in audit.records_between(conn) if r.kind == "list_update"]
    assert [u["status"] for u in updates] == ["updated", "updated"] and updates[1]["files"][0]["status"] == 200


@pytest.mark.parametrize("case", ["server error", "cut off", "truncated file", "below the floor", "large drop", "not a list"])
def test_a_bad_download_changes_nothing_and_says_why(db_url: str, publisher: tuple[Publisher, str], case: str) -> None:
    server, base = publisher
    store = Store.open(db_url)
    server.put("/good.csv", CSL_SMALL)
    assert update_source(store, _csl(base, "/good.csv"), "cron").status == "updated"
    before = store.versions()
    five_rows = b"".join(_plain(server.root / CSL_SMALL).splitlines(keepends=True)[:6])
    body, floor, expect = {
        "server error": (CSL_SMALL, 10, "HTTP 500"),
        "cut off": (CSL_SMALL, 10, "cut off"),
        "truncated file": (CSL_TRUNCATED, 10, "refused"),  # the real download cut mid-row: strict refuses it
        "below the floor": (five_rows, 10, "below the floor"),
        "large drop": (five_rows, 1, "drop of more than"),
        "not a list": (b"<html><body>Service temporarily unavailable</body></html>", 10, ""),
    }[case]
    server.put("/bad", body, behaviour={"server error": "error", "cut off": "cut"}.get(case, "ok"))
    outcome = update_source(store, _csl(base, "/bad", floor=floor), "cron")
    assert outcome.status == "failed" and expect in outcome.message and "nothing was changed" in outcome.message
    assert store.versions() == before
    with store.engine.connect() as conn:
        last = list(audit.records_between(conn))[-1]
    assert last.kind == "list_update" and last.data()["status"] == "failed"
    # A refused download leaves no validators behind: the next request is unconditional.
    update_source(store, _csl(base, "/bad", floor=floor), "cron")
    assert "If-None-Match" not in server.requests[-1][1]


def test_multi_file_source_reuses_the_kept_copy_of_an_unchanged_file(tmp_path: Path, publisher: tuple[Publisher, str], shared_data: Path) -> None:
    server, base = publisher
    folder = "watchman/ofac_non_sdn_consolidated_2025-12/"
    for name in ("cons_prim.csv", "cons_alt.csv"):
        server.put(f"/{name}", folder + name)
    source = Source("ofac-cons", "ofac-cons", "ofac-cons",
                    (("cons_prim.csv", base + "/cons_prim.csv"), ("cons_alt.csv", base + "/cons_alt.csv")), 100)
    store = Store.open(str(tmp_path / "m.db"))
    assert update_source(store, source, "cron").status == "updated"
    # cons_alt.csv changes (an alias is added to the first entry); cons_prim.csv does not.
    alt = _plain(shared_data / folder / "cons_alt.csv")
    first_ent = alt.split(b",", 1)[0]
    end = alt.rindex(b"\x1a") if b"\x1a" in alt else len(alt)
    server.put("/cons_alt.csv", alt[:end] + first_ent + b',99999999,"aka","TEST ALIAS ADDED",-0- \r\n' + alt[end:])
    outcome = update_source(store, source, "cron")
    assert outcome.status == "updated", outcome.message
    assert [f["status"] for f in outcome.files] == [304, 200]
    assert store.diff("ofac-cons").counts()["aliases_changed"] == 1


def test_fetch_refuses_other_schemes_and_reports_connection_failures() -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError):
        fetch("http://127.0.0.1:9/nothing", timeout=5)


def test_sources_from_settings(tmp_path: Path) -> None:
    defaults = sources({})
    assert [s.name for s in choose(defaults, [])] == ["csl", "ofac-sdn", "ofac-cons", "un-sc"]
    assert defaults["ofac-sdn"].files[0] == ("sdn.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV")
    custom = sources({"un-sc": {"files": {"consolidated.xml": "http://127.0.0.1:1/un.xml"}, "min_entries": 10}})
    assert custom["un-sc"].files == (("consolidated.xml", "http://127.0.0.1:1/un.xml"),) and custom["un-sc"].format == "un"
    for bad in ({"x": {"files": {"a.csv": "http://h/a"}}},  # a new source without a format or floor
                {"un-sc": {"files": {"../etc/passwd": "http://h/a"}}},
                {"un-sc": {"files": {"a.xml": "ftp://h/a"}}},
                {"un-sc": {"max_drop": 1.5}}):
        with pytest.raises(UpdateError):
            sources(bad)
    with pytest.raises(UpdateError):
        choose(defaults, ["nope"])


def test_freshness_warns_when_a_feed_was_not_confirmed_for_too_long(db_url: str, publisher: tuple[Publisher, str]) -> None:
    server, base = publisher
    server.put("/consolidated.csv", CSL_SMALL)
    store = Store.open(db_url)
    update_source(store, _csl(base, "/consolidated.csv"), "cron")
    now = datetime.now(UTC)
    [fresh] = freshness(store, 7, now)
    assert not fresh.stale and fresh.age_days < 1
    [later] = freshness(store, 7, now + timedelta(days=8))
    assert later.stale and "lists update" in later.warning()
    # An unchanged answer from the publisher confirms the feed without a new version.
    with store.engine.begin() as conn:
        conn.execute(update(t.list_version).values(imported_at=now - timedelta(days=30)))
        conn.execute(update(t.list_fetch).values(checked_at=now - timedelta(days=30)))
    assert freshness(store, 7, now)[0].stale
    assert update_source(store, _csl(base, "/consolidated.csv"), "cron").status == "unchanged"
    [confirmed] = freshness(store, 7, now)
    assert not confirmed.stale and confirmed.age_days > 29


def test_cli_exit_codes_for_a_scheduler(tmp_path: Path, publisher: tuple[Publisher, str]) -> None:
    server, base = publisher
    server.put("/un.xml", UN)
    server.put("/broken", UN, behaviour="error")
    config = tmp_path / "settings.toml"
    config.write_text(
        '[lists.sources.un-sc]\nfiles = { "consolidated.xml" = "' + base + '/un.xml" }\nmin_entries = 500\n'
        '[lists.sources.broken]\nfiles = { "consolidated.xml" = "' + base + '/broken" }\nformat = "un"\nfeed = "un-broken"\n'
        'min_entries = 500\nenabled = false\n'
    )
    db = tmp_path / "cli.db"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "partyscreen.cli", "--db", str(db), "lists", "update", *args,
                               "--config", str(config), "--user", "cron"], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "COLUMNS": "200"})

    ok = run("un-sc", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)[0]["status"] == "updated"
    failed = run("un-sc", "broken")
    assert failed.returncode == 1 and "HTTP 500" in failed.stderr and "unchanged" in failed.stdout
    assert run("nope").returncode == 1
