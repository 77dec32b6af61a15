"""Dates as day numbers, so edges can be filtered by ``--as-of`` in numpy."""

from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
OPEN = 0  # no start, or no end


def parse_partial(value: str) -> tuple[int, int, int] | None:
    """``"2023-09"`` -> ``(2023, 9, 0)``; None when the text is not YYYY, YYYY-MM or YYYY-MM-DD."""
    match = _DATE.match((value or "").strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if month and not 1 <= month <= 12:
        return None
    if day:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def is_date(value: str) -> bool:
    return parse_partial(value) is not None


def day_number(value: str, *, end: bool = False) -> int:
    """Day number of an ISO date; a partial date covers its whole month or year (first day, or last with ``end``)."""
    parts = parse_partial(value)
    if parts is None:
        return OPEN
    year, month, day = parts
    if not month:
        month, day = (12, 31) if end else (1, 1)
    elif not day:
        day = calendar.monthrange(year, month)[1] if end else 1
    return date(year, month, day).toordinal()


def iso(day: int) -> str:
    return date.fromordinal(day).isoformat() if day else ""
