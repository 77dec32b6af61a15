"""The systems the matching benchmark compares, all behind one adapter interface.

A system scores one pair of FollowTheMoney property dicts of one schema and
gives a score in 0..1 and its match verdict::

    system.score("Person", {"name": ["Olaf Scholze"]}, {"name": ["Olaf Scholz"]})
    -> (0.93, True)

``load()`` imports what the system needs and raises :class:`Unavailable` when
it cannot (partyscreen's matcher not written yet, nomenklatura not installed in
this interpreter, ...); the harness then reports the system as "not available"
and carries on with the others.

partyscreen's adapter is here; the open anchors (nomenklatura LogicV2 and
LogicV1, a plain rapidfuzz baseline) are in :mod:`anchors`.
"""

from __future__ import annotations

from importlib import metadata

Props = dict[str, list[str]]


class Unavailable(Exception):
    """The system cannot run in this interpreter; the message says why."""


class System:
    name: str = ""
    description: str = ""

    def load(self) -> None:
        """Import what is needed; raise :class:`Unavailable` if it cannot be had."""

    def version(self) -> str:
        return ""

    def score(self, schema: str, query: Props, candidate: Props) -> tuple[float, bool]:
        raise NotImplementedError


def dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


class Partyscreen(System):
    """partyscreen's own pair scorer, ``partyscreen.match.score_pair``."""

    name = "partyscreen"
    description = "partyscreen.match.score_pair (its own match verdict)"

    def load(self) -> None:
        try:
            from partyscreen.match import score_pair  # type: ignore[attr-defined]
        except Exception as exc:  # ImportError, or any error raised while importing
            raise Unavailable(
                f"from partyscreen.match import score_pair failed: {type(exc).__name__}: {exc}"
            ) from exc
        self._score_pair = score_pair

    def version(self) -> str:
        from partyscreen._native import compiled_modules

        compiled = compiled_modules()
        return dist_version("partyscreen") + (f" (mypyc: {len(compiled)} modules compiled)" if compiled else " (Python source)")

    def score(self, schema: str, query: Props, candidate: Props) -> tuple[float, bool]:
        score, is_match = self._score_pair(schema, query, candidate)
        return float(score), bool(is_match)


def registry() -> dict[str, type[System]]:
    """System name -> class, in the order of the report's columns."""
    from anchors import LogicV1, LogicV2, RapidfuzzBaseline

    return {
        Partyscreen.name: Partyscreen,
        LogicV2.name: LogicV2,
        LogicV1.name: LogicV1,
        RapidfuzzBaseline.name: RapidfuzzBaseline,
    }


# Systems that come from the anchor environment (nomenklatura and the baseline);
# partyscreen always runs in the bench interpreter, where it is installed editable.
ANCHOR_SYSTEMS = ("logic-v2", "logic-v1", "rapidfuzz")
