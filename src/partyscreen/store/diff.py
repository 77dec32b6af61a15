"""What changed between two versions of a feed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection

from partyscreen.model import Entity
from partyscreen.store.versions import load_blobs, version_hashes

#: The kinds of change a reviewer cares about, in the order they are shown.
CHANGE_KINDS = ("name", "aliases", "addresses", "programs", "other")


@dataclass(frozen=True)
class EntityChange:
    entity_id: str
    name: str
    kinds: tuple[str, ...]  # subset of CHANGE_KINDS
    old_name: str = ""
    details: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> {"added": [...], "removed": [...]}


@dataclass
class VersionDiff:
    feed: str
    old_seq: int
    new_seq: int
    added: list[Entity]
    removed: list[Entity]
    changed: list[EntityChange]

    def counts(self) -> dict[str, int]:
        kinds = Counter(kind for change in self.changed for kind in change.kinds)
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "renamed": kinds["name"],
            **{f"{kind}_changed": kinds[kind] for kind in CHANGE_KINDS if kind != "name"},
        }


def diff_versions(conn: Connection, feed: str, old_id: int, new_id: int, old_seq: int, new_seq: int) -> VersionDiff:
    old = version_hashes(conn, old_id)
    new = version_hashes(conn, new_id)
    added_ids = sorted(set(new) - set(old))
    removed_ids = sorted(set(old) - set(new))
    changed_ids = sorted(i for i in set(old) & set(new) if old[i] != new[i])
    needed = {new[i] for i in added_ids} | {old[i] for i in removed_ids}
    needed |= {old[i] for i in changed_ids} | {new[i] for i in changed_ids}
    blobs = load_blobs(conn, needed)
    changes = [compare_entities(blobs[old[i]], blobs[new[i]]) for i in changed_ids]  # type: ignore[arg-type]
    return VersionDiff(
        feed=feed,
        old_seq=old_seq,
        new_seq=new_seq,
        added=[blobs[new[i]] for i in added_ids],  # type: ignore[misc]
        removed=[blobs[old[i]] for i in removed_ids],  # type: ignore[misc]
        changed=changes,
    )


def compare_entities(old: Entity, new: Entity) -> EntityChange:
    kinds: list[str] = []
    details: dict[str, dict[str, list[str]]] = {}
    if old.name != new.name:
        kinds.append("name")
        details["name"] = {"removed": [old.name], "added": [new.name]}
    pairs = {
        "aliases": (old.aliases + old.weak_aliases + old.former_names, new.aliases + new.weak_aliases + new.former_names),
        "addresses": ([a.text() for a in old.addresses], [a.text() for a in new.addresses]),
        "programs": (old.programs, new.programs),
    }
    for kind, (before, after) in pairs.items():
        if set(before) != set(after):
            kinds.append(kind)
            details[kind] = {
                "removed": sorted(set(before) - set(after)),
                "added": sorted(set(after) - set(before)),
            }
    if not kinds or _other_fields(old) != _other_fields(new):
        kinds.append("other")
    return EntityChange(new.id, new.name, tuple(kinds), old_name=old.name if old.name != new.name else "", details=details)


def _other_fields(entity: Entity) -> dict:  # type: ignore[type-arg]
    data = entity.to_dict()
    for key in ("name", "aliases", "weak_aliases", "former_names", "addresses", "programs"):
        data.pop(key, None)
    return data
