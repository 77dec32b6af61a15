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


class WordIndex:
    """Which list entries (by card position) carry each distinctive word, from the match index's analysed names."""

    def __init__(self, cards: Sequence) -> None:  # type: ignore[type-arg]
        words: dict[str, set[int]] = defaultdict(set)
        self.leading: dict[int, set[str]] = {}  # card -> the leading distinctive word of each name and alias
        distinctive: dict[str, bool] = {}  # one test per distinct word, not per occurrence
        for position, card in enumerate(cards):
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
                    words[token].add(position)
                    if named and not lead:
                        leading.add(token)
                        lead = True
            self.leading[position] = leading
        self.words = dict(words)
        self.total = len(cards)
        # Words the lists also use in people's names ("Rodriguez", "Kent"): a company
        # named after a person shares them by chance, not by family.
        self.personal: frozenset[str] = frozenset(
            word
            for word, holders in self.words.items()
            if sum(1 for p in holders if cards[p].schema == "Person") >= PERSONAL_NAME_HOLDERS
        )


def distinctive_matches(words: WordIndex, cards: Sequence, forms: Sequence[NameForm], skip_cards: Iterable[int] = (),  # type: ignore[type-arg]
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
        if token is not None and token not in words.personal:
            holders = words.words.get(token)
            if not holders or len(holders) > cap or skip & holders:
                continue
            # By entity id, not index position: the flags raised must not change with an index rebuild.
            for position in sorted(holders, key=lambda p: cards[p].id):
                if position in seen or cards[position].schema == "Person" or token not in words.leading[position]:
                    continue
                seen.add(position)
                out.append((position, token, len(holders)))
                if len(out) >= limit:
                    return out
    return out
