"""Start-up of `partyscreen screen` and `partyscreen batch`: the CLI imports what a command needs when it runs.

(How long start-up takes is measured in bench/run_screening.py, not here.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from partyscreen.cli import _ListsGroup, _RootGroup, app

HEAVY = ("sqlalchemy", "alembic", "fastapi", "rich.table", "numpy", "partyscreen.store", "partyscreen.cases.commands",
         "partyscreen.api.commands", "partyscreen.graph.commands", "partyscreen.products.commands")


def test_importing_the_cli_leaves_the_database_layer_and_the_other_commands_alone() -> None:
    code = f"import json, sys, partyscreen.cli; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert loaded == []


@pytest.mark.parametrize("name", [*_RootGroup.lazy, *(f"lists {n}" for n in _ListsGroup.lazy)])
def test_every_command_imported_late_is_still_there(name: str) -> None:
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_root_help_lists_them() -> None:
    output = CliRunner().invoke(app, ["--help"]).output
    for name in (*_RootGroup.lazy, "screen", "batch", "lists"):
        assert f" {name} " in output
