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
from partyscreen.normalize import NameForm, analyze, is_person_schema, phonetic_key

FORMAT_VERSION = 1
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
    )


_PARENTHESES = re.compile(r"[(（]([^()（）]{2,60})[)）]")


def _with_short_names(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names plus the short names lists give in parentheses: "Huawei Technologies Co., Ltd. (Huawei)" -> "Huawei"."""
    out = list(names)
    seen = {text for _, text in names}
    for kind, text in names:
        for short in _PARENTHESES.findall(text):
            short = short.strip()
            if short not in seen and not short.lower().startswith(("a.k.a", "f.k.a", "formerly", "see ")):
                seen.add(short)
                out.append(("alias" if kind == "name" else kind, short))
    return out


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class CandidateIndex:
    def __init__(self, cards: Sequence[Card]) -> None:
        self.format_version = FORMAT_VERSION
        self.cards = list(cards)
        row_card: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        acronyms: dict[str, list[int]] = defaultdict(list)
        for card_idx, card in enumerate(self.cards):
            for _, form in card.names:
                row = len(row_card)
                row_card.append(card_idx)
                for token in set(form.tokens):
                    postings[token].append(row)
                for acronym in form.acronyms:
                    acronyms[acronym].append(row)
                if form.is_acronym:
                    acronyms["".join(form.tokens)].append(row)
        self.row_card = np.asarray(row_card, dtype=np.int32)
        self.postings = {t: np.asarray(rows, dtype=np.int32) for t, rows in postings.items()}
        self.acronyms = {t: np.asarray(sorted(set(rows)), dtype=np.int32) for t, rows in acronyms.items()}
        self.doc_freq = {t: len(rows) for t, rows in postings.items()}
        self.deletions: dict[str, list[str]] = defaultdict(list)
        self.phonetic: dict[str, list[str]] = defaultdict(list)
        for token in self.postings:
            if len(token) >= 4 and not token.isdigit():
                for variant in _deletions(token):
                    self.deletions[variant].append(token)
                self.phonetic[phonetic_key(token)].append(token)
        self.deletions = dict(self.deletions)
        self.phonetic = dict(self.phonetic)
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
        index = pickle.loads(data)
        if not isinstance(index, CandidateIndex) or index.format_version != FORMAT_VERSION:
            raise ValueError("stored index is of another format version")
        return index

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> CandidateIndex:
        return cls([make_card(e) for e in entities])

    def __len__(self) -> int:
        return len(self.cards)

    # -- retrieval --------------------------------------------------------
    def _expand_uncached(self, token: str, person: bool) -> tuple[tuple[str, float], ...]:
        """Vocabulary words a query word may stand for, with their similarity."""
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 1.0
        if len(token) >= 4 and not token.isdigit():
            options: set[str] = set(self.deletions.get(token, ()))
            for variant in _deletions(token):
                if variant in self.postings:
                    options.add(variant)
                options.update(self.deletions.get(variant, ()))
            options.update(self.phonetic.get(phonetic_key(token), ()))
            for option in options:
                if option not in found:
                    sim = token_similarity(token, option, person)
                    if sim > 0:
                        found[option] = sim
        return tuple(found.items())

    def candidates(self, forms: Sequence[NameForm], limit: int = 50, min_share: float = 0.2) -> list[tuple[int, float]]:
        """Up to ``limit`` ``(card index, retrieval score)``, best first.

        ``min_share`` drops rows that share less than that fraction of the
        query's word weight: they cannot reach a reviewable score.
        """
        n_rows = len(self.row_card)
        if n_rows == 0:
            return []
        best = np.zeros(n_rows, dtype=np.float32)
        for form in forms:
            person = form.kind == "person"
            rows: list[np.ndarray] = []
            weights: list[np.ndarray] = []
            total = 0.0
            common: list[tuple[np.ndarray, float]] = []
            for token in dict.fromkeys(form.tokens):
                idf = self.weights.idf(token)
                total += idf
                for vocab, sim in self._expand(token, person):
                    posting = self.postings[vocab]
                    gain = self.weights.idf(vocab) * sim
                    if len(posting) > self._common:
                        common.append((posting, gain))
                        continue
                    rows.append(posting)
                    weights.append(np.full(len(posting), gain, dtype=np.float32))
            if not rows:
                # Only common words: use them after all, or nothing would be found.
                rows = [p for p, _ in common]
                weights = [np.full(len(p), g, dtype=np.float32) for p, g in common]
            if form.is_acronym or form.acronyms:
                for acronym in ({"".join(form.tokens)} if form.is_acronym else set()) | set(form.acronyms):
                    posting = self.acronyms.get(acronym)
                    if posting is None and form.is_acronym:
                        posting = self.postings.get(acronym)
                    if posting is not None and len(posting) <= self._common:
                        rows.append(posting)
                        weights.append(np.full(len(posting), total, dtype=np.float32))
            if not rows or total <= 0:
                continue
            scores = np.bincount(np.concatenate(rows), weights=np.concatenate(weights), minlength=n_rows)
            np.maximum(best, (scores / total).astype(np.float32), out=best)
        return self._top_cards(best, limit, min_share)

    def _top_cards(self, row_scores: np.ndarray, limit: int, min_share: float) -> list[tuple[int, float]]:
        hit_rows = np.flatnonzero(row_scores >= min_share)
        if len(hit_rows) == 0:
            return []
        take = min(len(hit_rows), limit * 4)
        if len(hit_rows) > take:
            part = np.argpartition(-row_scores[hit_rows], take - 1)[:take]
            hit_rows = hit_rows[part]
        order = hit_rows[np.argsort(-row_scores[hit_rows], kind="stable")]
        out: dict[int, float] = {}
        for row in order:
            card = int(self.row_card[row])
            if card not in out:
                out[card] = float(row_scores[row])
                if len(out) >= limit:
                    break
        return list(out.items())


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
