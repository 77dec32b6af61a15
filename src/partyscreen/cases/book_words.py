"""The book's names as analysed, kept between monitor runs so a delta re-screen does not analyse 100,000 names again.

For each party (by its content hash) the words of every name form the
screener would read (``query_forms``): what ``delta.ChangedEntries`` needs to
tell whether the party can reach a changed entry.  The cache is stored as one
artifact keyed by a fingerprint of the analysing code (``partyscreen.normalize``,
``match/index.py``, the versions of the libraries they call), so a change of
analysis starts a new cache; each run also analyses a sample of cached parties
again and drops the cache on any difference.  A party whose data changed has
another content hash and is analysed afresh.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Iterable
from typing import Any, NamedTuple

from partyscreen.match.fingerprint import analysis_fingerprint
from partyscreen.match.forms import query_forms
from partyscreen.match.query import Query

PREFIX = "book-words:"
FORMAT = 2
#: Cached parties analysed again on every load, to catch an analysis change the fingerprint missed.
SAMPLE = 200


class Words(NamedTuple):
    """What retrieval reads of one name form (the ``NameForm`` fields it uses)."""

    kind: str
    tokens: tuple[str, ...]
    acronyms: frozenset[str]
    is_acronym: bool
    original: str  # tells written acronyms from derived ones (index.acronym_keys)


def words_of(query: Query) -> tuple[Words, ...]:
    return tuple(Words(f.kind, f.tokens, f.acronyms, f.is_acronym, f.original) for _, f in query_forms(query.names(), query.schema))


def fingerprint() -> str:
    """What decides how a name is analysed (code and libraries), with this cache's own format."""
    return f"{FORMAT}.{analysis_fingerprint()}"


class BookWords:
    """``{party content hash: words}``, loaded from and saved to the store."""

    def __init__(self, words: dict[str, tuple[Words, ...]] | None = None) -> None:
        self.words = words or {}
        self.added = 0

    @classmethod
    def load(cls, store: Any, check: Iterable[Any] = ()) -> BookWords:
        """The stored cache; empty if none, of another fingerprint, or if re-analysing ``check`` parties disagrees."""
        blob = store.load_artifact(PREFIX + fingerprint())
        if blob is None:
            return cls()
        try:
            words = pickle.loads(blob)
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
            return cls()
        if not isinstance(words, dict):
            return cls()
        cached = [p for p in check if p.content_hash in words]
        for party in random.Random().sample(cached, min(SAMPLE, len(cached))):
            if words[party.content_hash] != words_of(party.to_query()):
                return cls()  # the analysis changed without the fingerprint noticing: start again
        return cls(words)

    def get(self, content_hash: str) -> tuple[Words, ...] | None:
        return self.words.get(content_hash)

    def update(self, new: dict[str, tuple[Words, ...]]) -> None:
        fresh = {h: w for h, w in new.items() if h not in self.words}
        self.words.update(fresh)
        self.added += len(fresh)

    def save(self, store: Any, keep: set[str]) -> None:
        """Store the words of the parties in ``keep`` (the book's content hashes), when anything changed."""
        stale = len(self.words) - len(keep & self.words.keys())
        if not self.added and not stale:
            return
        kept = {h: w for h, w in self.words.items() if h in keep}
        store.save_artifact(PREFIX + fingerprint(), pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), keep_prefix=PREFIX)
