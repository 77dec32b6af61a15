"""Fixtures of the graph tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_helpers import World, relations

from partyscreen.model import Entity


@pytest.fixture
def world_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(entities: list[Entity], *rows: str, depth: int = 6) -> World:
        return World(entities, relations(tmp_path, *rows) if rows else [], depth)

    return make
