"""The domain model's own checks."""

from __future__ import annotations

import pytest

from partyscreen.model import is_date


@pytest.mark.parametrize("text", ["1965-02-28", "2024-02-29", "2000-12-31"])
def test_dates(text: str) -> None:
    assert is_date(text) and is_date(text, partial=True)


@pytest.mark.parametrize("text", ["1965", "1965-02"])
def test_partial_dates(text: str) -> None:
    assert is_date(text, partial=True) and not is_date(text)


@pytest.mark.parametrize("text", ["1965-02-30", "2023-02-29", "2020-13-45", "2020-13", "2020-00", "0000-00-00", "65-02-28", "1965/02/28", ""])
def test_not_dates(text: str) -> None:
    # The shape of a date is not enough: a birth date of 30 February compares as nothing real.
    assert not is_date(text, partial=True)
