"""What every list importer shares: the contract, file reading and error reporting.

An importer turns publisher files into :class:`~partyscreen.model.Entity` and
:class:`~partyscreen.model.Relation` records.  It never writes to the store: the
store takes the whole parse result and commits it as one list version, so a
file that fails half-way changes nothing.

Two kinds of bad input are told apart:

* a file of the wrong format raises :class:`FormatError` at once;
* a malformed row is reported to :class:`Problems` with file and line, and the
  rest of the file still loads (unless the import is ``strict``, as list
  updates are, in which case the first problem refuses the whole file).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from partyscreen.model import Record


class ImportError_(Exception):
    """Base class of importer errors (named so it does not shadow the builtin)."""


class FormatError(ImportError_):
    """The file is not in the format the importer expects; nothing is imported."""


class StrictImportError(ImportError_):
    """A row problem in a strict import: the whole file is refused."""


@dataclass(frozen=True)
class RowProblem:
    file: str
    line: int  # 1-based physical line (or record number where lines mean nothing)
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Problems:
    """Collects row problems; in strict mode the first one aborts the import."""

    strict: bool = False
    items: list[RowProblem] = field(default_factory=list)

    def report(self, file: str | Path, line: int, message: str) -> None:
        problem = RowProblem(Path(file).name, line, message)
        if self.strict:
            raise StrictImportError(f"refused: {problem}")
        self.items.append(problem)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class ImportOptions:
    """Options a format may use; unknown ones are ignored by formats that do not need them."""

    feed: str = ""
    list_code: str = ""  # for formats that carry no list code of their own
    mapping: dict[str, str] = field(default_factory=dict)  # target field -> source column
    alias_sep: str = ";"


@dataclass
class ParseResult:
    records: list[Record]
    source_date: str = ""  # ISO date the publisher gives for the file, if any
    #: Input items deliberately not imported (not errors), by kind -> count.
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    """A list file format: how to recognise it and how to read it."""

    name: str
    default_feed: str
    description: str
    sniff: Callable[[Sequence[Path]], bool]
    read: Callable[[Sequence[Path], ImportOptions, Problems], ParseResult]


def open_text(path: Path, problems: Problems) -> io.TextIOWrapper:
    """Open a list file as text; ``.gz`` is read transparently.

    Publisher files are UTF-8 (some with a byte-order mark); a few older OFAC
    and BIS files are Windows-1252, which is tried when UTF-8 fails.  A file
    with a UTF-16 or UTF-32 byte-order mark (Excel's "Unicode text") is read
    as such.  A UTF-8 file with a few damaged bytes is still UTF-8: the lines
    with them are reported (see :func:`_damaged_utf8`).
    """
    raw = read_bytes(path)
    codec = bom_codec(raw)
    if codec:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise FormatError(f"{path.name}: starts as {codec.upper()} but is not ({exc.reason} at byte {exc.start})") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _damaged_utf8(raw, path, problems) or raw.decode("cp1252", errors="replace")
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8", newline="")


UNDECODED = re.compile("[\udc80-\udcff]+")  # surrogateescape's stand-ins for bytes that are not UTF-8
_DECODED = re.compile("[^\x00-\x7f\udc80-\udcff]")
_LINE_BREAK = re.compile(r"\r\n?|\n")  # physical lines, as the csv module counts them


def _damaged_utf8(raw: bytes, path: Path, problems: Problems) -> str | None:
    """The text of a UTF-8 file with some bytes that are not UTF-8, or None if it is not UTF-8.

    More well-formed non-ASCII characters than bad bytes says UTF-8 (a Windows-1252
    file almost never holds a valid UTF-8 sequence): reading it as Windows-1252
    would garble every other non-ASCII name without a word.  The bad bytes become
    U+FFFD and each line holding them is reported.
    """
    text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="surrogateescape")
    bad = UNDECODED.findall(text)
    if len(_DECODED.findall(text)) <= sum(map(len, bad)):
        return None
    line, position = 1, 0
    for match in UNDECODED.finditer(text):
        line += len(_LINE_BREAK.findall(text, position, match.start()))
        position = match.start()
        shown = " ".join(f"0x{ord(c) - 0xDC00:02X}" for c in match.group()[:4])
        problems.report(path, line, f"bytes that are not UTF-8 ({shown}) read as \ufffd; the rest of the file is UTF-8")
    return UNDECODED.sub("\ufffd", text)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when gzipped."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except _GZIP_ERRORS as exc:
            raise _damaged_gzip(path, exc) from None
    return raw


def head_text(path: Path, size: int = 4096) -> str:
    """The first bytes of a (possibly gzipped) file as text, for sniffing formats."""
    with path.open("rb") as fh:
        start = fh.read(2)
    if start == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                raw = gz.read(size)
        except _GZIP_ERRORS as exc:
            raise _damaged_gzip(path, exc) from None
    else:
        with path.open("rb") as fh:
            raw = fh.read(size)
    return raw.decode(bom_codec(raw) or "utf-8-sig", errors="replace")


# UTF-32 first: its little-endian mark starts with UTF-16's.  The codecs named
# here read and drop the mark themselves.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bom_codec(raw: bytes) -> str:
    """``utf-16`` or ``utf-32`` when the bytes start with that byte-order mark, else ``""``."""
    return next((codec for bom, codec in _BOMS if raw.startswith(bom)), "")


# A cut or damaged download: BadGzipFile is an OSError, a cut stream an
# EOFError, damaged compressed data a zlib.error.
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


def _damaged_gzip(path: Path, exc: BaseException) -> FormatError:
    return FormatError(f"{path.name}: damaged gzip file ({exc or type(exc).__name__}); download it again")


_Row_co = TypeVar("_Row_co", covariant=True)


class CsvReader(Protocol[_Row_co]):
    """``csv.reader`` or ``csv.DictReader``: records, and the physical line read up to."""

    line_num: int

    def __next__(self) -> _Row_co: ...


def report_header(path: Path, header: Sequence[str], layout: str, known: frozenset[str], problems: Problems) -> None:
    """Report the columns of a header whose values a reader would drop without a word: a column
    the publisher's layout does not have (renamed, or damaged: "alt_nbmes" would lose every alias)
    and a column written twice (only the last one is read).  Line 1: the header."""
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.report(path, 1, f"column {column!r} appears twice in the header; only the last one is read")
        seen.add(column)
    unknown = [c for c in dict.fromkeys(header) if c and c not in known]
    if unknown:
        names = ", ".join(repr(c) for c in unknown)
        problems.report(path, 1, f"column {names} is not in the {layout} layout; its values are not imported (a renamed or damaged column name?)")


def csv_records(reader: CsvReader[_Row_co], path: Path, problems: Problems) -> Iterator[tuple[int, _Row_co]]:
    """(first physical line, record) of every record the csv module can read.

    One it cannot (a cell over the csv module's size limit) is reported and
    skipped: the reader goes on at the next line, so the rest of the file loads.
    So is one whose quoted cell swallowed the rows after it (:func:`_holds_rows`):
    those rows are lost either way, and must not be lost without a word.
    """
    delimiter = _delimiter(reader)
    end = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.report(path, end + 1, f"row cannot be read as CSV ({exc}); skipped")
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num  # a quoted cell may span lines
        if end > start and _holds_rows(record, delimiter):
            problems.report(path, start, f"a quoted cell runs on to line {end} and holds lines that read as rows of their own: "
                                         "a closing quote is probably missing; skipped with the rows it holds")
            continue
        yield start, record


def _delimiter(reader: object) -> str:
    dialect = getattr(reader, "dialect", None) or getattr(getattr(reader, "reader", None), "dialect", None)
    return str(getattr(dialect, "delimiter", ","))


def _holds_rows(record: object, delimiter: str) -> bool:
    """A cell over several lines, a later line of which has the delimiters of a whole row: the rows an
    unclosed quote ran on into.  (A real cell may span lines, an address does, but holds no such line.)"""
    cells = [c for c in (record.values() if isinstance(record, dict) else record) if isinstance(c, str)]  # type: ignore[attr-defined]
    least = max(4, len(cells) - 1)
    return any(line.count(delimiter) >= least for cell in cells if "\n" in cell or "\r" in cell for line in cell.splitlines()[1:])


def logical_name(path: Path) -> str:
    """File name without ``.gz``: ``sdn.csv.gz`` -> ``sdn.csv``."""
    name = path.name.lower()
    return name[:-3] if name.endswith(".gz") else name


def split_multi(value: str, sep: str = ";") -> list[str]:
    """Split a multi-valued cell, dropping blanks and duplicates, keeping order."""
    seen: dict[str, None] = {}
    for part in value.split(sep):
        part = part.strip()
        if part and part not in seen:
            seen[part] = None
    return list(seen)
