"""The five decision values, most to least severe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Decision = Literal["block", "licence_required", "red_flag", "review", "clear"]

#: Most severe first.  Informational notes travel in the reasons, never as a value.
DECISIONS: tuple[Decision, ...] = ("block", "licence_required", "red_flag", "review", "clear")
_RANK = {d: len(DECISIONS) - i for i, d in enumerate(DECISIONS)}


def severity(decision: str) -> int:
    """Higher is more severe; ``clear`` is 1."""
    try:
        return _RANK[decision]
    except KeyError:
        raise ValueError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}") from None


def most_severe(decisions: Iterable[str]) -> Decision:
    """The most severe of ``decisions``; ``clear`` when there are none."""
    best: Decision = "clear"
    for decision in decisions:
        if severity(decision) > severity(best):
            best = decision  # type: ignore[assignment]
    return best
