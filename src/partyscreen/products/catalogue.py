"""Product catalogue files: CSV (``maker,brand,model,source`` + one column per specification) or JSON lines.

JSON lines: ``{"maker", "brand", "model", "source", "specs": {...}}``.  Every
product needs a maker, a model and a source.  Imported as a version of the
``products`` feed, so a catalogue is versioned, atomic and diffable like a list.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from partyscreen.model import Product, Record
from partyscreen.sources.base import Format, FormatError, ImportOptions, ParseResult, Problems, csv_records, head_text, open_text

FEED = "products"
REQUIRED = ("maker", "brand", "model", "source")
MAX_CELL = 1000


def _first_line(path: Path) -> str:
    # CR alone ends a line too (old Mac exports); left in, the csv module refuses the line.
    return re.split(r"\r\n?|\n", head_text(path).lstrip(), maxsplit=1)[0]


def _is_csv(first: str) -> bool:
    header = {c.strip().lower() for c in next(csv.reader([first]), [])}
    return set(REQUIRED) <= header


def _is_jsonl(first: str) -> bool:
    if not first.startswith("{"):
        return False
    try:
        data = json.loads(first)
    except (json.JSONDecodeError, RecursionError):  # the decoder recurses per level of nesting
        return False
    return isinstance(data, dict) and "model" in data and "maker" in data and "schema" not in data


def sniff(paths: Sequence[Path]) -> bool:
    return bool(paths) and all(_is_csv(_first_line(p)) or _is_jsonl(_first_line(p)) for p in paths)


def product_id(feed: str, maker: str, brand: str, model: str) -> str:
    key = "\x1f".join(" ".join(v.casefold().split()) for v in (maker, brand, model))
    return f"{feed}:{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def _product(feed: str, data: dict[str, object], path: Path, line: int, problems: Problems) -> Product | None:
    values = {k: str(data.get(k) or "").strip() for k in REQUIRED}
    missing = [k for k in ("maker", "model", "source") if not values[k]]
    if missing:
        problems.report(path, line, f"missing {', '.join(missing)}")
        return None
    specs = data.get("specs") or {}
    if not isinstance(specs, dict):
        problems.report(path, line, "specs is not an object")
        return None
    clean = {str(k).strip(): str(v).strip() for k, v in specs.items() if str(k).strip() and v is not None and str(v).strip()}
    if any(len(v) > MAX_CELL for v in [*values.values(), *clean.values()]):
        problems.report(path, line, f"a value is longer than {MAX_CELL} characters")
        return None
    return Product(id=product_id(feed, values["maker"], values["brand"], values["model"]), maker=values["maker"],
                   brand=values["brand"] or values["maker"], model=values["model"], source=values["source"], specs=clean,
                   maker_id=str(data.get("maker_id") or "").strip())


def read(paths: Sequence[Path], options: ImportOptions, problems: Problems) -> ParseResult:
    feed = options.feed or FEED
    records: list[Record] = []
    seen: set[str] = set()
    for path in paths:
        first = _first_line(path)
        with open_text(path, problems) as fh:
            if _is_csv(first):
                reader = csv.DictReader(fh)
                try:
                    reader.fieldnames  # read here: a header that cannot be read is no row to skip
                except csv.Error as exc:
                    raise FormatError(f"{path.name}: header line cannot be read as CSV ({exc})") from None
                for line, row in csv_records(reader, path, problems):
                    if None in row:
                        problems.report(path, line, "more cells than columns")
                        continue
                    row = {k.strip(): (v or "").strip() for k, v in row.items()}
                    base = {k: v for k, v in row.items() if k.lower() in REQUIRED or k.lower() == "maker_id"}
                    data = {k.lower(): v for k, v in base.items()}
                    data["specs"] = {k: v for k, v in row.items() if k not in base}
                    _add(records, seen, _product(feed, data, path, line, problems), path, line, problems)
            elif _is_jsonl(first):
                for number, text in enumerate(fh, start=1):
                    if not text.strip():
                        continue
                    try:
                        data = json.loads(text)
                    except json.JSONDecodeError as exc:
                        problems.report(path, number, f"not valid JSON: {exc.msg}")
                        continue
                    except RecursionError:  # the decoder recurses per level of nesting
                        problems.report(path, number, "JSON nested too deeply to read")
                        continue
                    if not isinstance(data, dict):
                        problems.report(path, number, "not a JSON object")
                        continue
                    _add(records, seen, _product(feed, data, path, number, problems), path, number, problems)
            else:
                raise FormatError(f"{path.name}: not a product catalogue (CSV with maker,brand,model,source or JSON lines)")
    return ParseResult(records=records)


def _add(records: list[Record], seen: set[str], product: Product | None, path: Path, line: int, problems: Problems) -> None:
    if product is None:
        return
    if product.id in seen:
        problems.report(path, line, f"duplicate product {product.brand} {product.model}")
        return
    seen.add(product.id)
    records.append(product)


FORMAT = Format(name="products", default_feed=FEED, description="product catalogue: CSV (maker,brand,model,source,specs...) or JSON lines",
                sniff=sniff, read=read)
