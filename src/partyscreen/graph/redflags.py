"""Red flags that need no relationship on record: a distinctive name word or an address shared with a listed party.

A word is *distinctive* when it is rare across the lists (in at most
``max(3, 5%)`` of the loaded entries) and is not a generic organisation word,
a place name, a number or a short token — so "Huawei" or "Hikvision" can raise
the flag, "China", "Technology" or "Group" never do.

The flag needs the shared word to *lead* both names: to be the first
distinctive word of the party's name and of the listed name.  Corporate
families carry their brand first ("Huawei Cloud", "Hikvision USA", "Zhejiang
Dahua"); a trade word further on ("Kent Printing" and "... Media Printing Co.")
is what the company does, not whose it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from partyscreen.match.regions import is_region
from partyscreen.normalize import GENERIC_ORG_TOKENS, NameForm

#: Words common in company names that the matcher's generic list does not carry.
MORE_GENERIC = frozenset(
    """
    technology technologies tech digital cloud computing computer computers software hardware data smart
    trading trade traders commerce commercial company usa america american world new power energy
    micro microelectronics semiconductor semiconductors electric electrical instruments instrument machinery
    machine machines materials material chemical chemicals medical pharmaceutical aviation aerospace marine
    shipping transport communication communications telecom telecommunications media security defense
    defence optical optics precision advanced innovation innovative intelligent intelligence vision
    capital finance financial bank insurance development construction consultancy design
    """.split()
)
MIN_LENGTH = 4
#: A word in this many listed people's names is a personal name, not a brand.
PERSONAL_NAME_HOLDERS = 2
MAX_SHARE = 0.05
MIN_CAP = 3


def is_distinctive_word(token: str) -> bool:
    """Whether a word could identify a party at all (before rarity is checked)."""
    return (
        len(token) >= MIN_LENGTH
        and token.isalpha()
        and token not in GENERIC_ORG_TOKENS
        and token not in MORE_GENERIC
        and not is_region(token)
    )


def leading_word(form: NameForm) -> str | None:
    """The first distinctive word of an organisation's name, if any."""
    if form.kind == "person":
        return None
    return next((t for t in form.tokens if is_distinctive_word(t)), None)


def _card_words(card, distinctive: dict[str, bool]) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    """(the distinctive words of all the entry's names, the leading one of each name and alias)."""
    words: set[str] = set()
    leading: set[str] = set()
    for kind, form in card.names:
        named = kind in ("name", "alias")
        lead = form.kind == "person"  # a person's name has no leading word
        for token in form.tokens:
            flag = distinctive.get(token)
            if flag is None:
                flag = distinctive[token] = is_distinctive_word(token)
            if not flag:
                continue
            words.add(token)
            if named and not lead:
                leading.add(token)
                lead = True
    return words, leading


def _is_personal(cards: Sequence, holders: Iterable[int]) -> bool:  # type: ignore[type-arg]
    """Words the lists also use in people's names ("Rodriguez", "Kent"): a company
    named after a person shares them by chance, not by family."""
    return sum(1 for p in holders if cards[p].schema == "Person") >= PERSONAL_NAME_HOLDERS


class WordIndex:
    """Which list entries (by card position) carry each distinctive word, from the match index's analysed names.

    All words at once, for the monitor's delta; screening one party reads :class:`IndexWords`.
    """

    def __init__(self, cards: Sequence) -> None:  # type: ignore[type-arg]
        words: dict[str, set[int]] = defaultdict(set)
        self.leading: dict[int, set[str]] = {}  # card -> the leading distinctive word of each name and alias
        distinctive: dict[str, bool] = {}  # one test per distinct word, not per occurrence
        for position, card in enumerate(cards):
            card_words, self.leading[position] = _card_words(card, distinctive)
            for token in card_words:
                words[token].add(position)
        self.words = dict(words)
        self.total = len(cards)
        self.personal: frozenset[str] = frozenset(word for word, holders in self.words.items() if _is_personal(cards, holders))

    def holders(self, token: str) -> set[int]:
        return self.words.get(token, set())

    def is_personal(self, token: str) -> bool:
        return token in self.personal

    def leads(self, position: int, token: str) -> bool:
        return token in self.leading[position]


class IndexWords:
    """What :class:`WordIndex` knows, looked up word by word in the match index's postings.

    Screening one party asks about one or two words; building the whole
    WordIndex takes a third of a second, which a CLI run would pay each time.
    """

    def __init__(self, index) -> None:  # type: ignore[no-untyped-def]
        self.index = index
        self.cards = index.cards
        self.total = len(index.cards)
        self._holders: dict[str, set[int]] = {}
        self._personal: dict[str, bool] = {}
        self._leading: dict[int, set[str]] = {}
        self._distinctive: dict[str, bool] = {}

    def holders(self, token: str) -> set[int]:
        found = self._holders.get(token)
        if found is None:
            span = self.index.postings.get(token) if is_distinctive_word(token) else None
            rows = self.index.postings_data[span[0] : span[1]] if span else []
            found = self._holders[token] = set(self.index.row_card[rows].tolist())
        return found

    def is_personal(self, token: str) -> bool:
        personal = self._personal.get(token)
        if personal is None:
            personal = self._personal[token] = _is_personal(self.cards, self.holders(token))
        return personal

    def leads(self, position: int, token: str) -> bool:
        leading = self._leading.get(position)
        if leading is None:
            leading = self._leading[position] = _card_words(self.cards[position], self._distinctive)[1]
        return token in leading


def distinctive_matches(words: WordIndex | IndexWords, cards: Sequence, forms: Sequence[NameForm], skip_cards: Iterable[int] = (),  # type: ignore[type-arg]
                        limit: int = 5) -> list[tuple[int, str, int]]:
    """``(card position, shared word, entries with the word)`` for list entries sharing a distinctive word with the query.

    ``skip_cards``: entries already hit; a word of an entry already hit raises no flag (the hit explains it).
    """
    skip = set(skip_cards)
    cap = max(MIN_CAP, int(words.total * MAX_SHARE))
    out: list[tuple[int, str, int]] = []
    seen: set[int] = set()
    for form in forms:
        if form.kind == "person":
            continue  # a shared surname is no red flag
        token = leading_word(form)
        if token is not None:
            holders = words.holders(token)
            if not holders or len(holders) > cap or skip & holders or words.is_personal(token):
                continue
            # By entity id, not index position: the flags raised must not change with an index rebuild.
            for position in sorted(holders, key=lambda p: cards[p].id):
                if position in seen or cards[position].schema == "Person" or not words.leads(position, token):
                    continue
                seen.add(position)
                out.append((position, token, len(holders)))
                if len(out) >= limit:
                    return out
    return out
