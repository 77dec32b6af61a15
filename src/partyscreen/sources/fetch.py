"""Downloading one publisher file over HTTP(S), with conditional requests.

A file already held is asked for with ``If-None-Match`` / ``If-Modified-Since``,
so an unchanged list costs one round trip (``304 Not Modified``).  A download
is refused, never half-used, when the server answers with an error, the
connection is cut before ``Content-Length`` bytes arrived, the body is empty,
or it is larger than the limit.
"""

from __future__ import annotations

import gzip
import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from partyscreen import __version__

USER_AGENT = f"partyscreen/{__version__} (list update)"
MAX_BYTES = 1 << 30  # no publisher file comes near 1 GiB; a runaway response stops here
_READ = 1 << 20


class FetchError(Exception):
    """The file could not be downloaded whole; the message says why."""


@dataclass(frozen=True)
class Fetched:
    url: str
    not_modified: bool
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url!r}: only http:// and https:// URLs are fetched")
    return url


def fetch(
    url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 120.0, max_bytes: int = MAX_BYTES
) -> Fetched:
    """GET ``url``; with validators of a copy already held, a 304 comes back as ``not_modified``."""
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            body = _read_whole(response, url, max_bytes)
            if response.headers.get("Content-Encoding", "").lower() == "gzip":
                try:
                    body = gzip.decompress(body)
                except (OSError, EOFError) as exc:
                    raise FetchError(f"{url}: the gzip body is damaged ({exc})") from None
            return Fetched(url, False, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, True, b"", exc.headers.get("ETag") or etag, exc.headers.get("Last-Modified") or last_modified)
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {exc.reason}") from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None


def _read_whole(response, url: str, max_bytes: int) -> bytes:  # type: ignore[no-untyped-def]
    expected = response.headers.get("Content-Length")
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = response.read(_READ)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: larger than {max_bytes:,} bytes; refused")
            chunks.append(chunk)
    except http.client.IncompleteRead as exc:
        got = size + len(exc.partial)
        raise FetchError(f"{url}: the download was cut off after {got:,} of {expected or '?'} bytes") from None
    if expected is not None and expected.isdecimal() and int(expected) != size:
        raise FetchError(f"{url}: the download was cut off after {size:,} of {int(expected):,} bytes")
    if size == 0:
        raise FetchError(f"{url}: the server sent an empty file")
    return b"".join(chunks)
