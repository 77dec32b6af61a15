"""Types of the C extension ``_legal_forms.c``: the native twin of legal_forms.py's split_legal_forms."""

from collections.abc import Callable

_EdgeTable = dict[str, list[tuple[tuple[str, ...], str]]]

def configure(
    *,
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]],
    by_ending: tuple[_EdgeTable, _EdgeTable],
    by_start: tuple[_EdgeTable, _EdgeTable],
    ending_only: frozenset[str],
    keys: dict[str, str],
    token_key: Callable[[str], str],
) -> None: ...
def split_legal_forms(tokens: list[str], /) -> tuple[list[str], frozenset[str]]: ...
