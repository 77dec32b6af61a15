"""The relationship vocabulary: CSV words, stored schemata, and how a path reads.

A stored :class:`~partyscreen.model.Relation` keeps FollowTheMoney's direction
(``subject`` owns / directs / preceded ``object``).  The graph stores each
relation once as an edge ``a -> b`` where ``b`` is the step *towards* a possible
listed party: from the asset to its owner, from the new name to the former
one, from the product to its maker.  Paths are read in that direction.
"""

from __future__ import annotations

from dataclasses import dataclass

# Edge kinds, small integers so a million edges fit in a numpy array.
OWNERSHIP, CONTROL, SUBSIDIARY, BRANCH, RENAME, SUCCESSION, ADDRESS, DIRECTOR, MAKER = range(9)

#: Kinds that carry ownership for the 50% rules.  A branch and a renamed entity
#: are the same legal person, so they pass ownership on at 100%.
OWNERSHIP_KINDS = frozenset({OWNERSHIP, SUBSIDIARY, BRANCH, RENAME})
#: Kinds that make one entity the same legal person as the other.
IDENTITY_KINDS = frozenset({BRANCH, RENAME})
#: Kinds that only count when the party at the far end is listed: a path does
#: not go on through a shared address or a shared director.
TERMINAL_KINDS = frozenset({ADDRESS})


@dataclass(frozen=True)
class RelationKind:
    kind: int
    csv: str  # the CSV ``relation`` word: subject's view of object
    schema: str  # Relation.schema
    csv_subject_is_relation_subject: bool  # False: the CSV subject is the Relation's object
    up: str  # how the step a -> b reads in a path
    down: str  # how the step b -> a reads, for kinds followed both ways ("" = not followed)


KINDS: tuple[RelationKind, ...] = (
    RelationKind(OWNERSHIP, "owned_by", "Ownership", False, "owned_by", ""),
    RelationKind(CONTROL, "controlled_by", "Control", False, "controlled_by", ""),
    RelationKind(SUBSIDIARY, "subsidiary_of", "Subsidiary", False, "subsidiary_of", ""),
    RelationKind(BRANCH, "branch_of", "Branch", False, "branch_of", ""),
    RelationKind(RENAME, "renamed_from", "Rename", False, "renamed_from", "renamed_to"),
    RelationKind(SUCCESSION, "successor_of", "Succession", False, "successor_of", ""),
    RelationKind(ADDRESS, "shares_address_with", "SharedAddress", True, "shares_address_with", "shares_address_with"),
    # Stored director -> organisation; the graph edge runs organisation -> director.
    RelationKind(DIRECTOR, "director_of", "Directorship", True, "has_director", "director_of"),
    RelationKind(MAKER, "made_by", "Manufacture", False, "made_by", ""),
)
BY_CSV = {k.csv: k for k in KINDS}
BY_SCHEMA = {k.schema: k for k in KINDS}
BY_KIND = {k.kind: k for k in KINDS}
#: The relation words the simple CSV format accepts (branch_of comes from GLEIF only).
CSV_RELATIONS = tuple(k.csv for k in KINDS if k.kind != BRANCH)


def edge_ends(schema: str, subject: int, obj: int) -> tuple[int, int]:
    """``(a, b)`` of the graph edge for a stored relation between ``subject`` and ``object``."""
    kind = BY_SCHEMA[schema]
    if kind.kind in (ADDRESS,):
        return subject, obj
    if kind.kind == DIRECTOR:
        return obj, subject  # organisation -> director
    return obj, subject  # asset -> owner, current -> former, successor -> predecessor, product -> maker


def describe_step(label: str, target: str, percent: float | None, start: str, end: str) -> str:
    """One step as a reviewer reads it: "owned 100% by X", "formerly X (renamed 2023-05-01)"."""
    pct = "" if percent is None else f"{percent:g}% "
    words = {
        "owned_by": f"owned {pct or '(percentage unknown) '}by {target}",
        "controlled_by": f"controlled by {target}",
        "subsidiary_of": f"subsidiary of {target}" + (f" ({percent:g}%)" if percent is not None else " (percentage unknown)"),
        "branch_of": f"branch or office of {target}",
        "renamed_from": f"formerly {target}" + (f" (renamed {start})" if start else ""),
        "renamed_to": f"renamed {target}" + (f" ({start})" if start else ""),
        "successor_of": f"successor of {target}" + (f" (since {start})" if start else ""),
        "shares_address_with": f"shares an address with {target}",
        "has_director": f"has director {target}",
        "director_of": f"who is a director of {target}",
        "made_by": f"made by {target}",
    }
    text = words.get(label, f"{label} {target}")
    if end and label not in ("renamed_from", "renamed_to"):
        text += f" (until {end})"
    return text
