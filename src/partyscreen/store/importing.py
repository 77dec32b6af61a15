"""Import publisher files into the store as a new list version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partyscreen.sources.base import Format, FormatError, ImportOptions, ParseResult, Problems, RowProblem, read_bytes
from partyscreen.sources.registry import detect_format, get_format
from partyscreen.store.store import Store
from partyscreen.store.versions import VersionInfo


@dataclass
class ImportOutcome:
    feed: str
    format: str
    version: VersionInfo
    unchanged: bool  # the same files were already the version in force: nothing was written
    problems: list[RowProblem] = field(default_factory=list)
    #: Items of the files this format does not import (FtM payments, GLEIF relationship types
    #: it does not read, ...), by kind -> count: not errors, but a reader must see them.
    skipped: dict[str, int] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """What the import left out, a line each: every bad row, then the items not imported."""
        lines = [f"skipped {problem}" for problem in self.problems]
        if self.skipped:
            kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(self.skipped.items()))
            lines.append(f"not imported (not read by the {self.format} format): {kinds}")
        return lines


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files of the given paths; a folder stands for the files directly inside it."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise FormatError(f"{path}: no such file or folder")
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            out.append(path)
    if not out:
        raise FormatError("no files to import")
    return out


def files_hash(fmt: Format, options: ImportOptions, files: Sequence[Path]) -> str:
    """Identifies what an import reads: format, options and every file's content."""
    digest = hashlib.sha256()
    settings = {"format": fmt.name, "list": options.list_code, "map": options.mapping, "sep": options.alias_sep}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for path in sorted(files, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(read_bytes(path)).digest())
    return digest.hexdigest()


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    format: str | None = None,
    options: ImportOptions | None = None,
    strict: bool = False,
    accept: Callable[[ParseResult, VersionInfo | None], None] | None = None,
) -> ImportOutcome:
    """Parse ``paths`` and, unless they are already in force, store them as a new version.

    Raises :class:`FormatError` (wrong format, nothing written) or
    :class:`StrictImportError` (a bad row in a strict import, nothing written).
    ``accept`` sees the parse result and the version in force before anything is
    written, and refuses the file by raising (``lists update`` checks entry counts).
    """
    options = options or ImportOptions()
    files = expand_paths(paths)
    fmt = get_format(format) if format else detect_format(files)
    feed = options.feed or fmt.default_feed
    if not feed:
        raise FormatError(f"format {fmt.name!r} needs --feed NAME")
    options.feed = feed
    digest = files_hash(fmt, options, files)
    current = store.current_version(feed)
    if current is not None and current.file_hash == digest:
        return ImportOutcome(feed, fmt.name, current, unchanged=True, problems=store.problems(current))
    problems = Problems(strict=strict)
    result = fmt.read(files, options, problems)
    if not result.records:
        raise FormatError(f"{', '.join(p.name for p in files)}: no entries found for format {fmt.name!r}")
    if accept is not None:
        accept(result, current)
    version = store.add_version(
        feed=feed,
        format=fmt.name,
        file_hash=digest,
        files=[p.name for p in files],
        source_date=result.source_date,
        records=result.records,
        problems=problems.items,
    )
    return ImportOutcome(feed, fmt.name, version, unchanged=False, problems=list(problems.items), skipped=dict(result.skipped))
