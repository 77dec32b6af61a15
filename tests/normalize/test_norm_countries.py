"""Country names and codes to ISO alpha-2."""

from __future__ import annotations

import pytest
from rigour.territories import lookup_territory

from partyscreen.normalize.countries import _common_names, _exact_names, country_code


@pytest.mark.parametrize(
    ("text", "code"),
    [("France", "FR"), ("usa", "US"), ("United States of America", "US"), ("Korea, North", "KP"),
     ("Iran (Islamic Republic of)", "IR"), ("Crimea", "UA-CRIMEA"), ("DE", "DE"), ("Atlantis", "")],
)
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


def test_the_fast_exact_table_agrees_with_rigours_lookup() -> None:
    # The table answers most names without building rigour's fuzzy index; it must never answer differently.
    for name, code in _exact_names().items():
        territory = lookup_territory(name)
        assert territory is not None and (territory.ftm_country or territory.code).upper() == code, name


def test_common_names_agree_with_rigours_lookup() -> None:
    for name, code in _common_names().items():
        territory = lookup_territory(name)
        assert territory is not None and (territory.ftm_country or territory.code).upper() == code, name


@pytest.mark.parametrize(("text", "code"), [("Turkey", "TR"), ("Ivory Coast", "CI"), ("East Timor", "TL"), ("Burma", "MM")])
def test_names_in_common_use_need_no_fuzzy_lookup(text: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fuzzy look-up builds an index of every name in every language on first use (seconds);
    # a batch file that writes "Turkey" must not pay for it.
    import rigour.territories

    def fuzzy(_: str) -> None:
        raise AssertionError("fuzzy look-up used")

    monkeypatch.setattr(rigour.territories, "lookup_territory", fuzzy)
    country_code.cache_clear()
    assert country_code(text) == code
