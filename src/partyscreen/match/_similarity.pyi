"""Types of the C extension ``_similarity.c``: the native twin of features.py's word rules."""

from collections.abc import Callable, Sequence

def configure(
    *,
    person_variant_ratio: float,
    org_spelling_ratio: float,
    org_variant_ratio: float,
    person_same_shape_ratio: float,
    org_variant_factor: float,
    roman: frozenset[str],
    person_roman: frozenset[str],
    baltic_endings: tuple[str, ...],
    canonical_given_name: Callable[[str], str],
    phonetic_key: Callable[[str], str],
    consonant_skeleton: Callable[[str], str],
    is_patronymic: Callable[[str], bool],
    pinyin_readings: Callable[[str], frozenset[str]],
) -> None: ...
def greedy_pairs(
    query: Sequence[str], candidate: Sequence[str], person: bool, abjad: bool, wade_giles: bool, /
) -> tuple[list[tuple[int, int, float]], set[int], set[int]]: ...
def token_similarity(a: str, b: str, person: bool, last: bool, abjad: bool, wade_giles: bool, /) -> float: ...
def osa_distance(a: str, b: str, /) -> int: ...
