from partyscreen.match.regions import derive_region_tokens, is_region, region_tokens


def test_stored_place_words_are_in_sync_with_their_sources() -> None:
    assert region_tokens() == derive_region_tokens()


def test_place_words() -> None:
    assert is_region("zhejiang") and is_region("chile") and is_region("schweiz")
    assert not is_region("dahua") and not is_region("inspur")
