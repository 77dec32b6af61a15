"""The candidate index: which listed names could a query be, without scanning them all.

Every name form of every loaded entity is a row.  A query's words reach rows
through three doors, each weighted by the word's rarity (IDF):

* the word itself (inverted index),
* its spelling variants (a deletion neighbourhood, so the lookup is a handful
  of binary searches, not a scan of the vocabulary): a letter changed, added
  or dropped, two neighbours swapped, and in longer words letters swapped
  anywhere ("Hsasmuddin" finds "Shamsuddin"); words of three letters and more,
  so Korean syllables ("Kyp" -> "Kyu") are expanded too,
* its phonetic key,

plus acronyms ("CAEP") reaching the names they abbreviate (see ``acronym_keys``).  Scores are summed
with ``numpy.bincount`` and the best rows kept.  The index is built when lists
are imported and stored with the list versions it was built from.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import Any

import numpy as np

from partyscreen.match.card import Card
from partyscreen.match.features import token_similarity
from partyscreen.match.forms import joined_words, normalize_identifier, with_short_names
from partyscreen.match.weights import RetrievalWeights, TokenWeights
from partyscreen.model import Entity
from partyscreen.normalize import NameForm, analyze, is_person_schema, names_an_organisation, phonetic_key
from partyscreen.normalize.text import tokenize

FORMAT_VERSION = 13
#: Words in more than this share of rows are too common to retrieve by alone.
_COMMON_SHARE = 0.05


@dataclass(slots=True)
class Candidate:
    """A listed entity retrieval found, and which of its names were found."""

    card: int
    share: float  # the best name's share of the query's word weight
    names: list[int]  # indexes into Card.names, best first


#: The share of the query's weight two names with the same initials give each other (an acronym
#: written on either side gives the whole): as high as a name kept beside the best one needs.
_INITIALS_SHARE = 0.75
#: Entries tied with the last one taken are taken too when they hold this much of the query.
_TIED_SHARE = 0.6
#: Names of one entry compared in full: the best found and those nearly as good.
_NAMES_PER_CANDIDATE = 3


def _card_names(entity: Entity) -> list[tuple[str, NameForm]]:
    """The analysed names of an entry.  An entry of unknown type (``LegalEntity``: the Denied
    Persons and ITAR Debarred lists, the Entity List as a flat file) is read as a person's
    names too, unless one of its names is an organisation's ("Moscow Aviation Institute",
    whose alias "MAI" is then no one's given name)."""
    schema = entity.schema if entity.schema != "Address" else "LegalEntity"
    texts = with_short_names(entity.all_names())
    names = [(kind, form) for kind, text in texts for form in analyze(text, schema) if form.tokens]
    if schema == "LegalEntity" and not any(names_an_organisation(form) for _, form in names):
        # Each name's readings side by side (screener.scored_names takes a found name's neighbours).
        names = [(kind, form) for kind, text in texts for reading in (schema, "Person") for form in analyze(text, reading) if form.tokens]
    return [(kind, _with_shared_words(form)) for kind, form in names]


def _with_shared_words(form: NameForm) -> NameForm:
    """The form with its words interned: a word that many entries hold is one string in memory
    (a million-name index keeps some 150 MB less; a stored chunk of cards pickles it once)."""
    words = tuple([intern(t) for t in form.tokens])
    return NameForm(form.original, form.script, words, form.legal_forms, form.acronyms, form.is_acronym, form.kind)


def make_card(entity: Entity) -> Card:
    names = _card_names(entity)
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


#: What a word written together on one side and apart on the other is credited, as a share of its weight.
_JOINED_CREDIT = 0.95
def _pack(lists: dict[str, list[int]]) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    offsets: dict[str, tuple[int, int]] = {}
    flat: list[int] = []
    for key, rows in lists.items():
        offsets[key] = (len(flat), len(flat) + len(rows))
        flat.extend(rows)
    return np.asarray(flat, dtype=np.int32), offsets


def _key_hash(key: str) -> int:
    """The 32-bit hash a letter key is stored under (stable across processes, a
    microsecond less than a cryptographic one: several keys per query word).  Two
    keys rarely share one, and then a word too many is only checked and dropped."""
    return zlib.crc32(key.encode())


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's str hash is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _words_key(tokens: Sequence[str]) -> int:
    """One number for a name's words, whatever their order."""
    return _stable_hash("\x00".join(sorted(tokens)))


def acronym_keys(form: Any) -> tuple[set[str], set[str]]:
    """``(written, derived)``: the acronyms a name form is retrieved under.

    Written ones stand in the name itself: an acronym name's own letters, "CETC" in "China
    Electronics Technology Group Corp. (CETC) 54th Research Institute".  Derived ones are the
    initials of its words ("cetgri").  Retrieval meets an acronym written on at least one side
    ("CAEP" and "China Academy of Engineering Physics"); two derived ones are not compared: two long
    names with the same initials say no more than their words do, and credited as a full match they
    crowd the right entry out (the forty CETC research institutes all share "cetgcri").

    ``form``: a ``NameForm``, or anything with its ``original``, ``tokens``, ``acronyms`` and ``is_acronym``.
    """
    written = {"".join(form.tokens)} if form.is_acronym and form.tokens else set()
    if not form.acronyms:
        return written, set()
    words = set(tokenize(form.original))
    derived = set()
    for acronym in form.acronyms:
        (written if acronym in words else derived).add(acronym)
    return written, derived


def initials_key(form: Any) -> str | None:
    """The initials of an organisation name's words with its numbers kept whole ("nira" for New Irish
    Republican Army, "cetgc54ri" for China Electronics Technology Group CETC 54th Research Institute),
    from three words to twelve: where two names' initials meet.  A number is no initial: the fortieth
    research institute of a group has the initials of the fifty-fourth.  People's names have none
    (their initials are shared by thousands).

    ``form``: a ``NameForm``, or anything with its ``kind`` and ``tokens``."""
    if form.kind == "person":
        return None
    words = [t for t in form.tokens if t]
    if not 3 <= sum(not t[0].isdigit() for t in words) <= 12:
        return None
    return "".join(t if t[0].isdigit() else t[0] for t in words)


def _best_per_row(found: list[tuple[np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and their highest gain, from (rows, gain) pairs."""
    if len(found) == 1:
        rows, gain = found[0]
        return rows, np.full(len(rows), gain, dtype=np.float32)
    # Sort by gain, keep each row's first (highest) entry.
    rows = np.concatenate([p for p, _ in found])
    gains = np.repeat(np.asarray([g for _, g in found], dtype=np.float32), [len(p) for p, _ in found])
    order = np.argsort(-gains, kind="stable")
    unique_rows, first = np.unique(rows[order], return_index=True)
    return unique_rows, gains[order][first]


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _letter_keys(token: str) -> set[str]:
    """Keys two spellings of a word share when one is a variant of the other.

    The word and the word with one letter deleted: two words share one when
    one letter deleted from each leaves the same (a letter changed, added or
    dropped, two neighbours swapped).  Longer words also get their letters in
    sorted order, and that with one letter deleted: these are shared whatever
    letters were swapped ("Hsasmuddin" ~ "Shamsuddin", "Mtaiullazh" ~
    "Matiullah").  Short words do without: sorted, their letters meet too many
    other words.  The similarity check afterwards decides which neighbours
    are variants.
    """
    keys = {token} | _deletions(token)
    if len(token) >= _SORTED_MIN_LENGTH:
        letters = "".join(sorted(token))
        keys |= {_SORTED_MARK + k for k in {letters} | _deletions(letters)}
    return keys


_SORTED_MARK = "\x01"
#: The shortest word also keyed by its letters in sorted order.
_SORTED_MIN_LENGTH = 7

#: The shortest word expanded to its spelling variants (the scorer's token
#: similarity accepts one edit in a three-letter word of a person's name).
_MIN_VARIANT_LENGTH = 3


def unpickle_long_lived(data: bytes) -> Any:
    """Unpickle an index (or a screener holding one) that lives as long as the process.

    Hundreds of thousands of small objects: the cyclic garbage collector would
    scan them again and again while they are created, and later during every
    query; none of them form cycles, so they are frozen out of its reach.
    """
    gc.disable()
    try:
        obj = pickle.loads(data)
    finally:
        gc.enable()
    gc.freeze()
    return obj


#: Cards per stored chunk.  A stored index loads without unpickling its cards; a chunk is
#: unpickled when one of its cards is first read (a query reads a few dozen cards).
_CARDS_PER_CHUNK = 64


class Cards(Sequence[Card]):
    """The index's cards by position, and by id; stored in chunks, each unpickled on first use.

    Unpickling every card took two thirds of loading an index, which every CLI run and
    server worker does before its first answer."""

    def __init__(self, cards: Sequence[Card] = (), *, ids: Sequence[str] = (), chunks: Sequence[bytes] = ()) -> None:
        self._cards: list[Card | None] = list(cards) if cards else [None] * len(ids)
        self.ids: list[str] = [card.id for card in cards] if cards else list(ids)
        self._chunks = list(chunks)
        self._positions: dict[str, int] | None = None
        self.by_id = CardsById(self)

    def __len__(self) -> int:
        return len(self._cards)

    def __getitem__(self, position: int) -> Card:  # type: ignore[override]
        card = self._cards[position]
        if card is None:
            card = self._unpickle(position if position >= 0 else position + len(self._cards))
        return card

    def __iter__(self) -> Iterator[Card]:
        for position in range(len(self._cards)):
            yield self[position]

    def position(self, entity_id: str) -> int | None:
        positions = self._positions
        if positions is None:
            positions = self._positions = {entity_id: i for i, entity_id in enumerate(self.ids)}
        return positions.get(entity_id)

    def _unpickle(self, position: int) -> Card:
        chunk = position // _CARDS_PER_CHUNK
        start = chunk * _CARDS_PER_CHUNK
        # Two threads may unpickle one chunk at once: both get equal cards, and either list stands.
        self._cards[start : start + _CARDS_PER_CHUNK] = pickle.loads(self._chunks[chunk])
        return self._cards[position]  # type: ignore[return-value]

    def __reduce__(self) -> tuple[Any, ...]:
        n = len(self._cards)
        chunks = [
            self._chunks[k // _CARDS_PER_CHUNK] if self._chunks and self._cards[k] is None
            else pickle.dumps([self[i] for i in range(k, min(n, k + _CARDS_PER_CHUNK))], protocol=pickle.HIGHEST_PROTOCOL)
            for k in range(0, n, _CARDS_PER_CHUNK)
        ]
        return (_stored_cards, (self.ids, chunks))


def _stored_cards(ids: list[str], chunks: list[bytes]) -> Cards:
    return Cards(ids=ids, chunks=chunks)


class CardsById(Mapping[str, Card]):
    """The cards by entity id, read through to their positions."""

    def __init__(self, cards: Cards) -> None:
        self._cards = cards

    def __getitem__(self, entity_id: str) -> Card:
        position = self._cards.position(entity_id)
        if position is None:
            raise KeyError(entity_id)
        return self._cards[position]

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self._cards.position(entity_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._cards.ids)

    def __len__(self) -> int:
        return len(self._cards)


class CandidateIndex:
    def __init__(self, cards: Sequence[Card]) -> None:
        self.format_version = FORMAT_VERSION
        self.cards = Cards(cards)
        row_card: list[int] = []
        row_name: list[int] = []
        row_length: list[int] = []
        row_words: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        acronyms: dict[str, list[int]] = defaultdict(list)  # written (acronym_keys)
        derived_acronyms: dict[str, list[int]] = defaultdict(list)
        initials: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        for card_idx, card in enumerate(self.cards):
            for name_idx, (_, form) in enumerate(card.names):
                row = len(row_card)
                row_card.append(card_idx)
                row_name.append(name_idx)
                row_length.append(len(form.tokens))
                row_words.append(_words_key(form.tokens))
                for token in set(form.tokens):
                    postings[token].append(row)
                for word in joined_words(form):
                    joined[word].append(row)
                written, derived = acronym_keys(form)
                for acronym in written:
                    acronyms[acronym].append(row)
                for acronym in derived:
                    derived_acronyms[acronym].append(row)
                key = initials_key(form)
                if key is not None:
                    initials[key].append(row)
        self.row_card = np.asarray(row_card, dtype=np.int32)
        self.row_name = np.asarray(row_name, dtype=np.int32)
        self.row_length = np.asarray(row_length, dtype=np.int16)
        # Rows by the words of their name (in any order), to find the rows that
        # are exactly the query's name: among rows of equal share they come first.
        words = np.asarray(row_words, dtype=np.uint64)
        self.words_order = np.argsort(words, kind="stable").astype(np.int32)
        self.words_keys = words[self.words_order]
        # Postings in one array with (start, end) per word: a stored index
        # loads as one buffer instead of tens of thousands of small arrays.
        self.postings_data, self.postings = _pack(postings)
        self.acronym_data, self.acronyms = _pack({t: sorted(set(rows)) for t, rows in acronyms.items()})
        self.derived_acronym_data, self.derived_acronyms = _pack({t: sorted(set(rows)) for t, rows in derived_acronyms.items()})
        self.initials_data, self.initials = _pack({t: sorted(set(rows)) for t, rows in initials.items()})
        self.joined_data, self.joined = _pack({t: sorted(set(rows)) for t, rows in joined.items() if t not in postings})
        self.doc_freq = {t: len(rows) for t, rows in postings.items()}
        self.phonetic: dict[str, list[str]] = defaultdict(list)
        self.vocabulary = sorted(t for t in self.postings if len(t) >= _MIN_VARIANT_LENGTH and not t.isdigit())
        pairs: set[tuple[int, int]] = set()
        for token_id, token in enumerate(self.vocabulary):
            for key in _letter_keys(token):
                pairs.add((_key_hash(key), token_id))
            if len(token) >= 4:
                self.phonetic[phonetic_key(token)].append(token)
        self.phonetic = dict(self.phonetic)
        # The deletion neighbourhood as two sorted arrays (hash of the key,
        # vocabulary id): a few hundred thousand entries that load as two buffers.
        pairs = sorted(pairs)
        self.deletion_keys = np.asarray([h for h, _ in pairs], dtype=np.uint32)
        self.deletion_ids = np.asarray([i for _, i in pairs], dtype=np.int32)
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._expand = lru_cache(maxsize=200_000)(self._expand_uncached)
        self._all_common = lru_cache(maxsize=200_000)(self._all_common_uncached)
        # The rows a word reaches, ready to add: a batch repeats its words (a few MB at most).
        self._word_credit = lru_cache(maxsize=20_000)(self._word_credit_uncached)
        self.weights = RetrievalWeights(self.doc_freq, len(self.row_card), self._expand)
        self._rarity = TokenWeights(self.doc_freq, len(self.row_card)).idf  # a word's own IDF, known or not
        self._common = max(50, int(len(self.row_card) * _COMMON_SHARE))

    # -- persistence --------------------------------------------------------
    def __getstate__(self) -> dict:  # type: ignore[type-arg]
        state = dict(self.__dict__)
        for runtime in ("weights", "_expand", "_common", "_rarity", "_all_common", "_word_credit"):
            state.pop(runtime, None)
        return state

    def __setstate__(self, state: dict) -> None:  # type: ignore[type-arg]
        self.__dict__.update(state)
        self._init_runtime()

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(data: bytes) -> CandidateIndex:
        index = unpickle_long_lived(data)
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
        """Vocabulary words a query word may stand for, each with its credit factor.

        The factor is the words' similarity, and for a variant never more than
        the query word's own rarity: a variant spelling of a common query word
        ("Kim" -> "Lim") must not outrank the rows that hold the word itself.
        A query word the lists do not know (a typo) has the highest rarity, so
        its variants keep their similarity, except that a variant is credited no
        more than any closer one: a rarer spelling must not outrank a closer one
        ("Muhammd" is nearer "Muhammad" than "Muhamad", though "Muhamad" is rarer).
        """
        found: dict[str, float] = {}
        known = token in self.postings
        if known:
            found[token] = 1.0
        if len(token) >= _MIN_VARIANT_LENGTH and not token.isdigit():
            options = set(self._key_neighbours(_letter_keys(token)))
            if len(token) >= 4:
                options.update(self.phonetic.get(phonetic_key(token), ()))
            options.discard(token)
            own = self._rarity(token)
            for option in options:
                sim = token_similarity(token, option, person)
                if sim > 0:
                    found[option] = sim * min(1.0, own / self._rarity(option))
        if not known and len(found) > 1:
            found = self._no_rarer_before_closer(found)
        return tuple(found.items())

    def _no_rarer_before_closer(self, found: dict[str, float]) -> dict[str, float]:
        """Factors lowered so that no variant's credit (rarity x factor) exceeds a closer variant's."""
        out: dict[str, float] = {}
        cap = float("inf")  # the lowest credit of the strictly closer variants
        closer = float("inf")
        group_low = float("inf")
        for option, sim in sorted(found.items(), key=lambda item: -item[1]):
            if sim < closer:
                cap, closer, group_low = min(cap, group_low), sim, float("inf")
            rarity = self._rarity(option)
            credit = min(sim * rarity, cap)
            group_low = min(group_low, credit)
            out[option] = credit / rarity
        return out

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
            words = list(dict.fromkeys(form.tokens))
            total = 0.0
            common_only = True
            for token in words:
                total += self.weights.idf(token)
                common_only &= self._all_common(token, person)
            acronym_rows: list[tuple[np.ndarray, float]] = []
            if form.kind != "person" or form.is_acronym or form.acronyms:
                for acronym, door, share in self.acronym_lookups(form):
                    acronym_rows.append((self._posting(*self._door(door), acronym), total * share))  # type: ignore[arg-type]
                    common_only = False
            if total <= 0:
                continue
            scores = np.zeros(n_rows, dtype=np.float32)
            for token in words:
                credit = self._word_credit(token, person, common_only)
                if credit is not None:
                    scores[credit[0]] += credit[1]
            self._credit_joined(form.tokens, scores)
            if acronym_rows:
                # An acronym met counts as (most of) the name met, not on top of its words: a row
                # that also holds the words must not outrank the entry's own name by twice the share
                # ("CAEP" written in a subsidiary's name against "Chinese Academy of Engineering Physics").
                rows, gains = _best_per_row(acronym_rows)
                scores[rows] = np.maximum(scores[rows], gains)
            np.maximum(best, scores / total, out=best)
        return self._top_cards(best, self._exact_rows(forms), limit, min_share)

    def _door(self, door: str) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
        """The postings behind a door of ``acronym_lookups``: (rows, offsets by key)."""
        if door == "written":
            return self.acronym_data, self.acronyms
        if door == "derived":
            return self.derived_acronym_data, self.derived_acronyms
        if door == "initials":
            return self.initials_data, self.initials
        return self.postings_data, self.postings

    def acronym_lookups(self, form: Any) -> list[tuple[str, str, float]]:
        """``(key, door, share)`` for each acronym of a query form that retrieval uses: the rows
        behind the door get that share of the query's weight (not added to their words').

        * An acronym written on either side (``acronym_keys``) is the whole name met (1.0): the
          query's acronyms against those written in listed names, an acronym the query writes
          against the initials of listed names too ("CAEP", "China Academy of Engineering Physics").
        * Two names whose words have the same initials, numbers kept whole (``initials_key``), are
          weaker evidence (``_INITIALS_SHARE``): they find a name whose words a typo has hidden
          ("NMEW IRISH REPUBLICAN ARYM"), but not above a rarer word of the query.
        * An acronym name unknown as an acronym reaches the names that hold it as a word.

        Doors too common to retrieve by are left out.  The monitor's delta (cases.delta) looks up the same.
        """
        written, derived = acronym_keys(form)
        wanted: list[tuple[str, str, float]] = []
        for acronym in sorted(written | derived):
            doors = [("written", 1.0), ("derived", 1.0)] if acronym in written else [("written", 1.0)]
            found = [(acronym, door, share) for door, share in doors if acronym in self._door(door)[1]]
            if not found and form.is_acronym and acronym in self.postings:
                found = [(acronym, "word", 1.0)]
            wanted += found
        key = initials_key(form)
        if key is not None and key in self.initials:
            wanted.append((key, "initials", _INITIALS_SHARE))
        out = []
        for key, door, share in wanted:
            start, end = self._door(door)[1][key]
            if end - start <= self._common:
                out.append((key, door, share))
        return out

    def joined_lookups(self, tokens: Sequence[str]) -> list[tuple[str, bool, float]]:
        """Words written together on one side and apart on the other ("Neftaktiv" / "Neft-Aktiv",
        "RA-78842" / "RA78842"), credited as the words they join: ``(word, in the joined table
        (else a listed word), gain)`` for each one retrieval uses.  The monitor's delta
        (cases.delta) looks up the same words."""
        found: list[tuple[str, bool, float]] = []
        for token in tokens:
            span = self.joined.get(token)
            if span is not None and span[1] - span[0] <= self._common:
                found.append((token, True, self.weights.idf(token) * _JOINED_CREDIT))
        for a, b in zip(tokens, tokens[1:]):
            span = self.postings.get(a + b)
            if span is not None and span[1] - span[0] <= self._common:
                found.append((a + b, False, (self.weights.idf(a) + self.weights.idf(b)) * _JOINED_CREDIT))
        return found

    def _credit_joined(self, tokens: Sequence[str], scores: np.ndarray) -> None:
        found = [
            (self._posting(self.joined_data, self.joined, word) if joined else self._posting(self.postings_data, self.postings, word), gain)
            for word, joined, gain in self.joined_lookups(tokens)
        ]
        if found:
            rows, gains = _best_per_row(found)  # type: ignore[arg-type]
            scores[rows] += gains

    def _all_common_uncached(self, token: str, person: bool) -> bool:
        """True when every listed word the query word may stand for is too common to retrieve by."""
        return all(self._posting_size(vocab) > self._common for vocab, _ in self._expand(token, person))

    def _posting_size(self, vocab: str) -> int:
        start, end = self.postings[vocab]
        return end - start

    def _word_credit_uncached(self, token: str, person: bool, common_only: bool) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows a query word reaches and what each is credited: its best expansion (the word
        itself, a variant spelling, the same sound), once per row however many it holds.  Words too
        common to retrieve by are left out, unless the query has nothing else (``common_only``)."""
        usable = []
        for vocab, sim in self._expand(token, person):
            start, end = self.postings[vocab]
            if common_only or end - start <= self._common:
                usable.append((self.postings_data[start:end], self.weights.idf(vocab) * sim))
        return _best_per_row(usable) if usable else None

    def _exact_rows(self, forms: Sequence[NameForm]) -> np.ndarray:
        """Rows whose name has exactly the words of one of the query's forms."""
        wanted = np.asarray(sorted({_words_key(form.tokens) for form in forms if form.tokens}), dtype=np.uint64)
        lo = np.searchsorted(self.words_keys, wanted, side="left")
        hi = np.searchsorted(self.words_keys, wanted, side="right")
        spans = [self.words_order[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        return np.concatenate(spans) if spans else np.zeros(0, dtype=np.int32)

    def _key_neighbours(self, keys: Iterable[str]) -> list[str]:
        """Vocabulary words that share one of these letter keys (see ``_letter_keys``)."""
        wanted = np.fromiter((_key_hash(k) for k in keys), dtype=np.uint32)
        lo = np.searchsorted(self.deletion_keys, wanted, side="left")
        hi = np.searchsorted(self.deletion_keys, wanted, side="right")
        vocabulary, ids = self.vocabulary, self.deletion_ids
        return [vocabulary[i] for a, b in zip(lo.tolist(), hi.tolist()) if b > a for i in ids[a:b].tolist()]

    @staticmethod
    def _posting(data: np.ndarray, offsets: dict[str, tuple[int, int]], key: str) -> np.ndarray | None:
        span = offsets.get(key)
        return None if span is None else data[span[0] : span[1]]

    def _top_cards(self, row_scores: np.ndarray, exact_rows: np.ndarray, limit: int, min_share: float) -> list[Candidate]:
        """The best ``limit`` entries by their best row.

        Rows rank by share; among equal shares a row that is exactly the
        query's name first, then the shorter name (which the query covers
        better).  Shares tie often (a family listed together: "Yasir / Omar /
        Ibrahim Sabawi Ibrahim Hasan al-Tikriti" all hold every word of each
        other's names), so entries tied with the last one taken are taken too
        when they hold most of the query (``_TIED_SHARE``), up to twice
        ``limit``: retrieval cannot tell them apart, scoring can.
        """
        hit_rows = np.flatnonzero(row_scores >= min_share)
        if len(hit_rows) == 0:
            return []
        shares = row_scores[hit_rows]
        exact = np.isin(hit_rows, exact_rows) if len(exact_rows) else np.zeros(len(hit_rows), dtype=bool)
        take = limit * 4
        while True:
            if len(hit_rows) > take:
                # The best ``take`` rows, with every row tied with the last of them, and the exact ones.
                kth = np.partition(shares, len(shares) - take)[len(shares) - take]
                chosen = np.flatnonzero((shares >= kth) | exact)
            else:
                chosen = np.arange(len(hit_rows))
            rows = hit_rows[chosen]
            order = np.lexsort((self.row_length[rows], ~exact[chosen], -shares[chosen]))
            found = self._cards_of(rows[order], shares[chosen][order], limit)
            # Entries with many names can use up the rows taken: take more.
            if len(found) >= limit or len(chosen) == len(hit_rows):
                return found
            take *= 4

    def _cards_of(self, rows: np.ndarray, shares: np.ndarray, limit: int) -> list[Candidate]:
        found: dict[int, Candidate] = {}
        cut = None  # the share of the ``limit``-th entry: entries tied with it are taken too
        for row, share in zip(rows.tolist(), shares.tolist()):
            if cut is not None and share < 0.75 * cut:
                break  # rows are best first: no entry taken can gain a name from here on, none is taken
            card = int(self.row_card[row])
            candidate = found.get(card)
            if candidate is None:
                if cut is not None and (share < cut or cut < _TIED_SHARE or len(found) >= 2 * limit):
                    continue
                found[card] = Candidate(card, share, [int(self.row_name[row])])
                if len(found) == limit:
                    cut = share
            elif share >= 0.75 * candidate.share and len(candidate.names) < _NAMES_PER_CANDIDATE:
                # Other names of the same entry that were found nearly as well.
                candidate.names.append(int(self.row_name[row]))
        return list(found.values())


__all__ = ["CandidateIndex", "Card", "make_card", "is_person_schema"]
