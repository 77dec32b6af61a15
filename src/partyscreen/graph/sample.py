"""The bundled sample of relationships and products, imported with ``partyscreen lists import --sample``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from partyscreen.sources.base import ImportOptions

RELATIONS_FEED = "sample-relations"
PRODUCTS_FEED = "sample-products"


def _data(name: str) -> Path:
    return Path(str(resources.files("partyscreen") / "data" / name))


def import_sample_graph(store, console=None) -> None:  # type: ignore[no-untyped-def]
    """Import the sample relationships and products (each a version of its feed; again, nothing changes) and rebuild the graph."""
    from partyscreen.graph.build import build_graph
    from partyscreen.store.importing import import_files

    for name, format, feed in (("sample_relations.csv", "relations-csv", RELATIONS_FEED), ("sample_products.csv", "products", PRODUCTS_FEED)):
        outcome = import_files(store, [_data(name)], format=format, options=ImportOptions(feed=feed), strict=True)
        if console is not None:
            v = outcome.version
            what = f"{v.relation_count:,} relations" if format != "products" else f"{v.counts.get('products', 0):,} products"
            console.print(f"{feed}: {'unchanged, version' if outcome.unchanged else 'imported version'} {v.seq}: {what}", highlight=False)
    build_graph(store)
