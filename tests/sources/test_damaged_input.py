"""Damaged files every format can meet: a clear error or a reported row, never a traceback.

Found by seeded fuzzing of the importers (cut and damaged downloads, odd
encodings, oversized cells, deeply nested JSON); each case here is a small
input written by the test itself.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from partyscreen.sources.base import FormatError
from partyscreen.sources.registry import detect_format
from partyscreen.store import Store
from partyscreen.store.importing import import_files

CSL_HEADER = "source,entity_number,type,programs,name,federal_register_notice,alt_names\n"
CSL_ROW = "Entity List (EL) - Bureau of Industry and Security,,,,{name},85 FR 1234,\n"


def csl_text(*names: str) -> str:
    return CSL_HEADER + "".join(CSL_ROW.format(name=n) for n in names)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(str(tmp_path / "store.db"))


def _cut_gzip(data: bytes) -> bytes:
    return gzip.compress(data)[:-12]  # the end of the deflate stream and the trailer missing


def _flipped_gzip(data: bytes) -> bytes:
    packed = bytearray(gzip.compress(data))
    packed[-9] ^= 0xFF  # a byte of the CRC: the data is intact, the check fails
    return bytes(packed)


@pytest.mark.parametrize("damage", [_cut_gzip, _flipped_gzip])
def test_a_damaged_gzip_is_refused_with_its_name_and_the_version_in_force_stays(
    tmp_path: Path, store: Store, damage
) -> None:
    good = tmp_path / "csl.csv"
    good.write_text(csl_text("Alpha Trading"))
    first = import_files(store, [good], format="csl-csv").version
    cut = tmp_path / "csl.csv.gz"
    cut.write_bytes(damage(csl_text(*(f"Company {i}" for i in range(200))).encode()))
    for fmt in ("csl-csv", None):  # named, and detected
        with pytest.raises(FormatError, match=r"csl\.csv\.gz: damaged gzip file"):
            import_files(store, [cut], format=fmt)
    assert store.current_version("csl") == first


def test_format_detection_refuses_a_gzip_cut_within_its_head(tmp_path: Path) -> None:
    cut = tmp_path / "csl.csv.gz"
    cut.write_bytes(_cut_gzip(csl_text("Alpha Trading").encode()))
    with pytest.raises(FormatError, match=r"csl\.csv\.gz: damaged gzip file"):
        detect_format([cut])
