"""`partyscreen batch` on damaged counterparty files: every row is screened or reported with its line,
and the output appears only when complete (found by a seeded fuzzer of batch inputs)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from partyscreen.match.batch import BatchError, run_batch
from partyscreen.match.screener import Screener, build_index
from partyscreen.match.thresholds import Thresholds
from partyscreen.sources.base import ImportOptions
from partyscreen.store import Store
from partyscreen.store.importing import import_files


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    store = Store.open(str(tmp_path_factory.mktemp("batch") / "ps.db"))
    sample = Path(str(resources.files("partyscreen") / "data" / "sample_csl.csv"))
    import_files(store, [sample], format="csl-csv", options=ImportOptions(feed="sample"))
    build_index(store)
    return Screener.open(store, Thresholds())


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_cell_over_the_csv_size_limit_is_reported_and_the_rest_screened(screener: Screener, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"id,name,address\n1,Inspur Group,\n2,Acme Ltd,{'x' * 140_000}\n3,Huawei Technologies,\n", encoding="utf-8")
    summary = run_batch(screener, src, tmp_path / "out.jsonl")
    assert _ids(tmp_path / "out.jsonl") == ["1", "3"]
    assert len(summary.problems) == 1 and summary.problems[0].startswith("in.csv:3: row cannot be read as CSV")


def test_rows_swallowed_by_an_unclosed_quote_are_reported(screener: Screener, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,name\n1,"Inspur Group\n2,Acme Ltd\n3,Huawei Technologies\n', encoding="utf-8")
    summary = run_batch(screener, src, tmp_path / "out.jsonl")
    assert _ids(tmp_path / "out.jsonl") == []  # not one name "Inspur Group\n2,Acme Ltd\n3,..." screened
    assert summary.problems == ["in.csv:2: the name holds a line break (in a CSV: a closing quote is probably missing, "
                                "and the rows after it were read into it)"]


def test_a_row_with_more_cells_than_the_header_is_reported(screener: Screener, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Smith, John\n2,Acme Ltd\n", encoding="utf-8")  # "Smith" alone would be screened
    summary = run_batch(screener, src, tmp_path / "out.jsonl")
    assert _ids(tmp_path / "out.jsonl") == ["2"]
    assert summary.problems == ["in.csv:2: the row has 3 cells and the header 2: a cell with a comma needs quotes; skipped"]


def test_bytes_that_are_not_utf8_skip_their_row_only(screener: Screener, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes("id,name\n1,Inspur Group\n2,M\u00fcller GmbH\n3,Acme Ltd\n".encode("latin-1"))
    summary = run_batch(screener, src, tmp_path / "out.jsonl")
    assert _ids(tmp_path / "out.jsonl") == ["1", "3"]
    assert summary.problems == ["in.csv:3: bytes that are not UTF-8 (0xFC); save the file as UTF-8; skipped"]


@pytest.mark.parametrize(("data", "message"), [
    ("id,name\n1,Acme\n".encode("utf-16"), "in.csv: UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"),
    (b"id,name,country,name\n1,Acme,US,Other\n", "in.csv: column 'name' appears twice in the header; rename or remove one"),
    (b"id;name\n1;Acme\n", "the header has no comma but semicolons: save the file with commas between the columns"),
    (b"id,nam\xff\n1,Acme\n", "in.csv: the header is not UTF-8 text; save the CSV as UTF-8"),
], ids=["utf-16", "name-twice", "semicolons", "header-not-utf8"])
def test_files_that_cannot_be_screened_are_refused_and_write_nothing(screener: Screener, tmp_path: Path, data: bytes, message: str) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    with pytest.raises(BatchError) as refused:
        run_batch(screener, src, tmp_path / "out.jsonl")
    assert message in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_the_output_appears_only_when_complete(screener: Screener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n" + "".join(f"{n},Party {n}\n" for n in range(30)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"earlier": "run"}\n', encoding="utf-8")
    calls = 0

    def failing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls > 20:
            raise OSError("disk full")
        return real(*args, **kwargs)

    real = screener.screen
    monkeypatch.setattr(screener, "screen", failing)
    monkeypatch.setattr("partyscreen.match.batch.RECORD_CHUNK", 5)  # rows were written before the failure
    with pytest.raises(OSError):
        run_batch(screener, src, out)
    assert out.read_text(encoding="utf-8") == '{"earlier": "run"}\n'  # not 20 lines that look like a finished run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]


def test_the_output_may_not_be_the_input(screener: Screener, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Inspur Group\n", encoding="utf-8")
    with pytest.raises(BatchError, match="the output would overwrite the input"):
        run_batch(screener, src, tmp_path / "." / "in.csv")
    assert src.read_text(encoding="utf-8") == "id,name\n1,Inspur Group\n"
