"""Build the graph from the store, and keep it as an artifact beside the match index.

Who is who: a relation names its ends by entity id, by LEI (``lei:...``) or by
name (the simple CSV).  Ends that denote the same party are merged:

* an LEI and every entity carrying that LEI as an identifier;
* a name and every entity whose name or alias normalises to it (so
  "Inspur Group Co., Ltd." in a CSV row is the Entity List entry of that name,
  and the EL and CMIC entries of one company become one node).

A former name (FtM ``previousName``, GLEIF's previous legal names) becomes a
rename edge to the party of that name when anything else knows that name.
Entities marked ``target: false`` (FtM non-targets, GLEIF records) are parties
in the graph, not list entries.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from partyscreen.graph._addresses import AddressIndex
from partyscreen.graph.dates import day_number
from partyscreen.graph.relations import ADDRESS, BY_SCHEMA, edge_ends
from partyscreen.graph.structure import FORMAT_VERSION, Graph
from partyscreen.model import Entity, Relation
from partyscreen.normalize import analyze

GRAPH_PREFIX = "graph:"
BUNDLE_VERSION = 1


def is_list_entry(entity: Entity) -> bool:
    """Entities marked ``target: false`` are graph parties, not list entries."""
    return entity.properties.get("target") != ["false"]


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """One key per way of writing a name: case, punctuation, legal form and word order of the legal form ignored."""
    forms = analyze(name or "", "LegalEntity")
    tokens = forms[0].tokens if forms else ()
    return " ".join(tokens) if tokens else " ".join((name or "").casefold().split())


def _lei_of(entity: Entity) -> list[str]:
    return [i.value.strip().upper() for i in entity.identifiers if "lei" in i.type.casefold() and i.value.strip()]


class _UnionFind:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.parent: list[int] = []

    def add(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.parent)
            self.parent.append(found)
        return found

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(self.add(a)), self.find(self.add(b))
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class GraphBundle:
    """What screening needs from the graph: the graph, a name index of its unlisted parties, listed addresses."""

    graph: Graph
    names: object | None  # CandidateIndex over unlisted parties; card ids are "node:<n>"
    addresses: AddressIndex
    version: int = BUNDLE_VERSION

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes) -> GraphBundle:
        bundle = pickle.loads(data)
        if not isinstance(bundle, GraphBundle) or bundle.version != BUNDLE_VERSION or bundle.graph.format_version != FORMAT_VERSION:
            raise ValueError("stored graph is of another format version")
        return bundle


def _end_key(ref: str, name: str) -> str:
    if ref.startswith("lei:"):
        return "lei:" + ref[4:].upper()
    if ref:
        return "id:" + ref
    return "name:" + name_key(name)


def build_bundle(entities: Iterable[Entity], relations: Iterable[Relation], *, name_index: bool = True) -> GraphBundle:
    uf = _UnionFind()
    entity_of: dict[str, Entity] = {}
    by_name: dict[str, list[str]] = defaultdict(list)
    listed_addresses: list[tuple[str, str]] = []
    for entity in entities:
        key = "id:" + entity.id
        uf.add(key)
        entity_of[key] = entity
        for lei in _lei_of(entity):
            uf.union(key, "lei:" + lei)
        for text in dict.fromkeys([entity.name, *entity.aliases]):
            if text:
                by_name[name_key(text)].append(key)
        if is_list_entry(entity):
            listed_addresses += [(entity.id, a.text()) for a in entity.addresses if a.text()]

    # A graph record (GLEIF, FtM non-target) whose legal name is a list entry's name is that entry.
    for key, entity in entity_of.items():
        if not is_list_entry(entity):
            for other in by_name.get(name_key(entity.name), ()):
                if is_list_entry(entity_of[other]):
                    uf.union(key, other)

    given_name: dict[str, str] = {}
    given_country: dict[str, str] = {}
    raw_edges: list[tuple[str, str, Relation]] = []
    for relation in relations:
        if relation.schema not in BY_SCHEMA:
            continue  # Family, Associate, ...: not followed
        ends = []
        for side in ("subject", "object"):
            ref = getattr(relation, f"{side}_id")
            name = (relation.properties.get(f"{side}_name") or [""])[0]
            key = _end_key(ref, name)
            uf.add(key)
            if name:
                given_name.setdefault(key, name)
                for entity_key in by_name.get(name_key(name), ()):
                    uf.union(key, entity_key)
            country = (relation.properties.get(f"{side}_country") or [""])[0]
            if country:
                given_country.setdefault(key, country.upper())
            ends.append(key)
        raw_edges.append((ends[0], ends[1], relation))

    # Former names become renames to whoever else is known by that name.
    known_names = {k for k in uf.ids if k.startswith("name:")} | set(by_name)
    for key, entity in entity_of.items():
        for former in entity.former_names:
            fkey = name_key(former)
            if fkey in known_names and fkey not in {name_key(n) for n in (entity.name, *entity.aliases)}:
                target = "name:" + fkey
                uf.add(target)
                given_name.setdefault(target, former)
                for other in by_name.get(fkey, ()):
                    uf.union(target, other)
                rename = Relation(id=f"derived:{entity.id}:{fkey}", schema="Rename", subject_id="", object_id=entity.id,
                                  source="former name in " + entity.id)
                raw_edges.append((target, key, rename))

    return _assemble(uf, entity_of, given_name, given_country, raw_edges, listed_addresses, name_index)


def _assemble(uf: _UnionFind, entity_of: dict[str, Entity], given_name: dict[str, str], given_country: dict[str, str],
              raw_edges: list[tuple[str, str, Relation]], listed_addresses: list[tuple[str, str]], name_index: bool) -> GraphBundle:
    node_of_root: dict[int, int] = {}
    members: list[list[str]] = []

    def node(key: str) -> int:
        root = uf.find(uf.ids[key])
        found = node_of_root.get(root)
        if found is None:
            found = node_of_root[root] = len(members)
            members.append([])
        return found

    edge_rows = []
    sources: dict[str, int] = {}
    for subject_key, object_key, relation in raw_edges:
        s, o = node(subject_key), node(object_key)
        if s == o:
            continue  # both ends are one party (e.g. a rename between two names of one entry)
        a, b = edge_ends(relation.schema, s, o)
        source = relation.source or relation.id
        edge_rows.append((a, b, BY_SCHEMA[relation.schema].kind, relation.percent, relation.start_date, relation.end_date,
                          sources.setdefault(source, len(sources))))
    for key in uf.ids:
        root = uf.find(uf.ids[key])
        if root in node_of_root:
            members[node_of_root[root]].append(key)

    names, entity_ids, countries = [], [], []
    listings: dict[int, tuple[str, ...]] = {}
    aliases: list[list[str]] = []
    schemata: list[str] = []
    for n, keys in enumerate(members):
        ents = [entity_of[k] for k in keys if k in entity_of]
        listed = [e for e in ents if is_list_entry(e)]
        chosen: Entity | None = (listed or ents)[0] if (listed or ents) else None
        name = chosen.name if chosen else next((given_name[k] for k in keys if k in given_name), keys[0].split(":", 1)[-1])
        names.append(name)
        entity_ids.append(chosen.id if chosen else None)
        country = next((c for e in (listed or ents) for c in e.countries), "") or next((given_country[k] for k in keys if k in given_country), "")
        countries.append(country)
        if listed:
            listings[n] = tuple(e.id for e in listed)
        others = [x for e in ents for x in (e.name, *e.aliases)] + [given_name[k] for k in keys if k in given_name]
        aliases.append([x for x in dict.fromkeys(others) if x and x != name])
        schemata.append(chosen.schema if chosen else "LegalEntity")

    # Unlisted parties at a listed entry's address are linked to it.
    addresses = AddressIndex.build(listed_addresses)
    listed_node = {eid: n for n, ids in listings.items() for eid in ids}
    for n, keys in enumerate(members):
        if n in listings:
            continue
        for key in keys:
            entity = entity_of.get(key)
            for address in entity.addresses if entity else ():
                for listed_id, _ in addresses.lookup(address.text()):
                    target = listed_node.get(listed_id)
                    if target is None:
                        target = listed_node[listed_id] = len(names)
                        listed_entity = entity_of["id:" + listed_id]
                        names.append(listed_entity.name)
                        entity_ids.append(listed_id)
                        countries.append(next(iter(listed_entity.countries), ""))
                        listings[target] = (listed_id,)
                        aliases.append([])
                        schemata.append(listed_entity.schema)
                    edge_rows.append((n, target, ADDRESS, None, "", "", sources.setdefault("same normalised address: " + address.text(), len(sources))))

    graph = _graph(names, entity_ids, countries, listings, edge_rows, list(sources))
    index = _name_index(graph, aliases, schemata) if name_index else None
    return GraphBundle(graph, index, addresses)


def _graph(names: list[str], entity_ids: list[str | None], countries: list[str], listings: dict[int, tuple[str, ...]],
           rows: Sequence[tuple], sources: list[str]) -> Graph:
    pct = [math.nan if r[3] is None else float(r[3]) for r in rows]
    return Graph(
        names=names,
        entity_ids=entity_ids,
        countries=countries,
        listings=listings,
        edge_a=np.array([r[0] for r in rows], dtype=np.int32),
        edge_b=np.array([r[1] for r in rows], dtype=np.int32),
        edge_kind=np.array([r[2] for r in rows], dtype=np.int8),
        edge_pct=np.array(pct, dtype=np.float32),
        edge_start=np.array([day_number(r[4]) for r in rows], dtype=np.int32),
        edge_end=np.array([day_number(r[5], end=True) for r in rows], dtype=np.int32),
        edge_source=np.array([r[6] for r in rows], dtype=np.int32),
        sources=sources,
        edge_dates=[(r[4] or "", r[5] or "") for r in rows],
    )


def _name_index(graph: Graph, aliases: list[list[str]], schemata: list[str]):  # type: ignore[no-untyped-def]
    """A candidate index over the parties that are not list entries, so a query can start from them."""
    from partyscreen.match.index import CandidateIndex

    pseudo = []
    for n in range(graph.node_count):
        if n in graph.listings:
            continue
        schema = schemata[n] if schemata[n] in ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft") else "LegalEntity"
        pseudo.append(Entity(id=f"node:{n}", schema=schema, list_code="", name=graph.names[n], aliases=aliases[n]))
    return CandidateIndex.build(pseudo) if pseudo else None


# -- the artifact ---------------------------------------------------------------


def graph_key(versions: Sequence) -> str:  # type: ignore[type-arg]
    ids = ",".join(str(v.id) for v in sorted(versions, key=lambda v: v.id))
    digest = hashlib.sha256(f"{BUNDLE_VERSION}.{FORMAT_VERSION}|{ids}".encode()).hexdigest()[:32]
    return f"{GRAPH_PREFIX}{digest}"


def build_graph(store) -> GraphBundle:  # type: ignore[no-untyped-def]
    """Build the graph over the versions in force and store it with them (done at import time)."""
    versions = store.current_versions()
    bundle = build_bundle(store.entities(versions), store.relations(versions))
    store.save_artifact(graph_key(versions), bundle.dumps(), keep_prefix=GRAPH_PREFIX)
    return bundle


def load_graph(store) -> GraphBundle:  # type: ignore[no-untyped-def]
    """The stored graph for the versions in force; built (and stored) if missing or stale."""
    blob = store.load_artifact(graph_key(store.current_versions()))
    if blob is not None:
        try:
            return GraphBundle.loads(blob)
        except (ValueError, AttributeError, ImportError, pickle.UnpicklingError):
            pass
    return build_graph(store)
