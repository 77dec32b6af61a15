"""Format detection: a file no importer can read is refused with a clear error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyscreen.sources.base import FormatError
from partyscreen.sources.registry import detect_format


@pytest.mark.parametrize("content", [b"\r0\r\n", b"\xff\xfe\x00garbage", b"subject\rrelation,object\n"])
def test_unreadable_heads_are_not_recognised(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(FormatError, match="could not recognise the format"):
        detect_format([path])
