"""Damaged files every format can meet: a clear error or a reported row, never a traceback.

Found by seeded fuzzing of the importers (cut and damaged downloads, odd
encodings, oversized cells, deeply nested JSON); each case here is a small
input written by the test itself.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from partyscreen.sources.base import FormatError, ImportOptions
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


HUGE = "A" * 200_000  # over the csv module's cell limit (131,072 characters)

# format -> (file name, header, a row whose name is {name}, import options); the
# file is the header, a good row, a row with a huge cell, and another good row.
CSV_FORMATS = {
    "csl-csv": ("csl.csv", CSL_HEADER, CSL_ROW, {}),
    "bis-dpl": (
        "dpl.txt",
        '"Name"\t"Effective_Date"\t"FR_Citation"\n',
        '"{name}"\t"06/19/2003"\t"68 F.R. 38290 6/27/03"\n',
        {},
    ),
    "csv": ("custom.csv", "id,name\n", "{name},{name}\n", {"feed": "custom", "mapping": {"id": "id", "name": "name"}}),
    "relations-csv": (
        "relations.csv",
        "subject,relation,object,percent,start_date,end_date,source\n",
        "{name},owned_by,Parent Co,,,,court filing\n",
        {},
    ),
    "gleif-l1": ("lei.csv", "LEI,Entity.LegalName\n", "{name},Legal Name Ltd\n", {}),
    "products": ("products.csv", "maker,brand,model,source\n", "Maker Co,Brand,{name},catalogue\n", {}),
    "ofac-sdn": ("sdn.csv", "", '{name},"NAME {name}",-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', {}),
}
LEIS = ["5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55", "213800WAVVOPS85N2205"]


@pytest.mark.parametrize("fmt", list(CSV_FORMATS))
def test_a_cell_over_the_csv_size_limit_is_a_reported_row_and_the_rest_loads(
    tmp_path: Path, store: Store, fmt: str
) -> None:
    name, header, row, options = CSV_FORMATS[fmt]
    keys = LEIS if fmt == "gleif-l1" else ["101", "102", "103"]
    rows = [row.format(name=k) for k in keys]
    rows[1] = rows[1].replace(keys[1], keys[1] + HUGE, 1)
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    outcome = import_files(store, [path], format=fmt, options=ImportOptions(**options))
    first_row = 2 if header else 1
    assert [(p.line, "cannot be read as CSV" in p.message) for p in outcome.problems] == [(first_row + 1, True)]
    v = outcome.version
    assert v.entity_count + v.relation_count + v.counts.get("products", 0) == 2  # the good rows before and after


DEEP = "[" * 100_000 + "]" * 100_000  # deeper than the JSON decoder can recurse


@pytest.mark.parametrize(
    ("fmt", "name", "content"),
    [
        ("csl-json", "csl.json", '{"results": [{"entity_number": "1", "name": %s}]}' % DEEP),
        ("gleif-l1", "lei.json", '{"records": [{"LEI": "x", "Entity": %s}]}' % DEEP),
        ("federal-register", "entries.json", '{"entries": [{"raw": "x", "name": %s}]}' % DEEP),
    ],
)
def test_json_nested_too_deeply_is_refused_with_the_file_name(
    tmp_path: Path, store: Store, fmt: str, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(FormatError, match=f"{name}: .*nested too deeply"):
        import_files(store, [path], format=fmt)
    assert store.versions() == []


@pytest.mark.parametrize(
    ("fmt", "name", "good"),
    [
        ("ftm", "entities.ftm.json", '{"id": "p%d", "schema": "Person", "properties": {"name": ["Person %d"]}}'),
        ("products", "catalogue.jsonl", '{"maker": "Maker", "model": "M%d", "source": "catalogue %d"}'),
    ],
)
def test_a_json_line_nested_too_deeply_is_a_reported_row(tmp_path: Path, store: Store, fmt: str, name: str, good: str) -> None:
    path = tmp_path / name
    path.write_text("\n".join([good % (1, 1), DEEP, good % (2, 2)]) + "\n")
    outcome = import_files(store, [path], format=fmt)
    assert [(p.line, p.message) for p in outcome.problems] == [(2, "JSON nested too deeply to read")]
    assert outcome.version.entity_count + outcome.version.counts.get("products", 0) == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_file_with_a_utf16_or_utf32_byte_order_mark_is_read_as_such(tmp_path: Path, store: Store, encoding: str) -> None:
    # Excel saves "Unicode text" as UTF-16 with a byte-order mark; read as Windows-1252
    # the CSL header was not recognised and a prose file loaded as one garbled entry.
    text = csl_text("Пример Трейдинг", "示例贸易有限公司")
    path = tmp_path / "csl.csv"
    path.write_bytes(("\ufeff" + text).encode(encoding))  # the mark, then the text
    outcome = import_files(store, [path])
    assert outcome.format == "csl-csv" and not outcome.problems
    assert sorted(e.name for e in store.entities()) == ["Пример Трейдинг", "示例贸易有限公司"]


def test_a_file_that_starts_as_utf16_but_is_not_is_refused(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "custom.csv"
    path.write_bytes("id,name\n1,Alpha\n".encode("utf-16") + b"\x00")  # an odd byte out
    with pytest.raises(FormatError, match="custom.csv: starts as UTF-16 but is not"):
        import_files(store, [path], format="csv", options=ImportOptions(feed="custom", mapping={"name": "name"}))


def test_a_damaged_byte_in_a_utf8_file_is_a_reported_line_not_a_windows_1252_file(tmp_path: Path, store: Store) -> None:
    # Read as Windows-1252 for one stray byte, every Cyrillic name came out as "ÐŸÑ€Ð¸..." unreported.
    path = tmp_path / "csl.csv"
    path.write_bytes(csl_text("Пример Трейдинг", "Beta").encode() + CSL_ROW.format(name="Gamma\xff").encode("latin-1"))
    outcome = import_files(store, [path])
    assert sorted(e.name for e in store.entities()) == ["Beta", "Gamma\ufffd", "Пример Трейдинг"]
    assert [(p.line, p.message) for p in outcome.problems] == [
        (4, "bytes that are not UTF-8 (0xFF) read as \ufffd; the rest of the file is UTF-8"),
    ]


def test_a_windows_1252_file_is_still_read_as_such(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "csl.csv"
    path.write_bytes(csl_text("Société Générale", "Müller GmbH").encode("cp1252"))
    outcome = import_files(store, [path])
    assert sorted(e.name for e in store.entities()) == ["Müller GmbH", "Société Générale"]
    assert not outcome.problems
