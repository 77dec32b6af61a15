"""The list formats partyscreen reads, and how a file's format is recognised."""

from __future__ import annotations

import csv
import importlib
from collections.abc import Sequence
from pathlib import Path

from partyscreen.sources.base import Format, FormatError

# Order matters for detection: the most specific sniffers first.
_MODULES = (
    "partyscreen.sources.ofac",
    "partyscreen.sources.un",
    "partyscreen.sources.csl",
    "partyscreen.sources.dpl",
    "partyscreen.sources.ftm",
    "partyscreen.sources.federal_register",
    "partyscreen.sources.gleif",
    "partyscreen.sources.relations_csv",
    "partyscreen.products.catalogue",
    "partyscreen.sources.mapped_csv",
)


def formats() -> dict[str, Format]:
    """Every known format by name, in detection order."""
    found: dict[str, Format] = {}
    for module_name in _MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, Format) and value.name not in found:
                found[value.name] = value
    return found


def get_format(name: str) -> Format:
    known = formats()
    if name not in known:
        raise FormatError(f"unknown format {name!r}; choose one of: {', '.join(known)}")
    return known[name]


def detect_format(paths: Sequence[Path]) -> Format:
    for fmt in formats().values():
        try:
            if fmt.sniff(paths):
                return fmt
        except (OSError, ValueError, csv.Error):
            continue  # a head this format cannot even read is not this format (UnicodeError is a ValueError)
    names = ", ".join(p.name for p in paths)
    raise FormatError(
        f"could not recognise the format of {names}; give --format (one of: {', '.join(formats())})"
    )
