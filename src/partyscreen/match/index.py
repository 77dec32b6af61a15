"""The candidate index: which listed names could a query be, without scanning them all.

Every name form of every loaded entity is a row.  A query's words reach rows
through three doors, each weighted by the word's rarity (IDF):

* the word itself (inverted index),
* its spelling variants within one or two edits (a deletion neighbourhood, so
  the lookup is a handful of dictionary hits, not a scan of the vocabulary),
* its phonetic key,

plus acronyms ("CAEP") reaching the names they abbreviate.  Scores are summed
with ``numpy.bincount`` and the best rows kept.  The index is built when lists
are imported and stored with the list versions it was built from.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from partyscreen.match.features import token_similarity
from partyscreen.match.weights import TokenWeights
from partyscreen.model import Entity
from partyscreen.match.regions import is_region
from partyscreen.normalize import GENERIC_ORG_TOKENS, NameForm, analyze, is_person_schema, normalize_text, phonetic_key

FORMAT_VERSION = 6
#: Words in more than this share of rows are too common to retrieve by alone.
_COMMON_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Card:
    """What screening needs of a listed entity, kept in the index so no database read is needed."""

    id: str
    schema: str
    list_code: str
    name: str
    names: tuple[tuple[str, NameForm], ...]  # (kind, form) for every name form
    countries: tuple[str, ...]
    birth_dates: tuple[str, ...]
    identifiers: tuple[str, ...]
    listed_on: str
    end_date: str
    content_hash: str

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Card, tuple(getattr(self, name) for name in Card.__slots__))
    # What the decision rules read (decide/rules.py), so a hit's consequence needs no database read.
    license_requirement: str = ""
    license_policy: str = ""
    federal_register_notices: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()


@dataclass(slots=True)
class Candidate:
    """A listed entity retrieval found, and which of its names were found."""

    card: int
    share: float  # the best name's share of the query's word weight
    names: list[int]  # indexes into Card.names, best first


#: Names of one entry compared in full: the best found and those nearly as good.
_NAMES_PER_CANDIDATE = 3


def normalize_identifier(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def make_card(entity: Entity) -> Card:
    kind_schema = entity.schema if entity.schema != "Address" else "LegalEntity"
    names: list[tuple[str, NameForm]] = []
    for kind, text in _with_short_names(entity.all_names()):
        for form in analyze(text, kind_schema):
            if form.tokens:
                names.append((kind, form))
    countries = tuple(dict.fromkeys([*entity.countries, *entity.nationalities, *entity.citizenships]))
    identifiers = tuple(
        dict.fromkeys(n for n in (normalize_identifier(i.value) for i in entity.identifiers) if len(n) >= 4)
    )
    return Card(
        id=entity.id,
        schema=entity.schema,
        list_code=entity.list_code,
        name=entity.name,
        names=tuple(names),
        countries=countries,
        birth_dates=tuple(entity.birth_dates),
        identifiers=identifiers,
        listed_on=entity.listed_on,
        end_date=entity.end_date,
        content_hash=entity.content_hash(),
        license_requirement=entity.license_requirement,
        license_policy=entity.license_policy,
        federal_register_notices=tuple(entity.federal_register_notices),
        programs=tuple(entity.programs),
    )


_PARENTHESES = re.compile(r"[(（]([^()（）]{2,60})[)）]")


def _qualifier(text: str) -> bool:
    """"(Schweiz)", "(Asia)", "(Hong Kong)": a parenthesis that says which branch, not another name."""
    tokens = normalize_text(text).split()
    return bool(tokens) and all(is_region(t) or t in GENERIC_ORG_TOKENS for t in tokens)


def _with_short_names(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names plus the short names lists give in parentheses: "Huawei Technologies Co., Ltd. (Huawei)" -> "Huawei"."""
    out = list(names)
    seen = {text for _, text in names}

    def add(kind: str, text: str) -> None:
        text = text.strip(" ;,")
        if len(text) >= 2 and text not in seen and not text.lower().startswith(("a.k.a", "f.k.a", "formerly", "see ")):
            seen.add(text)
            out.append(("alias" if kind == "name" else kind, text))

    for kind, text in names:
        found = [inside for inside in _PARENTHESES.findall(text) if not _qualifier(inside)]
        for inside in found:
            # "حاجى مالك نورزى (Hajji Malik Noorzai; Hajji Malak Noorzai)": several names in one.
            for short in inside.split(";"):
                add(kind, short)
        if found:
            add(kind, _PARENTHESES.sub(" ", text))
    return out


def _pack(lists: dict[str, list[int]]) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    offsets: dict[str, tuple[int, int]] = {}
    flat: list[int] = []
    for key, rows in lists.items():
        offsets[key] = (len(flat), len(flat) + len(rows))
        flat.extend(rows)
    return np.asarray(flat, dtype=np.int32), offsets


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's str hash is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class CandidateIndex:
    def __init__(self, cards: Sequence[Card]) -> None:
        self.format_version = FORMAT_VERSION
        self.cards = list(cards)
        row_card: list[int] = []
        row_name: list[int] = []
        row_length: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        acronyms: dict[str, list[int]] = defaultdict(list)
        for card_idx, card in enumerate(self.cards):
            for name_idx, (_, form) in enumerate(card.names):
                row = len(row_card)
                row_card.append(card_idx)
                row_name.append(name_idx)
                row_length.append(len(form.tokens))
                for token in set(form.tokens):
                    postings[token].append(row)
                for acronym in form.acronyms:
                    acronyms[acronym].append(row)
                if form.is_acronym:
                    acronyms["".join(form.tokens)].append(row)
        self.row_card = np.asarray(row_card, dtype=np.int32)
        self.row_name = np.asarray(row_name, dtype=np.int32)
        self.row_length = np.asarray(row_length, dtype=np.int16)
        # Postings in one array with (start, end) per word: a stored index
        # loads as one buffer instead of tens of thousands of small arrays.
        self.postings_data, self.postings = _pack(postings)
        self.acronym_data, self.acronyms = _pack({t: sorted(set(rows)) for t, rows in acronyms.items()})
        self.doc_freq = {t: len(rows) for t, rows in postings.items()}
        self.phonetic: dict[str, list[str]] = defaultdict(list)
        self.vocabulary = sorted(t for t in self.postings if len(t) >= 4 and not t.isdigit())
        pairs: list[tuple[int, int]] = []
        for token_id, token in enumerate(self.vocabulary):
            for variant in _deletions(token) | {token}:
                pairs.append((_stable_hash(variant), token_id))
            self.phonetic[phonetic_key(token)].append(token)
        self.phonetic = dict(self.phonetic)
        # The deletion neighbourhood as two sorted arrays (hash of the variant,
        # vocabulary id): a few hundred thousand entries that load as two buffers.
        pairs.sort()
        self.deletion_keys = np.asarray([h for h, _ in pairs], dtype=np.uint64)
        self.deletion_ids = np.asarray([i for _, i in pairs], dtype=np.int32)
        self._init_runtime()

    def _init_runtime(self) -> None:
        self.weights = TokenWeights(self.doc_freq, len(self.row_card))
        self._expand = lru_cache(maxsize=200_000)(self._expand_uncached)
        self._common = max(50, int(len(self.row_card) * _COMMON_SHARE))

    # -- persistence --------------------------------------------------------
    def __getstate__(self) -> dict:  # type: ignore[type-arg]
        state = dict(self.__dict__)
        for runtime in ("weights", "_expand", "_common"):
            state.pop(runtime, None)
        return state

    def __setstate__(self, state: dict) -> None:  # type: ignore[type-arg]
        self.__dict__.update(state)
        self._init_runtime()

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes) -> CandidateIndex:
        # Hundreds of thousands of small objects: the cyclic garbage collector
        # would scan them again and again while they are created, and later
        # during every query; none of them form cycles, so freeze them.
        gc.disable()
        try:
            index = pickle.loads(data)
        finally:
            gc.enable()
        gc.freeze()
        if not isinstance(index, CandidateIndex) or index.format_version != FORMAT_VERSION:
            raise ValueError("stored index is of another format version")
        return index

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> CandidateIndex:
        gc.disable()  # see loads(): no cycles among these objects
        try:
            return cls([make_card(e) for e in entities])
        finally:
            gc.enable()

    def __len__(self) -> int:
        return len(self.cards)

    # -- retrieval --------------------------------------------------------
    def _expand_uncached(self, token: str, person: bool) -> tuple[tuple[str, float], ...]:
        """Vocabulary words a query word may stand for, with their similarity."""
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 1.0
        if len(token) >= 3 and not token.isdigit():
            options: set[str] = set()
            for variant in _deletions(token) | {token}:
                if variant in self.postings:
                    options.add(variant)
                options.update(self._deletion_neighbours(variant))
            options.update(self.phonetic.get(phonetic_key(token), ()))
            for option in options:
                if option not in found:
                    sim = token_similarity(token, option, person)
                    if sim > 0:
                        found[option] = sim
        return tuple(found.items())

    def candidates(self, forms: Sequence[NameForm], limit: int = 50, min_share: float = 0.2) -> list[Candidate]:
        """Up to ``limit`` candidates, best first, each with the names that were found.

        ``min_share`` drops rows that share less than that fraction of the
        query's word weight: they cannot reach a reviewable score.
        """
        n_rows = len(self.row_card)
        if n_rows == 0:
            return []
        best = np.zeros(n_rows, dtype=np.float32)
        for form in forms:
            person = form.kind == "person"
            # Per query word, the best of its expansions (the word itself, a
            # variant spelling, the same sound): a row is credited once per
            # query word, however many variants of it the row holds.
            per_word: list[list[tuple[np.ndarray, float]]] = []
            total = 0.0
            common_only = True
            for token in dict.fromkeys(form.tokens):
                total += self.weights.idf(token)
                found = []
                for vocab, sim in self._expand(token, person):
                    start, end = self.postings[vocab]
                    found.append((self.postings_data[start:end], self.weights.idf(vocab) * sim))
                    common_only &= end - start > self._common
                per_word.append(found)
            if form.is_acronym or form.acronyms:
                acronym_rows = []
                for acronym in ({"".join(form.tokens)} if form.is_acronym else set()) | set(form.acronyms):
                    posting = self._posting(self.acronym_data, self.acronyms, acronym)
                    if posting is None and form.is_acronym:
                        posting = self._posting(self.postings_data, self.postings, acronym)
                    if posting is not None and len(posting) <= self._common:
                        acronym_rows.append((posting, total))
                        common_only = False
                per_word.append(acronym_rows)
            if total <= 0:
                continue
            scores = np.zeros(n_rows, dtype=np.float32)
            for found in per_word:
                # Words too common to retrieve by are left out, unless nothing else is there.
                usable = [(p, g) for p, g in found if common_only or len(p) <= self._common]
                if not usable:
                    continue
                if len(usable) == 1:
                    posting, gain = usable[0]
                    scores[posting] += gain
                    continue
                # The best gain per row: sort by gain, keep each row's first (highest) entry.
                rows = np.concatenate([p for p, _ in usable])
                gains = np.repeat(np.asarray([g for _, g in usable], dtype=np.float32), [len(p) for p, _ in usable])
                order = np.argsort(-gains, kind="stable")
                unique_rows, first = np.unique(rows[order], return_index=True)
                scores[unique_rows] += gains[order][first]
            np.maximum(best, scores / total, out=best)
        return self._top_cards(best, limit, min_share)

    def _deletion_neighbours(self, variant: str) -> list[str]:
        """Vocabulary words that are ``variant`` or become it by deleting one letter."""
        key = np.uint64(_stable_hash(variant))
        lo = int(np.searchsorted(self.deletion_keys, key, side="left"))
        hi = int(np.searchsorted(self.deletion_keys, key, side="right"))
        return [self.vocabulary[i] for i in self.deletion_ids[lo:hi]]

    @staticmethod
    def _posting(data: np.ndarray, offsets: dict[str, tuple[int, int]], key: str) -> np.ndarray | None:
        span = offsets.get(key)
        return None if span is None else data[span[0] : span[1]]

    def _top_cards(self, row_scores: np.ndarray, limit: int, min_share: float) -> list[Candidate]:
        hit_rows = np.flatnonzero(row_scores >= min_share)
        if len(hit_rows) == 0:
            return []
        take = min(len(hit_rows), limit * 4)
        if len(hit_rows) > take:
            part = np.argpartition(-row_scores[hit_rows], take - 1)[:take]
            hit_rows = hit_rows[part]
        # Best share first; among equals the shorter name, which the query covers better.
        order = hit_rows[np.lexsort((self.row_length[hit_rows], -row_scores[hit_rows]))]
        found: dict[int, Candidate] = {}
        for row in order:
            card = int(self.row_card[row])
            share = float(row_scores[row])
            candidate = found.get(card)
            if candidate is None:
                if len(found) >= limit:
                    continue
                found[card] = Candidate(card, share, [int(self.row_name[row])])
            elif share >= 0.75 * candidate.share and len(candidate.names) < _NAMES_PER_CANDIDATE:
                # Other names of the same entry that were found nearly as well.
                candidate.names.append(int(self.row_name[row]))
        return list(found.values())


def query_forms(names: Iterable[str], schema: str) -> tuple[tuple[str, NameForm], ...]:
    """Name forms of a query.  Of unknown type, a name is read both as a person's and an organisation's."""
    kinds = [schema] if schema else ["Person", "LegalEntity"]
    out: list[tuple[str, NameForm]] = []
    for _, name in _with_short_names([("name", n) for n in names]):
        for kind_schema in kinds:
            for form in analyze(name, kind_schema):
                if form.tokens:
                    out.append(("name", form))
    return tuple(out)


__all__ = ["CandidateIndex", "Card", "make_card", "query_forms", "normalize_identifier", "is_person_schema"]
